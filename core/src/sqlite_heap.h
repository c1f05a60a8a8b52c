// SQLite's heap for vaults: the system allocator, but every block SQLite frees (decrypted pages,
// row values, statement scratch) is wiped first, so nothing decrypted outlives its use or a lock.
#pragma once

namespace passerelle::core::sqlite_heap {

// Installs the wiping allocator as SQLite's, once per process. Must run before SQLite
// initialises; returns false when it is too late (something used SQLite first) — the caller then
// falls back to SQLCipher's own memory security.
bool Install();

// True once Install() has succeeded.
bool Installed();

}  // namespace passerelle::core::sqlite_heap
