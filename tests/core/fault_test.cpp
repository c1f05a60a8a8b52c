// Durability under injected faults: I/O errors, disk full, and power loss (every write not yet
// fsync'ed is undone) at every write/sync call of a note-taking workload. After each, the vault
// must open, pass integrity checks, hold every note that was reported saved, and keep working.
#include <doctest/doctest.h>

#include <set>

#include "fault_vfs.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/vault.h"
#include "../support/temp_dir.h"
#include "../support/vault_fixture.h"

using namespace passerelle;
using namespace passerelle::core;
using namespace passerelle::testing;

namespace {

constexpr int kNotesPerRun = 6;

VaultOptions Fast() { return passerelle::testing::FastVaultOptions(); }

platform::SecureBuffer Pass() { return platform::SecureBuffer::FromString("pw"); }

struct Outcome {
  std::set<std::string> saved;  // bodies AddNote reported as saved
  bool triggered = false;
  int64_t io_calls = 0;  // write/sync calls the workload made
};

// Runs the workload with a fault armed at the given call; returns what was reported saved.
Outcome RunWorkload(const std::string& path, const std::string& dossier, const FaultPlan& plan) {
  Outcome out;
  auto v = Vault::Open(path, Pass(), Fast());
  REQUIRE(v.ok());
  ArmFault(plan);
  for (int i = 0; i < kNotesPerRun; ++i) {
    std::string body = "note " + std::to_string(i) + " à garder";
    if (AddNote(**v, {{"dossier_id", dossier}, {"body", body}}).ok()) out.saved.insert(body);
  }
  v->reset();  // close: checkpoint attempts may hit the fault too
  out.triggered = FaultTriggered();
  out.io_calls = IoCallCount();
  if (plan.fault == Fault::kPowerLoss) RecoverFromPowerLoss();
  DisarmFault();
  return out;
}

void CheckSurvivors(const std::string& path, const std::string& dossier, const std::set<std::string>& saved) {
  auto v = Vault::Open(path, Pass(), Fast());
  REQUIRE_MESSAGE(v.ok(), v.status().message());
  auto problems = (*v)->Check();
  REQUIRE(problems.ok());
  CHECK_MESSAGE(problems->empty(), (problems->empty() ? "" : problems->front()));
  auto notes = ListNotes(**v, dossier);
  REQUIRE(notes.ok());
  std::set<std::string> present;
  for (const auto& n : *notes) present.insert(n.body);
  for (const auto& s : saved) CHECK_MESSAGE(present.count(s) == 1, "lost a saved note: " << s);
  // The vault keeps working after the fault.
  CHECK(AddNote(**v, {{"dossier_id", dossier}, {"body", "after"}}).ok());
}

}  // namespace

TEST_CASE("no saved note is lost to an I/O error, a full disk or a power cut at any write") {
  InstallFaultVfs();
  for (Fault fault : {Fault::kIoError, Fault::kDiskFull, Fault::kPowerLoss}) {
    // Count the workload's write/sync calls once without faults, then fault each one in turn.
    int64_t total_calls = 0;
    {
      TempDir dir;
      std::string path = dir.File("v.vault");
      std::string dossier;
      {
        auto v = Vault::Create(path, Pass(), Fast());
        REQUIRE(v.ok());
        auto person = AddPerson(**v, {{"name", "P"}});
        dossier = AddDossier(**v, {{"person_id", *person}}).value();
      }
      total_calls = RunWorkload(path, dossier, {}).io_calls;
    }
    REQUIRE(total_calls > kNotesPerRun);
    int runs = 0;
    for (int64_t at = 1; at <= total_calls; ++at) {
      CAPTURE(static_cast<int>(fault));
      CAPTURE(at);
      TempDir dir;
      std::string path = dir.File("v.vault");
      std::string dossier;
      {
        auto v = Vault::Create(path, Pass(), Fast());
        REQUIRE(v.ok());
        auto person = AddPerson(**v, {{"name", "P"}});
        dossier = AddDossier(**v, {{"person_id", *person}}).value();
      }
      auto out = RunWorkload(path, dossier, {fault, at});
      CHECK(out.triggered);
      if (fault != Fault::kPowerLoss) CHECK(out.saved.size() < static_cast<size_t>(kNotesPerRun + 1));
      CheckSurvivors(path, dossier, out.saved);
      ++runs;
    }
    MESSAGE("fault kind " << static_cast<int>(fault) << ": " << runs << " fault points checked");
  }
}
