// The office hub under faults (issue 16, "Proof"), with `passerelle-hub serve` as a child process
// and the devices reaching it through a proxy in this process:
//   - the hub killed with SIGKILL at >= 100 random points while devices upload and download;
//   - connections cut after a random number of bytes;
//   - the hub's disk full (RLIMIT_FSIZE on the hub: its writes fail with EFBIG);
//   - a device killed in the middle of a session (it imports in a child process, SIGKILLed).
// After each fault the next sync completes; at the end the three devices converge byte-identically,
// every vault passes Check (no op merged twice), and every op the hub acknowledged is still in its
// knowledge (no acknowledged op lost). The same runs against PostgreSQL when PASSERELLE_TEST_PG names
// a server (plus PostgreSQL restarted mid-session with PASSERELLE_TEST_PG_RESTART).
// PASSERELLE_HUB_KILLS sets the number of SIGKILLs (default 100).
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <thread>

#include "hub_fixture.h"
#include "passerelle/core/hub_enrolment.h"
#include "passerelle/hub/ca.h"
#include "passerelle/hub/server.h"
#include "passerelle/hub/store.h"
#include "passerelle/sync/hub_protocol.h"
#include "passerelle/sync/hub_transport.h"
#include "../support/hub_process.h"
#include "../support/postgres_schema.h"

using namespace passerelle;
using namespace passerelle::testing;
namespace proto = passerelle::sync::hubproto;

namespace {

int Kills() {
  const char* env = std::getenv("PASSERELLE_HUB_KILLS");
  return env != nullptr ? std::atoi(env) : 100;
}

// Three devices of CAPREV, joined through the proxy to a hub child process.
struct FaultWorld : HubWorld {
  std::function<Result<std::unique_ptr<hub::Store>>()> open_store;
  HubProcess hub;
  std::atomic<int> hub_port{0};
  std::atomic<long> cut_limit{-1};
  std::mt19937_64 cut_rng{99};
  std::unique_ptr<CuttingProxy> proxy;
  crdt::Knowledge acknowledged;  // shareable ops some device held when a sync of it succeeded

  FaultWorld(uint64_t seed, std::vector<std::string> store_args,
             std::function<Result<std::unique_ptr<hub::Store>>()> opener)
      : HubWorld(seed, 3), open_store(std::move(opener)), hub(PASSERELLE_HUB_BINARY, std::move(store_args)) {
    REQUIRE(platform::InitCrypto());
    std::vector<std::string> codes;
    {
      auto store = open_store();
      REQUIRE_MESSAGE(store.ok(), store.status().message());
      auto ca = hub::CertificateAuthority::Create("Office under test");
      REQUIRE(ca.ok());
      REQUIRE(hub::SaveNewCa(**store, *ca, "Office under test").ok());
      for (size_t i = 0; i < 3; ++i) {
        auto code = hub::IssueEnrolmentCode(**store, *ca, "CAPREV", "worker" + std::to_string(i), hub::WallClockMs());
        REQUIRE(code.ok());
        codes.push_back(code->code);
      }
    }
    proxy = std::make_unique<CuttingProxy>([this] { return hub_port.load(); },
                                           [this] {
                                             const long max = cut_limit.load();
                                             return max < 0 ? -1L : static_cast<long>(cut_rng() % static_cast<uint64_t>(max + 1));
                                           });
    Restart();
    for (size_t i = 0; i < 3; ++i) {
      auto joined = sync::JoinHub(*v[i], "127.0.0.1:" + std::to_string(proxy->port()), codes[i]);
      REQUIRE_MESSAGE(joined.ok(), joined.status().message());
    }
  }
  ~FaultWorld() { hub.Kill(); }

  void Restart(long max_file_bytes = 0) {
    hub.Kill();
    hub.Start(max_file_bytes);
    hub_port = hub.port();
  }

  // What device i may share: after a successful sync, the hub must hold all of it for good.
  crdt::Knowledge Shareable(size_t i) {
    auto outbox = core::SyncStore(*v[i]).OutboxFor(crdt::Knowledge{});
    REQUIRE(outbox.ok());
    crdt::Knowledge k;
    for (const auto& op : outbox->ops) k.Add(op.id.replica, op.id.counter);
    return k;
  }

  // Where failed sessions stopped (the last progress reported), to show the faults hit every phase.
  std::map<std::string, int> failed_at;

  Result<sync::HubSyncResult> Sync(size_t i) {
    std::string stage = "before connecting";
    auto r = sync::SyncWithHub(*v[i], [&](const sync::HubSyncProgress& p) {
      switch (p.stage) {
        case sync::HubSyncStage::kConnecting: stage = "holdings"; break;
        case sync::HubSyncStage::kSending: stage = p.sent < p.to_send ? "uploading" : "after the upload"; break;
        case sync::HubSyncStage::kReceiving: stage = "downloading/importing"; break;
        case sync::HubSyncStage::kFinishing:
        case sync::HubSyncStage::kDone: stage = "finishing"; break;
      }
    });
    if (r.ok()) acknowledged.Merge(Shareable(i));
    else ++failed_at[stage];
    return r;
  }
  std::string FailedAt() {
    std::string out;
    for (const auto& [stage, n] : failed_at) out += (out.empty() ? "" : ", ") + stage + ": " + std::to_string(n);
    failed_at.clear();
    return out;
  }

  // The hub's knowledge as it answers device 0 now.
  crdt::Knowledge HubKnowledge() {
    auto e = core::LoadHubEnrolment(*v[0], true);
    REQUIRE(e.ok());
    REQUIRE(e->has_value());
    sync::TlsClientConfig c;
    c.host = "127.0.0.1";
    c.port = hub.port();
    c.pinned_ca_fingerprint_hex = (*e)->ca_fingerprint_hex;
    c.ca_cert_pem = (*e)->ca_cert_pem;
    c.client_cert_pem = (*e)->cert_pem;
    c.client_key_pem = std::move((*e)->key_pem);
    auto t = sync::ConnectTls(c);
    REQUIRE(t.ok());
    auto reply = (*t)->Post(proto::kHoldingsPath, proto::kJsonType, proto::BytesOf("{}"));
    REQUIRE_MESSAGE(reply.ok(), reply.status().message());
    REQUIRE(reply->status == 200);
    auto h = proto::DecodeHoldingsReply(reply->body);
    REQUIRE(h.ok());
    return proto::KnowledgeOf(h->hub_knowledge);
  }

  void CheckNothingAcknowledgedLost() {
    const crdt::Knowledge hub_holds = HubKnowledge();
    CHECK_MESSAGE(acknowledged.Minus(hub_holds).empty(),
                  acknowledged.Minus(hub_holds).Count() << " acknowledged ops are missing from the hub");
  }

  void Quiesce() {
    for (int round = 0; round < 3; ++round)
      for (size_t i = 0; i < 3; ++i) {
        auto r = Sync(i);
        REQUIRE_MESSAGE(r.ok(), r.status().message());
      }
    const std::string d0 = SharedDump(0);
    CHECK(SharedDump(1) == d0);
    CHECK(SharedDump(2) == d0);
    for (size_t i = 0; i < 3; ++i) {
      auto problems = v[i]->Check();
      REQUIRE(problems.ok());
      CHECK(problems->empty());
    }
    CheckNothingAcknowledgedLost();
  }

  // SIGKILL the hub at random points of random devices' sessions.
  void KillHubRepeatedly(int kills) {
    int interrupted = 0;
    // How long a whole session takes here, so kills fall anywhere in one (and sometimes after).
    RandomEdits(0, 6);
    const auto c0 = std::chrono::steady_clock::now();
    REQUIRE(Sync(0).ok());
    double typical_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - c0).count();
    for (int k = 0; k < kills; ++k) {
      const size_t i = rng() % 3;
      RandomEdits(i, 1 + static_cast<int>(rng() % 6));
      const auto delay = std::chrono::microseconds(rng() % static_cast<uint64_t>(typical_ms * 1200));
      const pid_t victim = hub.pid();
      std::thread killer([victim, delay] {
        std::this_thread::sleep_for(delay);
        kill(victim, SIGKILL);
      });
      const auto t0 = std::chrono::steady_clock::now();
      auto r = Sync(i);
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      killer.join();
      if (r.ok()) typical_ms = 0.8 * typical_ms + 0.2 * ms;
      else ++interrupted;
      Restart();
      if (k % 25 == 24) CheckNothingAcknowledgedLost();
    }
    MESSAGE(kills << " SIGKILLs of the hub, " << interrupted << " of them interrupted a session (" << FailedAt() << ")");
    CHECK(interrupted > kills / 5);
  }

  void CutConnections(int sessions) {
    cut_limit = 48 * 1024;
    int failed = 0;
    for (int s = 0; s < sessions; ++s) {
      const size_t i = rng() % 3;
      RandomEdits(i, 1 + static_cast<int>(rng() % 6));
      if (!Sync(i).ok()) ++failed;
    }
    cut_limit = -1;
    MESSAGE(sessions << " sessions through a cutting proxy, " << failed << " cut, " << proxy->cuts.load()
                     << " connections cut (" << FailedAt() << ")");
    CHECK(failed > 0);
  }

  void KillDevices(int kills) {
    for (int k = 0; k < kills; ++k) {
      RandomEdits(0, 20);
      REQUIRE(Sync(0).ok());
      const size_t victim = 1 + static_cast<size_t>(k % 2);
      v[victim].reset();
      pid_t child = fork();
      REQUIRE(child >= 0);
      if (child == 0) {
        auto opened = core::Vault::Open(paths[victim], HubPass(), HubDeviceOptions("", ""));
        if (opened.ok()) (void)sync::SyncWithHub(**opened);
        _exit(0);
      }
      usleep(static_cast<useconds_t>(rng() % 400000));
      kill(child, SIGKILL);
      int status = 0;
      waitpid(child, &status, 0);
      Reopen(victim);
      auto problems = v[victim]->Check();
      REQUIRE(problems.ok());
      CHECK(problems->empty());
      auto r = Sync(victim);
      REQUIRE_MESSAGE(r.ok(), r.status().message());
    }
  }
};

std::vector<std::string> SqliteArgs(const std::string& dir) { return {"--data", dir}; }

// Every device edits and syncs once.
void FirstSyncs(FaultWorld& w) {
  for (size_t i = 0; i < 3; ++i) {
    w.RandomEdits(i, 10);
    REQUIRE(w.Sync(i).ok());
  }
}

// A hub child process on a fresh SQLite folder, every device synced once.
struct SqliteFaultWorld {
  TempDir data;
  std::string dir = data.path().string();
  FaultWorld w{7, SqliteArgs(dir), [d = dir] { return hub::OpenSqliteStore(d); }};
  SqliteFaultWorld() { FirstSyncs(w); }
};

}  // namespace

// Each case is its own ctest entry (tests/CMakeLists.txt: --test-case), with its own timeout, so
// the SIGKILL runs and the other faults of each backend run side by side under `ctest -j`.
TEST_CASE("SQLite hub: SIGKILLs lose nothing and apply nothing twice") {
  SqliteFaultWorld world;
  world.w.KillHubRepeatedly(Kills());
  world.w.Quiesce();
}

TEST_CASE("SQLite hub: cut connections, a full disk and killed devices lose nothing and apply nothing twice") {
  SqliteFaultWorld world;
  FaultWorld& w = world.w;
  w.CutConnections(30);
  w.Quiesce();

  // The disk fills up. A clean stop checkpoints and removes the WAL; the hub then starts with
  // RLIMIT_FSIZE at 64 KiB, so its shared-memory file (32 KiB) and small writes still fit but a
  // write at any offset past 64 KiB fails (EFBIG): 200 KB of notes that do not compress cannot be
  // stored, and the hub must not acknowledge them.
  w.hub.Stop();
  w.Restart(64 * 1024);
  auto dossiers = core::ListDossiers(*w.v[1]);
  REQUIRE(dossiers.ok());
  REQUIRE(!dossiers->empty());
  for (int n = 0; n < 20; ++n) {
    std::string body;
    for (int c = 0; c < 10000; ++c) body += "0123456789abcdef"[w.rng() % 16];
    REQUIRE(core::AddNote(*w.v[1], {{"dossier_id", dossiers->front().dossier.id}, {"body", body}}).ok());
  }
  auto full = w.Sync(1);
  REQUIRE_FALSE(full.ok());
  MESSAGE("with the hub's disk full: " << full.status().message() << " (" << w.FailedAt() << ")");
  CHECK(full.status().code() == Code::kIoError);
  w.Restart();
  w.Quiesce();

  w.KillDevices(8);
  w.Quiesce();
}

TEST_CASE("PostgreSQL hub: SIGKILLs lose nothing and apply nothing twice") {
  auto schema = FreshPgSchema("hub fault test");
  if (!schema) return;
  const std::string conninfo = schema->Conninfo();
  FaultWorld w(8, {"--postgres", conninfo}, [conninfo] { return hub::OpenPostgresStore(conninfo); });
  FirstSyncs(w);
  w.KillHubRepeatedly(Kills());
  w.Quiesce();
}

TEST_CASE("PostgreSQL hub: cut connections and PostgreSQL restarts lose nothing and apply nothing twice") {
  auto schema = FreshPgSchema("hub fault test");
  if (!schema) return;
  const std::string conninfo = schema->Conninfo();
  FaultWorld w(9, {"--postgres", conninfo}, [conninfo] { return hub::OpenPostgresStore(conninfo); });
  FirstSyncs(w);
  w.CutConnections(20);
  w.Quiesce();

  // PostgreSQL itself restarted in the middle of sessions (the harness's restart command).
  const char* restart = std::getenv("PASSERELLE_TEST_PG_RESTART");
  if (restart == nullptr) {
    MESSAGE("PostgreSQL restarts not run: PASSERELLE_TEST_PG_RESTART is not set");
    return;
  }
  int failed = 0;
  for (int k = 0; k < 5; ++k) {
    const size_t i = w.rng() % 3;
    w.RandomEdits(i, 10);
    const auto delay = std::chrono::milliseconds(w.rng() % 300);
    std::thread restarter([restart, delay] {
      std::this_thread::sleep_for(delay);
      const std::string command = std::string(restart) + " >/dev/null 2>&1";
      CHECK(std::system(command.c_str()) == 0);
    });
    if (!w.Sync(i).ok()) ++failed;
    restarter.join();
  }
  MESSAGE("5 PostgreSQL restarts during sessions, " << failed << " sessions failed (" << w.FailedAt() << ")");
  w.Quiesce();
}
