#include "fault_vfs.h"

#include <sqlite3.h>

#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace passerelle::testing {
namespace {

struct PendingWrite {
  int64_t offset;
  std::vector<uint8_t> pre_image;  // bytes that were there (short if the file grew)
  sqlite3_int64 old_size;
};

struct FaultFile {
  sqlite3_file base;
  sqlite3_file* real;  // allocated right after this struct
  std::string path;
};

struct State {
  sqlite3_vfs* real = nullptr;
  sqlite3_vfs vfs{};
  sqlite3_io_methods methods{};
  FaultPlan plan;
  int64_t calls = 0;
  bool triggered = false;
  bool dead = false;  // after a power cut every call fails, as on a machine that lost power
  // Unsynced writes per file path, in order, to undo on power loss.
  std::map<std::string, std::vector<PendingWrite>> pending;
};

State& S() {
  static State s;
  return s;
}

// Returns an error code if this call is the trigger (or the machine is "dead").
int MaybeFail() {
  State& s = S();
  if (s.dead) return SQLITE_IOERR;
  ++s.calls;
  if (s.plan.fault == Fault::kNone || s.calls != s.plan.trigger_at) return SQLITE_OK;
  s.triggered = true;
  switch (s.plan.fault) {
    case Fault::kIoError: return SQLITE_IOERR_WRITE;
    case Fault::kDiskFull: return SQLITE_FULL;
    case Fault::kPowerLoss: s.dead = true; return SQLITE_IOERR;
    case Fault::kNone: break;
  }
  return SQLITE_OK;
}

FaultFile* F(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f); }

int xClose(sqlite3_file* f) {
  int rc = F(f)->real->pMethods ? F(f)->real->pMethods->xClose(F(f)->real) : SQLITE_OK;
  F(f)->path.~basic_string();
  return rc;
}
int xRead(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  if (S().dead) return SQLITE_IOERR_READ;
  return F(f)->real->pMethods->xRead(F(f)->real, buf, n, off);
}
int xWrite(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  if (int rc = MaybeFail(); rc != SQLITE_OK) return rc;
  FaultFile* ff = F(f);
  if (!ff->path.empty()) {
    PendingWrite pw{off, {}, 0};
    ff->real->pMethods->xFileSize(ff->real, &pw.old_size);
    sqlite3_int64 have = pw.old_size > off ? std::min<sqlite3_int64>(n, pw.old_size - off) : 0;
    pw.pre_image.resize(static_cast<size_t>(have));
    if (have > 0) ff->real->pMethods->xRead(ff->real, pw.pre_image.data(), static_cast<int>(have), off);
    S().pending[ff->path].push_back(std::move(pw));
  }
  return ff->real->pMethods->xWrite(ff->real, buf, n, off);
}
int xTruncate(sqlite3_file* f, sqlite3_int64 size) {
  if (int rc = MaybeFail(); rc != SQLITE_OK) return rc;
  return F(f)->real->pMethods->xTruncate(F(f)->real, size);
}
int xSync(sqlite3_file* f, int flags) {
  if (int rc = MaybeFail(); rc != SQLITE_OK) return rc;
  int rc = F(f)->real->pMethods->xSync(F(f)->real, flags);
  if (rc == SQLITE_OK) S().pending.erase(F(f)->path);  // now durable
  return rc;
}
int xFileSize(sqlite3_file* f, sqlite3_int64* size) { return F(f)->real->pMethods->xFileSize(F(f)->real, size); }
int xLock(sqlite3_file* f, int l) { return F(f)->real->pMethods->xLock(F(f)->real, l); }
int xUnlock(sqlite3_file* f, int l) { return F(f)->real->pMethods->xUnlock(F(f)->real, l); }
int xCheckReservedLock(sqlite3_file* f, int* out) { return F(f)->real->pMethods->xCheckReservedLock(F(f)->real, out); }
int xFileControl(sqlite3_file* f, int op, void* arg) { return F(f)->real->pMethods->xFileControl(F(f)->real, op, arg); }
int xSectorSize(sqlite3_file* f) { return F(f)->real->pMethods->xSectorSize(F(f)->real); }
int xDeviceCharacteristics(sqlite3_file* f) {
  // Claim nothing (no atomic or safe-append writes) so SQLite takes its most careful path.
  (void)f;
  return 0;
}
int xShmMap(sqlite3_file* f, int pg, int sz, int extend, void volatile** pp) {
  if (S().dead) return SQLITE_IOERR_SHMMAP;
  return F(f)->real->pMethods->xShmMap(F(f)->real, pg, sz, extend, pp);
}
int xShmLock(sqlite3_file* f, int off, int n, int flags) { return F(f)->real->pMethods->xShmLock(F(f)->real, off, n, flags); }
void xShmBarrier(sqlite3_file* f) { F(f)->real->pMethods->xShmBarrier(F(f)->real); }
int xShmUnmap(sqlite3_file* f, int del) { return F(f)->real->pMethods->xShmUnmap(F(f)->real, del); }

int xOpen(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  (void)vfs;
  FaultFile* ff = F(file);
  ff->real = reinterpret_cast<sqlite3_file*>(ff + 1);
  new (&ff->path) std::string(name ? name : "");
  int rc = S().real->xOpen(S().real, name, ff->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    ff->path.~basic_string();
    ff->base.pMethods = nullptr;
    return rc;
  }
  ff->base.pMethods = &S().methods;
  return SQLITE_OK;
}
int xDelete(sqlite3_vfs*, const char* name, int sync_dir) {
  if (S().dead) return SQLITE_IOERR_DELETE;
  S().pending.erase(name);
  return S().real->xDelete(S().real, name, sync_dir);
}
int xAccess(sqlite3_vfs*, const char* name, int flags, int* out) { return S().real->xAccess(S().real, name, flags, out); }
int xFullPathname(sqlite3_vfs*, const char* name, int n, char* out) { return S().real->xFullPathname(S().real, name, n, out); }
void* xDlOpen(sqlite3_vfs*, const char* p) { return S().real->xDlOpen(S().real, p); }
void xDlError(sqlite3_vfs*, int n, char* msg) { S().real->xDlError(S().real, n, msg); }
void (*xDlSym(sqlite3_vfs*, void* h, const char* sym))(void) { return S().real->xDlSym(S().real, h, sym); }
void xDlClose(sqlite3_vfs*, void* h) { S().real->xDlClose(S().real, h); }
int xRandomness(sqlite3_vfs*, int n, char* out) { return S().real->xRandomness(S().real, n, out); }
int xSleep(sqlite3_vfs*, int us) { return S().real->xSleep(S().real, us); }
int xCurrentTime(sqlite3_vfs*, double* t) { return S().real->xCurrentTime(S().real, t); }
int xGetLastError(sqlite3_vfs*, int n, char* out) { return S().real->xGetLastError(S().real, n, out); }
int xCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* t) { return S().real->xCurrentTimeInt64(S().real, t); }

}  // namespace

void InstallFaultVfs() {
  State& s = S();
  if (s.real) return;
  s.real = sqlite3_vfs_find(nullptr);
  s.methods = sqlite3_io_methods{2,         xClose,        xRead,       xWrite,      xTruncate,
                                 xSync,     xFileSize,     xLock,       xUnlock,     xCheckReservedLock,
                                 xFileControl, xSectorSize, xDeviceCharacteristics, xShmMap, xShmLock,
                                 xShmBarrier, xShmUnmap,   nullptr,     nullptr};
  s.vfs = *s.real;
  s.vfs.zName = "passerelle-fault";
  s.vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + s.real->szOsFile;
  s.vfs.pNext = nullptr;
  s.vfs.xOpen = xOpen;
  s.vfs.xDelete = xDelete;
  s.vfs.xAccess = xAccess;
  s.vfs.xFullPathname = xFullPathname;
  s.vfs.xDlOpen = xDlOpen;
  s.vfs.xDlError = xDlError;
  s.vfs.xDlSym = xDlSym;
  s.vfs.xDlClose = xDlClose;
  s.vfs.xRandomness = xRandomness;
  s.vfs.xSleep = xSleep;
  s.vfs.xCurrentTime = xCurrentTime;
  s.vfs.xGetLastError = xGetLastError;
  s.vfs.iVersion = 2;
  s.vfs.xCurrentTimeInt64 = xCurrentTimeInt64;
  sqlite3_vfs_register(&s.vfs, /*makeDflt=*/1);
}

void ArmFault(const FaultPlan& plan) {
  State& s = S();
  s.plan = plan;
  s.calls = 0;
  s.triggered = false;
  s.dead = false;
}

void DisarmFault() { ArmFault({}); }
bool FaultTriggered() { return S().triggered; }
int64_t IoCallCount() { return S().calls; }

void RecoverFromPowerLoss() {
  State& s = S();
  s.dead = false;
  for (auto& [path, writes] : s.pending) {
    sqlite3_file* f = static_cast<sqlite3_file*>(sqlite3_malloc(s.real->szOsFile));
    std::memset(f, 0, static_cast<size_t>(s.real->szOsFile));
    int out = 0;
    if (s.real->xOpen(s.real, path.c_str(), f, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MAIN_DB, &out) == SQLITE_OK) {
      // Undo newest first so overlapping writes restore the oldest durable bytes.
      for (auto it = writes.rbegin(); it != writes.rend(); ++it) {
        if (!it->pre_image.empty())
          f->pMethods->xWrite(f, it->pre_image.data(), static_cast<int>(it->pre_image.size()), it->offset);
        sqlite3_int64 size = 0;
        f->pMethods->xFileSize(f, &size);
        if (size > it->old_size) f->pMethods->xTruncate(f, it->old_size);
      }
      f->pMethods->xSync(f, SQLITE_SYNC_FULL);
      f->pMethods->xClose(f);
    }
    sqlite3_free(f);
  }
  // After a reboot the shared-memory index cannot be trusted; SQLite rebuilds it from the WAL.
  for (auto& [path, writes] : s.pending) {
    (void)writes;
    if (path.size() > 4 && path.compare(path.size() - 4, 4, "-wal") == 0)
      s.real->xDelete(s.real, (path.substr(0, path.size() - 4) + "-shm").c_str(), 0);
  }
  s.pending.clear();
  DisarmFault();
}

}  // namespace passerelle::testing
