// Sealed disclosure packets through the office hub (issue 16: "the hub stores sealed bundles and
// sealed disclosure packets ... a device only ever downloads ... the packets addressed to its
// organisation"; docs/hub.md, "Sealed disclosure packets"). Over loopback TLS with the real hub
// server: a service discloses attendance facts to a maison de justice; the packet waits in the
// service vault's outbox, leaves at its next hub sync, and the maison de justice's device imports
// it into its inbox at its own sync, through the same validation as `inbox import`. Another maison
// de justice on the same hub receives nothing; re-syncs apply nothing twice; a reply lost after
// the hub's commit or after the import sends nothing twice; connections cut at random bytes lose
// nothing and duplicate nothing.
#include <doctest/doctest.h>

#include <random>
#include <set>

#include "../support/disclosure_fixture.h"
#include "../support/hub_process.h"
#include "live_hub.h"
#include "passerelle/core/disclosure.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/hub_enrolment.h"
#include "passerelle/core/inbox.h"
#include "passerelle/core/packet_outbox.h"
#include "passerelle/sync/engine.h"
#include "passerelle/sync/hub_client.h"
#include "passerelle/sync/hub_transport.h"

using namespace passerelle;
using namespace passerelle::testing;

namespace {

constexpr const char* kMons = "Maison de justice de Mons";

struct PacketWorld {
  TempDir dir;
  platform::FakeClock clock{1'780'000'000'000};  // 2026-05-28
  std::unique_ptr<core::Vault> service = MakeVault(dir, "caprev.vault", &clock, "CAPREV");
  std::unique_ptr<core::Vault> mj = MakeVault(dir, "mons.vault", &clock, kMons, "maison_de_justice");
  std::unique_ptr<core::Vault> liege = MakeVault(dir, "liege.vault", &clock, "Maison de justice de Liège", "maison_de_justice");
  std::string dossier;

  PacketWorld() {
    Introduce(*service, *mj);
    Introduce(*service, *liege);
    REQUIRE(sync::InitTeam(*service).ok());  // a service syncs its team's bundles too
    auto person = core::AddPerson(*service, {{"name", "Zoë Peeters"}, {"birth_date", "1990-03-04"}});
    REQUIRE(person.ok());
    dossier = core::AddDossier(*service, {{"person_id", *person}, {"basis", "mandate"}}).value();
    REQUIRE(core::AddVisit(*service, {{"dossier_id", dossier}, {"date", "2026-05-04"}, {"kind", "individual"},
                                      {"outcome", "present"}, {"place", "PLACEMARK"}}, {}).ok());
    REQUIRE(core::AddVisit(*service, {{"dossier_id", dossier}, {"date", "2026-05-11"}, {"kind", "tripartite"},
                                      {"outcome", "no_show"}}, {}).ok());
    REQUIRE(core::AddNote(*service, {{"dossier_id", dossier}, {"body", "NOTEMARK what was said"}}).ok());
  }
  // An attendance attestation for May, to the maison de justice of Mons, through the one path out.
  core::DisclosureResult Disclose(const std::string& from = "2026-05-01", const std::string& to = "2026-05-31") {
    core::DisclosureRequest r;
    r.kind = core::DocumentKind::kAttendance;
    r.dossier_id = dossier;
    r.recipient = kMons;
    r.from_date = from;
    r.to_date = to;
    auto done = core::Disclose(*service, r);
    REQUIRE_MESSAGE(done.ok(), done.status().message());
    REQUIRE_FALSE(done->packet.empty());
    return *done;
  }
  void JoinAll(LiveHub& hub, const std::string& address) {
    for (auto [v, org] : {std::pair{service.get(), "CAPREV"}, {mj.get(), "MJ Mons"}, {liege.get(), "MJ Liège"}}) {
      auto joined = sync::JoinHub(*v, address, hub.Code(org, "worker"));
      REQUIRE_MESSAGE(joined.ok(), joined.status().message());
    }
  }
};

sync::HubSyncResult SyncOk(core::Vault& v) {
  auto r = sync::SyncWithHub(v);
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  return std::move(r).value();
}

size_t Unsent(core::Vault& v) { return core::OutboxPackets(v, true, false).value().size(); }

std::string CardOf(core::Vault& v) { return core::OwnOrganisation(v).value().Fingerprint(); }

// A TLS transport to the device's hub, as SyncWithHub makes it, that loses one kind of POST: its
// reply after the hub handled it, or (`before`) the request itself, as a cut connection would.
class LosingReplies final : public sync::HubTransport {
 public:
  LosingReplies(core::Vault& v, int port, std::string lose_post, bool before = false)
      : lose_(std::move(lose_post)), before_(before) {
    auto e = core::LoadHubEnrolment(v, true).value();
    sync::TlsClientConfig c;
    c.host = "127.0.0.1";
    c.port = port;
    c.pinned_ca_fingerprint_hex = e->ca_fingerprint_hex;
    c.ca_cert_pem = e->ca_cert_pem;
    c.client_cert_pem = e->cert_pem;
    c.client_key_pem = std::move(e->key_pem);
    auto t = sync::ConnectTls(c);
    REQUIRE(t.ok());
    inner_ = std::move(t).value();
  }
  using HubTransport::Post;
  Result<sync::HubReply> Post(std::string_view path, std::string_view type, std::span<const uint8_t> body,
                              const sync::HubHeaders& headers) override {
    if (path == lose_ && before_) {
      ++lost;
      return IoError("The connection with the office hub was cut; try again.");
    }
    auto r = inner_->Post(path, type, body, headers);
    if (path == lose_ && r.ok() && r->status == 200) {
      ++lost;
      return IoError("The connection with the office hub was cut; try again.");
    }
    return r;
  }
  Result<sync::HubReply> Get(std::string_view path) override { return inner_->Get(path); }
  std::unique_ptr<sync::HubTransport>& inner() { return inner_; }
  int lost = 0;

 private:
  std::unique_ptr<sync::HubTransport> inner_;
  std::string lose_;
  bool before_;
};

}  // namespace

TEST_CASE("attendance disclosed by a service reaches the maison de justice's inbox through the hub, once") {
  LiveHub hub;
  PacketWorld w;
  w.JoinAll(hub, hub.address);
  const auto done = w.Disclose();
  // Kept in the outbox until the hub acknowledges it.
  auto outbox = core::OutboxPackets(*w.service, true, false);
  REQUIRE(outbox.ok());
  REQUIRE(outbox->size() == 1);
  CHECK(outbox->front().to_org_name == kMons);
  CHECK(outbox->front().kind == "attendance");
  CHECK(outbox->front().packet_id == core::PacketIdOf(done.packet));
  CHECK(outbox->front().sealed.empty());  // bytes only when asked

  // Before the service synced, the maison de justice finds nothing.
  auto early = SyncOk(*w.mj);
  CHECK(early.packets_received.empty());
  CHECK(early.packets_waiting == 0);

  auto sent = SyncOk(*w.service);
  REQUIRE(sent.packets_sent.size() == 1);
  CHECK(sent.packets_sent[0].kind == "attendance");
  CHECK(sent.packets_sent[0].organisation == kMons);
  CHECK(Unsent(*w.service) == 0);
  CHECK_FALSE(core::OutboxPackets(*w.service, false, false)->front().sent_at.empty());
  CHECK(SyncOk(*w.service).packets_sent.empty());  // sent once
  auto at_hub = hub.store->PacketsFor(CardOf(*w.mj));
  REQUIRE(at_hub.ok());
  CHECK(at_hub->size() == 1);

  // Another maison de justice on the same hub: nothing is listed, nothing is fetched.
  auto other = SyncOk(*w.liege);
  CHECK(other.packets_waiting == 0);
  CHECK(other.packets_received.empty());
  CHECK(core::ListReceived(*w.liege)->empty());
  // Nor does the sending service fetch it (it is not addressed to its organisation).
  CHECK(SyncOk(*w.service).packets_waiting == 0);

  auto got = SyncOk(*w.mj);
  REQUIRE(got.packets_received.size() == 1);
  CHECK(got.packets_received[0].person == "Zoë Peeters");
  CHECK(got.packets_received[0].visits == 2);
  CHECK(got.packets_received[0].organisation == "CAPREV");
  CHECK(got.packets_waiting == 0);
  auto inbox = core::ListReceived(*w.mj);
  REQUIRE(inbox.ok());
  REQUIRE(inbox->size() == 1);
  const auto& a = inbox->front();
  CHECK(a.person_name == "Zoë Peeters");
  CHECK(a.person_birth_date == "1990-03-04");
  CHECK(a.verification_code == done.verification_code);
  REQUIRE(a.visits.size() == 2);
  CHECK(a.visits[0].date == "2026-05-04");
  CHECK(a.visits[0].outcome == "present");
  CHECK(a.visits[1].date == "2026-05-11");
  CHECK(a.visits[1].outcome == "no_show");
  // Exactly the attendance facts: nothing else of the service's file reached the maison de justice.
  const std::string dump = core::CanonicalDump(*w.mj, {}).value();
  CHECK(dump.find("PLACEMARK") == std::string::npos);
  CHECK(dump.find("NOTEMARK") == std::string::npos);

  // Re-syncs apply nothing twice; the same file through `inbox import` is recognised too.
  auto again = SyncOk(*w.mj);
  CHECK(again.packets_received.empty());
  CHECK(again.packets_already_held == 0);
  CHECK(core::ImportAttendancePacket(*w.mj, done.packet).status().code() == Code::kConflict);
  CHECK(core::ListReceived(*w.mj)->size() == 1);

  // What the hub keeps: sealed bytes, no name, no fact.
  const std::string hub_file = FileText(hub.data.File("hub.sqlite")) + FileText(hub.data.File("hub.sqlite-wal"));
  CHECK(hub_file.find("Zoë Peeters") == std::string::npos);
  CHECK(hub_file.find("1990-03-04") == std::string::npos);
  CHECK(hub_file.find("no_show") == std::string::npos);
  CHECK(hub_file.find("PLACEMARK") == std::string::npos);
}

TEST_CASE("a reply lost after the hub stored a packet, or after the inbox imported it, sends and imports nothing twice") {
  LiveHub hub;
  PacketWorld w;
  w.JoinAll(hub, hub.address);
  w.Disclose();
  const int port = hub.server->port();
  {
    LosingReplies cut(*w.service, port, "/v1/packets");
    auto r = sync::SyncWithHubOver(*w.service, cut);
    CHECK_FALSE(r.ok());
    CHECK(cut.lost == 1);
  }
  CHECK(Unsent(*w.service) == 1);  // not marked sent: the hub's answer never arrived
  auto resent = SyncOk(*w.service);
  CHECK(resent.packets_sent.size() == 1);
  CHECK(Unsent(*w.service) == 0);
  CHECK(hub.store->PacketsFor(CardOf(*w.mj))->size() == 1);  // the same id, stored once

  {
    // Imported, but "received" never reached the hub.
    LosingReplies cut(*w.mj, port, "/v1/packets/received", true);
    auto r = sync::SyncWithHubOver(*w.mj, cut);
    CHECK_FALSE(r.ok());
    CHECK(cut.lost == 1);
  }
  CHECK(core::ListReceived(*w.mj)->size() == 1);  // the import itself was durable
  auto next = SyncOk(*w.mj);
  CHECK(next.packets_received.empty());
  CHECK(next.packets_already_held == 1);  // recognised, only acknowledged
  CHECK(next.packets_waiting == 0);
  auto last = SyncOk(*w.mj);
  CHECK(last.packets_already_held == 0);  // the hub lists it no more
  CHECK(core::ListReceived(*w.mj)->size() == 1);
  // A second packet whose "received" reply is lost after the hub recorded it: nothing more to do.
  w.Disclose("2026-05-01", "2026-05-07");
  SyncOk(*w.service);
  {
    LosingReplies cut(*w.mj, port, "/v1/packets/received");
    CHECK_FALSE(sync::SyncWithHubOver(*w.mj, cut).ok());
  }
  CHECK(core::ListReceived(*w.mj)->size() == 2);
  auto after = SyncOk(*w.mj);
  CHECK(after.packets_received.empty());
  CHECK(after.packets_waiting == 0);
  CHECK(core::ListReceived(*w.mj)->size() == 2);
}

TEST_CASE("connections cut at random bytes during packet uploads and downloads lose nothing and duplicate nothing") {
  LiveHub hub;
  PacketWorld w;
  std::atomic<long> limit{-1};
  std::mt19937_64 rng(16);
  CuttingProxy proxy([&] { return hub.server->port(); }, [&] { return limit.load(); });
  w.JoinAll(hub, "127.0.0.1:" + std::to_string(proxy.port()));
  std::set<std::string> codes;
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"2026-05-01", "2026-05-31"}, {"2026-05-01", "2026-05-07"}, {"2026-05-08", "2026-05-31"}})
    codes.insert(w.Disclose(from, to).verification_code);
  int failures = 0;
  for (core::Vault* v : {w.service.get(), w.mj.get()}) {
    for (int attempt = 0;; ++attempt) {
      REQUIRE(attempt < 300);
      // A cut somewhere in the TLS handshake, a request or a reply (a packet is a few kB).
      limit = static_cast<long>(rng() % 16000);
      auto r = sync::SyncWithHub(*v);
      if (r.ok()) break;
      ++failures;
      CHECK(r.status().code() == Code::kIoError);
      CHECK(v->Check().value().empty());
    }
  }
  limit = -1;
  SyncOk(*w.mj);
  MESSAGE("sessions cut before completing: " << failures << ", connections cut: " << proxy.cuts.load());
  CHECK(failures > 0);
  CHECK(Unsent(*w.service) == 0);
  CHECK(hub.store->PacketsFor(CardOf(*w.mj))->size() == 3);
  auto inbox = core::ListReceived(*w.mj);
  REQUIRE(inbox.ok());
  REQUIRE(inbox->size() == 3);  // each once
  std::set<std::string> received;
  for (const auto& a : *inbox) received.insert(a.verification_code);
  CHECK(received == codes);
}

namespace {

// A TLS transport to the device's hub that spoils one packet upload's recipient header, so the
// hub refuses that packet with a 400, as it would a malformed or oversized one.
class SpoilingPacket final : public sync::HubTransport {
 public:
  SpoilingPacket(core::Vault& v, int port) : inner_(std::move(LosingReplies(v, port, "").inner())) {}
  using HubTransport::Post;
  Result<sync::HubReply> Post(std::string_view path, std::string_view type, std::span<const uint8_t> body,
                              const sync::HubHeaders& headers) override {
    sync::HubHeaders sent = headers;
    if (path == "/v1/packets" && spoiled_ == 0) {
      ++spoiled_;
      for (auto& [name, value] : sent)
        if (name == "X-Passerelle-To-Org") value = "not a card!";
    }
    return inner_->Post(path, type, body, sent);
  }
  Result<sync::HubReply> Get(std::string_view path) override { return inner_->Get(path); }

 private:
  std::unique_ptr<sync::HubTransport> inner_;
  int spoiled_ = 0;
};

}  // namespace

TEST_CASE("a packet the hub refuses is reported once and blocks neither the other packets nor later syncs") {
  LiveHub hub;
  PacketWorld w;
  w.JoinAll(hub, hub.address);
  w.Disclose("2026-05-01", "2026-05-07");   // the one the hub will refuse
  w.Disclose("2026-05-08", "2026-05-31");
  auto person = core::AddPerson(*w.service, {{"name", "Someone New"}});  // and a change for the team
  REQUIRE(person.ok());
  {
    SpoilingPacket spoil(*w.service, hub.server->port());
    auto r = sync::SyncWithHubOver(*w.service, spoil);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    CHECK(r->packets_refused == 1);
    CHECK_FALSE(r->packet_refused_reason.empty());
    CHECK(r->packets_sent.size() == 1);  // the other packet went
    CHECK(r->sent > 0);                  // and the bundle of the team's changes before it
  }
  CHECK(Unsent(*w.service) == 0);  // neither waits any more
  auto all = core::OutboxPackets(*w.service, false, false);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  CHECK_FALSE(all->at(0).refused.empty());
  CHECK(all->at(0).sent_at.empty());
  CHECK(all->at(1).refused.empty());
  auto next = SyncOk(*w.service);  // reported once, not sent again
  CHECK(next.packets_refused == 0);
  CHECK(next.packets_sent.empty());
  auto got = SyncOk(*w.mj);
  CHECK(got.packets_received.size() == 1);
}

TEST_CASE("two maison de justice devices of one organisation importing the same packet list it once") {
  LiveHub hub;
  PacketWorld w;
  // A second device of the maison de justice of Mons, joined to its team (same organisation card).
  REQUIRE(sync::InitTeam(*w.mj).ok());
  const std::string team_file = w.dir.File("mons-team.key");
  REQUIRE(sync::ExportTeamKey(*w.mj, team_file, platform::SecureBuffer::FromString("team"),
                              core::KdfParams::LowCostForTests()).ok());
  auto mj2 = MakeVault(w.dir, "mons2.vault", &w.clock, kMons, "maison_de_justice");
  REQUIRE(sync::JoinTeam(*mj2, team_file, platform::SecureBuffer::FromString("team")).ok());
  auto caprev = core::OwnOrganisation(*w.service);
  REQUIRE(caprev.ok());
  const Status knows = core::AddVerifiedRecipient(*mj2, core::EncodeCard(*caprev), caprev->Fingerprint()).status();
  REQUIRE_MESSAGE((knows.ok() || knows.code() == Code::kConflict), knows.message());
  w.JoinAll(hub, hub.address);
  REQUIRE(sync::JoinHub(*mj2, hub.address, hub.Code("MJ Mons", "second")).ok());
  w.Disclose();
  SyncOk(*w.service);
  // Both fetch and import it before either's import reached the other.
  CHECK(SyncOk(*w.mj).packets_received.size() == 1);
  CHECK(SyncOk(*mj2).packets_received.size() == 1);
  // Then their team's bundles cross: the two imports are one attestation.
  for (int round = 0; round < 2; ++round) {
    SyncOk(*w.mj);
    SyncOk(*mj2);
  }
  auto one = core::ListReceived(*w.mj);
  auto two = core::ListReceived(*mj2);
  REQUIRE(one.ok());
  REQUIRE(two.ok());
  CHECK(one->size() == 1);
  CHECK(two->size() == 1);
  REQUIRE(!one->empty());
  CHECK(one->front().visits.size() == 2);
  CHECK(core::CanonicalDump(*w.mj, {}).value() == core::CanonicalDump(*mj2, {}).value());
}
