// SQLite's process-wide settings for vaults, made once before SQLite starts:
// - its heap: the system allocator, but every block SQLite frees (decrypted pages, row values,
//   statement scratch) is wiped first, so nothing decrypted outlives its use or a lock;
// - multi-thread mode: a Vault is used from one thread at a time (vault.h), so SQLite's
//   per-connection mutexes are pure cost.
#pragma once

namespace passerelle::core::sqlite_process {

// Applies the settings once per process. Must run before SQLite initialises; returns false when
// it is too late (something used SQLite first): nothing changes, and the caller falls back to
// SQLCipher's own memory security.
bool Configure();

// True once Configure() has succeeded: SQLite's freed memory is wiped by our allocator.
bool HeapInstalled();

}  // namespace passerelle::core::sqlite_process
