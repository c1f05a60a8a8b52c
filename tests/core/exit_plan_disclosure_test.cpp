// Issue 15 and the disclosures (issue 12): the exit report's "where the person can get help" is the
// dossier team (WhoToAsk), never the care handover; the referral sheet's care section only under a
// care_handover consent and the person's agreement; the access copy's assessments and relatives.
// The World is tests/support/disclosure_fixture.h's.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "../support/disclosure_fixture.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/consent.h"
#include "passerelle/core/disclosure.h"
#include "passerelle/core/exit_plan.h"
#include "passerelle/core/team.h"
#include "passerelle/core/disclosure_seal.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/inbox.h"
#include "passerelle/core/model.h"
#include "passerelle/core/needs.h"
#include "passerelle/core/reports.h"

using namespace passerelle;
using namespace passerelle::core;
using passerelle::testing::TempDir;

namespace {

using World = passerelle::testing::DisclosureWorld;
std::string AllText(const DisclosureDocument& d) { return passerelle::testing::DocumentText(d); }
}  // namespace

// Issue 15: the exit report's "where the person can get help" is the dossier team's current
// members (core/team.h WhoToAsk); the care handover (health data) never appears on it.
TEST_CASE("the exit report lists who to ask for what, never the care handover") {
  World w;
  REQUIRE(SetExitReport(*w.service, w.dossier, {{"residual_risk", "Faible."}}).ok());
  REQUIRE(AddTeamMember(*w.service, {{"dossier_id", w.dossier}, {"role", "mentor"}, {"name", "MENTORMARK"},
                                     {"contact", "CONTACTMARK"}, {"responsible_for", "DUTYMARK"}})
              .ok());
  auto left = AddTeamMember(*w.service, {{"dossier_id", w.dossier}, {"role", "mentor"}, {"name", "LEFTMARK"},
                                         {"since", "2020-01-01"}, {"until", "2020-06-01"}});
  REQUIRE(left.ok());
  REQUIRE(SetCareHandover(*w.service, w.dossier, {{"treatment", "CAREMARK"}, {"prescriber", "PRESCRIBERMARK"}}).ok());
  w.Consent("SPS Haren", "exit_report");
  auto p = PreviewDisclosure(*w.service, w.Request(DocumentKind::kExitReport, "SPS Haren"));
  REQUIRE_MESSAGE(p.ok(), p.status().message());
  const std::string text = AllText(p->document);
  for (const char* m : {"MENTORMARK", "CONTACTMARK", "DUTYMARK"}) CHECK_MESSAGE(text.find(m) != std::string::npos, m);
  for (const char* m : {"LEFTMARK", "CAREMARK", "PRESCRIBERMARK"}) CHECK_MESSAGE(text.find(m) == std::string::npos, m);
}

// The exit report's "where the person can get help" section is drawn from the team: the members
// are listed under that heading (after what the worker wrote there), not elsewhere in the report.
TEST_CASE("the exit report's help section is the dossier team, under its own heading") {
  World w;
  REQUIRE(SetExitReport(*w.service, w.dossier, {{"help_and_contact", "HELPTEXTMARK"}}).ok());
  REQUIRE(AddTeamMember(*w.service, {{"dossier_id", w.dossier}, {"role", "justice_assistant"}, {"name", "REFERENTMARK"}}).ok());
  w.Consent("SPS Haren", "exit_report");
  auto r = w.Request(DocumentKind::kExitReport, "SPS Haren");
  r.words = [](std::string_view, std::string_view key) { return std::string(key); };
  auto p = PreviewDisclosure(*w.service, r);
  REQUIRE_MESSAGE(p.ok(), p.status().message());
  const auto& blocks = p->document.blocks;
  auto at = [&](const std::string& text) {
    for (size_t i = 0; i < blocks.size(); ++i)
      if (blocks[i].text.find(text) != std::string::npos) return i;
    return blocks.size();
  };
  const size_t heading = at("disclosure_document.exit_report.help_and_contact");
  REQUIRE(heading < blocks.size());
  CHECK(at("HELPTEXTMARK") == heading + 1);
  CHECK(at("exit_plan.document.who_to_ask") == heading + 2);
  CHECK(at("REFERENTMARK") == heading + 3);
  CHECK(blocks[heading + 3].label == "vocab.team_role.justice_assistant");
  // Nothing of the team before the heading: the section is the one place it appears.
  for (size_t i = 0; i < heading; ++i) CHECK(blocks[i].text.find("REFERENTMARK") == std::string::npos);
}

namespace {

// A care handover the person agreed to share with the referral's service ("svc-1").
void AgreedCare(World& w, const std::string& service = "svc-1", const std::string& agreed = "yes") {
  REQUIRE(SetCareHandover(*w.service, w.dossier,
                          {{"treatment_continues", "yes"}, {"treatment", "CAREMARK methadone"},
                           {"prescriber", "PRESCRIBERMARK"}, {"first_appointment", "2026-07-01"},
                           {"service_id", service}, {"sharing_agreed", agreed}})
              .ok());
}

DisclosureRequest CareReferral(const World& w, const std::string& to = "CAW Brabantia") {
  DisclosureRequest r = w.Request(DocumentKind::kReferral, to);
  r.referral_id = w.referral;
  r.ticked_fields = {"care_handover"};
  return r;
}

}  // namespace

TEST_CASE("the referral sheet carries the care handover only under its consent and the person's agreement") {
  World w;
  w.Consent("CAW Brabantia", "referral");
  AgreedCare(w);
  SUBCASE("not ticked: no care data at all, even with every basis in place") {
    w.Consent("CAW Brabantia", "care_handover");
    auto r = CareReferral(w);
    r.ticked_fields.clear();
    auto p = PreviewDisclosure(*w.service, r);
    REQUIRE_MESSAGE(p.ok(), p.status().message());
    for (const char* m : {"CAREMARK", "PRESCRIBERMARK", "01/07/2026"}) CHECK_MESSAGE(AllText(p->document).find(m) == std::string::npos, m);
    for (const auto& c : p->field_categories) CHECK(c.rfind("care_handover", 0) != 0);
  }
  SUBCASE("ticked, with the referral consent only: refused, nothing written") {
    const std::string before = passerelle::testing::VaultBytes(*w.service);
    auto done = Disclose(*w.service, CareReferral(w));
    REQUIRE_FALSE(done.ok());
    CHECK(done.status().code() == Code::kRefused);
    CHECK(done.status().message() ==
          "No consent in force lets CAW Brabantia receive the care handover for this dossier on 2026-05-28.");
    CHECK(passerelle::testing::VaultBytes(*w.service) == before);
    CHECK(DisclosureLog(*w.service, w.dossier)->empty());
  }
  SUBCASE("ticked, care consent for another recipient or withdrawn: refused") {
    w.Consent("SPS Haren", "care_handover");
    const std::string withdrawn = w.Consent("CAW Brabantia", "care_handover");
    REQUIRE(WithdrawConsent(*w.service, withdrawn, "2026-05-01").ok());
    auto done = Disclose(*w.service, CareReferral(w));
    CHECK(done.status().code() == Code::kRefused);
  }
  SUBCASE("ticked, an état de nécessité does not stand in for the care consent") {
    auto r = CareReferral(w);
    r.necessity_reason = "Imminent danger to a third person, reported this morning.";
    CHECK(Disclose(*w.service, r).status().code() == Code::kRefused);
  }
  SUBCASE("ticked, consent in force but the person did not agree, or agreed for another service: refused") {
    w.Consent("CAW Brabantia", "care_handover");
    for (auto [service, agreed] : {std::pair{"svc-1", "not_asked"}, {"svc-1", "no"}, {"svc-2", "yes"}, {"", "yes"}}) {
      CAPTURE(service);
      CAPTURE(agreed);
      REQUIRE(SetCareHandover(*w.service, w.dossier, {{"service_id", service}, {"sharing_agreed", agreed}}).ok());
      const std::string before = passerelle::testing::VaultBytes(*w.service);
      auto done = Disclose(*w.service, CareReferral(w));
      REQUIRE_FALSE(done.ok());
      CHECK(done.status().code() == Code::kRefused);
      CHECK(done.status().message().find("agreement") != std::string::npos);
      CHECK(passerelle::testing::VaultBytes(*w.service) == before);
    }
  }
  SUBCASE("ticked, consent in force and agreement for this service: the care section, logged") {
    w.Consent("CAW Brabantia", "care_handover");
    auto done = Disclose(*w.service, CareReferral(w));
    REQUIRE_MESSAGE(done.ok(), done.status().message());
    const std::string text = passerelle::testing::PdfText(w.dir, done->pdf);
    for (const char* m : {"CAREMARK", "PRESCRIBERMARK", "01/07/2026"}) CHECK_MESSAGE(text.find(m) != std::string::npos, m);
    CHECK(text.find("svc-1") == std::string::npos);  // the directory id of the service is never printed
    const auto log = DisclosureLog(*w.service, w.dossier).value();
    REQUIRE(log.size() == 1);
    for (const char* c : {"care_handover.treatment", "care_handover.prescriber", "care_handover.first_appointment",
                          "care_handover.treatment_continues"})
      CHECK_MESSAGE(std::find(log[0].field_categories.begin(), log[0].field_categories.end(), c) !=
                        log[0].field_categories.end(),
                    c);
  }
}

TEST_CASE("the person's access copy: assessments by the visibility rule, relatives, practice codes") {
  World w;
  REQUIRE(AddAssessment(*w.service, {{"dossier_id", w.dossier}, {"assessed_on", "2026-05-02"}, {"instrument", "INSTRMARK"},
                                     {"protective_factors", "PROTECTMARK"}, {"risk_summary", "RISKMARK"}},
                        {{"housing", "high"}})
              .ok());
  REQUIRE(AddAssessment(*w.service, {{"dossier_id", w.dossier}, {"scope", "private"}, {"risk_summary", "OWNPRIVATEMARK"}}, {})
              .ok());
  // Another worker's private assessment, as it would arrive merged from their device.
  const std::string other = Vault::NewEntityId("ass");
  REQUIRE(w.service->Apply({SetField(other, "dossier_id", w.dossier), SetField(other, "author", "Bruno"),
                            SetField(other, "assessor", "Bruno"), SetField(other, "assessed_on", "2026-05-03"),
                            SetField(other, "created_at", "2026-05-03T10:00:00Z"), SetField(other, "scope", "private"),
                            SetField(other, "risk_summary", "BRUNOPRIVATEMARK")})
              .ok());
  REQUIRE(AddRelative(*w.service, {{"dossier_id", w.dossier}, {"name", "RELATIVEMARK"}, {"relation", "sibling"},
                                   {"contact_consent", "agrees"}, {"contact_by", "CONTACTBYMARK"}})
              .ok());
  REQUIRE(UpdateRecord(*w.service, w.plan, {}, {{"practice_codes", {"motivation_in_prison", "not_applicable"}}}).ok());
  auto r = w.Request(DocumentKind::kAccessCopy, "");
  r.words = [](std::string_view, std::string_view key) { return std::string(key); };
  auto preview = PreviewDisclosure(*w.service, r);
  REQUIRE_MESSAGE(preview.ok(), preview.status().message());
  const std::string words = AllText(preview->document);
  for (const char* m : {"vocab.need_level.high", "vocab.relation.sibling", "vocab.contact_consent.agrees",
                        "07 · vocab.practice_code.motivation_in_prison, 99 · vocab.practice_code.not_applicable",
                        "disclosure_document.access.assessments", "disclosure_document.access.relatives"})
    CHECK_MESSAGE(words.find(m) != std::string::npos, m);
  auto done = Disclose(*w.service, r);
  REQUIRE_MESSAGE(done.ok(), done.status().message());
  const std::string text = passerelle::testing::PdfText(w.dir, done->pdf);
  for (const char* m : {"INSTRMARK", "PROTECTMARK", "RISKMARK", "OWNPRIVATEMARK", "RELATIVEMARK", "CONTACTBYMARK"})
    CHECK_MESSAGE(text.find(m) != std::string::npos, m);
  CHECK(text.find("BRUNOPRIVATEMARK") == std::string::npos);
  CHECK(words.find("BRUNOPRIVATEMARK") == std::string::npos);
  const auto log = DisclosureLog(*w.service, w.dossier).value();
  REQUIRE(log.size() == 1);
  CHECK(std::count(log[0].field_categories.begin(), log[0].field_categories.end(), "assessment.all") == 1);
  CHECK(std::count(log[0].record_ids.begin(), log[0].record_ids.end(), other) == 0);
}
