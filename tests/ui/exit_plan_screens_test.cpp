// Issue 15 in the app, headless over the demo vault: the showcase case file (release within 90
// days) opens on its Release tab; a step's status and who does it change from the checklist; the
// care handover shows its sensitivity reminder and edits through its form; the Team tab adds a
// member and hands the référent over (the previous one listed among who left); the case list's
// badge counts open steps; every tab and form in fr, nl and en with no missing label.
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>

#include "support/headless_screens.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "imgui_memory.h"
#include "exit_intents.h"
#include "form_intents.h"
#include "passerelle/core/exit_plan.h"
#include "passerelle/core/team.h"


using namespace passerelle;
using namespace passerelle::ui;

namespace {

using testing::Headless;

const core::ExitStep& Step(const DossierModel& d, const char* name) {
  for (const auto& s : d.exit_plan().steps())
    if (s.step == name) return s;
  FAIL("no step " << name);
  return d.exit_plan().steps().front();
}

}  // namespace

TEST_CASE("the Release tab: first within 90 days, status and who change in place, care handover with its reminder") {
  Headless h;
  h.Unlock();
  ImGui::GetIO().DisplaySize = ImVec2(1280, 1800);
  REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
  REQUIRE(h.app->dossier().exit_plan().checklist_first());
  h.Frames(2);
  h.Find("exit_plan.checklist");
  h.Find("exit_plan.care_sensitive");
  h.Find("exit.status.bank_account");
  const std::string dossier = h.app->dossier().dossier_id();
  const int open_before = h.app->dossier().exit_plan().open_steps();
  CHECK(Step(h.app->dossier(), "bank_account").status == "not_started");
  // The step's status as the combo pushes it, then who does it (a current member of the team).
  h.intents.Push(intent::SetExitStep{dossier, "bank_account", "status", "done"});
  std::string member;
  for (const auto& m : h.app->dossier().exit_plan().team())
    if (m.role == "justice_assistant") member = m.id;
  REQUIRE(!member.empty());
  h.intents.Push(intent::SetExitStep{dossier, "first_nights_bed", "member_id", member});
  h.Apply();
  h.Frames(2);
  CHECK(Step(h.app->dossier(), "bank_account").status == "done");
  CHECK(Step(h.app->dossier(), "first_nights_bed").member_id == member);
  CHECK(h.app->dossier().exit_plan().open_steps() == open_before - 1);
  // The case list's row counts the open steps with the release.
  bool counted = false;
  for (const CaseRow* r : h.app->cases().visible())
    if (r->dossier_id == dossier) counted = r->open_exit_steps == open_before - 1 && r->release_soon;
  CHECK(counted);
  // A stray intent for another dossier writes nothing.
  const auto before = h.app->vault()->Version().value();
  h.intents.Push(intent::SetExitStep{"dos-0000000000000000000", "housing", "status", "done"});
  h.Apply();
  CHECK(h.app->vault()->Version().value() == before);
  // The step's details form, and the care handover's.
  h.Tap("exit_plan.details.social_income");
  REQUIRE(h.intents.Find<intent::OpenEditForm>() != nullptr);
  h.Apply();
  h.Frames(2);
  h.Find("form.commune");
  CHECK(h.probe.Find("form.housing_route") == nullptr);  // the housing step's, not this one's
  h.intents.Push(intent::SetFormField{"commune", SecretText("Schaerbeek")});
  h.intents.Push(intent::SubmitForm{});
  h.Apply();
  h.Frames(2);
  CHECK(Step(h.app->dossier(), "social_income").commune == "Schaerbeek");
  h.Tap("exit_plan.edit_care");
  h.Apply();
  h.Frames(2);
  h.Find("form.prescriber");
  h.intents.Push(intent::SetFormField{"first_appointment", SecretText("12/03/2027")});
  h.intents.Push(intent::SubmitForm{});
  h.Apply();
  h.Frames(2);
  CHECK(h.app->dossier().exit_plan().care().first_appointment == "2027-03-12");
}

TEST_CASE("the Team tab: add a member, hand the référent over, who left stays listed") {
  Headless h;
  h.Unlock();
  ImGui::GetIO().DisplaySize = ImVec2(1280, 1800);
  REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
  h.Frames(2);
  h.Apply();
  h.Tap("dossier.tab.team");
  h.Frames(2);
  h.Find("exit_plan.add_member");
  const size_t members = h.app->dossier().exit_plan().team().size();
  h.Tap("exit_plan.add_member");
  REQUIRE(h.intents.Find<intent::OpenForm>() != nullptr);
  CHECK(h.intents.Find<intent::OpenForm>()->kind == FormKind::kNewTeamMember);
  h.Apply();
  h.Frames(2);
  h.intents.Push(intent::SetFormField{"role", SecretText("mentor")});
  h.intents.Push(intent::SetFormField{"name", SecretText("Youssef (fictif) M.")});
  h.intents.Push(intent::SetFormField{"responsible_for", SecretText("Sport et loisirs")});
  h.intents.Push(intent::SubmitForm{});
  h.Apply();
  h.Frames(2);
  REQUIRE(h.app->dossier().exit_plan().team().size() == members + 1);
  // A blank name is refused under the field, nothing written.
  const auto before = h.app->vault()->Version().value();
  h.Tap("exit_plan.add_member");
  h.Apply();
  h.intents.Push(intent::SetFormField{"role", SecretText("mentor")});
  h.intents.Push(intent::SubmitForm{});
  h.Apply();
  h.Frames(2);
  h.Find("form.window");
  CHECK(h.app->vault()->Version().value() == before);
  h.intents.Push(intent::CloseForm{});
  h.Apply();
  // The handover: one action; the outgoing référent ends, the dossier's référent changes.
  const std::string previous = h.app->dossier().summary().dossier.referent;
  h.Frames(2);
  h.Tap("exit_plan.hand_over");
  h.Apply();
  h.Frames(2);
  h.intents.Push(intent::SetFormField{"name", SecretText("Lotte (fictief) V.")});
  h.intents.Push(intent::SubmitForm{});
  h.Apply();
  h.Frames(2);
  CHECK(h.app->dossier().summary().dossier.referent == "Lotte (fictief) V.");
  bool previous_left = false;
  for (const auto& m : h.app->dossier().exit_plan().team())
    if (m.role == "referent" && m.name == previous) previous_left = !m.until.empty();
  CHECK(previous_left);
  h.Find("exit_plan.past_members");
}

TEST_CASE("Release and Team tabs and their forms draw in every language with no missing label") {
  Headless h;
  h.Unlock();
  for (std::string lang : {"fr", "nl", "en"}) {
    CAPTURE(lang);
    UiIntents setup;
    setup.Push(intent::SetLanguage{lang});
    h.app->Apply(setup);
    for (auto size : {ImVec2(1280, 1800), ImVec2(800, 1280)}) {
      ImGui::GetIO().DisplaySize = size;
      REQUIRE(ShowcaseScreen(*h.app, Screen::kCases).ok());
      h.Frames(2);
      REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
      h.Frames(2);
      h.Apply();
      for (const char* tab : {"release", "team"}) {
        h.intents.Push(intent::ShowDossierTab{tab});
        h.Apply();
        h.Frames(2);
        h.intents.Take();
      }
      const auto& d = h.app->dossier();
      std::vector<std::pair<FormKind, std::string>> forms = {
          {FormKind::kEditExitStep, Step(d, "housing").id}, {FormKind::kEditCareHandover, d.exit_plan().care().id},
          {FormKind::kEditTeamMember, d.exit_plan().team().front().id}};
      for (const auto& [kind, id] : forms) {
        h.intents.Push(intent::OpenEditForm{kind, id});
        h.Apply();
        h.Frames(2);
        h.Find("form.window");
        h.intents.Push(intent::CloseForm{});
        h.Apply();
      }
      for (FormKind kind : {FormKind::kNewTeamMember, FormKind::kHandover}) {
        h.intents.Push(intent::OpenForm{kind});
        h.Apply();
        h.Frames(2);
        h.Find("form.window");
        h.intents.Push(intent::CloseForm{});
        h.Apply();
      }
    }
  }
  CHECK(h.i18n.missing() == std::vector<std::string>{});
}
