// The office hub end to end over loopback TLS 1.3 (issue 16, "Proof"): a real hub (hub::HubServer
// over its SQLite store) in this process, four devices that join it with enrolment codes through
// sync::JoinHub (pinned CA, client certificates) — three of CAPREV and one of another service —
// random concurrent edits, each device syncing in random order any number of times. The three
// converge byte-identically (shared canonical dump), the fourth received nothing of theirs, no
// private note's text is in any bundle the hub stores (decrypted with the team key) nor in the
// hub's files, and a revoked device is refused at its next sync.
#include <doctest/doctest.h>

#include "../hub/live_hub.h"
#include "hub_fixture.h"

using namespace passerelle;
using namespace passerelle::testing;

TEST_CASE("three devices converge through a hub over TLS, the fourth of another organisation receives nothing of theirs") {
  LiveHub hub;
  HubWorld w(2026);
  for (size_t i = 0; i < w.v.size(); ++i) {
    const bool other = i == w.other();
    auto joined = sync::JoinHub(*w.v[i], hub.address, hub.Code(other ? "SAJ Mons" : "CAPREV", "worker" + std::to_string(i)));
    REQUIRE_MESSAGE(joined.ok(), joined.status().message());
    CHECK(joined->enrolled);
    CHECK(joined->hub_name == "Maison de justice de Mons");
    CHECK(joined->last_sync_at.empty());
  }
  // A code is single use.
  const std::string code = hub.Code("Spare service", "again");
  HubWorld spare(1, 1);
  REQUIRE(sync::JoinHub(*spare.v[0], hub.address, code).ok());
  auto reused = sync::JoinHub(*spare.v[1], hub.address, code);
  CHECK(reused.status().code() == Code::kRefused);

  size_t syncs = 0;
  for (int step = 0; step < 40; ++step) {
    const size_t i = w.rng() % w.v.size();
    if (w.rng() % 2) {
      w.RandomEdits(i, 1 + static_cast<int>(w.rng() % 4));
    } else {
      std::vector<sync::HubSyncProgress> seen;
      auto r = sync::SyncWithHub(*w.v[i], [&](const sync::HubSyncProgress& p) { seen.push_back(p); });
      REQUIRE_MESSAGE(r.ok(), r.status().message());
      REQUIRE(!seen.empty());
      CHECK(seen.back().stage == sync::HubSyncStage::kDone);
      CHECK(seen.back().sent == r->sent);
      ++syncs;
    }
  }
  for (int round = 0; round < 3; ++round)
    for (size_t i = 0; i < w.v.size(); ++i) {
      auto r = sync::SyncWithHub(*w.v[i]);
      REQUIRE_MESSAGE(r.ok(), r.status().message());
    }
  MESSAGE("random syncs before the final rounds: " << syncs);

  const std::string d0 = w.SharedDump(0);
  CHECK(w.SharedDump(1) == d0);
  CHECK(w.SharedDump(2) == d0);
  const std::string fourth = w.SharedDump(w.other());
  for (const auto& name : w.people)
    if (name.rfind("Person-d3", 0) != 0) CHECK_MESSAGE(fourth.find(name) == std::string::npos, name);
  auto info = sync::GetHubInfo(*w.v[0]);
  REQUIRE(info.ok());
  CHECK_FALSE(info->last_sync_at.empty());

  // What the hub stores: sealed bundles it cannot open, in which no private note's text is.
  auto key = core::SyncStore(*w.v[0]).TeamKey();
  REQUIRE(key.ok());
  auto bundles = hub.store->BundlesOf("CAPREV");
  REQUIRE(bundles.ok());
  CHECK(!bundles->empty());
  for (const auto& meta : *bundles) {
    auto bytes = hub.store->GetBundle("CAPREV", meta.bundle_id_hex);
    REQUIRE(bytes.ok());
    auto p = sync::OpenBundle(*bytes, **key);
    REQUIRE(p.ok());
    crdt::Knowledge inside;
    for (const auto& op : p->ops) {
      inside.Add(op.id.replica, op.id.counter);
      if (op.value) CHECK(op.value->find("PRIVATE-TEXT-") == std::string::npos);
    }
    // The declared ranges are exactly the op ids inside.
    crdt::Knowledge declared;
    for (const auto& r : meta.ranges) declared.AddRange(r.replica, {r.first, r.last});
    CHECK(declared == inside);
  }
  const std::string hub_file = FileText(hub.data.File("hub.sqlite"));
  CHECK(hub_file.find("PRIVATE-TEXT-") == std::string::npos);
  CHECK(hub_file.find("shared text") == std::string::npos);
  for (const auto& name : w.people) CHECK(hub_file.find(name) == std::string::npos);

  // Revoked at the hub: refused at the next sync, with the hub's sentence.
  auto devices = hub.store->Devices();
  REQUIRE(devices.ok());
  REQUIRE(hub.store->Revoke(info->device_id).ok());
  auto refused = sync::SyncWithHub(*w.v[0]);
  CHECK(refused.status().code() == Code::kRefused);
  CHECK(refused.status().message() == hub::kRevokedSentence);
}

TEST_CASE("joining checks the pin before the secret leaves the device, and refuses a second hub") {
  LiveHub hub;
  LiveHub impostor;
  HubWorld w(7, 1);
  // A code of the real hub typed at the impostor's address: the pin does not match its CA.
  auto wrong = sync::JoinHub(*w.v[0], impostor.address, hub.Code("CAPREV", "ana"));
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().message().find("not the one the enrolment code names") != std::string::npos);
  CHECK_FALSE(sync::GetHubInfo(*w.v[0])->enrolled);
  REQUIRE(sync::JoinHub(*w.v[0], hub.address, hub.Code("CAPREV", "ana")).ok());
  auto second = sync::JoinHub(*w.v[0], impostor.address, impostor.Code("CAPREV", "ana"));
  CHECK(second.status().code() == Code::kConflict);
  CHECK(sync::JoinHub(*w.v[1], hub.address, "not a code").status().code() == Code::kInvalidInput);
  CHECK(sync::JoinHub(*w.v[1], "nowhere:99999", hub.Code("CAPREV", "b")).status().code() == Code::kInvalidInput);
  // Leaving forgets the hub; joining again works with a new code.
  REQUIRE(sync::LeaveHub(*w.v[0]).ok());
  CHECK_FALSE(sync::GetHubInfo(*w.v[0])->enrolled);
  REQUIRE(sync::JoinHub(*w.v[0], hub.address, hub.Code("CAPREV", "ana")).ok());
  CHECK(sync::SyncWithHub(*w.v[0]).ok());
}
