// Lock cancels a hub sync (issue 16; docs/hub.md, "In the app"), headless: the app (AppController,
// no window) syncs with a real hub over loopback TLS, through a relay that stalls the connection
// in the middle of the upload, as a hub that stops answering would. Locking must end the sync
// promptly (not after the transport's 30-second timeout), leave the vault healthy with nothing
// half-applied, and the next sync after unlocking must complete.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

#include "../support/hub_process.h"
#include "../ui/load_i18n.h"
#include "app_controller.h"
#include "demo_vault.h"
#include "live_hub.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/crdt/knowledge.h"
#include "passerelle/sync/engine.h"
#include "passerelle/sync/hub_client.h"
#include "passerelle/sync/hub_device_key.h"
#include "passerelle/sync/hub_transport.h"

using namespace passerelle;
using namespace passerelle::ui;
using passerelle::testing::ListenOnLoopback;

namespace {

// Relays 127.0.0.1:port() to the hub; once `stall_after` bytes went from the device to the hub on a
// connection, relays nothing more on it (the sockets stay open: the device waits for an answer).
class StallingRelay {
 public:
  StallingRelay(int hub_port, long stall_after) : hub_port_(hub_port), stall_after_(stall_after) {
    listen_ = ListenOnLoopback(&port_);
    thread_ = std::thread([this] { Loop(); });
  }
  ~StallingRelay() {
    stop_ = true;
    thread_.join();
    close(listen_);
  }
  int port() const { return port_; }
  std::atomic<bool> stalling{true};   // false: relay everything (the next sync)
  std::atomic<int> stalled{0};        // connections held

 private:
  void Loop() {
    std::vector<std::thread> relays;
    while (!stop_) {
      pollfd p{listen_, POLLIN, 0};
      if (poll(&p, 1, 50) != 1) continue;
      const int client = accept(listen_, nullptr, nullptr);
      if (client >= 0) relays.emplace_back([this, client] { Relay(client); });
    }
    for (auto& t : relays) t.join();
  }
  void Relay(int client) {
    const int hub = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(hub_port_));
    long up = 0;
    bool open = connect(hub, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    bool held = false;
    char buf[4096];
    while (open && !stop_) {
      if (stalling && up >= stall_after_) {
        if (!held) ++stalled;
        held = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      pollfd fds[2] = {{client, POLLIN, 0}, {hub, POLLIN, 0}};
      if (poll(fds, 2, 50) <= 0) continue;
      for (int i = 0; i < 2 && open; ++i) {
        if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        size_t want = sizeof buf;
        if (i == 0 && stalling) want = std::min<size_t>(want, static_cast<size_t>(std::max<long>(stall_after_ - up, 1)));
        const ssize_t n = read(fds[i].fd, buf, want);
        if (n <= 0 || send(fds[1 - i].fd, buf, static_cast<size_t>(n), MSG_NOSIGNAL) != n) open = false;
        if (i == 0 && n > 0) up += n;
      }
    }
    close(hub);
    close(client);
  }
  int hub_port_;
  long stall_after_;
  int listen_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

TEST_CASE("locking the app during a hub sync stops it at once; nothing is half-applied and the next sync completes") {
  testing::LiveHub hub;
  testing::TempDir dir;
  const std::string path = dir.File("demo.vault");
  // A device with a team and a day of notes to upload (far more than the relay lets through).
  StallingRelay relay(hub.server->port(), 24 * 1024);
  {
    auto v = demo::CreateDemoVault(path);
    REQUIRE_MESSAGE(v.ok(), v.status().message());
    REQUIRE(sync::InitTeam(**v).ok());
    auto dossiers = core::ListDossiers(**v);
    REQUIRE(dossiers.ok());
    REQUIRE_FALSE(dossiers->empty());
    std::mt19937 rng(7);  // text that does not compress away: the upload is tens of kilobytes
    for (int i = 0; i < 40; ++i) {
      std::string body = "Note " + std::to_string(i) + ":";
      while (body.size() < 2000) body += " " + std::to_string(rng());
      REQUIRE(core::AddNote(**v, {{"dossier_id", dossiers->front().dossier.id}, {"scope", "service"}, {"body", body}}).ok());
    }
    auto joined = sync::JoinHub(**v, "127.0.0.1:" + std::to_string(relay.port()), hub.Code("CAPREV", "Ana"));
    REQUIRE_MESSAGE(joined.ok(), joined.status().message());
  }
  setenv("PASSERELLE_ASSETS", PASSERELLE_SOURCE_DIR "/assets", 1);
  platform::FakeClock clock{1'000'000};
  I18n i18n = testing::LoadI18n();
  AppConfig config;
  config.vault_path = path;
  config.timers_clock = &clock;  // hub_port left null: the real hub client over TLS
  auto app = std::make_unique<AppController>(config, i18n);
  const auto pass = platform::SecureBuffer::FromString(demo::kDemoPassphrase);
  REQUIRE(app->UnlockWith(pass).ok());
  auto apply = [&](auto intent) {
    UiIntents out;
    out.Push(std::move(intent));
    app->Apply(out);
  };
  apply(intent::Navigate{Screen::kSync});
  REQUIRE(app->hub().enrolled());
  apply(intent::SyncWithOffice{});
  REQUIRE(app->hub().running());
  for (int i = 0; i < 500 && relay.stalled.load() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    app->Tick();
  }
  REQUIRE(relay.stalled.load() > 0);  // the upload is under way and the hub no longer answers
  REQUIRE(app->hub().running());

  const auto t0 = std::chrono::steady_clock::now();
  apply(intent::Lock{});
  const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  MESSAGE("Lock returned after " << waited.count() << " ms");
  CHECK(waited.count() < 2000);  // the transport's timeout is 30 s
  CHECK_FALSE(app->unlocked());
  CHECK_FALSE(app->hub().running());
  // The cut upload was not stored (its bytes may still reach the hub whole from the relay's
  // buffers later: then the hub holds it, and the next sync sends nothing twice).
  CHECK(hub.store->BundlesOf("CAPREV")->empty());

  // The vault is whole, and the next sync completes what the first started.
  relay.stalling = false;
  REQUIRE(app->UnlockWith(pass).ok());
  apply(intent::Navigate{Screen::kSync});
  apply(intent::SyncWithOffice{});
  for (int i = 0; i < 3000 && app->hub().running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    app->Tick();
  }
  REQUIRE_FALSE(app->hub().running());
  REQUIRE_MESSAGE(app->hub().result(), (app->hub().error() ? app->hub().error()->detail : std::string("no result")));
  // Every note is at the hub now, once or (a late complete copy of the cut upload) twice: the
  // declared ranges of what it stores cover them, and importers drop what they already hold.
  auto stored = hub.store->BundlesOf("CAPREV");
  REQUIRE(stored.ok());
  crdt::Knowledge at_hub;
  for (const auto& b : *stored)
    for (const auto& r : b.ranges) at_hub.AddRange(r.replica, {r.first, r.last});
  uint64_t ops = 0;
  for (const auto& [replica, ranges] : at_hub.ranges())
    for (const auto& r : ranges) ops += r.last - r.first + 1;
  CHECK(ops > 40);
  MESSAGE("the second sync sent " << app->hub().result()->uploaded << " changes; the hub holds " << ops);
  apply(intent::Lock{});
  auto reopened = core::Vault::Open(path, pass);
  REQUIRE(reopened.ok());
  CHECK((*reopened)->Check().value().empty());
}

// The cancel flag also reaches a connection still being set up: here a server that accepts the
// TCP connection (the kernel does, from its backlog) and never answers the TLS handshake. Lock used
// to wait for the transport's 30-second timeout there; now the transport shuts the socket itself.
TEST_CASE("a cancel also cuts a connection still in its TLS handshake") {
  REQUIRE(platform::InitCrypto());
  int port = 0;
  const int silent = ListenOnLoopback(&port);

  auto ca = hub::CertificateAuthority::Create("Silent office");
  REQUIRE(ca.ok());
  auto key = sync::MakeDeviceKeyAndCsr("device");
  REQUIRE(key.ok());
  auto cert = ca->SignDeviceCsr(key->csr_pem, "0123456789abcdef");
  REQUIRE(cert.ok());
  std::atomic<bool> cancel{false};
  sync::TlsClientConfig c;
  c.host = "127.0.0.1";
  c.port = port;
  c.pinned_ca_fingerprint_hex = ca->fingerprint_hex();
  c.ca_cert_pem = ca->cert_pem();
  c.client_cert_pem = *cert;
  c.client_key_pem = std::move(key->key_pem);
  c.timeout_seconds = 30;
  c.cancel = &cancel;
  auto transport = sync::ConnectTls(c);
  REQUIRE_MESSAGE(transport.ok(), transport.status().message());

  std::thread locker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    cancel = true;
  });
  const auto t0 = std::chrono::steady_clock::now();
  auto r = (*transport)->Post("/v1/holdings", "application/json", std::span<const uint8_t>());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  locker.join();
  REQUIRE_FALSE(r.ok());
  CHECK(sync::IsHubSyncCancelled(r.status()));
  CHECK(seconds < 3.0);
  MESSAGE("cancelled in the handshake after " << seconds << " s");
  close(silent);
}
