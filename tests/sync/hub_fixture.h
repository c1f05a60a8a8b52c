// Devices of two organisations syncing through a hub, for the hub session tests: three workers
// of CAPREV sharing one team key and one worker of another service with its own team. Random
// edits of every kind the convergence test uses that matter here (records, notes, private notes,
// scope changes, text edits), and the checks: shared canonical dumps equal, nothing crossed the
// organisation boundary, no private note's op in any sealed upload.
#pragma once

#include <doctest/doctest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "passerelle/core/case_files.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/sync_store.h"
#include "passerelle/core/vault.h"
#include "passerelle/sync/bundle.h"
#include "passerelle/sync/engine.h"
#include "passerelle/sync/hub_client.h"
#include "../support/temp_dir.h"

namespace passerelle::testing {

inline platform::SecureBuffer HubPass() { return platform::SecureBuffer::FromString("pw"); }

inline core::VaultOptions HubDeviceOptions(const std::string& worker, const std::string& service) {
  core::VaultOptions o;
  o.kdf = core::KdfParams::LowCostForTests();
  o.worker = worker;
  o.service = service;
  return o;
}

struct HubWorld {
  TempDir dir;
  std::vector<std::string> paths;
  std::vector<std::unique_ptr<core::Vault>> v;  // 0..2: CAPREV, 3: the other organisation
  std::vector<std::string> people;              // persons made per device (by name)
  std::vector<std::string> private_notes;       // ids of notes private somewhere at some point
  std::mt19937_64 rng;

  explicit HubWorld(uint64_t seed, size_t same_org = 3) : rng(seed) {
    for (size_t i = 0; i < same_org + 1; ++i) {
      const bool other = i == same_org;
      paths.push_back(dir.File("device" + std::to_string(i) + ".vault"));
      auto made = core::Vault::Create(paths.back(), HubPass(),
                                      HubDeviceOptions("worker" + std::to_string(i), other ? "SAJ Mons" : "CAPREV"));
      REQUIRE(made.ok());
      v.push_back(std::move(made).value());
    }
    // Colleagues join through the team key file, so they adopt one organisation identity (the
    // hub binds an organisation to its card fingerprint at the first enrolment).
    REQUIRE(sync::InitTeam(*v[0]).ok());
    const std::string team_file = dir.File("team.key");
    REQUIRE(sync::ExportTeamKey(*v[0], team_file, platform::SecureBuffer::FromString("team"),
                                core::KdfParams::LowCostForTests())
                .ok());
    for (size_t i = 1; i < same_org; ++i)
      REQUIRE(sync::JoinTeam(*v[i], team_file, platform::SecureBuffer::FromString("team")).ok());
    REQUIRE(sync::InitTeam(*v[same_org]).ok());
  }
  size_t other() const { return v.size() - 1; }
  size_t same_org() const { return v.size() - 1; }

  void Reopen(size_t i) {
    v[i].reset();
    auto opened = core::Vault::Open(paths[i], HubPass(), HubDeviceOptions("", ""));
    REQUIRE_MESSAGE(opened.ok(), opened.status().message());
    v[i] = std::move(opened).value();
  }

  // A few random edits on device i; names carry the device so leaks are findable.
  void RandomEdits(size_t i, int n) {
    core::Vault& vault = *v[i];
    for (int k = 0; k < n; ++k) {
      auto dossiers = core::ListDossiers(vault);
      REQUIRE(dossiers.ok());
      const int what = static_cast<int>(rng() % 6);
      if (dossiers->empty() || what == 0) {
        const std::string name = "Person-d" + std::to_string(i) + "-" + std::to_string(rng() % 100000);
        auto made = core::AddPersonWithDossier(vault, {{"name", name}, {"status", "sentenced"}}, {});
        REQUIRE_MESSAGE(made.ok(), made.status().message());
        people.push_back(name);
        continue;
      }
      const std::string dossier = (*dossiers)[rng() % dossiers->size()].dossier.id;
      if (what == 1) {
        REQUIRE(core::UpdateRecord(vault, dossier, {{"next_review", "2027-0" + std::to_string(1 + rng() % 9) + "-1" +
                                                                          std::to_string(rng() % 10)}})
                    .ok());
      } else if (what == 2 || what == 3) {
        const bool secret = what == 3;
        const std::string body = (secret ? "PRIVATE-TEXT-" : "shared text ") + std::to_string(rng() % 100000);
        auto note = core::AddNote(vault, {{"dossier_id", dossier}, {"scope", secret ? "private" : "service"}, {"body", body}});
        REQUIRE_MESSAGE(note.ok(), note.status().message());
        if (secret) private_notes.push_back(*note);
      } else {
        auto notes = core::ListNotes(vault, dossier);
        REQUIRE(notes.ok());
        if (notes->empty()) continue;
        const auto& note = (*notes)[rng() % notes->size()];
        if (what == 4) {
          REQUIRE(core::SaveNoteBody(vault, note.id, note.body + " edit" + std::to_string(rng() % 100)).ok());
        } else if (note.scope == "service" && rng() % 3 == 0) {
          REQUIRE(core::UpdateRecord(vault, note.id, {{"scope", "private"}}).ok());
          private_notes.push_back(note.id);
        } else if (note.scope == "private" && note.body.find("PRIVATE-TEXT-") == std::string::npos) {
          // Notes born private stay private here, so their marker must never reach the hub.
          REQUIRE(core::UpdateRecord(vault, note.id, {{"scope", "service"}}).ok());
        }
      }
    }
  }

  std::string SharedDump(size_t i) {
    core::DumpOptions o;
    o.shared_only = true;
    auto d = core::CanonicalDump(*v[i], o);
    REQUIRE(d.ok());
    return *d;
  }
};

}  // namespace passerelle::testing
