// Issue 15 and the disclosures (issue 12): the exit report's "where the person can get help" is the
// dossier team (WhoToAsk), never the care handover. The World fixture is disclosure_test.cpp's.
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
#include "passerelle/core/reports.h"

using namespace passerelle;
using namespace passerelle::core;
using passerelle::testing::TempDir;

namespace {

constexpr const char* kMj = "Maison de justice de Mons";

struct World {
  TempDir dir;
  platform::FakeClock clock{1'780'000'000'000};  // 2026-05-28
  std::unique_ptr<Vault> service = passerelle::testing::MakeVault(dir, "caprev.vault", &clock, "CAPREV");
  std::unique_ptr<Vault> mj = passerelle::testing::MakeVault(dir, "mj.vault", &clock, kMj, "maison_de_justice");
  std::string person, dossier, note, plan, referral;
  World() {
    passerelle::testing::Introduce(*service, *mj);
    Vault& v = *service;
    person = AddPerson(v, {{"name", "Zoë Peeters"}, {"birth_date", "1990-03-04"}, {"alias", "ALIASMARK"},
                           {"establishment", "Prison de Haren"}}).value();
    dossier = AddDossier(v, {{"person_id", person}, {"basis", "voluntary"}}).value();
    REQUIRE(AddVisit(v, {{"dossier_id", dossier}, {"date", "2026-05-04"}, {"kind", "individual"},
                         {"outcome", "present"}, {"place", "PLACEMARK"}}, {"motivational_interviewing"}).ok());
    REQUIRE(AddVisit(v, {{"dossier_id", dossier}, {"date", "2026-05-11"}, {"kind", "tripartite"},
                         {"outcome", "no_show"}}, {}).ok());
    REQUIRE(AddVisit(v, {{"dossier_id", dossier}, {"date", "2026-03-01"}, {"kind", "individual"},
                         {"outcome", "justified_absence"}}, {}).ok());
    note = AddNote(v, {{"dossier_id", dossier}, {"body", "NOTEMARK the substance of the file"}}).value();
    plan = AddPlanItem(v, {{"dossier_id", dossier}, {"domain", "housing"}, {"goal", "GOALMARK a flat"},
                           {"barriers", "BARRIERMARK"}, {"levers", "LEVERMARK"}}).value();
    referral = AddReferral(v, {{"plan_item_id", plan}, {"service_id", "svc-1"}, {"comment", "COMMENTMARK"}}).value();
  }
  std::string Consent(const std::string& partner, const std::string& scope, const std::string& given = "2026-01-01") {
    auto id = AddConsent(*service, {{"dossier_id", dossier}, {"partner", partner}, {"scope", scope}, {"given_on", given}});
    REQUIRE_MESSAGE(id.ok(), id.status().message());
    return *id;
  }
  DisclosureRequest Request(DocumentKind kind, const std::string& to = kMj) const {
    DisclosureRequest r;
    r.kind = kind;
    r.dossier_id = dossier;
    r.recipient = to;
    return r;
  }
};

std::string AllText(const DisclosureDocument& d) {
  std::string s = d.title + "\n";
  for (const auto& [k, val] : d.header) s += k + ": " + val + "\n";
  for (const auto& b : d.blocks) {
    s += b.label + ": " + b.text + "\n";
    for (const auto& c : b.cells) s += c + "\n";
  }
  return s + d.footer;
}
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
