// An import interrupted at any write — I/O error, full disk, or power cut dropping every write not
// yet synced — leaves the vault as it was before the import or as it is after it, never in between;
// and importing the same bundle again then either completes it or is refused as already imported.
// Uses the core's fault-injecting VFS (tests/core/fault_vfs.h) under SQLCipher.
#include <doctest/doctest.h>

#include <filesystem>
#include <random>

#include "../core/fault_vfs.h"
#include "sync_fixture.h"

using namespace passerelle;
using namespace passerelle::testing;

namespace {

core::VaultOptions Cheap(const std::string& worker) {
  auto o = FastOptions(worker);
  o.kdf = {1, 8192};
  return o;
}

std::unique_ptr<core::Vault> OpenVault(const std::string& path) {
  auto v = core::Vault::Open(path, Pass("pw"), Cheap(""));
  REQUIRE_MESSAGE(v.ok(), v.status().message());
  return std::move(v).value();
}

std::string SharedDump(core::Vault& v) {
  core::DumpOptions o;
  o.shared_only = true;
  return core::CanonicalDump(v, o).value();
}

// A scratch directory in memory when the machine has one: the fault VFS simulates the power cuts
// itself, and real fsyncs would make hundreds of fault points slow.
struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    std::filesystem::path root =
        std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    path = root / ("passerelle-fault-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string File(const std::string& name) const { return (path / name).string(); }
};

// Two vaults in one team; Ana's case file as a bundle for Bram, and what Bram looks like after it.
struct Scene {
  ScratchDir dir;
  std::string bram = dir.File("bram.vault");
  std::vector<uint8_t> bundle;
  std::string before, after;
  Scene() {
    auto ana = core::Vault::Create(dir.File("ana.vault"), Pass("pw"), Cheap("ana"));
    auto b = core::Vault::Create(bram, Pass("pw"), Cheap("bram"));
    REQUIRE(ana.ok());
    REQUIRE(b.ok());
    REQUIRE(sync::InitTeam(**ana).ok());
    REQUIRE(core::SyncStore(**b).SetTeamKey(KeyOf(**ana), false).ok());
    CaseFile cf(**ana);
    for (int i = 0; i < 15; ++i)
      REQUIRE(core::AddNote(**ana, {{"dossier_id", cf.dossier}, {"body", "Entretien " + std::to_string(i)}}).ok());
    bundle = sync::ExportBundle(**ana, core::ReplicaHex((*b)->replica()), nullptr).value();
    before = SharedDump(**b);
    b->reset();
    // The reference result, on a copy.
    std::filesystem::copy_file(bram, dir.File("ref.vault"));
    std::filesystem::copy_file(bram + ".key", dir.File("ref.vault.key"));
    auto ref = OpenVault(dir.File("ref.vault"));
    REQUIRE(sync::ImportBundle(*ref, bundle).ok());
    after = SharedDump(*ref);
    REQUIRE(after != before);
  }
};

}  // namespace

TEST_CASE("an import interrupted at any write is all or nothing, and re-running it completes") {
  InstallFaultVfs();
  for (Fault fault : {Fault::kIoError, Fault::kDiskFull, Fault::kPowerLoss}) {
    int64_t total_calls = 0;
    {
      Scene s;
      auto v = OpenVault(s.bram);
      ArmFault({Fault::kNone, -1});
      REQUIRE(sync::ImportBundle(*v, s.bundle).ok());
      total_calls = IoCallCount();
      DisarmFault();
    }
    REQUIRE(total_calls > 2);
    size_t landed_before = 0, landed_after = 0;
    for (int64_t at = 1; at <= total_calls; ++at) {
      CAPTURE(static_cast<int>(fault));
      CAPTURE(at);
      Scene s;
      {
        auto v = OpenVault(s.bram);
        ArmFault({fault, at});
        auto r = sync::ImportBundle(*v, s.bundle);
        if (FaultTriggered() && fault != Fault::kPowerLoss) CHECK_FALSE(r.ok());
      }
      if (fault == Fault::kPowerLoss) RecoverFromPowerLoss();
      DisarmFault();
      auto v = OpenVault(s.bram);
      auto problems = v->Check();
      REQUIRE(problems.ok());
      CHECK_MESSAGE(problems->empty(), (problems->empty() ? "" : problems->front()));
      const std::string now = SharedDump(*v);
      REQUIRE_MESSAGE((now == s.before || now == s.after), "the import left the vault half-done");
      auto again = sync::ImportBundle(*v, s.bundle);
      if (now == s.before) {
        ++landed_before;
        CHECK_MESSAGE(again.ok(), again.status().message());
        CHECK(SharedDump(*v) == s.after);
      } else {
        ++landed_after;
        CHECK(again.status().code() == Code::kConflict);  // already imported: a replay
      }
    }
    MESSAGE("fault kind " << static_cast<int>(fault) << ": " << total_calls << " points, " << landed_before
                          << " rolled back, " << landed_after << " complete");
  }
}
