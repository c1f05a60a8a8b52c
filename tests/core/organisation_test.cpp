// Organisations (issue 12 part 1): a vault's own organisation and its keys, the public card's
// codec as a table of bad cards, the fingerprint, and the verified recipients.
#include <doctest/doctest.h>

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "../support/temp_dir.h"
#include "../support/vault_fixture.h"
#include "organisation_keys.h"
#include "passerelle/platform/file.h"
#include "passerelle/core/organisation.h"
#include "sql.h"

using namespace passerelle;
using namespace passerelle::core;

namespace {

struct Org {
  testing::TempDir dir;
  std::unique_ptr<Vault> vault;
  explicit Org(const std::string& service, const std::string& kind = "service", const std::string& file = "v") {
    auto o = testing::FastVaultOptions();
    o.service = service;
    o.organisation_kind = kind;
    auto v = Vault::Create(dir.File(file), platform::SecureBuffer::FromString("pw"), o);
    REQUIRE_MESSAGE(v.ok(), v.status().message());
    vault = std::move(v).value();
  }
  OrganisationCard Card() {
    auto c = OwnOrganisation(*vault);
    REQUIRE(c.ok());
    return *c;
  }
  int64_t Recipients() {
    sql::Stmt q(internal::Db(*vault), "SELECT count(*) FROM organisation_recipient");
    REQUIRE(q.Step());
    return q.Int(0);
  }
};

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a new vault has its organisation: named after the service, of the kind asked, with its own keys") {
  Org mj("Maison de justice de Mons", "maison_de_justice");
  const OrganisationCard card = mj.Card();
  CHECK(card.name == "Maison de justice de Mons");
  CHECK(card.kind == OrganisationKind::kMaisonDeJustice);
  CHECK(card.id == OrganisationIdOf(card.signing_key));
  CHECK(card.id.rfind("org-", 0) == 0);
  CHECK(card.id.size() == 4 + 16);
  // The same every time it is asked; another vault has other keys.
  CHECK(mj.Card().signing_key == card.signing_key);
  Org other("Maison de justice de Mons", "maison_de_justice");
  CHECK(other.Card().signing_key != card.signing_key);
  CHECK(other.Card().encryption_key != card.encryption_key);
}

TEST_CASE("an unknown organisation kind is refused before any file is made") {
  testing::TempDir dir;
  auto o = testing::FastVaultOptions();
  o.organisation_kind = "police";
  auto v = Vault::Create(dir.File("v"), platform::SecureBuffer::FromString("pw"), o);
  CHECK(v.status().code() == Code::kInvalidInput);
  CHECK_FALSE(platform::FileExists(dir.File("v")));
  CHECK_FALSE(platform::FileExists(dir.File("v.key")));
}

TEST_CASE("the organisation signs and opens sealed packets with keys that never leave the core") {
  Org caprev("CAPREV");
  const OrganisationCard card = caprev.Card();
  const std::string message = "attendance of 2026-12-04";
  auto sig = SignAsOrganisation(*caprev.vault, {reinterpret_cast<const uint8_t*>(message.data()), message.size()});
  REQUIRE(sig.ok());
  CHECK(crypto_sign_verify_detached(sig->data(), reinterpret_cast<const uint8_t*>(message.data()), message.size(),
                                    card.signing_key.data()) == 0);
  std::vector<uint8_t> sealed(message.size() + crypto_box_SEALBYTES);
  crypto_box_seal(sealed.data(), reinterpret_cast<const uint8_t*>(message.data()), message.size(),
                  card.encryption_key.data());
  auto opened = OpenSealedToOrganisation(*caprev.vault, sealed);
  REQUIRE(opened.ok());
  CHECK(std::string(opened->begin(), opened->end()) == message);
  // Sealed for someone else: refused, not garbage.
  Org other("CAW");
  CHECK(OpenSealedToOrganisation(*other.vault, sealed).status().code() == Code::kCorrupt);
  sealed.back() ^= 1;
  CHECK(OpenSealedToOrganisation(*caprev.vault, sealed).status().code() == Code::kCorrupt);
}

TEST_CASE("a card round-trips and its fingerprint is short, readable aloud and covers every field") {
  Org caprev("CAPREV Bruxelles");
  const OrganisationCard card = caprev.Card();
  const std::string text = EncodeCard(card);
  auto back = DecodeCard(text);
  REQUIRE_MESSAGE(back.ok(), back.status().message());
  CHECK(back->id == card.id);
  CHECK(back->name == card.name);
  CHECK(back->kind == card.kind);
  CHECK(back->encryption_key == card.encryption_key);
  CHECK(back->signing_key == card.signing_key);
  const std::string fp = card.Fingerprint();
  CHECK(fp.size() == 19);
  for (size_t i = 0; i < fp.size(); ++i) {
    if (i == 4 || i == 9 || i == 14) {
      CHECK(fp[i] == '-');
      continue;
    }
    CHECK(std::string("023456789ABCDEFGHJKMNPQRSTUVWXYZ").find(fp[i]) != std::string::npos);
  }
  OrganisationCard renamed = card;
  renamed.name = "CAPREV Bruxelle";
  CHECK(renamed.Fingerprint() != fp);
  OrganisationCard rekind = card;
  rekind.kind = OrganisationKind::kMaisonDeJustice;
  CHECK(rekind.Fingerprint() != fp);
  OrganisationCard rekey = card;
  rekey.encryption_key[0] ^= 1;
  CHECK(rekey.Fingerprint() != fp);
  // A card saved on Windows or without its final line break still reads.
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  CHECK(DecodeCard(crlf).ok());
  CHECK(DecodeCard(text.substr(0, text.size() - 1)).ok());
}

TEST_CASE("bad cards are refused with one sentence (table)") {
  Org caprev("CAPREV");
  const OrganisationCard card = caprev.Card();
  const std::string good = EncodeCard(card);
  const std::string enc = good.substr(good.find("encryption-key: ") + 16, 64);
  const std::string sig = good.substr(good.find("signing-key: ") + 13, 64);
  OrganisationCard other_name = card;
  other_name.name = "CAW";
  const std::string zero_key(64, '0');
  struct Row {
    const char* why;
    std::string text;
  };
  const std::vector<Row> rows = {
      {"empty", ""},
      {"not a card", "hello\n"},
      {"wrong first line", Replace(good, "card v1", "card v2")},
      {"a line missing", Replace(good, "kind: service\n", "")},
      {"an extra line", good + "extra: 1\n"},
      {"lines out of order", Replace(Replace(good, "id: ", "nome: "), "name: ", "id: ")},
      {"blank name", Replace(good, "name: CAPREV", "name:    ")},
      {"control character in the name", Replace(good, "name: CAPREV", "name: CAP\x01REV")},
      {"invalid UTF-8 in the name", Replace(good, "name: CAPREV", "name: CAP\xff")},
      {"unknown kind", Replace(good, "kind: service", "kind: police")},
      {"short key", Replace(good, enc, enc.substr(2))},
      {"uppercase hex", Replace(good, sig, std::string(sig.begin(), sig.end() - 1) + "G")},
      {"all-zero encryption key", Replace(good, enc, zero_key)},
      {"signing key of small order", Replace(good, sig, zero_key)},
      {"id of another key", Replace(good, card.id, "org-0000000000000000")},
      {"name changed, fingerprint not", Replace(good, "name: CAPREV", "name: CAW")},
      {"fingerprint altered", Replace(good, card.Fingerprint(), other_name.Fingerprint())},
      {"far too long", good + std::string(5000, 'x')},
  };
  for (const auto& row : rows) {
    CAPTURE(row.why);
    auto r = DecodeCard(row.text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Code::kInvalidInput);
    const std::string& m = r.status().message();
    CHECK(m.rfind("This is not a valid organisation card", 0) == 0);
    CHECK(m.find('\n') == std::string::npos);
    CHECK(m.find('\x01') == std::string::npos);
    CHECK(m.find('\xff') == std::string::npos);
    // Nothing recorded either.
    CHECK(AddVerifiedRecipient(*caprev.vault, row.text, "").status().code() == Code::kInvalidInput);
    CHECK(caprev.Recipients() == 0);
  }
}

TEST_CASE("recipients are recorded only with a matching fingerprint, found by id or name") {
  Org caprev("CAPREV");
  Org mj("Maison de justice de Mons", "maison_de_justice");
  const OrganisationCard mj_card = mj.Card();
  const std::string text = EncodeCard(mj_card);
  auto wrong = AddVerifiedRecipient(*caprev.vault, text, "AAAA-BBBB-CCCC-DDDD");
  CHECK(wrong.status().code() == Code::kRefused);
  CHECK(caprev.Recipients() == 0);
  // Spaces, dashes and case do not matter in what the worker types.
  std::string typed = mj_card.Fingerprint();
  for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::replace(typed.begin(), typed.end(), '-', ' ');
  auto ok = AddVerifiedRecipient(*caprev.vault, text, typed);
  REQUIRE_MESSAGE(ok.ok(), ok.status().message());
  CHECK(ok->id == mj_card.id);
  auto list = VerifiedRecipients(*caprev.vault);
  REQUIRE(list.ok());
  REQUIRE(list->size() == 1);
  CHECK(list->front().encryption_key == mj_card.encryption_key);
  CHECK(FindRecipient(*caprev.vault, mj_card.id).ok());
  CHECK(FindRecipient(*caprev.vault, "maison de justice de mons").ok());
  CHECK(FindRecipient(*caprev.vault, "Police").status().code() == Code::kNotFound);
  // The same card again: fine, still one.
  CHECK(AddVerifiedRecipient(*caprev.vault, text, mj_card.Fingerprint()).ok());
  CHECK(caprev.Recipients() == 1);
  // Its own card is not a recipient; another organisation with the same name is refused.
  const OrganisationCard own = caprev.Card();
  CHECK(AddVerifiedRecipient(*caprev.vault, EncodeCard(own), own.Fingerprint()).status().code() == Code::kInvalidInput);
  Org twin("Maison de justice de Mons", "maison_de_justice");
  const OrganisationCard twin_card = twin.Card();
  CHECK(AddVerifiedRecipient(*caprev.vault, EncodeCard(twin_card), twin_card.Fingerprint()).status().code() ==
        Code::kConflict);
  CHECK(caprev.Recipients() == 1);
}

TEST_CASE("names of one organisation compare without case or extra spaces") {
  CHECK(SameOrganisationName("CAPREV Bruxelles", "  caprev   bruxelles "));
  CHECK_FALSE(SameOrganisationName("CAPREV", "CAW"));
  CHECK(ParseOrganisationKind("maison_de_justice") == OrganisationKind::kMaisonDeJustice);
  CHECK(OrganisationKindId(OrganisationKind::kService) == "service");
  CHECK_FALSE(ParseOrganisationKind("Service").has_value());
}
