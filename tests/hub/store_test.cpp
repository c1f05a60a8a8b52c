// hub::Store (docs/hub.md, "Storage"): one suite, run against SQLite always and against PostgreSQL
// when PASSERELLE_TEST_PG names a server (./dev.sh test starts one), each PostgreSQL case in a
// fresh schema. Idempotent writes, what a device has not applied, organisation isolation,
// enrolment codes, rate-limit counters, revocation, packets routed by fingerprint, concurrent
// writers, durability across a killed process and a restarted PostgreSQL server.
#include <doctest/doctest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "../support/postgres_schema.h"
#include "../support/temp_dir.h"
#include "passerelle/hub/store.h"

using namespace passerelle;
using namespace passerelle::hub;
using passerelle::testing::FreshPgSchema;
using passerelle::testing::TempDir;

namespace {

std::vector<uint8_t> Sealed(const std::string& seed, size_t n = 300) {
  std::vector<uint8_t> out(n);
  uint32_t x = 2166136261u;
  for (char c : seed) x = (x ^ static_cast<uint8_t>(c)) * 16777619u;
  for (auto& b : out) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    b = static_cast<uint8_t>(x);
  }
  return out;
}

BundleMeta Meta(const std::string& id, const std::string& org, const std::string& device,
                std::vector<OpRange> ranges = {{7, 1, 10}}) {
  BundleMeta m;
  m.bundle_id_hex = id;
  m.org = org;
  m.uploader_device = device;
  m.ranges = std::move(ranges);
  m.stored_at_ms = 1000;
  return m;
}

std::vector<std::string> Ids(const std::vector<BundleMeta>& bundles) {
  std::vector<std::string> out;
  for (const auto& b : bundles) out.push_back(b.bundle_id_hex);
  return out;
}

// Runs `check` on a new SQLite store, then on a new PostgreSQL store in its own schema.
void OnBothBackends(const char* what, const std::function<void(Store&)>& check) {
  {
    TempDir dir;
    auto store = OpenSqliteStore(dir.File("hub"));
    REQUIRE_MESSAGE(store.ok(), store.status().message());
    INFO("backend: SQLite");
    check(**store);
  }
  auto schema = FreshPgSchema(what);
  if (!schema) return;
  auto store = OpenPostgresStore(schema->Conninfo());
  REQUIRE_MESSAGE(store.ok(), store.status().message());
  INFO("backend: PostgreSQL");
  check(**store);
}

}  // namespace

TEST_CASE("settings are saved, replaced and read back") {
  OnBothBackends("settings", [](Store& s) {
    auto none = s.GetSetting("ca_cert");
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());
    const std::vector<uint8_t> a = {1, 2, 0, 3}, b = {9};
    REQUIRE(s.PutSetting("ca_cert", a).ok());
    REQUIRE(s.PutSetting("ca_cert", b).ok());
    auto got = s.GetSetting("ca_cert");
    REQUIRE(got.ok());
    REQUIRE(got->has_value());
    CHECK(**got == b);
  });
}

TEST_CASE("PutBundle is idempotent by id; ranges, size and order are kept") {
  OnBothBackends("idempotent PutBundle", [](Store& s) {
    const auto bytes = Sealed("b1", 5 * 1024 * 1024 + 3);  // bigger than one chunk of anything
    REQUIRE(s.PutBundle(Meta("b1", "CAPREV", "dev-a", {{7, 1, 10}, {9, 4, 4}}), bytes).ok());
    REQUIRE(s.PutBundle(Meta("b1", "CAPREV", "dev-a", {{7, 1, 10}, {9, 4, 4}}), bytes).ok());  // re-upload
    REQUIRE(s.PutBundle(Meta("b2", "CAPREV", "dev-b"), Sealed("b2")).ok());
    auto all = s.BundlesOf("CAPREV");
    REQUIRE(all.ok());
    REQUIRE(Ids(*all) == std::vector<std::string>{"b1", "b2"});
    CHECK((*all)[0].seq < (*all)[1].seq);
    CHECK((*all)[0].size == bytes.size());
    CHECK((*all)[0].uploader_device == "dev-a");
    REQUIRE((*all)[0].ranges.size() == 2);
    CHECK((*all)[0].ranges[1].replica == 9);
    CHECK((*all)[0].ranges[1].first == 4);
    CHECK((*all)[0].ranges[1].last == 4);
    auto got = s.GetBundle("CAPREV", "b1");
    REQUIRE(got.ok());
    CHECK(*got == bytes);
    // The same id from another organisation is refused, and the stored bytes stay.
    auto clash = s.PutBundle(Meta("b1", "OTHER", "dev-x"), Sealed("x"));
    CHECK(clash.code() == Code::kConflict);
    CHECK(*s.GetBundle("CAPREV", "b1") == bytes);
  });
}

TEST_CASE("BundlesNotAppliedBy lists what a device lacks; MarkApplied is idempotent") {
  OnBothBackends("BundlesNotAppliedBy", [](Store& s) {
    REQUIRE(s.PutBundle(Meta("b1", "CAPREV", "dev-a"), Sealed("1")).ok());
    REQUIRE(s.PutBundle(Meta("b2", "CAPREV", "dev-b"), Sealed("2")).ok());
    REQUIRE(s.PutBundle(Meta("b3", "CAPREV", "dev-a"), Sealed("3")).ok());
    CHECK(Ids(*s.BundlesNotAppliedBy("CAPREV", "dev-c")) == std::vector<std::string>{"b1", "b2", "b3"});
    // A device's own uploads are applied by it.
    CHECK(Ids(*s.BundlesNotAppliedBy("CAPREV", "dev-a")) == std::vector<std::string>{"b2"});
    REQUIRE(s.MarkApplied("dev-c", {"b1", "b3"}).ok());
    REQUIRE(s.MarkApplied("dev-c", {"b1"}).ok());
    REQUIRE(s.MarkApplied("dev-c", {}).ok());
    CHECK(Ids(*s.BundlesNotAppliedBy("CAPREV", "dev-c")) == std::vector<std::string>{"b2"});
    CHECK(Ids(*s.BundlesNotAppliedBy("CAPREV", "dev-b")) == std::vector<std::string>{"b1", "b3"});
    REQUIRE(s.MarkApplied("dev-c", {"b2"}).ok());
    CHECK(s.BundlesNotAppliedBy("CAPREV", "dev-c")->empty());
  });
}

TEST_CASE("one organisation never reaches another's bundles") {
  OnBothBackends("org isolation", [](Store& s) {
    REQUIRE(s.PutBundle(Meta("a1", "CAPREV", "dev-a"), Sealed("a1")).ok());
    REQUIRE(s.PutBundle(Meta("o1", "OTHER", "dev-o"), Sealed("o1")).ok());
    CHECK(s.GetBundle("OTHER", "a1").status().code() == Code::kNotFound);
    CHECK(s.GetBundle("CAPREV", "o1").status().code() == Code::kNotFound);
    CHECK(s.GetBundle("CAPREV", "nope").status().code() == Code::kNotFound);
    CHECK(Ids(*s.BundlesOf("OTHER")) == std::vector<std::string>{"o1"});
    CHECK(Ids(*s.BundlesNotAppliedBy("OTHER", "dev-z")) == std::vector<std::string>{"o1"});
    CHECK(Ids(*s.BundlesNotAppliedBy("CAPREV", "dev-z")) == std::vector<std::string>{"a1"});
  });
}

TEST_CASE("GetBundles answers many ids in one call: in order, another organisation's as absent, within a bound") {
  OnBothBackends("batch fetch", [](Store& s) {
    REQUIRE(s.PutBundle(Meta("a1", "CAPREV", "dev-a"), Sealed("a1", 300)).ok());
    REQUIRE(s.PutBundle(Meta("a2", "CAPREV", "dev-b"), Sealed("a2", 500)).ok());
    REQUIRE(s.PutBundle(Meta("a3", "CAPREV", "dev-a"), Sealed("a3", 400)).ok());
    REQUIRE(s.PutBundle(Meta("o1", "OTHER", "dev-o"), Sealed("o1")).ok());
    auto all = s.GetBundles("CAPREV", {"a3", "o1", "nope", "a1", "a2"}, 1 << 20);
    REQUIRE(all.ok());
    REQUIRE(all->size() == 5);
    CHECK((*all)[0] == Sealed("a3", 400));
    CHECK_FALSE((*all)[1].has_value());  // another organisation's: the same as none
    CHECK_FALSE((*all)[2].has_value());
    CHECK((*all)[3] == Sealed("a1", 300));
    CHECK((*all)[4] == Sealed("a2", 500));
    // Stops before the bundle that would pass the bound; the first is always answered.
    auto bounded = s.GetBundles("CAPREV", {"a1", "a3", "a2"}, 750);
    REQUIRE(bounded.ok());
    REQUIRE(bounded->size() == 2);
    CHECK((*bounded)[1] == Sealed("a3", 400));
    auto first = s.GetBundles("CAPREV", {"a2", "a1"}, 10);
    REQUIRE(first.ok());
    REQUIRE(first->size() == 1);
    CHECK((*first)[0] == Sealed("a2", 500));
    CHECK(*s.BundleSeq("CAPREV", "a2") > *s.BundleSeq("CAPREV", "a1"));
    CHECK(s.BundleSeq("CAPREV", "o1").status().code() == Code::kNotFound);
  });
}

TEST_CASE("an organisation is bound to one card fingerprint") {
  OnBothBackends("org binding", [](Store& s) {
    CHECK_FALSE(s.OrgFingerprint("CAPREV")->has_value());
    REQUIRE(s.BindOrgFingerprint("CAPREV", "fp1").ok());
    REQUIRE(s.BindOrgFingerprint("CAPREV", "fp1").ok());
    CHECK(s.BindOrgFingerprint("CAPREV", "fp2").code() == Code::kConflict);
    CHECK(**s.OrgFingerprint("CAPREV") == "fp1");
  });
}

TEST_CASE("an enrolment code is redeemed once, and not after it expired") {
  OnBothBackends("enrolment", [](Store& s) {
    REQUIRE(s.AddEnrolment({"h1", "CAPREV", "Awa", 10'000, false}).ok());
    REQUIRE(s.AddEnrolment({"h2", "CAPREV", "Bart", 10'000, false}).ok());
    CHECK(s.AddEnrolment({"h1", "CAPREV", "Awa", 10'000, false}).code() == Code::kConflict);
    auto e = s.RedeemEnrolment("h1", 9'999);
    REQUIRE_MESSAGE(e.ok(), e.status().message());
    CHECK(e->org == "CAPREV");
    CHECK(e->worker == "Awa");
    CHECK(e->used);
    CHECK(s.RedeemEnrolment("h1", 9'999).status().code() == Code::kConflict);
    CHECK(s.RedeemEnrolment("unknown", 1).status().code() == Code::kNotFound);
    CHECK(s.RedeemEnrolment("h2", 10'000).status().code() == Code::kInvalidInput);  // expired
    CHECK(s.RedeemEnrolment("h2", 20'000).status().code() == Code::kInvalidInput);
  });
}

TEST_CASE("enrolment codes redeemed from several threads at once: exactly one wins") {
  OnBothBackends("enrolment race", [](Store& s) {
    REQUIRE(s.AddEnrolment({"race", "CAPREV", "Awa", 10'000, false}).ok());
    std::atomic<int> wins{0}, used{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 6; ++i) {
      threads.emplace_back([&] {
        auto r = s.RedeemEnrolment("race", 1);
        if (r.ok()) ++wins;
        else if (r.status().code() == Code::kConflict) ++used;
      });
    }
    for (auto& t : threads) t.join();
    CHECK(wins.load() == 1);
    CHECK(used.load() == 5);
  });
}

TEST_CASE("failed attempts are counted per source and in total") {
  OnBothBackends("rate-limit counters", [](Store& s) {
    for (int64_t t : {1000, 2000, 3000}) REQUIRE(s.RecordFailedAttempt("10.0.0.1", t).ok());
    for (int64_t t : {2500, 4000}) REQUIRE(s.RecordFailedAttempt("10.0.0.2", t).ok());
    CHECK(*s.FailedAttemptsSince("10.0.0.1", 0) == 3);
    CHECK(*s.FailedAttemptsSince("10.0.0.1", 2000) == 2);
    CHECK(*s.FailedAttemptsSince("10.0.0.2", 3000) == 1);
    CHECK(*s.FailedAttemptsSince("10.0.0.3", 0) == 0);
    CHECK(*s.FailedAttemptsSince("", 0) == 5);
    CHECK(*s.FailedAttemptsSince("", 2500) == 3);
  });
}

TEST_CASE("devices: enrolled once, found by certificate, touched, revoked") {
  OnBothBackends("devices and revoke", [](Store& s) {
    REQUIRE(s.AddDevice({"d1", "CAPREV", "Awa", "fpA", 100, 100, false}).ok());
    REQUIRE(s.AddDevice({"d2", "CAPREV", "Bart", "fpB", 200, 200, false}).ok());
    CHECK(s.AddDevice({"d1", "CAPREV", "Awa", "fpC", 1, 1, false}).code() == Code::kConflict);
    CHECK(s.AddDevice({"d3", "CAPREV", "Awa", "fpA", 1, 1, false}).code() == Code::kConflict);
    auto d = s.DeviceByFingerprint("fpB");
    REQUIRE(d.ok());
    REQUIRE(d->has_value());
    CHECK((*d)->device_id == "d2");
    CHECK((*d)->worker == "Bart");
    CHECK_FALSE((*d)->revoked);
    CHECK_FALSE(s.DeviceByFingerprint("fpZ")->has_value());
    REQUIRE(s.Touch("d1", 5000).ok());
    REQUIRE(s.Touch("d1", 4000).ok());  // an older clock reading never moves last-seen back
    CHECK(s.Touch("nobody", 1).code() == Code::kNotFound);
    REQUIRE(s.Revoke("d2").ok());
    CHECK(s.Revoke("nobody").code() == Code::kNotFound);
    auto all = s.Devices();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 2);
    CHECK((*all)[0].device_id == "d1");
    CHECK((*all)[0].last_seen_ms == 5000);
    CHECK_FALSE((*all)[0].revoked);
    CHECK((*all)[1].revoked);
    CHECK((**s.DeviceByFingerprint("fpB")).revoked);
  });
}

TEST_CASE("packets are routed by the recipient organisation's fingerprint") {
  OnBothBackends("packets", [](Store& s) {
    PacketMeta p{"p1", "CAPREV", "fpX", 0, 10};
    REQUIRE(s.PutPacket(p, Sealed("p1")).ok());
    REQUIRE(s.PutPacket(p, Sealed("p1")).ok());  // idempotent
    REQUIRE(s.PutPacket({"p2", "CAPREV", "fpY", 0, 11}, Sealed("p2")).ok());
    CHECK(s.PutPacket({"p1", "CAPREV", "fpY", 0, 12}, Sealed("p1")).code() == Code::kConflict);
    auto forx = s.PacketsFor("fpX");
    REQUIRE(forx.ok());
    REQUIRE(forx->size() == 1);
    CHECK((*forx)[0].packet_id_hex == "p1");
    CHECK((*forx)[0].from_org == "CAPREV");
    CHECK((*forx)[0].size == Sealed("p1").size());
    CHECK(*s.GetPacket("fpX", "p1") == Sealed("p1"));
    CHECK(s.GetPacket("fpY", "p1").status().code() == Code::kNotFound);
    CHECK(s.GetPacket("fpX", "p2").status().code() == Code::kNotFound);
    CHECK(s.PacketsFor("fpZ")->empty());
    // Receipts are per device: what one device of the recipient imported is listed to the others.
    REQUIRE(s.PutPacket({"p3", "CAPREV", "fpX", 0, 13}, Sealed("p3")).ok());
    REQUIRE(s.MarkPacketsReceived("mj-1", {"p1"}).ok());
    REQUIRE(s.MarkPacketsReceived("mj-1", {"p1"}).ok());  // idempotent
    auto left = s.PacketsNotReceivedBy("fpX", "mj-1");
    REQUIRE(left.ok());
    REQUIRE(left->size() == 1);
    CHECK((*left)[0].packet_id_hex == "p3");
    CHECK(s.PacketsNotReceivedBy("fpX", "mj-2")->size() == 2);
    CHECK(s.PacketsFor("fpX")->size() == 2);  // received packets stay stored
  });
}

TEST_CASE("SQLite: a hub file of schema version 1 gains the packet receipts when opened") {
  TempDir dir;
  const std::string data = dir.File("hub");
  {
    auto s = OpenSqliteStore(data);
    REQUIRE(s.ok());
    REQUIRE((*s)->PutPacket({"p1", "CAPREV", "fpX", 0, 10}, Sealed("p1")).ok());
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((data + "/hub.sqlite").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "DROP TABLE packet_receipts; PRAGMA user_version=1", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  auto s = OpenSqliteStore(data);
  REQUIRE_MESSAGE(s.ok(), s.status().message());
  CHECK((*s)->PacketsNotReceivedBy("fpX", "mj-1")->size() == 1);
  REQUIRE((*s)->MarkPacketsReceived("mj-1", {"p1"}).ok());
  CHECK((*s)->PacketsNotReceivedBy("fpX", "mj-1")->empty());
}

TEST_CASE("concurrent writers from several threads: every write lands once") {
  OnBothBackends("concurrent writers", [](Store& s) {
    constexpr int kThreads = 6, kEach = 25;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        const std::string dev = "dev" + std::to_string(t);
        for (int i = 0; i < kEach; ++i) {
          const std::string id = dev + "-" + std::to_string(i);
          if (!s.PutBundle(Meta(id, "CAPREV", dev), Sealed(id)).ok()) ++failures;
          if (!s.PutBundle(Meta(id, "CAPREV", dev), Sealed(id)).ok()) ++failures;  // a retried upload
          auto lacking = s.BundlesNotAppliedBy("CAPREV", dev);
          if (!lacking.ok()) { ++failures; continue; }
          std::vector<std::string> ids = Ids(*lacking);
          if (!s.MarkApplied(dev, ids).ok()) ++failures;
          if (!s.RecordFailedAttempt(dev, i).ok()) ++failures;
        }
      });
    }
    for (auto& t : threads) t.join();
    CHECK(failures.load() == 0);
    auto all = s.BundlesOf("CAPREV");
    REQUIRE(all.ok());
    CHECK(all->size() == kThreads * kEach);
    std::set<int64_t> seqs;
    for (const auto& b : *all) {
      seqs.insert(b.seq);
      CHECK(*s.GetBundle("CAPREV", b.bundle_id_hex) == Sealed(b.bundle_id_hex));
    }
    CHECK(seqs.size() == all->size());
    CHECK(*s.FailedAttemptsSince("", 0) == kThreads * kEach);
  });
}

TEST_CASE("SQLite: WAL file, schema version, reopened with everything, newer version refused") {
  TempDir dir;
  const std::string data = dir.File("hub");
  {
    auto s = OpenSqliteStore(data);
    REQUIRE(s.ok());
    REQUIRE((*s)->PutBundle(Meta("b1", "CAPREV", "dev-a"), Sealed("b1")).ok());
    REQUIRE((*s)->MarkApplied("dev-c", {"b1"}).ok());
  }
  auto again = OpenSqliteStore(data);
  REQUIRE(again.ok());
  CHECK(*(*again)->GetBundle("CAPREV", "b1") == Sealed("b1"));
  CHECK((*again)->BundlesNotAppliedBy("CAPREV", "dev-c")->empty());
  again = Status::Error(Code::kInternal, "closed");

  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((data + "/hub.sqlite").c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "wal");
  sqlite3_finalize(st);
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(sqlite3_column_int(st, 0) == 2);
  sqlite3_finalize(st);
  REQUIRE(sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  auto newer = OpenSqliteStore(data);
  CHECK(newer.status().code() == Code::kUnsupported);
}

TEST_CASE("SQLite: a hub killed mid-upload keeps every bundle it acknowledged") {
  TempDir dir;
  const std::string data = dir.File("hub");
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(fds[0]);
    auto s = OpenSqliteStore(data);
    if (!s.ok()) _exit(2);
    for (int i = 0;; ++i) {
      const std::string id = "k" + std::to_string(i);
      if (!(*s)->PutBundle(Meta(id, "CAPREV", "dev-a"), Sealed(id, 4096)).ok()) _exit(3);
      const uint32_t n = static_cast<uint32_t>(i);
      if (write(fds[1], &n, sizeof n) != sizeof n) _exit(4);  // the acknowledgement
    }
  }
  close(fds[1]);
  uint32_t last = 0;
  int acked = 0;
  while (acked < 40 && read(fds[0], &last, sizeof last) == sizeof last) ++acked;
  kill(child, SIGKILL);
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  close(fds[0]);
  REQUIRE(acked == 40);
  auto s = OpenSqliteStore(data);
  REQUIRE(s.ok());
  auto all = s.value()->BundlesOf("CAPREV");
  REQUIRE(all.ok());
  CHECK(all->size() >= 40);
  for (uint32_t i = 0; i <= last; ++i) {
    const std::string id = "k" + std::to_string(i);
    auto got = s.value()->GetBundle("CAPREV", id);
    REQUIRE_MESSAGE(got.ok(), id);
    CHECK(*got == Sealed(id, 4096));
  }
}

TEST_CASE("PostgreSQL: reopening an existing database keeps everything") {
  auto schema = FreshPgSchema("reopen");
  if (!schema) return;
  {
    auto s = OpenPostgresStore(schema->Conninfo());
    REQUIRE_MESSAGE(s.ok(), s.status().message());
    REQUIRE((*s)->PutBundle(Meta("b1", "CAPREV", "dev-a"), Sealed("b1")).ok());
  }
  auto again = OpenPostgresStore(schema->Conninfo());  // a second hub of the federation, too
  REQUIRE(again.ok());
  CHECK(*(*again)->GetBundle("CAPREV", "b1") == Sealed("b1"));
  REQUIRE((*again)->PutBundle(Meta("b2", "CAPREV", "dev-a"), Sealed("b2")).ok());
  CHECK((*again)->BundlesOf("CAPREV")->size() == 2);
}

TEST_CASE("PostgreSQL: an unreachable server is one clear error") {
  auto s = OpenPostgresStore("host=127.0.0.1 port=1 connect_timeout=2");
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == Code::kIoError);
  CHECK(s.status().message().find("PostgreSQL") != std::string::npos);
}

// The server restarted (pg_ctlcluster restart, through the harness's PASSERELLE_TEST_PG_RESTART)
// while writers upload: every write the store acknowledged is there afterwards, a write refused
// during the restart succeeds when retried, and the first call after the restart succeeds.
TEST_CASE("PostgreSQL restarted mid-test: nothing acknowledged is lost, the next call succeeds") {
  auto schema = FreshPgSchema("restart");
  if (!schema) return;
  const char* restart = std::getenv("PASSERELLE_TEST_PG_RESTART");
  if (restart == nullptr || *restart == '\0') {
    passerelle::testing::PostgresCaseSkipped("restart: PASSERELLE_TEST_PG_RESTART is not set");
    return;
  }
  auto opened = OpenPostgresStore(schema->Conninfo());
  REQUIRE_MESSAGE(opened.ok(), opened.status().message());
  Store& s = **opened;
  REQUIRE(s.PutBundle(Meta("before", "CAPREV", "dev-a"), Sealed("before")).ok());

  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<int> refused{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 3; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; !stop.load(); ++i) {
        const std::string id = "w" + std::to_string(t) + "-" + std::to_string(i);
        // The caller retries a refused write until it is acknowledged, as a device does.
        for (int attempt = 0; attempt < 400; ++attempt) {
          if (s.PutBundle(Meta(id, "CAPREV", "dev-w"), Sealed(id)).ok()) {
            std::lock_guard lock(mu);
            acknowledged.push_back(id);
            break;
          }
          ++refused;
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const int rc = std::system(restart);
  REQUIRE(rc == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  for (auto& w : writers) w.join();
  MESSAGE("writes refused while PostgreSQL restarted (then retried): " << refused.load()
          << ", acknowledged: " << acknowledged.size());

  // Stale pooled connections are replaced: the first call after the restart succeeds.
  REQUIRE(std::system(restart) == 0);
  auto first = s.GetBundle("CAPREV", "before");
  REQUIRE_MESSAGE(first.ok(), first.status().message());
  CHECK(*first == Sealed("before"));
  REQUIRE(s.PutBundle(Meta("after", "CAPREV", "dev-a"), Sealed("after")).ok());

  auto all = s.BundlesOf("CAPREV");
  REQUIRE(all.ok());
  const std::vector<std::string> ids = Ids(*all);
  std::set<std::string> held(ids.begin(), ids.end());
  for (const std::string& id : acknowledged) CHECK_MESSAGE(held.count(id) == 1, id);
  CHECK(held.size() == acknowledged.size() + 2);
  CHECK(acknowledged.size() > 0);
}
