// The hub's doors (issue 16, "Security tests"), over real TLS on loopback: a hub server in this
// process (port chosen by the system, SQLite store in a scratch directory) and devices using the
// real TLS transport. Each refusal is asserted by the sentence the device reads.
#include <doctest/doctest.h>
#include <httplib.h>
#include <openssl/ssl.h>

#include <atomic>

#include "passerelle/hub/ca.h"
#include "passerelle/hub/server.h"
#include "passerelle/hub/store.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/sync/bundle.h"
#include "passerelle/sync/hub_device_key.h"
#include "passerelle/sync/hub_identity.h"
#include "passerelle/sync/hub_memory_transport.h"
#include "passerelle/sync/hub_protocol.h"
#include "passerelle/sync/hub_transport.h"
#include "support/temp_dir.h"

using namespace passerelle;
namespace proto = passerelle::sync::hubproto;

namespace {

constexpr const char* kCaprevCard = "7K3Q-9XPA-M2DE-4HRT";
constexpr const char* kMonsCard = "QQ4R-8ZZT-2BCD-HJK9";
constexpr int64_t kT0 = 1'800'000'000'000;

std::string Text(const std::vector<uint8_t>& b) { return std::string(b.begin(), b.end()); }
std::string ErrorOf(const sync::HubReply& r) { return proto::DecodeErrorBody(r.body, r.status).error; }

// A hub: store, CA, a clock the test moves, and the TLS server on a free loopback port.
struct Hub {
  testing::TempDir dir;
  std::unique_ptr<hub::Store> store;
  std::atomic<int64_t> now{kT0};
  std::unique_ptr<hub::HubServer> server;
  std::string ca_pem, ca_fp, pin;

  explicit Hub(const std::string& name) {
    REQUIRE(platform::InitCrypto());
    auto s = hub::OpenSqliteStore(dir.path().string());
    REQUIRE(s.ok());
    store = std::move(*s);
    auto ca = hub::CertificateAuthority::Create(name);
    REQUIRE(ca.ok());
    REQUIRE(hub::SaveNewCa(*store, *ca, name).ok());
    ca_pem = ca->cert_pem();
    ca_fp = ca->fingerprint_hex();
    pin = ca->Pin();
    auto srv = hub::HubServer::Start(*store, {"127.0.0.1", 0, 10}, [this] { return now.load(); });
    REQUIRE_MESSAGE(srv.ok(), srv.status().message());
    server = std::move(*srv);
  }
  int port() const { return server->port(); }

  std::string Code(const std::string& org, const std::string& worker, int64_t at) {
    auto ca = hub::LoadCa(*store);
    REQUIRE(ca.ok());
    auto code = hub::IssueEnrolmentCode(*store, *ca, org, worker, at);
    REQUIRE(code.ok());
    return code->code;
  }
};

struct Device {
  std::string device_id, cert_pem, ca_cert_pem;
  platform::SecureBuffer key_pem;
};

Result<sync::HubReply> TryEnrol(const Hub& hub, const std::string& typed_code, const std::string& card,
                                Device* device = nullptr) {
  auto code = sync::ParseEnrolmentCode(typed_code);
  REQUIRE(code.has_value());
  PASSERELLE_ASSIGN_OR_RETURN(auto transport, sync::ConnectForEnrolment("127.0.0.1", hub.port(), code->pin));
  auto key = sync::MakeDeviceKeyAndCsr("test device");
  REQUIRE(key.ok());
  const std::string body = proto::EncodeEnrolRequest({code->secret, key->csr_pem, card, "Alice"});
  PASSERELLE_ASSIGN_OR_RETURN(sync::HubReply reply, transport->Post(proto::kEnrolPath, proto::kJsonType, proto::BytesOf(body)));
  if (reply.status == 200 && device != nullptr) {
    auto decoded = proto::DecodeEnrolReply(reply.body);
    REQUIRE(decoded.ok());
    device->device_id = decoded->device_id;
    device->cert_pem = decoded->cert_pem;
    device->ca_cert_pem = decoded->ca_cert_pem;
    device->key_pem = std::move(key->key_pem);
  }
  return reply;
}

Device Enrol(Hub& hub, const std::string& org, const std::string& card) {
  Device d;
  auto reply = TryEnrol(hub, hub.Code(org, "Alice", hub.now.load()), card, &d);
  REQUIRE_MESSAGE(reply.ok(), reply.status().message());
  REQUIRE_MESSAGE(reply->status == 200, Text(reply->body));
  return d;
}

std::unique_ptr<sync::HubTransport> Connect(const Hub& hub, const Device& d, const std::string& pinned_ca_pem = "",
                                            const std::string& pinned_fp = "") {
  sync::TlsClientConfig config;
  config.host = "127.0.0.1";
  config.port = hub.port();
  config.ca_cert_pem = pinned_ca_pem.empty() ? d.ca_cert_pem : pinned_ca_pem;
  config.pinned_ca_fingerprint_hex = pinned_fp.empty() ? hub.ca_fp : pinned_fp;
  config.client_cert_pem = d.cert_pem;
  config.client_key_pem = platform::SecureBuffer::FromString(d.key_pem.view());
  config.timeout_seconds = 10;
  auto t = sync::ConnectTls(config);
  REQUIRE_MESSAGE(t.ok(), t.status().message());
  return std::move(*t);
}

sync::HubReply Holdings(sync::HubTransport& t) {
  auto r = t.Post(proto::kHoldingsPath, proto::kJsonType, proto::BytesOf("{}"));
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  return *r;
}

std::vector<uint8_t> SealedBundle(core::BundleId* id) {
  sync::Payload payload;
  platform::RandomBytes(payload.id);
  *id = payload.id;
  platform::SecureBuffer key(sync::kTeamKeyBytes);
  platform::RandomBytes({key.data(), key.size()});
  auto sealed = sync::SealBundle(payload, key);
  REQUIRE(sealed.ok());
  return *sealed;
}

std::string Hex(std::span<const uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

}  // namespace

TEST_CASE("enrolment codes read aloud: format, parse, pin") {
  sync::EnrolmentCode code{"7K3Q9XPA", "M2DE4HRTKQ2V"};
  CHECK(sync::FormatEnrolmentCode(code) == "7K3Q-9XPA-M2DE-4HRT-KQ2V");
  auto parsed = sync::ParseEnrolmentCode("7k3q 9xpa-m2de-4hrt-kq2v");
  REQUIRE(parsed.has_value());
  CHECK(parsed->secret == "7K3Q9XPA");
  CHECK(parsed->pin == "M2DE4HRTKQ2V");
  CHECK(sync::ParseEnrolmentCode("7K3Q-9XPA-M2DE-4HRT-KQ2")  == std::nullopt);   // one short
  CHECK(sync::ParseEnrolmentCode("7K3Q-9XPA-M2DE-4HRT-KQ2U") == std::nullopt);   // U is not base32
  CHECK(sync::ParseEnrolmentCode("OK3Q-9XPA-M2DE-4HRT-KQ2V")->secret == "0K3Q9XPA");  // O read as 0
  CHECK(sync::PinOfFingerprintHex(std::string(64, '0')) == "000000000000");
  CHECK(sync::PinOfFingerprintHex("xyz").empty());
}

TEST_CASE("an enrolled device syncs; the code printed pins this hub") {
  Hub hub("MJ Mons");
  const std::string code = hub.Code("CAPREV", "Alice", kT0);
  CHECK(code.size() == 24);
  CHECK(code.substr(10, 14) == sync::FormatEnrolmentCode({"00000000", hub.pin}).substr(10, 14));
  Device d;
  auto reply = TryEnrol(hub, code, kCaprevCard, &d);
  REQUIRE(reply.ok());
  REQUIRE(reply->status == 200);
  CHECK(d.device_id.size() == 16);
  auto t = Connect(hub, d);
  CHECK(Holdings(*t).status == 200);
  auto devices = hub.store->Devices();
  REQUIRE(devices.ok());
  REQUIRE(devices->size() == 1);
  CHECK((*devices)[0].org == "CAPREV");
  CHECK((*devices)[0].worker == "Alice");
  CHECK_FALSE((*devices)[0].revoked);
}

TEST_CASE("a request without a client certificate is refused") {
  Hub hub("MJ Mons");
  // The enrolment transport pins the hub but carries no certificate.
  auto t = sync::ConnectForEnrolment("127.0.0.1", hub.port(), hub.pin);
  REQUIRE(t.ok());
  sync::HubReply r = Holdings(**t);
  CHECK(r.status == 403);
  CHECK(ErrorOf(r) == hub::kNoCertificateSentence);
  auto get = (*t)->Get("/v1/bundles/00112233445566778899aabbccddeeff");
  REQUIRE(get.ok());
  CHECK(get->status == 403);
  CHECK(ErrorOf(*get) == hub::kNoCertificateSentence);
}

TEST_CASE("a revoked device is refused at its next request") {
  Hub hub("MJ Mons");
  Device d = Enrol(hub, "CAPREV", kCaprevCard);
  auto t = Connect(hub, d);
  CHECK(Holdings(*t).status == 200);
  REQUIRE(hub.store->Revoke(d.device_id).ok());
  sync::HubReply r = Holdings(*t);  // same connection, kept alive: the check is per request
  CHECK(r.status == 403);
  CHECK(ErrorOf(r) == "This device was revoked by the office; ask the administrator to enrol it again.");
  auto fresh = Connect(hub, d);
  CHECK(ErrorOf(Holdings(*fresh)) == hub::kRevokedSentence);
}

TEST_CASE("a certificate from another hub's authority is refused") {
  Hub hub("MJ Mons");
  Hub other("MJ Liège");
  Device stranger = Enrol(other, "CAPREV", kCaprevCard);
  // It trusts this hub (pinned correctly) but presents the other hub's certificate.
  auto t = Connect(hub, stranger, hub.ca_pem, hub.ca_fp);
  sync::HubReply r = Holdings(*t);
  CHECK(r.status == 403);
  CHECK(ErrorOf(r) == hub::kForeignCertificateSentence);
}

TEST_CASE("a device refuses a hub that is not the one it enrolled with") {
  Hub hub("MJ Mons");
  Hub other("MJ Liège");
  Device d = Enrol(hub, "CAPREV", kCaprevCard);
  // The other hub answers at the address this device knows.
  sync::TlsClientConfig config;
  config.host = "127.0.0.1";
  config.port = other.port();
  config.ca_cert_pem = d.ca_cert_pem;
  config.pinned_ca_fingerprint_hex = hub.ca_fp;
  config.client_cert_pem = d.cert_pem;
  config.client_key_pem = platform::SecureBuffer::FromString(d.key_pem.view());
  auto t = sync::ConnectTls(config);
  REQUIRE(t.ok());
  auto r = (*t)->Post(proto::kHoldingsPath, proto::kJsonType, proto::BytesOf("{}"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Code::kIoError);
  CHECK(r.status().message() == "The hub at this address is not the office hub this device was enrolled with.");
}

TEST_CASE("a wrong hub fingerprint at enrolment stops before the code is sent") {
  Hub hub("MJ Mons");
  Hub other("MJ Liège");
  const std::string code = hub.Code("CAPREV", "Alice", kT0);
  auto parsed = sync::ParseEnrolmentCode(code);
  REQUIRE(parsed.has_value());
  // The code names `hub`, but `other` answers at the address.
  auto t = sync::ConnectForEnrolment("127.0.0.1", other.port(), parsed->pin);
  REQUIRE(t.ok());
  auto key = sync::MakeDeviceKeyAndCsr("d");
  REQUIRE(key.ok());
  const std::string body = proto::EncodeEnrolRequest({parsed->secret, key->csr_pem, kCaprevCard, "Alice"});
  auto r = (*t)->Post(proto::kEnrolPath, proto::kJsonType, proto::BytesOf(body));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() ==
        "The hub at this address is not the one the enrolment code names; check the address and the code.");
  auto attempts = other.store->FailedAttemptsSince("", 0);
  REQUIRE(attempts.ok());
  CHECK(*attempts == 0);  // nothing reached the impostor
  // The code is still good at the right hub.
  auto good = TryEnrol(hub, code, kCaprevCard);
  REQUIRE(good.ok());
  CHECK(good->status == 200);
}

TEST_CASE("an expired enrolment code is refused") {
  Hub hub("MJ Mons");
  const std::string code = hub.Code("CAPREV", "Alice", kT0);
  hub.now = kT0 + hub::kEnrolmentLifetimeMs + 1;
  auto r = TryEnrol(hub, code, kCaprevCard);
  REQUIRE(r.ok());
  CHECK(r->status == 403);
  CHECK(ErrorOf(*r) == "This enrolment code has expired; ask the administrator for a new one.");
  auto devices = hub.store->Devices();
  REQUIRE(devices.ok());
  CHECK(devices->empty());
}

TEST_CASE("an enrolment code works once") {
  Hub hub("MJ Mons");
  const std::string code = hub.Code("CAPREV", "Alice", kT0);
  auto first = TryEnrol(hub, code, kCaprevCard);
  REQUIRE(first.ok());
  CHECK(first->status == 200);
  auto again = TryEnrol(hub, code, kCaprevCard);
  REQUIRE(again.ok());
  CHECK(again->status == 403);
  CHECK(ErrorOf(*again) == "This enrolment code was already used; ask the administrator for a new one.");
}

TEST_CASE("guessing enrolment codes hits the limit per address, then the right code waits too") {
  Hub hub("MJ Mons");
  const std::string real = hub.Code("CAPREV", "Alice", kT0);
  const std::string pin_part = real.substr(10);
  for (int i = 0; i < hub::kMaxWrongCodesPerSourcePerMinute; ++i) {
    auto r = TryEnrol(hub, "ZZZZ-ZZZ" + std::to_string(i) + "-" + pin_part, kCaprevCard);
    REQUIRE(r.ok());
    CHECK(r->status == 403);
    CHECK(ErrorOf(*r) == "This enrolment code is not valid; check it or ask the administrator for a new one.");
  }
  auto limited = TryEnrol(hub, real, kCaprevCard);
  REQUIRE(limited.ok());
  CHECK(limited->status == 429);
  CHECK(ErrorOf(*limited) == "Too many wrong enrolment codes from this address; wait a minute and try again.");
  hub.now = kT0 + 61 * 1000;  // a minute later the address may try again, and the code still works
  auto later = TryEnrol(hub, real, kCaprevCard);
  REQUIRE(later.ok());
  CHECK(later->status == 200);
}

TEST_CASE("guessing from many addresses pauses enrolment for the hour") {
  Hub hub("MJ Mons");
  auto ca = hub::LoadCa(*hub.store);
  REQUIRE(ca.ok());
  hub::HubService service(*hub.store, std::move(*ca), "MJ Mons", [&] { return hub.now.load(); });
  auto key = sync::MakeDeviceKeyAndCsr("d");
  REQUIRE(key.ok());
  const std::string wrong = proto::EncodeEnrolRequest({"ZZZZZZZZ", key->csr_pem, kCaprevCard, "x"});
  int refused = 0;
  for (int source = 0; refused < hub::kMaxWrongCodesPerHour; ++source) {
    sync::MemoryHubTransport t(hub::InMemoryHandler(service, "10.0.0." + std::to_string(source)), "");
    for (int i = 0; i < 4; ++i, ++refused) {
      auto r = t.Post(proto::kEnrolPath, proto::kJsonType, proto::BytesOf(wrong));
      REQUIRE(r.ok());
      CHECK(r->status == 403);
    }
  }
  sync::MemoryHubTransport fresh(hub::InMemoryHandler(service, "192.168.1.50"), "");
  const std::string real = hub.Code("CAPREV", "Alice", kT0);
  const std::string body =
      proto::EncodeEnrolRequest({sync::ParseEnrolmentCode(real)->secret, key->csr_pem, kCaprevCard, "Alice"});
  auto r = fresh.Post(proto::kEnrolPath, proto::kJsonType, proto::BytesOf(body));
  REQUIRE(r.ok());
  CHECK(r->status == 429);
  CHECK(ErrorOf(*r) == "Too many wrong enrolment codes were tried at this hub; enrolment is paused for an hour.");
}

TEST_CASE("an organisation's card cannot be swapped at a later enrolment") {
  Hub hub("MJ Mons");
  Enrol(hub, "CAPREV", kCaprevCard);
  auto r = TryEnrol(hub, hub.Code("CAPREV", "Bob", kT0), kMonsCard);
  REQUIRE(r.ok());
  CHECK(r->status == 409);
  CHECK(ErrorOf(*r) ==
        "This device's organisation card is not the one this hub knows for CAPREV; the enrolment code is now spent.");
}

TEST_CASE("a device never gets another organisation's bundles or packets") {
  Hub hub("MJ Mons");
  Device alice = Enrol(hub, "CAPREV", kCaprevCard);
  Device bob = Enrol(hub, "CAPREV", kCaprevCard);
  Device mallory = Enrol(hub, "MJ Mons", kMonsCard);
  auto ta = Connect(hub, alice), tb = Connect(hub, bob), tm = Connect(hub, mallory);

  core::BundleId id{};
  const std::vector<uint8_t> sealed = SealedBundle(&id);
  auto up = ta->Post(proto::kBundlesPath, proto::kSealedType, sealed,
                     {{std::string(proto::kBundleIdHeader), Hex(id)}, {std::string(proto::kRangesHeader), ""}});
  REQUIRE(up.ok());
  REQUIRE_MESSAGE(up->status == 200, Text(up->body));
  auto stored = proto::DecodeUploadReply(up->body);
  REQUIRE(stored.ok());
  CHECK(stored->stored);

  // A colleague sees it and gets the same bytes.
  auto hb = proto::DecodeHoldingsReply(Holdings(*tb).body);
  REQUIRE(hb.ok());
  REQUIRE(hb->missing.size() == 1);
  CHECK(hb->missing[0].bundle_id == Hex(id));
  auto got = tb->Get(std::string(proto::kBundlesPath) + "/" + Hex(id));
  REQUIRE(got.ok());
  CHECK(got->status == 200);
  CHECK(got->body == sealed);

  // Another organisation's device neither sees it nor gets it by asking for its id.
  auto hm = proto::DecodeHoldingsReply(Holdings(*tm).body);
  REQUIRE(hm.ok());
  CHECK(hm->missing.empty());
  CHECK(hm->hub_knowledge.empty());
  auto stolen = tm->Get(std::string(proto::kBundlesPath) + "/" + Hex(id));
  REQUIRE(stolen.ok());
  CHECK(stolen->status == 404);
  CHECK(ErrorOf(*stolen) == "The office hub holds no such bundle for your organisation.");

  // Nor in one fetch of many ids (POST /v1/bundles/fetch): an id of another organisation is "not
  // held", the same answer as an id that does not exist; the colleague's fetch carries the bytes.
  const std::string unknown(32, 'b');
  auto fetched = tm->Post(proto::kBundlesFetchPath, proto::kJsonType,
                          proto::BytesOf(proto::EncodeFetchRequest({{Hex(id), unknown}})));
  REQUIRE(fetched.ok());
  REQUIRE(fetched->status == 200);
  auto none = proto::DecodeFetchReply(fetched->body, 2);
  REQUIRE(none.ok());
  REQUIRE(none->size() == 2);
  CHECK_FALSE((*none)[0].held);
  CHECK_FALSE((*none)[1].held);
  auto colleague = tb->Post(proto::kBundlesFetchPath, proto::kJsonType,
                            proto::BytesOf(proto::EncodeFetchRequest({{unknown, Hex(id)}})));
  REQUIRE(colleague.ok());
  REQUIRE(colleague->status == 200);
  auto both = proto::DecodeFetchReply(colleague->body, 2);
  REQUIRE(both.ok());
  REQUIRE(both->size() == 2);
  CHECK_FALSE((*both)[0].held);
  REQUIRE((*both)[1].held);
  CHECK(std::vector<uint8_t>((*both)[1].sealed.begin(), (*both)[1].sealed.end()) == sealed);
  // A fetch is bounded like every JSON request: too many ids, or none, is refused.
  proto::FetchRequest many;
  for (size_t i = 0; i <= proto::kMaxFetchIds; ++i) many.bundle_ids.push_back(unknown);
  auto too_many = tb->Post(proto::kBundlesFetchPath, proto::kJsonType, proto::BytesOf(proto::EncodeFetchRequest(many)));
  REQUIRE(too_many.ok());
  CHECK(too_many->status == 400);
  auto empty = tb->Post(proto::kBundlesFetchPath, proto::kJsonType, proto::BytesOf(proto::EncodeFetchRequest({})));
  REQUIRE(empty.ok());
  CHECK(empty->status == 400);

  // A packet sealed to CAPREV reaches CAPREV's devices only.
  const std::string packet_id(32, 'a');
  const std::vector<uint8_t> packet = {1, 2, 3, 4};
  auto pu = tm->Post(proto::kPacketsPath, proto::kSealedType, packet,
                     {{std::string(proto::kPacketIdHeader), packet_id}, {std::string(proto::kToOrgHeader), kCaprevCard}});
  REQUIRE(pu.ok());
  REQUIRE_MESSAGE(pu->status == 200, Text(pu->body));
  auto pa = proto::DecodeHoldingsReply(Holdings(*ta).body);
  REQUIRE(pa.ok());
  REQUIRE(pa->packets.size() == 1);
  auto pg = ta->Get(std::string(proto::kPacketsPath) + "/" + packet_id);
  REQUIRE(pg.ok());
  CHECK(pg->status == 200);
  CHECK(pg->body == packet);
  auto pm = tm->Get(std::string(proto::kPacketsPath) + "/" + packet_id);  // its sender is not its recipient
  REQUIRE(pm.ok());
  CHECK(pm->status == 404);
  CHECK(ErrorOf(*pm) == "The office hub holds no such packet for your organisation.");
}

TEST_CASE("the hub checks an upload's clear header and nothing more") {
  Hub hub("MJ Mons");
  Device d = Enrol(hub, "CAPREV", kCaprevCard);
  auto t = Connect(hub, d);
  core::BundleId id{};
  std::vector<uint8_t> sealed = SealedBundle(&id);
  core::BundleId other_id = id;
  other_id[0] ^= 1;
  auto mismatch = t->Post(proto::kBundlesPath, proto::kSealedType, sealed,
                          {{std::string(proto::kBundleIdHeader), Hex(other_id)}, {std::string(proto::kRangesHeader), ""}});
  REQUIRE(mismatch.ok());
  CHECK(mismatch->status == 400);
  CHECK(ErrorOf(*mismatch) == "The upload's bundle id does not match the bundle it carries.");
  const std::vector<uint8_t> junk(200, 0x41);
  auto bad = t->Post(proto::kBundlesPath, proto::kSealedType, junk,
                     {{std::string(proto::kBundleIdHeader), Hex(id)}, {std::string(proto::kRangesHeader), ""}});
  REQUIRE(bad.ok());
  CHECK(bad->status == 400);
  auto bundles = hub.store->BundlesOf("CAPREV");
  REQUIRE(bundles.ok());
  CHECK(bundles->empty());  // nothing written on refusal
}

TEST_CASE("the hub speaks TLS 1.3 only") {
  Hub hub("MJ Mons");
  httplib::SSLClient old("127.0.0.1", hub.port());
  old.enable_server_certificate_verification(false);
  SSL_CTX_set_max_proto_version(old.ssl_context(), TLS1_2_VERSION);
  old.set_connection_timeout(5, 0);
  auto r = old.Post("/v1/enrol", "{}", "application/json");
  CHECK_FALSE(r);
}
