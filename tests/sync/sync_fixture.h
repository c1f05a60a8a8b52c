// Shared fixtures for the sync tests: several replicas (vaults) in one process, all in the same
// team, and helpers to move bundles between them and to look inside a bundle.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "passerelle/core/case_files.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/sync_store.h"
#include "passerelle/core/vault.h"
#include "passerelle/sync/bundle.h"
#include "passerelle/sync/engine.h"
#include "passerelle/sync/team.h"
#include "../support/temp_dir.h"

namespace passerelle::testing {

inline platform::SecureBuffer Pass(const char* s) { return platform::SecureBuffer::FromString(s); }

// The team key stored in a vault (the test fails if there is none).
inline platform::SecureBuffer KeyOf(core::Vault& v) {
  auto r = core::SyncStore(v).TeamKey();
  REQUIRE(r.ok());
  REQUIRE(r->has_value());
  return std::move(**r);
}

inline core::VaultOptions FastOptions(const std::string& worker, platform::Clock* clock = nullptr) {
  core::VaultOptions o;
  o.kdf = core::KdfParams::LowCostForTests();
  o.worker = worker;
  o.service = "CAPREV";
  o.clock = clock;
  return o;
}

// N vaults sharing one team key.
struct Team {
  TempDir dir;
  std::vector<std::unique_ptr<core::Vault>> v;
  std::vector<std::string> paths;

  explicit Team(const std::vector<std::string>& workers, const std::vector<platform::Clock*>& clocks = {}) {
    for (size_t i = 0; i < workers.size(); ++i) {
      paths.push_back(dir.File(workers[i] + ".vault"));
      auto made = core::Vault::Create(paths.back(), Pass("pw"),
                                      FastOptions(workers[i], i < clocks.size() ? clocks[i] : nullptr));
      REQUIRE(made.ok());
      v.push_back(std::move(made).value());
    }
    REQUIRE(sync::InitTeam(*v[0]).ok());
    auto key = KeyOf(*v[0]);
    for (size_t i = 1; i < v.size(); ++i) REQUIRE(core::SyncStore(*v[i]).SetTeamKey(key, false).ok());
  }

  platform::SecureBuffer Key() { return KeyOf(*v[0]); }

  // A bundle from a to b (b named by its replica id).
  std::vector<uint8_t> Export(size_t a, size_t b, sync::ExportSummary* s = nullptr) {
    auto bytes = sync::ExportBundle(*v[a], core::ReplicaHex(v[b]->replica()), s);
    REQUIRE_MESSAGE(bytes.ok(), bytes.status().message());
    return std::move(bytes).value();
  }
  sync::ImportSummary Import(size_t b, const std::vector<uint8_t>& bytes) {
    auto s = sync::ImportBundle(*v[b], bytes);
    REQUIRE_MESSAGE(s.ok(), s.status().message());
    return std::move(s).value();
  }
  // a -> b, then b -> a.
  void Exchange(size_t a, size_t b) {
    Import(b, Export(a, b));
    Import(a, Export(b, a));
  }
  std::string Dump(size_t i, bool shared_only = true) {
    core::DumpOptions o;
    o.shared_only = shared_only;
    auto d = core::CanonicalDump(*v[i], o);
    REQUIRE(d.ok());
    return *d;
  }
  // The decrypted contents of a bundle.
  sync::Payload Open(const std::vector<uint8_t>& bytes) {
    auto p = sync::OpenBundle(bytes, Key());
    REQUIRE_MESSAGE(p.ok(), p.status().message());
    return std::move(p).value();
  }
};

// A person and a dossier in vault v.
struct CaseFile {
  std::string person, dossier;
  explicit CaseFile(core::Vault& v) {
    person = core::AddPerson(v, {{"name", "Karim B."}, {"status", "sentenced"}}).value();
    dossier = core::AddDossier(v, {{"person_id", person}}).value();
  }
};

}  // namespace passerelle::testing
