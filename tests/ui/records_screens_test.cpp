// Issue 13 headless: the dossier's Edit / Delete / Review done buttons, the edit forms and
// "Review done" drawn in every language, the undo bar and its tap, the start sheet's date and
// participants, the note editor's Undo button and Ctrl+Z, practice codes with their numbers and
// the note's life domains on the timeline, what is due this week on the case list. The harness
// is tests/support/headless_screens.h (an ImGui context with no renderer).
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>

#include "support/headless_screens.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "imgui_memory.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

using testing::Headless;

}  // namespace

TEST_CASE("the case file's edit, delete and review buttons push their intents; the undo bar undoes") {
  Headless h;
  h.Unlock();
  ImGui::GetIO().DisplaySize = ImVec2(1280, 1800);
  REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
  h.Frames(2);
  const std::string dossier = h.app->dossier().summary().dossier.id;
  const std::string person = h.app->dossier().summary().person.id;
  h.Tap("records.edit_person");
  REQUIRE(h.intents.Find<intent::OpenEditForm>() != nullptr);
  CHECK(h.intents.Find<intent::OpenEditForm>()->record_id == person);
  h.Apply();
  h.Frames(2);
  h.Find("form.window");
  h.Find("form.establishment");
  h.Tap("form.cancel");
  h.Apply();
  h.Frames(2);
  h.Tap("records.edit_dossier");
  REQUIRE(h.intents.Find<intent::OpenEditForm>() != nullptr);
  CHECK(h.intents.Find<intent::OpenEditForm>()->kind == FormKind::kEditDossier);
  h.Apply();
  h.Frames(2);
  h.Find("form.referent");
  h.Tap("form.cancel");
  h.Apply();
  h.Frames(2);
  // The showcase case file opens on its Release tab (issue 15: release within 90 days).
  h.Tap("dossier.tab.timeline");
  h.Apply();
  h.Frames(2);
  // The timeline: each visit has Edit and Delete; tags show with the code's number.
  const auto& first = h.app->dossier().timeline().front();
  const std::string visit = first.visit.id;
  h.Find("records.edit." + visit);
  if (!first.visit.practice_codes.empty() || !first.note_domains.empty()) h.Find("records.tags." + visit);
  h.Tap("records.delete." + visit);
  REQUIRE(h.intents.Find<intent::DeleteRecord>() != nullptr);
  h.Apply();
  h.Frames(2);
  h.Find("undo.text");
  h.Tap("undo.undo");
  REQUIRE(h.intents.Find<intent::UndoLast>() != nullptr);
  h.Apply();
  h.Frames(2);
  CHECK(h.probe.Find("undo.text") == nullptr);
  CHECK(h.app->dossier().timeline().front().visit.id == visit);
  // Review done: the form, then the reviews tab lists it.
  h.Tap("records.review_done");
  REQUIRE(h.intents.Find<intent::OpenForm>() != nullptr);
  CHECK(h.intents.Find<intent::OpenForm>()->kind == FormKind::kReviewDone);
  h.Apply();
  h.Frames(2);
  h.Find("form.held_on");
  h.Find("form.participants");
  h.Find("form.next_review");
  h.Tap("form.submit");
  h.Apply();
  h.Frames(2);
  CHECK(h.app->dossier().reviews().size() == 1);
  h.Find("records.last_review");
  h.Tap("dossier.tab.reviews");
  h.Frames(2);
  h.Find("records.delete." + h.app->dossier().reviews().front().id);
}

TEST_CASE("every edit form and Review done draws in every language, with every message") {
  Headless h;
  h.Unlock();
  ImGui::GetIO().DisplaySize = ImVec2(1280, 1800);
  REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
  const auto& d = h.app->dossier();
  std::vector<std::pair<FormKind, std::string>> forms = {
      {FormKind::kEditPerson, d.summary().person.id}, {FormKind::kEditDossier, d.summary().dossier.id},
      {FormKind::kEditVisit, d.timeline().front().visit.id}, {FormKind::kEditPlanItem, d.plan_items().front().id}};
  for (const auto& g : d.plan())
    for (const auto& e : g.entries)
      for (const auto& r : e.referrals) forms.push_back({FormKind::kEditReferral, r.referral.id});
  if (!d.consents().empty()) forms.push_back({FormKind::kEditConsent, d.consents().front().consent.id});
  for (std::string lang : {"fr", "nl", "en"}) {
    CAPTURE(lang);
    UiIntents setup;
    setup.Push(intent::SetLanguage{lang});
    h.app->Apply(setup);
    for (const auto& [kind, id] : forms) {
      UiIntents show;
      show.Push(intent::OpenEditForm{kind, id});
      h.app->Apply(show);
      REQUIRE(h.app->ui().form == kind);
      h.Frames(2);
      h.Find("form.window");
      UiIntents close;
      close.Push(intent::CloseForm{});
      h.app->Apply(close);
      h.Frames(1);
    }
    UiIntents review;
    review.Push(intent::OpenForm{FormKind::kReviewDone});
    review.Push(intent::SetFormField{"next_review", SecretText("01/01/2000")});
    review.Push(intent::SubmitForm{});  // refused: the message under the field is drawn
    h.app->Apply(review);
    h.Frames(2);
    h.Find("form.error.next_review");
    UiIntents close;
    close.Push(intent::CloseForm{});
    h.app->Apply(close);
    h.Frames(1);
    REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
    for (const char* tab : {"dossier.tab.reviews", "dossier.tab.history", "dossier.tab.timeline"}) {
      h.Frames(1);
      h.Tap(tab);
      h.Frames(1);
    }
    REQUIRE(ShowcaseScreen(*h.app, Screen::kCases).ok());
    h.Frames(2);
    h.Find("records.due_week");
    h.Find("records.due_week_filter");
  }
  CHECK(h.i18n.missing() == std::vector<std::string>{});
}

TEST_CASE("the start sheet takes a date and a tripartite visit's participants; the editor's Undo and Ctrl+Z") {
  Headless h;
  h.Unlock();
  ImGui::GetIO().DisplaySize = ImVec2(1280, 1400);
  REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
  h.Frames(2);
  h.Tap("dossier.new_visit");
  h.Apply();
  h.Frames(2);
  h.Find("visit.start.date");
  CHECK(h.probe.Find("visit.start.participants") == nullptr);  // an individual interview
  h.Tap("visit.start.kind.tripartite");
  h.Apply();
  h.Frames(2);
  h.Find("visit.start.participants");
  // A date that does not exist: said, and Start disabled.
  UiIntents bad;
  bad.Push(intent::SetVisitDate{"31/02/2026"});
  h.app->Apply(bad);
  h.Frames(2);
  h.Find("visit.start.date_error");
  CHECK_FALSE(h.Find("visit.start.go").enabled);
  UiIntents good;
  good.Push(intent::SetVisitDate{"01/12/2026"});
  h.app->Apply(good);
  h.Frames(2);
  CHECK(h.Find("visit.start.go").enabled);
  h.Tap("visit.start.go");
  h.Apply();
  h.Frames(2);
  REQUIRE(h.app->ui().screen == Screen::kVisit);
  CHECK(h.app->visit().visit().date == "2026-12-01");
  CHECK(h.app->visit().visit().participants.size() == 2);  // the person and the worker
  CHECK_FALSE(h.Find("visit.undo_note").enabled);
  h.Find("visit.edit");
  h.Find("visit.delete");
  // Type, then undo with the button, then with Ctrl+Z.
  h.Tap("visit.editor");
  ImGui::GetIO().AddInputCharactersUTF8("Bonjour");
  h.Frame();
  h.Apply();
  h.clock.Advance(2000);
  ImGui::GetIO().AddInputCharactersUTF8(" encore");
  h.Frame();
  h.Apply();
  h.Frames(1);
  REQUIRE(h.app->visit().body() == "Bonjour encore");
  CHECK(h.Find("visit.undo_note").enabled);
  // The editor lets go of the keyboard first: the first tap after typing is issue 13's defect 1,
  // fixed apart (engineer "tablet"); this test is about what the Undo button does.
  h.Tap("visit.save_state");
  h.Apply();
  h.Tap("visit.undo_note");
  REQUIRE(h.intents.Find<intent::UndoNote>() != nullptr);
  h.Apply();
  CHECK(h.app->visit().body() == "Bonjour");
  h.Frames(1);
  ImGuiIO& io = ImGui::GetIO();
  io.KeyCtrl = true;
  io.KeysDown[io.KeyMap[ImGuiKey_Z]] = true;
  h.Frame();
  io.KeysDown[io.KeyMap[ImGuiKey_Z]] = false;
  io.KeyCtrl = false;
  REQUIRE(h.intents.Find<intent::UndoNote>() != nullptr);
  h.Apply();
  CHECK(h.app->visit().body().empty());
  h.Frames(1);
  h.Tap("visit.redo_note");
  h.Apply();
  CHECK(h.app->visit().body() == "Bonjour");
}

TEST_CASE("practice codes are offered with their numbers, the motivation in prison code included") {
  Headless h;
  h.Unlock();
  ImGui::GetIO().DisplaySize = ImVec2(1280, 1400);
  REQUIRE(ShowcaseScreen(*h.app, Screen::kVisit).ok());
  h.Frames(2);
  h.Find("visit.code.motivation_in_prison");
  h.Find("visit.code.not_applicable");
  h.Tap("visit.code.motivation_in_prison");
  REQUIRE(h.intents.Find<intent::TogglePracticeCode>() != nullptr);
  CHECK(h.intents.Find<intent::TogglePracticeCode>()->code == "motivation_in_prison");
}
