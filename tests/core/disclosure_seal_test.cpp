// Signed PDF trailers and sealed packets (core/disclosure_seal.h) between real vaults of three
// organisations: a service (CAPREV), the maison de justice it reports to (Mons) and another one
// (Liège). Every single byte of a signed PDF or a packet flipped, in turn, is refused; a packet
// for another organisation is refused; a signer that is not the card's is caught before anything
// leaves; the passerelle-cli verify command answers the same, with its own exit code.
#include <doctest/doctest.h>

#include <sodium.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "../support/pdf_samples.h"
#include "../support/temp_dir.h"
#include "../support/vault_fixture.h"
#include "organisation_keys.h"
#include "passerelle/core/disclosure_seal.h"
#include "passerelle/core/organisation.h"
#include "passerelle/platform/pdf/render.h"

using namespace passerelle;
using core::FileKind;
using core::SignedStatement;

namespace {

std::unique_ptr<core::Vault> NewVault(const testing::TempDir& dir, const std::string& name, const std::string& service,
                                      const std::string& kind) {
  core::VaultOptions o = testing::FastVaultOptions();
  o.service = service;
  o.organisation_kind = kind;
  auto v = core::Vault::Create(dir.File(name), platform::SecureBuffer::FromString("pass phrase"), o);
  REQUIRE(v.ok());
  return std::move(v).value();
}

struct World {
  testing::TempDir dir;
  std::unique_ptr<core::Vault> service = NewVault(dir, "caprev.vault", "CAPREV Bruxelles", "service");
  std::unique_ptr<core::Vault> mons = NewVault(dir, "mons.vault", "Maison de justice de Mons", "maison_de_justice");
  std::unique_ptr<core::Vault> liege = NewVault(dir, "liege.vault", "Maison de justice de Liège", "maison_de_justice");
  core::OrganisationCard service_card = Own(*service);
  core::OrganisationCard mons_card = Own(*mons);
  core::OrganisationCard liege_card = Own(*liege);

  static core::OrganisationCard Own(core::Vault& v) {
    auto c = core::OwnOrganisation(v);
    REQUIRE(c.ok());
    return *c;
  }
  core::Signer Signer() {
    return [this](std::span<const uint8_t> m) { return core::SignAsOrganisation(*service, m); };
  }
  SignedStatement Statement() {
    SignedStatement s;
    s.kind = "attendance";
    s.issuer_card = core::EncodeCard(service_card);
    s.recipient_id = mons_card.id;
    s.recipient_name = mons_card.name;
    s.issued_at = "2026-12-04T10:15:00Z";
    s.verification_code = core::NewVerificationCode();
    return s;
  }
};

std::vector<uint8_t> SamplePdf(int weeks = 6) {
  auto pdf = platform::pdf::Render(testing::SampleAttestation("fr", weeks));
  REQUIRE(pdf.ok());
  return *pdf;
}

const std::string kPayload = R"({"kind":"attendance","visits":[{"date":"2026-11-02","outcome":"present"}]})";


}  // namespace

TEST_CASE("A signed PDF verifies without a vault and says who signed it, when, for whom") {
  World w;
  const std::vector<uint8_t> pdf = SamplePdf();
  SignedStatement s = w.Statement();
  auto signed_pdf = core::SignPdf(pdf, s, w.Signer());
  REQUIRE(signed_pdf.ok());
  // The PDF is untouched, the seal follows its %%EOF, and PDF tools still read it.
  REQUIRE(signed_pdf->size() > pdf.size());
  CHECK(std::equal(pdf.begin(), pdf.end(), signed_pdf->begin()));
  auto v = core::VerifyFile(*signed_pdf);
  REQUIRE(v.ok());
  CHECK(v->kind == FileKind::kPdf);
  CHECK(v->issuer.id == w.service_card.id);
  CHECK(v->issuer.name == "CAPREV Bruxelles");
  CHECK(v->statement.recipient_name == "Maison de justice de Mons");
  CHECK(v->statement.issued_at == "2026-12-04T10:15:00Z");
  CHECK(v->statement.verification_code == s.verification_code);
  CHECK(v->statement.content_hash == core::ContentHash(pdf));
  CHECK(v->payload_json.empty());
  testing::TempDir out;
  const std::string path = out.File("signed.pdf");
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(signed_pdf->data()), static_cast<std::streamsize>(signed_pdf->size()));
  FILE* p = popen(("pdftotext -enc UTF-8 '" + path + "' - 2>&1").c_str(), "r");
  REQUIRE(p != nullptr);
  std::string text(1 << 16, '\0');
  text.resize(fread(text.data(), 1, text.size(), p));
  CHECK(pclose(p) == 0);
  CHECK(text.find("Attestation de présence") != std::string::npos);
  CHECK(text.find("Syntax Error") == std::string::npos);
}

TEST_CASE("Every byte of a signed PDF, flipped, is refused; so are truncation and a stray byte") {
  World w;
  auto signed_pdf = core::SignPdf(SamplePdf(1), w.Statement(), w.Signer());
  REQUIRE(signed_pdf.ok());
  std::vector<uint8_t> f = *signed_pdf;
  size_t refused = 0, tried = 0;
  const size_t trailer = std::string(f.begin(), f.end()).rfind("\n%PASSERELLE-SEAL-1 ");
  REQUIRE(trailer != std::string::npos);
  for (size_t i = 0; i < f.size(); ++i) {
    // Every byte once; the seal's own bytes (statement and signature in base64) with two masks.
    for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x80}}) {
      if (mask == 0x80 && i < trailer) continue;
      ++tried;
      f[i] ^= mask;
      auto v = core::VerifyFile(f);
      f[i] ^= mask;
      if (!v.ok() && v.status().code() == Code::kCorrupt) ++refused;
      else FAIL_CHECK("byte " << i << " mask " << int(mask) << " was not refused as altered");
    }
  }
  CHECK(refused == tried);
  CHECK(tried > f.size());
  for (size_t cut : {size_t{1}, size_t{2}, size_t{90}, f.size() / 2, f.size() - 1}) {
    CHECK(core::VerifyFile(std::span(f).first(f.size() - cut)).status().code() == Code::kCorrupt);
  }
  std::vector<uint8_t> longer = f;
  longer.push_back('\n');
  CHECK(core::VerifyFile(longer).status().code() == Code::kCorrupt);
  longer = f;
  longer.insert(longer.begin(), ' ');
  CHECK(core::VerifyFile(longer).status().code() == Code::kCorrupt);
  const auto unsigned_pdf = core::VerifyFile(SamplePdf(1));
  CHECK(unsigned_pdf.status().code() == Code::kCorrupt);
  CHECK(unsigned_pdf.status().message() == "This file carries no Passerelle signature.");
  CHECK(core::VerifyFile({}).status().code() == Code::kCorrupt);
}

TEST_CASE("A sealed packet: anyone verifies the signature, only the recipient opens it") {
  World w;
  auto packet = core::SealPacket(kPayload, w.Statement(), w.Signer(), w.mons_card.encryption_key);
  REQUIRE(packet.ok());
  // The payload is not readable in the file.
  CHECK(std::string(packet->begin(), packet->end()).find("2026-11-02") == std::string::npos);
  auto v = core::VerifyFile(*packet);
  REQUIRE(v.ok());
  CHECK(v->kind == FileKind::kPacket);
  CHECK(v->issuer.id == w.service_card.id);
  CHECK(v->statement.recipient_id == w.mons_card.id);
  CHECK(v->statement.content_hash == core::ContentHash(kPayload));
  CHECK(v->payload_json.empty());

  auto opened = core::OpenPacket(*w.mons, *packet);
  REQUIRE(opened.ok());
  CHECK(opened->payload_json == kPayload);
  CHECK(opened->issuer.name == "CAPREV Bruxelles");

  // Another maison de justice, and the issuer itself, cannot open it.
  auto liege = core::OpenPacket(*w.liege, *packet);
  CHECK(liege.status().code() == Code::kRefused);
  CHECK(liege.status().message() ==
        "This packet is addressed to Maison de justice de Mons, not to Maison de justice de Liège.");
  CHECK(core::OpenPacket(*w.service, *packet).status().code() == Code::kRefused);
  // A packet naming Mons but sealed to Liège's key is refused by Mons as not for it.
  auto misdirected = core::SealPacket(kPayload, w.Statement(), w.Signer(), w.liege_card.encryption_key);
  REQUIRE(misdirected.ok());
  const auto wrong_key = core::OpenPacket(*w.mons, *misdirected);
  CHECK(wrong_key.status().code() == Code::kRefused);
  CHECK(wrong_key.status().message() ==
        "This packet names Maison de justice de Mons but is sealed to another key, so it cannot be opened here.");
  CHECK(core::OpenPacket(*w.liege, *misdirected).status().code() == Code::kRefused);
  // A signed PDF is not a packet.
  auto pdf = core::SignPdf(SamplePdf(1), w.Statement(), w.Signer());
  REQUIRE(pdf.ok());
  CHECK(core::OpenPacket(*w.mons, *pdf).status().code() == Code::kCorrupt);
}

TEST_CASE("Every byte of a packet, flipped, is refused by VerifyFile and by OpenPacket") {
  World w;
  auto packet = core::SealPacket(kPayload, w.Statement(), w.Signer(), w.mons_card.encryption_key);
  REQUIRE(packet.ok());
  std::vector<uint8_t> f = *packet;
  for (size_t i = 0; i < f.size(); ++i) {
    f[i] ^= 0x20;
    auto v = core::VerifyFile(f);
    auto o = core::OpenPacket(*w.mons, f);
    f[i] ^= 0x20;
    CAPTURE(i);
    CHECK_FALSE(v.ok());
    CHECK_FALSE(o.ok());
    // Whatever the byte, nothing is ever returned as authentic; the magic and version bytes make
    // it "not a packet" or "newer", everything else "altered".
    if (i >= 9) CHECK(v.status().code() == Code::kCorrupt);
  }
  for (size_t cut = 1; cut < f.size(); cut += 7) {
    CHECK_FALSE(core::VerifyFile(std::span(f).first(f.size() - cut)).ok());
  }
  f.push_back(0);
  CHECK(core::VerifyFile(f).status().code() == Code::kCorrupt);
}

TEST_CASE("A signer whose key is not the card's is caught before anything leaves") {
  World w;
  // Liège signs, but the statement carries CAPREV's card.
  core::Signer wrong = [&](std::span<const uint8_t> m) { return core::SignAsOrganisation(*w.liege, m); };
  auto pdf = core::SignPdf(SamplePdf(1), w.Statement(), wrong);
  CHECK(pdf.status().code() == Code::kInternal);
  auto packet = core::SealPacket(kPayload, w.Statement(), wrong, w.mons_card.encryption_key);
  CHECK(packet.status().code() == Code::kInternal);
  // A statement whose hash is not the document's, or which is incomplete, is refused.
  SignedStatement s = w.Statement();
  s.content_hash = core::ContentHash(std::string_view("something else"));
  CHECK(core::SignPdf(SamplePdf(1), s, w.Signer()).status().code() == Code::kInternal);
  s = w.Statement();
  s.recipient_name = "Mons\x1b[2J";
  CHECK(core::SignPdf(SamplePdf(1), s, w.Signer()).status().code() == Code::kInvalidInput);
  s = w.Statement();
  s.issued_at = "yesterday";
  CHECK(core::SignPdf(SamplePdf(1), s, w.Signer()).status().code() == Code::kInvalidInput);
  s = w.Statement();
  s.recipient_id.clear();
  CHECK(core::SealPacket(kPayload, s, w.Signer(), w.mons_card.encryption_key).status().code() == Code::kInternal);
  CHECK(core::SignPdf(SamplePdf(1), s, w.Signer()).ok());  // a PDF may be for a person, with no card
  // Not a PDF at all.
  CHECK(core::SignPdf(std::vector<uint8_t>{'x'}, w.Statement(), w.Signer()).status().code() == Code::kInternal);
}

TEST_CASE("A PDF signature cannot be passed off as a packet's, nor the other way round") {
  World w;
  // Forge: a packet whose signature is the one of a PDF over the same statement bytes. The domain
  // tags differ, so the signature never holds.
  auto pdf = core::SignPdf(SamplePdf(1), w.Statement(), w.Signer());
  REQUIRE(pdf.ok());
  auto packet = core::SealPacket(kPayload, w.Statement(), w.Signer(), w.mons_card.encryption_key);
  REQUIRE(packet.ok());
  std::vector<uint8_t> forged = *packet;
  // Replace the packet's signature with the PDF trailer's decoded signature.
  const std::string text(pdf->begin(), pdf->end());
  const size_t space = text.rfind(' ');
  std::vector<uint8_t> sig(64);
  size_t n = 0;
  REQUIRE(sodium_base642bin(sig.data(), sig.size(), text.data() + space + 1, text.size() - space - 2, nullptr, &n,
                            nullptr, sodium_base64_VARIANT_ORIGINAL) == 0);
  std::copy(sig.begin(), sig.end(), forged.end() - 64);
  CHECK(core::VerifyFile(forged).status().code() == Code::kCorrupt);
}

TEST_CASE("Standing: own organisation, verified recipient, unknown") {
  World w;
  auto standing = [](core::Vault& v, const core::OrganisationCard& c) {
    auto s = core::StandingOf(v, c);
    REQUIRE(s.ok());
    return *s;
  };
  CHECK(standing(*w.service, w.service_card) == core::Standing::kOwnOrganisation);
  CHECK(standing(*w.mons, w.service_card) == core::Standing::kUnknown);
  REQUIRE(core::AddVerifiedRecipient(*w.mons, core::EncodeCard(w.service_card), w.service_card.Fingerprint()).ok());
  CHECK(standing(*w.mons, w.service_card) == core::Standing::kVerifiedRecipient);
  // Same name and id, another key: not the verified organisation.
  core::OrganisationCard impostor = w.service_card;
  impostor.encryption_key = w.liege_card.encryption_key;
  CHECK(standing(*w.mons, impostor) == core::Standing::kUnknown);
}

TEST_CASE("ContentHash and verification codes") {
  CHECK(core::ContentHash(std::string_view("")) ==
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const std::string code = core::NewVerificationCode();
  REQUIRE(code.size() == 19);
  for (size_t i = 0; i < code.size(); ++i) {
    if (i % 5 == 4) {
      CHECK(code[i] == '-');
    } else {
      CHECK(std::string("23456789ABCDEFGHJKMNPQRSTUVWXYZ").find(code[i]) != std::string::npos);
    }
  }
  CHECK(core::NewVerificationCode() != code);
}

#ifdef PASSERELLE_CLI
namespace {

struct Ran {
  int exit_code;
  std::string out, err;
};

// Runs passerelle-cli with `env` (always without PASSERELLE_VAULT unless given) and the arguments.
Ran Cli(const testing::TempDir& dir, const std::string& env, const std::string& args) {
  const std::string out = dir.File("cli.out"), err = dir.File("cli.err");
  const std::string cmd = "env -u PASSERELLE_VAULT " + env + " " PASSERELLE_CLI " " + args + " >'" + out + "' 2>'" + err + "'";
  const int rc = std::system(cmd.c_str());
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, testing::ReadAll(out), testing::ReadAll(err)};
}

void Write(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST_CASE("passerelle-cli verify: who, when, for whom; an altered file has its own exit code") {
  World w;
  SignedStatement s = w.Statement();
  auto pdf = core::SignPdf(SamplePdf(2), s, w.Signer());
  auto packet = core::SealPacket(kPayload, s, w.Signer(), w.mons_card.encryption_key);
  REQUIRE(pdf.ok());
  REQUIRE(packet.ok());
  REQUIRE(core::AddVerifiedRecipient(*w.mons, core::EncodeCard(w.service_card), w.service_card.Fingerprint()).ok());
  w.service.reset();  // the CLI opens the vaults itself
  w.mons.reset();
  w.liege.reset();
  testing::TempDir files;
  Write(files.File("attestation.pdf"), *pdf);
  Write(files.File("attestation.packet"), *packet);
  std::vector<uint8_t> altered = *pdf;
  altered[altered.size() / 3] ^= 0x04;
  Write(files.File("altered.pdf"), altered);
  std::vector<uint8_t> altered_packet = *packet;
  altered_packet[altered_packet.size() - 100] ^= 0x04;
  Write(files.File("altered.packet"), altered_packet);

  // No vault needed for a PDF.
  Ran r = Cli(files, "", "verify '" + files.File("attestation.pdf") + "'");
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  for (const std::string& want : std::vector<std::string>{"Authentic: this PDF is exactly what was signed.", "CAPREV Bruxelles (service)",
                                 w.service_card.Fingerprint(), "2026-12-04T10:15:00Z", "Maison de justice de Mons",
                                 s.verification_code, "attendance"}) {
    CAPTURE(want);
    CHECK(r.out.find(want) != std::string::npos);
  }
  CHECK(r.out.find("Known here") == std::string::npos);

  r = Cli(files, "", "verify '" + files.File("altered.pdf") + "'");
  CHECK(r.exit_code == 10);
  CHECK(r.out.empty());
  CHECK(r.err == files.File("altered.pdf") + ": This file was altered after it was signed.\n");
  r = Cli(files, "", "verify '" + files.File("altered.packet") + "'");
  CHECK(r.exit_code == 10);

  // With the recipient's vault: the signer is a verified organisation, the packet opens.
  const std::string mons = "PASSERELLE_PASSPHRASE='pass phrase' PASSERELLE_VAULT='" + w.dir.File("mons.vault") + "'";
  r = Cli(files, mons, "verify '" + files.File("attestation.packet") + "' --json");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find(R"("standing":"verified")") != std::string::npos);
  CHECK(r.out.find(R"("content_opened":true)") != std::string::npos);
  CHECK(r.out.find(R"("file":"packet")") != std::string::npos);
  CHECK(r.out.find("\"fingerprint\":\"" + w.service_card.Fingerprint() + "\"") != std::string::npos);
  r = Cli(files, mons, "verify '" + files.File("altered.packet") + "'");
  CHECK(r.exit_code == 10);
  // Another maison de justice sees who signed it and that it cannot open it.
  const std::string liege = "PASSERELLE_PASSPHRASE='pass phrase' PASSERELLE_VAULT='" + w.dir.File("liege.vault") + "'";
  r = Cli(files, liege, "verify '" + files.File("attestation.packet") + "'");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("sealed to Maison de justice de Mons; only that organisation can open it.") != std::string::npos);
  CHECK(r.out.find("Not an organisation this vault knows") != std::string::npos);
  // The issuer's own vault recognises its own signature.
  const std::string caprev = "PASSERELLE_PASSPHRASE='pass phrase' PASSERELLE_VAULT='" + w.dir.File("caprev.vault") + "'";
  r = Cli(files, caprev, "verify '" + files.File("attestation.pdf") + "'");
  CHECK(r.out.find("This vault's own organisation.") != std::string::npos);
  r = Cli(files, "PASSERELLE_PASSPHRASE=wrong PASSERELLE_VAULT='" + w.dir.File("caprev.vault") + "'",
          "verify '" + files.File("attestation.pdf") + "'");
  CHECK(r.exit_code == 2);
}
#endif

// The fuzz corpus (tests/fuzz/disclosure_seal/) holds a signed PDF and a packet made by this
// format's first version: they must keep verifying, byte for byte, in every later build (a
// document signed today is checked years later). PASSERELLE_WRITE_SEAL_CORPUS=DIR writes them
// afresh (only when the format changes on purpose, with a new version).
TEST_CASE("Files signed with format 1 keep verifying") {
  const std::string corpus = std::string(PASSERELLE_SOURCE_DIR) + "/tests/fuzz/disclosure_seal/";
  if (const char* out = std::getenv("PASSERELLE_WRITE_SEAL_CORPUS")) {
    World w;
    auto pdf = core::SignPdf(SamplePdf(1), w.Statement(), w.Signer());
    auto packet = core::SealPacket(kPayload, w.Statement(), w.Signer(), w.mons_card.encryption_key);
    REQUIRE(pdf.ok());
    REQUIRE(packet.ok());
    std::ofstream(std::string(out) + "/signed_v1.pdf", std::ios::binary)
        .write(reinterpret_cast<const char*>(pdf->data()), static_cast<std::streamsize>(pdf->size()));
    std::ofstream(std::string(out) + "/sealed_v1.packet", std::ios::binary)
        .write(reinterpret_cast<const char*>(packet->data()), static_cast<std::streamsize>(packet->size()));
  }
  for (const char* name : {"signed_v1.pdf", "sealed_v1.packet"}) {
    CAPTURE(name);
    const std::string bytes = testing::ReadAll(corpus + name);
    REQUIRE(!bytes.empty());
    auto v = core::VerifyFile({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
    REQUIRE(v.ok());
    CHECK(v->issuer.name == "CAPREV Bruxelles");
    CHECK(v->statement.recipient_name == "Maison de justice de Mons");
    CHECK(v->statement.issued_at == "2026-12-04T10:15:00Z");
  }
}
