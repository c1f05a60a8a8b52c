// A fault-injecting SQLite VFS shim for durability tests (in the spirit of SQLite's test_vfs.c and
// test6.c). It wraps the default VFS, under SQLCipher's codec, so it sees exactly the encrypted
// bytes that reach the disk. It counts writes and syncs and, at a chosen point, either fails the
// call with an I/O error or "disk full", or simulates a power cut: every write not yet fsync'ed is
// undone (its pre-image restored) and all further I/O fails until the test reopens the vault.
#pragma once

#include <cstdint>

namespace passerelle::testing {

enum class Fault { kNone, kIoError, kDiskFull, kPowerLoss };

struct FaultPlan {
  Fault fault = Fault::kNone;
  int64_t trigger_at = -1;  // the N-th write-or-sync call (1-based) triggers the fault
};

// Installs the shim as the default VFS (idempotent). Every connection opened afterwards uses it.
void InstallFaultVfs();
void ArmFault(const FaultPlan& plan);
// After a power cut: restores pre-images of unsynced writes, forgets pending state, disarms.
// Call after closing every connection, before reopening.
void RecoverFromPowerLoss();
bool FaultTriggered();
int64_t IoCallCount();  // write+sync calls since the last ArmFault
void DisarmFault();

}  // namespace passerelle::testing
