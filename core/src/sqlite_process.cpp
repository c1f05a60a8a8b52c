// Why not SQLCipher's `cipher_memory_security`: it wraps each SQLite allocation in mlock() and
// each free in a wipe plus munlock(), two system calls per block. A 200,000-op merge makes millions
// of allocations, and that alone tripled its time (bench/RESULTS.md). The locking is also weaker
// than it looks: RLIMIT_MEMLOCK is 8 MiB by default for a user, below the 32 MiB page cache, so
// most mlock calls fail silently; and munlock of one block unlocks the whole 4 KiB page under its
// live neighbours. What it reliably gives — no decrypted byte left behind in freed memory — this
// allocator gives without system calls. Swap is the operating system's to protect (encrypted swap
// or none, see docs/vault.md); SQLCipher still mlocks its own key material.
#include "sqlite_process.h"

#include <sodium.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "sqlite3.h"

namespace passerelle::core::sqlite_process {
namespace {

// Each block carries its usable size in an 8-byte header, as SQLite's own default allocator does
// where malloc_usable_size is missing: portable, and the wipe knows exactly what to clear.
// SQLite needs 8-byte alignment, which malloc's 16 plus the 8-byte header keeps.
constexpr size_t kHeader = 8;

sqlite3_int64* HeaderOf(void* p) { return static_cast<sqlite3_int64*>(p) - 1; }

int SizeOf(void* p) { return p ? static_cast<int>(*HeaderOf(p)) : 0; }

int Roundup(int n) { return (n + 7) & ~7; }

void* Malloc(int n) {
  if (n <= 0) return nullptr;
  const int size = Roundup(n);
  auto* block = static_cast<sqlite3_int64*>(std::malloc(kHeader + static_cast<size_t>(size)));
  if (!block) return nullptr;
  block[0] = size;
  return block + 1;
}

void Free(void* p) {
  if (!p) return;
  sqlite3_int64* block = HeaderOf(p);
  sodium_memzero(block, kHeader + static_cast<size_t>(block[0]));
  std::free(block);
}

// Never the system realloc: it may move the block and free the old copy without wiping it.
void* Realloc(void* p, int n) {
  if (!p) return Malloc(n);
  const int old = SizeOf(p);
  if (n <= old) return p;
  void* grown = Malloc(n);
  if (!grown) return nullptr;
  std::memcpy(grown, p, static_cast<size_t>(old));
  Free(p);
  return grown;
}

int Init(void*) { return SQLITE_OK; }
void Shutdown(void*) {}

std::atomic<bool> g_installed{false};

}  // namespace

bool Configure() {
  static std::once_flag once;
  std::call_once(once, [] {
    static const sqlite3_mem_methods kMethods = {Malloc, Free, Realloc, SizeOf, Roundup, Init, Shutdown, nullptr};
    // sqlite3_config refuses (SQLITE_MISUSE) once SQLite is initialised: then nothing changes.
    g_installed = sqlite3_config(SQLITE_CONFIG_MALLOC, &kMethods) == SQLITE_OK;
    if (g_installed) (void)sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
  });
  return g_installed;
}

bool HeapInstalled() { return g_installed; }

}  // namespace passerelle::core::sqlite_process
