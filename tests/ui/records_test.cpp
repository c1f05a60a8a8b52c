// Issue 13, "everything a worker does, in the app": AppController over the demo vault, with the
// intents the screens push. Editing each kind of record through the record forms (one Apply, the
// change in the field history), Undo after an edit or a delete (the previous values written back
// through the same path), deleting an accidental empty visit, the visit date and participants at
// start, "Review done", undo inside the note editor, what is due this week, and stray intents.
#include <doctest/doctest.h>

#include "app_controller.h"
#include "demo_vault.h"
#include "load_i18n.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/reviews.h"
#include "showcase.h"
#include "support/temp_dir.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

struct Fixture {
  testing::TempDir dir;
  std::string path = dir.File("demo.vault");
  platform::FakeClock clock{1'000'000};
  I18n i18n = testing::LoadI18n();
  std::unique_ptr<AppController> app;

  Fixture() {
    REQUIRE(demo::CreateDemoVault(path).ok());
    AppConfig config;
    config.vault_path = path;
    config.timers_clock = &clock;
    config.kdf = core::KdfParams::LowCostForTests();
    app = std::make_unique<AppController>(config, i18n);
    REQUIRE(app->UnlockWith(platform::SecureBuffer::FromString(demo::kDemoPassphrase)).ok());
    REQUIRE(ShowcaseScreen(*app, Screen::kDossier).ok());
    REQUIRE(app->dossier().loaded());
  }
  template <typename... I>
  void Do(I... intents) {
    UiIntents out;
    (out.Push(std::move(intents)), ...);
    app->Apply(out);
  }
  void Set(const char* field, const std::string& value) { Do(intent::SetFormField{field, SecretText(value)}); }
  core::Vault& vault() { return *app->vault(); }
  const core::DossierSummary& summary() { return app->dossier().summary(); }
  size_t Versions(const std::string& id, const char* field) { return core::FieldHistory(vault(), id, field)->size(); }
  core::VersionVector Vv() { return vault().Version().value(); }
};

const core::Visit* FindVisit(const DossierModel& d, const std::string& id) {
  for (const auto& e : d.timeline())
    if (e.visit.id == id) return &e.visit;
  return nullptr;
}

}  // namespace

TEST_CASE("edit a person: the change is one write, in the field history, and Undo puts the old value back") {
  Fixture f;
  const std::string person = f.summary().person.id;
  const std::string before = f.summary().person.establishment;
  const size_t versions = f.Versions(person, "establishment");
  f.Do(intent::OpenEditForm{FormKind::kEditPerson, person});
  REQUIRE(f.app->ui().form == FormKind::kEditPerson);
  REQUIRE(f.app->form().editing());
  CHECK(f.app->form().Find("establishment")->value == before);  // the form shows the record as it is
  REQUIRE(before != "Prison de Marche-en-Famenne");
  f.Set("establishment", "Prison de Marche-en-Famenne");  // a transfer
  f.Do(intent::SubmitForm{});
  CHECK(f.app->ui().form == FormKind::kNone);
  CHECK(f.summary().person.establishment == "Prison de Marche-en-Famenne");
  CHECK(f.Versions(person, "establishment") == versions + 1);
  // The history tab shows the change.
  bool shown = false;
  for (const auto& h : f.app->dossier().history())
    if (h.record == "person" && h.field == "establishment" && h.value == "Prison de Marche-en-Famenne" && h.current)
      shown = true;
  CHECK(shown);
  REQUIRE(f.app->ui().undo.has_value());
  CHECK(f.app->ui().undo->key == "records.undo.edited");
  f.Do(intent::UndoLast{});
  CHECK(f.summary().person.establishment == before);
  CHECK(f.Versions(person, "establishment") == versions + 2);  // the undo is an edit too: it syncs
  CHECK_FALSE(f.app->ui().undo.has_value());
}

TEST_CASE("an edit form that changes nothing writes nothing; a refused value writes nothing either") {
  Fixture f;
  const std::string dossier = f.summary().dossier.id;
  const auto vv = f.Vv();
  f.Do(intent::OpenEditForm{FormKind::kEditDossier, dossier}, intent::SubmitForm{});
  CHECK(f.Vv() == vv);
  CHECK(f.app->ui().banner->key == "records.nothing_changed");
  CHECK_FALSE(f.app->ui().undo.has_value());
  f.Do(intent::OpenEditForm{FormKind::kEditDossier, dossier});
  f.Set("next_review", "31/02/2027");
  f.Set("basis", "");  // required
  f.Do(intent::SubmitForm{});
  CHECK(f.app->ui().form == FormKind::kEditDossier);  // stays open, saying what to fix
  CHECK(f.app->form().Find("next_review")->error == "form.error.date");
  CHECK(f.app->form().Find("basis")->error == "form.error.choose");
  CHECK(f.Vv() == vv);
}

TEST_CASE("hand over the référent, move the TAP hearing: the dossier edit form") {
  Fixture f;
  const std::string dossier = f.summary().dossier.id;
  f.Do(intent::OpenEditForm{FormKind::kEditDossier, dossier});
  const FormField* referent = f.app->form().Find("referent");
  REQUIRE(referent != nullptr);
  CHECK_FALSE(referent->suggestions.empty());  // workers already responsible for a case file
  f.Set("referent", "Bram Peeters");
  f.Set("next_hearing", "15/03/2027");
  f.Do(intent::SubmitForm{});
  CHECK(f.summary().dossier.referent == "Bram Peeters");
  CHECK(f.summary().dossier.next_hearing == "2027-03-15");
  f.Do(intent::UndoLast{});
  CHECK(f.summary().dossier.referent != "Bram Peeters");
}

TEST_CASE("edit a visit, a goal, a referral's status and a consent") {
  Fixture f;
  REQUIRE_FALSE(f.app->dossier().timeline().empty());
  const std::string visit = f.app->dossier().timeline().front().visit.id;
  f.Do(intent::OpenEditForm{FormKind::kEditVisit, visit});
  f.Set("date", "01/12/2026");
  f.Set("kind", "tripartite");
  f.Set("outcome", "justified_absence");
  f.Set("participants", "Karim\n  Camille Demo \nMme Lemaire (AJ)\n\n");
  f.Do(intent::SubmitForm{});
  const core::Visit* v = FindVisit(f.app->dossier(), visit);
  REQUIRE(v != nullptr);
  CHECK(v->date == "2026-12-01");
  CHECK(v->kind == "tripartite");
  CHECK(v->outcome == "justified_absence");
  CHECK(v->participants == std::vector<std::string>{"Camille Demo", "Karim", "Mme Lemaire (AJ)"});
  f.Do(intent::UndoLast{});  // the previous date, kind, outcome and participants
  v = FindVisit(f.app->dossier(), visit);
  CHECK(v->date != "2026-12-01");
  CHECK(v->participants.empty());

  // A goal: status and due date.
  REQUIRE_FALSE(f.app->dossier().plan_items().empty());
  const std::string goal = f.app->dossier().plan_items().front().id;
  f.Do(intent::OpenEditForm{FormKind::kEditPlanItem, goal});
  f.Set("status", "achieved");
  f.Do(intent::SubmitForm{});
  bool achieved = false;
  for (const auto& p : f.app->dossier().plan_items())
    if (p.id == goal) achieved = p.status == "achieved";
  CHECK(achieved);

  // A referral: where it stands.
  std::string referral;
  for (const auto& g : f.app->dossier().plan())
    for (const auto& e : g.entries)
      for (const auto& r : e.referrals) referral = r.referral.id;
  if (!referral.empty()) {
    f.Do(intent::OpenEditForm{FormKind::kEditReferral, referral});
    f.Set("status", "waiting_list");
    f.Do(intent::SubmitForm{});
    auto shown = core::ShowDossier(f.vault(), f.summary().dossier.id);
    REQUIRE(shown.ok());
    bool waiting = false;
    for (const auto& r : shown->referrals)
      if (r.id == referral) waiting = r.status == "waiting_list";
    CHECK(waiting);
  }

  // A consent: its end date, refused before it was given.
  if (!f.app->dossier().consents().empty()) {
    const auto consent = f.app->dossier().consents().front().consent;
    f.Do(intent::OpenEditForm{FormKind::kEditConsent, consent.id});
    f.Set("expires_on", "01/01/1990");
    f.Do(intent::SubmitForm{});
    CHECK(f.app->form().Find("expires_on")->error == "form.error.expires_before_given");
    f.Set("expires_on", "31/12/2027");
    f.Do(intent::SubmitForm{});
    for (const auto& c : f.app->dossier().consents())
      if (c.consent.id == consent.id) CHECK(c.consent.expires_on == "2027-12-31");
  }
}

TEST_CASE("delete a visit, then Undo; the offer goes after a few seconds") {
  Fixture f;
  const size_t visits = f.app->dossier().timeline().size();
  const std::string visit = f.app->dossier().timeline().front().visit.id;
  f.Do(intent::DeleteRecord{visit});
  CHECK(f.app->dossier().timeline().size() == visits - 1);
  CHECK_FALSE(*core::RecordExists(f.vault(), visit));
  REQUIRE(f.app->ui().undo.has_value());
  CHECK(f.app->ui().undo->key == "records.undo.deleted.visit");
  CHECK(f.app->NextDeadline().value() <= f.clock.NowMillis() + kUndoMillis);
  f.Do(intent::UndoLast{});
  CHECK(f.app->dossier().timeline().size() == visits);
  CHECK(*core::RecordExists(f.vault(), visit));
  // A second delete; no undo within the time: the offer disappears, the visit stays deleted.
  f.Do(intent::DeleteRecord{visit});
  f.clock.Advance(kUndoMillis - 1);
  f.app->Tick();
  CHECK(f.app->ui().undo.has_value());
  f.clock.Advance(2);
  f.app->Tick();
  CHECK_FALSE(f.app->ui().undo.has_value());
  f.Do(intent::UndoLast{});  // too late: nothing happens
  CHECK_FALSE(*core::RecordExists(f.vault(), visit));
}

TEST_CASE("an accidental empty visit is removed from the editor; the case file shows again") {
  Fixture f;
  const std::string dossier = f.summary().dossier.id;
  const size_t visits = f.app->dossier().timeline().size();
  f.Do(intent::OpenStartVisit{dossier}, intent::StartVisit{});
  REQUIRE(f.app->ui().screen == Screen::kVisit);
  const std::string visit = f.app->visit().visit().id;
  f.Do(intent::DeleteRecord{visit});
  CHECK_FALSE(f.app->visit().open());
  CHECK(f.app->ui().screen != Screen::kVisit);
  CHECK(f.app->dossier().timeline().size() == visits);
  CHECK_FALSE(*core::RecordExists(f.vault(), visit));
}

TEST_CASE("delete a case file: the list no longer shows it; Undo brings it back and opens it") {
  Fixture f;
  f.Do(intent::SetCaseOwner{CaseOwner::kAll});
  const size_t total = f.app->cases().total();
  const std::string dossier = f.summary().dossier.id, person = f.summary().person.id;
  f.Do(intent::DeleteRecord{dossier});
  CHECK(f.app->ui().screen == Screen::kCases);
  CHECK(f.app->cases().total() == total - 1);
  CHECK_FALSE(*core::RecordExists(f.vault(), person));  // their only case file: the person too
  f.Do(intent::UndoLast{});
  CHECK(f.app->cases().total() == total);
  CHECK(f.app->ui().screen == Screen::kDossier);
  CHECK(f.summary().dossier.id == dossier);
  CHECK(*core::RecordExists(f.vault(), person));
}

TEST_CASE("start a visit on a chosen day; a date that does not exist starts nothing") {
  Fixture f;
  const std::string dossier = f.summary().dossier.id;
  f.Do(intent::OpenStartVisit{dossier});
  CHECK(f.app->visit().StartDate() == f.app->Today());  // today by default
  const auto vv = f.Vv();
  f.Do(intent::SetVisitDate{"30/02/2026"}, intent::StartVisit{});
  CHECK(f.app->ui().start_visit_open);  // still asking
  CHECK(f.app->ui().banner->key == "visit.start_failed");
  CHECK(f.Vv() == vv);
  f.Do(intent::SetVisitDate{"03/12/2026"}, intent::StartVisit{});
  REQUIRE(f.app->ui().screen == Screen::kVisit);
  CHECK(f.app->visit().visit().date == "2026-12-03");
  CHECK(core::ShowDossier(f.vault(), dossier)->visits.front().date >= "2026-12-03");
}

TEST_CASE("a tripartite visit starts with the person and the worker as participants; the AJ is added") {
  Fixture f;
  const std::string dossier = f.summary().dossier.id;
  const std::string name = f.summary().person.name;
  f.Do(intent::OpenStartVisit{dossier}, intent::SetVisitKind{"tripartite"});
  CHECK(f.app->visit().start().participants == name + "\n" + f.vault().worker() + "\n");
  f.Do(intent::SetVisitParticipants{SecretText(f.app->visit().start().participants + "Mme Lemaire (AJ)")},
       intent::StartVisit{});
  REQUIRE(f.app->visit().open());
  auto participants = core::Participants(f.vault(), f.app->visit().visit().id);
  REQUIRE(participants.ok());
  CHECK(participants->size() == 3);
  CHECK(f.app->visit().visit().participants.size() == 3);
}

TEST_CASE("review done: the date and who took part, the next review a month later, Undo takes it back") {
  Fixture f;
  const std::string dossier = f.summary().dossier.id;
  const std::string previous_next = f.summary().dossier.next_review;
  const std::string today = f.app->Today();
  f.Do(intent::OpenForm{FormKind::kReviewDone});
  REQUIRE(f.app->ui().form == FormKind::kReviewDone);
  CHECK(f.app->form().Find("held_on")->value == FormatDateInput(today));
  CHECK(f.app->form().Find("next_review")->value == FormatDateInput(core::OneMonthLater(today)));
  CHECK(f.app->form().Find("participants")->value == f.vault().worker());
  f.Set("participants", f.vault().worker() + "\nSPS prison\nMme Lemaire (AJ)");
  f.Set("comment", "Logement : dossier CPAS déposé.");
  f.Do(intent::SubmitForm{});
  REQUIRE(f.app->ui().form == FormKind::kNone);
  REQUIRE(f.app->dossier().reviews().size() == 1);
  const core::Review& r = f.app->dossier().reviews().front();
  CHECK(r.held_on == today);
  CHECK(r.participants.size() == 3);
  CHECK(f.summary().dossier.next_review == core::OneMonthLater(today));
  CHECK(f.app->ui().undo->key == "records.undo.review_recorded");
  f.Do(intent::UndoLast{});
  CHECK(f.app->dossier().reviews().empty());
  CHECK(f.summary().dossier.next_review == previous_next);
}

TEST_CASE("review done: the next review follows the date until chosen; a review in the future is refused") {
  Fixture f;
  f.Do(intent::OpenForm{FormKind::kReviewDone});
  f.Set("held_on", "31/01/2026");
  CHECK(f.app->form().Find("next_review")->value == "28/02/2026");
  f.Set("next_review", "10/03/2026");
  f.Set("held_on", "30/01/2026");
  CHECK(f.app->form().Find("next_review")->value == "10/03/2026");  // chosen by hand: kept
  const auto vv = f.Vv();
  f.Set("held_on", FormatDateInput(core::OneMonthLater(f.app->Today())));
  f.Set("next_review", "01/01/2099");
  f.Do(intent::SubmitForm{});
  CHECK(f.app->form().Find("held_on")->error == "records.error.review_in_future");
  CHECK(f.Vv() == vv);
}

TEST_CASE("undo inside the note: Ctrl+Z / the button go back a group of typing, redo forward") {
  Fixture f;
  REQUIRE(ShowcaseScreen(*f.app, Screen::kVisit).ok());
  const std::string start = f.app->visit().body();
  CHECK_FALSE(f.app->visit().can_undo());
  f.Do(intent::EditNote{SecretText(start + " Il")});
  f.Do(intent::EditNote{SecretText(start + " Il a")});
  f.Do(intent::EditNote{SecretText(start + " Il a un")});
  f.clock.Advance(2000);  // a pause: a new group
  f.Do(intent::EditNote{SecretText(start + " Il a un bail")});
  REQUIRE(f.app->visit().can_undo());
  f.Do(intent::UndoNote{});
  CHECK(f.app->visit().body() == start + " Il a un");
  f.Do(intent::UndoNote{});
  CHECK(f.app->visit().body() == start + " Il a");
  f.Do(intent::RedoNote{});
  CHECK(f.app->visit().body() == start + " Il a un");
  // The undone text is saved like any edit.
  f.Do(intent::FinishVisit{});
  auto notes = core::ListNotes(f.vault(), f.summary().dossier.id);
  bool saved = false;
  for (const auto& n : *notes) saved = saved || n.body == start + " Il a un";
  CHECK(saved);
}

TEST_CASE("locking drops the undo offer and the form's previous values") {
  Fixture f;
  f.Do(intent::DeleteRecord{f.app->dossier().timeline().front().visit.id});
  REQUIRE(f.app->ui().undo.has_value());
  f.Do(intent::Lock{});
  CHECK_FALSE(f.app->ui().undo.has_value());
  CHECK_FALSE(f.app->NextDeadline().has_value());
}

TEST_CASE("a stray intent edits or deletes nothing outside the open case file") {
  Fixture f;
  f.Do(intent::SetCaseOwner{CaseOwner::kAll});
  std::string other;
  for (const CaseRow* row : f.app->cases().visible())
    if (row->dossier_id != f.summary().dossier.id) other = row->dossier_id;
  REQUIRE_FALSE(other.empty());
  const auto vv = f.Vv();
  f.Do(intent::DeleteRecord{other}, intent::OpenEditForm{FormKind::kEditDossier, other},
       intent::OpenEditForm{FormKind::kEditPerson, f.summary().dossier.id} /* wrong kind */);
  CHECK(f.app->ui().form == FormKind::kNone);
  CHECK(*core::RecordExists(f.vault(), other));
  CHECK(f.Vv() == vv);
}

TEST_CASE("the case list says how many monthly reviews are due this week, and filters them") {
  Fixture f;
  f.Do(intent::SetCaseOwner{CaseOwner::kAll});
  const size_t due = f.app->cases().reviews_this_week();
  f.Do(intent::SetReviewThisWeek{true});
  CHECK(f.app->cases().visible().size() == due);
  for (const CaseRow* row : f.app->cases().visible()) CHECK(row->review_this_week);
  // Moving a case file's review to next month takes it off this week's list.
  if (due > 0) {
    const std::string id = f.app->cases().visible().front()->dossier_id;
    REQUIRE(core::UpdateRecord(f.vault(), id, {{"next_review", core::OneMonthLater(core::OneMonthLater(f.app->Today()))}}).ok());
    f.Do(intent::Navigate{Screen::kCases});
    CHECK(f.app->cases().reviews_this_week() == due - 1);
  }
}
