// The office hub end to end over loopback TLS 1.3 (issue 16, "Proof"): a real hub (hub::HubServer
// over its SQLite store) in this process, four devices that join it with enrolment codes through
// sync::JoinHub (pinned CA, client certificates) — three of CAPREV and one of another service —
// random concurrent edits, each device syncing in random order any number of times. The three
// converge byte-identically (shared canonical dump), the fourth received nothing of theirs, no
// private note's text is in any bundle the hub stores (decrypted with the team key) nor in the
// hub's files, and a revoked device is refused at its next sync.
#include <doctest/doctest.h>

#include "../hub/live_hub.h"
#include "../support/hub_process.h"
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

TEST_CASE("a session is one connection: one TLS handshake, the colleagues' bundles in one request") {
  LiveHub hub;
  CuttingProxy proxy([&] { return hub.server->port(); }, [] { return -1L; });
  HubWorld w(77);
  const std::string address = "127.0.0.1:" + std::to_string(proxy.port());
  for (size_t i = 0; i < 3; ++i) {
    auto joined = sync::JoinHub(*w.v[i], address, hub.Code("CAPREV", "worker" + std::to_string(i)));
    REQUIRE_MESSAGE(joined.ok(), joined.status().message());
  }
  // Each colleague uploads several bundles' worth: device 0 then lacks many bundles.
  for (int round = 0; round < 4; ++round)
    for (size_t i = 1; i < 3; ++i) {
      w.RandomEdits(i, 3);
      REQUIRE(sync::SyncWithHub(*w.v[i]).ok());
    }
  w.RandomEdits(0, 3);
  const int before = proxy.connections.load();
  auto r = sync::SyncWithHub(*w.v[0]);
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  CHECK(r->bundles_imported >= 4);
  CHECK(r->sent > 0);
  CHECK(proxy.connections.load() - before == 1);  // keep-alive: holdings, upload, fetch, applied, holdings
  for (size_t i = 1; i < 3; ++i) REQUIRE(sync::SyncWithHub(*w.v[i]).ok());
  CHECK(w.SharedDump(1) == w.SharedDump(0));
  CHECK(w.SharedDump(2) == w.SharedDump(0));
}
