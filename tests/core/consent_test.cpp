// The one consent check (issue 12 part 2): CheckDisclosureBasis over consents given, expired and
// withdrawn, the mandate and necessity bases, and the consent-bypass regressions: every way a local
// edit can make a note shareable goes through it (Vault::Apply), whatever the entry point, and a
// refusal writes nothing; merged remote ops are not re-checked.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "../support/temp_dir.h"
#include "../support/vault_fixture.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/consent.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/model.h"
#include "passerelle/core/organisation.h"

using namespace passerelle;
using namespace passerelle::core;

namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr int64_t k2026_12_04 = 1796385600000;  // noon UTC

struct Case {
  testing::TempDir dir;
  platform::FakeClock clock{k2026_12_04};
  std::unique_ptr<Vault> vault;
  std::string dossier, note;
  Case() {
    auto v = Vault::Create(dir.File("v"), platform::SecureBuffer::FromString("pw"), testing::FastVaultOptions(&clock));
    REQUIRE(v.ok());
    vault = std::move(v).value();
    auto ids = AddPersonWithDossier(*vault, {{"name", "Karim"}}, {});
    REQUIRE(ids.ok());
    dossier = ids->second;
    auto n = AddNote(*vault, {{"dossier_id", dossier}, {"body", "MARKER-NOTE"}});
    REQUIRE(n.ok());
    note = *n;
  }
  std::string Consent(const std::string& partner, const std::string& scope, const std::string& given,
                      const std::string& expires = "") {
    FieldValues f{{"dossier_id", dossier}, {"partner", partner}, {"scope", scope}, {"given_on", given}};
    if (!expires.empty()) f["expires_on"] = expires;
    auto c = AddConsent(*vault, f);
    REQUIRE_MESSAGE(c.ok(), c.status().message());
    return *c;
  }
  std::string State() {
    auto d = CanonicalDump(*vault);
    REQUIRE(d.ok());
    return *d + "|" + std::to_string(testing::OpLogSize(*vault));
  }
  Result<DisclosureBasis> Check(const std::string& to, DisclosureScope scope, const std::string& date,
                                std::optional<std::string> reason = std::nullopt) {
    return CheckDisclosureBasis(*vault, dossier, to, scope, date, std::move(reason));
  }
};

}  // namespace

TEST_CASE("the consent scopes are a closed list, in the enum's order, with stable ids") {
  const auto& words = ConsentScopes().values;
  REQUIRE(words.size() == 6);
  CHECK(words.back() == "care_handover");  // issue 15 part 6: the care handover on a referral sheet
  for (size_t i = 0; i < words.size(); ++i) {
    CHECK(DisclosureScopeId(static_cast<DisclosureScope>(i)) == words[i]);
    CHECK(ParseDisclosureScope(words[i]) == static_cast<DisclosureScope>(i));
  }
  CHECK_FALSE(ParseDisclosureScope("everything").has_value());
}

TEST_CASE("a consent is in force from the day it is given, up to its expiry, until the day it is withdrawn") {
  Case c;
  const std::string id = c.Consent("CAW Brabantia", "referral", "2026-12-01", "2026-12-31");
  CHECK(c.Check("CAW Brabantia", DisclosureScope::kReferral, "2026-11-30").status().code() == Code::kRefused);
  auto b = c.Check("CAW Brabantia", DisclosureScope::kReferral, "2026-12-01");
  REQUIRE(b.ok());
  CHECK(b->kind == BasisKind::kConsent);
  CHECK(b->consent_id == id);
  CHECK(b->consent_given_on == "2026-12-01");
  CHECK(c.Check("caw brabantia ", DisclosureScope::kReferral, "2026-12-31").ok());  // case and spaces
  CHECK(c.Check("CAW Brabantia", DisclosureScope::kReferral, "2027-01-01").status().code() == Code::kRefused);
  // Another scope or another partner: no.
  auto other_scope = c.Check("CAW Brabantia", DisclosureScope::kSharedNotes, "2026-12-04");
  CHECK(other_scope.status().code() == Code::kRefused);
  CHECK(other_scope.status().message() ==
        "No consent in force lets CAW Brabantia receive shared notes for this dossier on 2026-12-04.");
  CHECK(c.Check("CPAS", DisclosureScope::kReferral, "2026-12-04").status().code() == Code::kRefused);
  REQUIRE(WithdrawConsent(*c.vault, id, "2026-12-10").ok());
  CHECK(c.Check("CAW Brabantia", DisclosureScope::kReferral, "2026-12-09").ok());
  auto after = c.Check("CAW Brabantia", DisclosureScope::kReferral, "2026-12-10");
  CHECK(after.status().message() ==
        "No consent in force lets CAW Brabantia receive a referral for this dossier on 2026-12-10.");
}

TEST_CASE("every scope of the closed list is checked on its own") {
  Case c;
  for (auto scope : {DisclosureScope::kAttendance, DisclosureScope::kReferral, DisclosureScope::kSharedNotes,
                     DisclosureScope::kExitReport, DisclosureScope::kCoReport}) {
    CAPTURE(DisclosureScopeId(scope));
    CHECK(c.Check("Partner", scope, "2026-12-04").status().code() == Code::kRefused);
    c.Consent("Partner", std::string(DisclosureScopeId(scope)), "2026-12-04");
    CHECK(c.Check("Partner", scope, "2026-12-04").ok());
  }
}

TEST_CASE("bad requests are input errors, not refusals") {
  Case c;
  CHECK(c.Check("CAW", DisclosureScope::kReferral, "2026-02-30").status().code() == Code::kInvalidInput);
  CHECK(c.Check("  ", DisclosureScope::kReferral, "2026-12-04").status().code() == Code::kInvalidInput);
  CHECK(CheckDisclosureBasis(*c.vault, c.note, "CAW", DisclosureScope::kReferral, "2026-12-04").status().code() ==
        Code::kInvalidInput);
  CHECK(CheckDisclosureBasis(*c.vault, "dos-0000000000000000000", "CAW", DisclosureScope::kReferral, "2026-12-04")
            .status()
            .code() == Code::kNotFound);
}

TEST_CASE("under a judicial mandate, attendance facts go to the verified maison de justice without a consent") {
  Case c;
  // A maison de justice recipient, verified.
  testing::TempDir mj_dir;
  auto o = testing::FastVaultOptions();
  o.service = "Maison de justice de Mons";
  o.organisation_kind = "maison_de_justice";
  auto mj = Vault::Create(mj_dir.File("mj"), platform::SecureBuffer::FromString("pw"), o);
  REQUIRE(mj.ok());
  auto mj_card = OwnOrganisation(**mj);
  REQUIRE(mj_card.ok());
  REQUIRE(AddVerifiedRecipient(*c.vault, EncodeCard(*mj_card), mj_card->Fingerprint()).ok());
  // Voluntary follow-up: a consent is needed.
  CHECK(c.Check("Maison de justice de Mons", DisclosureScope::kAttendance, "2026-12-04").status().code() ==
        Code::kRefused);
  REQUIRE(UpdateRecord(*c.vault, c.dossier, {{"basis", "mandate"}, {"mandate_conditions", "TAP Mons, 2026-10-01"}}).ok());
  auto b = c.Check("Maison de justice de Mons", DisclosureScope::kAttendance, "2026-12-04");
  REQUIRE(b.ok());
  CHECK(b->kind == BasisKind::kMandate);
  CHECK(b->mandate_text.find("mandate") != std::string::npos);
  CHECK(b->mandate_text.find("TAP Mons") != std::string::npos);
  CHECK(c.Check(mj_card->id, DisclosureScope::kAttendance, "2026-12-04").ok());  // by id too
  // Attendance only: the mandate is no basis for notes or reports.
  CHECK(c.Check("Maison de justice de Mons", DisclosureScope::kSharedNotes, "2026-12-04").status().code() ==
        Code::kRefused);
  CHECK(c.Check("Maison de justice de Mons", DisclosureScope::kExitReport, "2026-12-04").status().code() ==
        Code::kRefused);
  // Nor for a recipient that is not a verified maison de justice, whatever it is called.
  CHECK(c.Check("Maison de justice de Liège", DisclosureScope::kAttendance, "2026-12-04").status().code() ==
        Code::kRefused);
  // A consent naming the organisation's id covers it for other scopes.
  c.Consent(mj_card->id, "exit_report", "2026-12-01");
  auto by_id = c.Check("Maison de justice de Mons", DisclosureScope::kExitReport, "2026-12-04");
  REQUIRE(by_id.ok());
  CHECK(by_id->kind == BasisKind::kConsent);
}

TEST_CASE("the état de nécessité needs a written reason and is returned as such") {
  Case c;
  CHECK(c.Check("Police", DisclosureScope::kReferral, "2026-12-04", std::string("")).status().code() == Code::kRefused);
  CHECK(c.Check("Police", DisclosureScope::kReferral, "2026-12-04", std::string("     ")).status().code() ==
        Code::kRefused);
  CHECK(c.Check("Police", DisclosureScope::kReferral, "2026-12-04", std::string("urgent")).status().code() ==
        Code::kRefused);
  CHECK(c.Check("Police", DisclosureScope::kReferral, "2026-12-04", std::string("bad\x01reason that is long enough"))
            .status()
            .code() == Code::kInvalidInput);
  const std::string reason = "  Imminent risk to a third person stated during the visit.  ";
  auto b = c.Check("Police", DisclosureScope::kReferral, "2026-12-04", reason);
  REQUIRE(b.ok());
  CHECK(b->kind == BasisKind::kNecessity);
  CHECK(b->necessity_reason == "Imminent risk to a third person stated during the visit.");
  // A consent in force is the better basis.
  c.Consent("Police", "referral", "2026-12-01");
  auto with_consent = c.Check("Police", DisclosureScope::kReferral, "2026-12-04", reason);
  REQUIRE(with_consent.ok());
  CHECK(with_consent->kind == BasisKind::kConsent);
}

// Consent-bypass regressions: every entry point that can change a note's scope or partner.
TEST_CASE("no entry point makes a note shareable with a partner without a shared_notes consent") {
  Case c;
  c.Consent("CAW", "attendance", "2026-12-01");  // another scope does not count
  const std::string before = c.State();
  struct Attempt {
    const char* entry;
    std::function<Status()> run;
  };
  const std::vector<Attempt> attempts = {
      {"AddNote", [&] { return AddNote(*c.vault, {{"dossier_id", c.dossier}, {"body", "x"}, {"scope", "partner"}, {"partner", "CAW"}}).status(); }},
      {"UpdateRecord scope+partner", [&] { return UpdateRecord(*c.vault, c.note, {{"scope", "partner"}, {"partner", "CAW"}}); }},
      {"UpdateRecord scope only, partner missing", [&] { return UpdateRecord(*c.vault, c.note, {{"scope", "partner"}}); }},
      {"Apply scope+partner", [&] { return c.vault->Apply({SetField(c.note, "partner", "CAW"), SetField(c.note, "scope", "partner")}).status(); }},
      {"Apply scope only", [&] { return c.vault->Apply({SetField(c.note, "scope", "partner")}).status(); }},
      {"Apply new note in one batch", [&] {
         const std::string id = Vault::NewEntityId("not");
         return c.vault->Apply({SetField(id, "dossier_id", c.dossier), SetField(id, "scope", "partner"),
                                SetField(id, "partner", "CAW"), TextReplace(id, "body", "x")}).status();
       }},
  };
  for (const auto& a : attempts) {
    CAPTURE(a.entry);
    Status st = a.run();
    CHECK_FALSE(st.ok());
    CHECK((st.code() == Code::kRefused || st.code() == Code::kInvalidInput));
    CHECK(c.State() == before);
  }
  // With the consent: the same edits pass; switching to another partner is checked again.
  c.Consent("CAW", "shared_notes", "2026-12-01");
  CHECK(UpdateRecord(*c.vault, c.note, {{"scope", "partner"}, {"partner", "CAW"}}).ok());
  const std::string shared = c.State();
  CHECK(UpdateRecord(*c.vault, c.note, {{"partner", "CPAS"}}).code() == Code::kRefused);
  CHECK(c.vault->Apply({SetField(c.note, "partner", "CPAS")}).status().code() == Code::kRefused);
  CHECK(c.vault->Apply({SetField(c.note, "partner", std::nullopt)}).status().code() == Code::kInvalidInput);
  CHECK(c.State() == shared);
  // Back to the service, and back to the partner after the consent is withdrawn: refused.
  CHECK(UpdateRecord(*c.vault, c.note, {{"scope", "service"}}).ok());
  auto consents = ShowDossier(*c.vault, c.dossier);
  REQUIRE(consents.ok());
  for (const auto& k : consents->consents)
    if (k.scope == "shared_notes") REQUIRE(WithdrawConsent(*c.vault, k.id, "2026-12-04").ok());
  CHECK(UpdateRecord(*c.vault, c.note, {{"scope", "partner"}, {"partner", "CAW"}}).code() == Code::kRefused);
  // An expired consent: the clock moves past it.
  c.Consent("CPAS", "shared_notes", "2026-12-01", "2026-12-05");
  CHECK(UpdateRecord(*c.vault, c.note, {{"scope", "partner"}, {"partner", "CPAS"}}).ok());
  CHECK(UpdateRecord(*c.vault, c.note, {{"scope", "service"}}).ok());
  c.clock.Advance(2 * kDay);  // 2026-12-06
  CHECK(UpdateRecord(*c.vault, c.note, {{"scope", "partner"}, {"partner", "CPAS"}}).code() == Code::kRefused);
}

TEST_CASE("a merged colleague's op is not re-checked (its device checked it)") {
  Case c;
  Op remote = SetField(c.note, "scope", "partner");
  remote.id = {0x1234, 1};
  remote.hlc = 1;
  Op partner = SetField(c.note, "partner", "CAW");
  partner.id = {0x1234, 2};
  partner.hlc = 2;
  CHECK(c.vault->Apply({remote, partner}).ok());
}
