// Issue 15 in the app, the worker's side: assessments and relatives edited in their forms (the
// core's needs.h calls, its sentence shown on a refusal, Undo after saving), an earlier assessment
// set beside the latest, a relative followed as a person of their own (a file with no detention
// status, linked back), "Undo" after the exit step, care handover and team member forms and after
// a step's status changed in place, and the R.A.J. directory picker where a service is named.
// Headless over the demo vault (tests/support/headless_screens.h), in fr, nl and en.
#include <doctest/doctest.h>

#include <functional>

#include "disclosure_intents.h"
#include "exit_intents.h"
#include "passerelle/core/exit_plan.h"
#include "passerelle/core/needs.h"
#include "records_intents.h"
#include "support/headless_screens.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

// The showcase case file, with what these tests read of it.
struct Headless : testing::HeadlessDossier {
  auto Version() { return app->vault()->Version().value(); }
  const NeedsModel& needs() { return app->dossier().needs(); }
  const core::ExitStep& Step(const char* name) {
    for (const auto& s : app->dossier().exit_plan().steps())
      if (s.step == name) return s;
    FAIL("no step " << name);
    return app->dossier().exit_plan().steps().front();
  }
};

}  // namespace

TEST_CASE("an assessment is edited through its form: levels, fields, Undo; the earlier ones stay") {
  Headless h;
  REQUIRE(h.needs().assessments().size() == 3);
  const std::string latest = h.needs().assessments()[0].id;
  h.ShowTab("assessment");
  h.Tap("records.edit." + latest);
  const auto* open = h.intents.Find<intent::OpenEditForm>();
  REQUIRE(open != nullptr);
  CHECK(open->kind == FormKind::kEditAssessment);
  h.Apply();
  h.Frames(2);
  h.Find("form.sensitive");  // the sensitivity reminder where it is written
  const RecordForm& form = h.app->form();
  REQUIRE(form.open());
  CHECK(form.Find("need.addiction")->value == "low");  // prefilled with the record's levels
  CHECK(form.Find("assessed_on")->value == "04/11/2026");
  h.Set("need.addiction", "moderate");
  h.Set("need.mental_health", "low");
  h.Set("instrument", "");
  h.Set("risk_summary", "Rechute en octobre ; reprise du suivi.");
  h.Do(intent::SubmitForm{});
  CHECK_FALSE(form.open());
  REQUIRE(h.needs().assessments().size() == 3);  // an edit, not a new one
  const core::Assessment& a = h.needs().assessments()[0];
  CHECK(a.id == latest);
  CHECK(a.needs.at("addiction") == "moderate");
  CHECK(a.needs.at("mental_health") == "low");
  CHECK(a.instrument.empty());
  CHECK(a.risk_summary == "Rechute en octobre ; reprise du suivi.");
  // Undo writes the previous levels and fields back.
  REQUIRE(h.app->ui().undo.has_value());
  h.Do(intent::UndoLast{});
  const core::Assessment& back = h.needs().assessments()[0];
  CHECK(back.needs.at("addiction") == "low");
  CHECK(back.needs.count("mental_health") == 0);
  CHECK(back.instrument == "Grille du service");
  CHECK(back.risk_summary == "Risque faible ; stable depuis l'été.");
  // Opening and saving with no change writes nothing.
  const auto before = h.Version();
  h.Do(intent::OpenEditForm{FormKind::kEditAssessment, latest});
  h.Do(intent::SubmitForm{});
  CHECK(h.Version() == before);
}

TEST_CASE("what the core refuses for an assessment, the form refuses with the core's sentence") {
  struct Row {
    const char* field;
    const char* typed;
    core::FieldValues core_fields;  // the same change as the CLI's `assessment set` gives it
  };
  const Row rows[] = {
      {"assessor", "", {{"assessor", ""}}},
      {"assessed_on", "01/01/2099", {{"assessed_on", "2099-01-01"}}},
      {"next_assessment", "01/10/2026", {{"next_assessment", "2026-10-01"}}},
  };
  Headless h;
  const std::string latest = h.needs().assessments()[0].id;
  for (const Row& row : rows) {
    CAPTURE(row.field);
    const Status direct = core::UpdateAssessment(*h.app->vault(), latest, row.core_fields);
    REQUIRE_FALSE(direct.ok());
    const auto before = h.Version();
    h.Do(intent::OpenEditForm{FormKind::kEditAssessment, latest});
    h.Set(row.field, row.typed);
    h.Do(intent::SubmitForm{});
    const RecordForm& form = h.app->form();
    REQUIRE(form.open());  // stays open, says why
    CHECK(form.error_key() == "form.save_failed");
    CHECK(form.save_detail() == direct.message());
    CHECK(h.Version() == before);
    h.Frames(2);
    h.Find("form.message");
    h.Do(intent::CloseForm{});
  }
}

TEST_CASE("the worker sets an earlier assessment beside the latest") {
  Headless h;
  const auto& all = h.needs().assessments();
  REQUIRE(all.size() == 3);
  const std::string oldest = all[2].id;
  for (const char* lang : {"fr", "nl", "en"}) {
    CAPTURE(lang);
    h.Language(lang);
    h.ShowTab("assessment");
    h.Find("needs.compare");
    h.Find("needs.compare_with." + all[1].id);
    h.Find("needs.compare_with." + all[2].id);
  }
  CHECK(h.needs().Earlier(h.app->ui().compare_assessment) == &all[1]);  // the one before, by default
  h.Tap("needs.compare_with." + oldest);
  const auto* pick = h.intents.Find<intent::CompareAssessment>();
  REQUIRE(pick != nullptr);
  CHECK(pick->assessment_id == oldest);
  h.Apply();
  h.Frames(2);
  CHECK(h.needs().Earlier(h.app->ui().compare_assessment) == &all[2]);
  bool debts = false;  // high in June, moderate since
  for (const auto& row : h.needs().Compare(&all[2]))
    if (row.domain == "debts") debts = row.latest == "moderate" && row.earlier == "high";
  CHECK(debts);
  // A stray id (not an assessment of this case file) changes nothing.
  h.Do(intent::CompareAssessment{"ass-0000000000000000000"});
  CHECK(h.app->ui().compare_assessment == oldest);
}

TEST_CASE("a relative is edited (consent to contact, by whom, family goals) and Undo takes it back") {
  Headless h;
  const auto& rels = h.needs().relatives();
  REQUIRE(rels.size() == 2);
  REQUIRE(h.needs().family_items().size() == 1);
  const std::string family = h.needs().family_items()[0].first;
  std::string mother;
  for (const auto& r : rels)
    if (r.relative.relation == "parent") mother = r.relative.id;
  REQUIRE(!mother.empty());
  h.ShowTab("family");
  h.Tap("records.edit." + mother);
  h.Apply();
  REQUIRE(h.app->form().open());
  CHECK(h.app->form().kind() == FormKind::kEditRelative);
  CHECK(h.app->form().Find("plan_item_ids")->suggestions == std::vector<std::string>{family});
  h.Set("contact_consent", "agrees");
  h.Set("contact_by", "La référente");
  h.Set("plan_item_ids", family);
  h.Do(intent::SubmitForm{});
  CHECK_FALSE(h.app->form().open());
  auto find = [&]() -> const core::Relative& {
    for (const auto& r : h.needs().relatives())
      if (r.relative.id == mother) return r.relative;
    FAIL("relative gone");
    return h.needs().relatives().front().relative;
  };
  CHECK(find().contact_consent == "agrees");
  CHECK(find().contact_by == "La référente");
  CHECK(find().plan_item_ids == std::vector<std::string>{family});
  h.Do(intent::UndoLast{});
  CHECK(find().contact_consent == "not_asked");
  CHECK(find().contact_by.empty());
  CHECK(find().plan_item_ids.empty());
  // A relative needs a name: refused under the field, nothing written.
  const auto before = h.Version();
  h.Do(intent::OpenEditForm{FormKind::kEditRelative, mother});
  h.Set("name", "");
  h.Do(intent::SubmitForm{});
  CHECK(h.app->form().Find("name")->error == "form.error.required");
  CHECK(h.Version() == before);
}

TEST_CASE("a relative followed as a person of their own: a file with no detention status, linked back") {
  Headless h;
  const std::string dossier = h.app->dossier().dossier_id();
  std::string mother, name;
  for (const auto& r : h.needs().relatives())
    if (r.relative.person_id.empty()) mother = r.relative.id, name = r.relative.name;
  REQUIRE(!mother.empty());
  h.ShowTab("family");
  h.Tap("needs.follow." + mother);
  REQUIRE(h.intents.Find<intent::FollowRelative>() != nullptr);
  h.Apply();
  const RecordForm& form = h.app->form();
  REQUIRE(form.open());
  CHECK(form.kind() == FormKind::kNewDossier);
  CHECK(form.Find("file_for")->value == "relative");
  CHECK(form.Find("name")->value == name);
  CHECK_FALSE(form.Shows(*form.Find("status")));  // no detention status asked
  h.Do(intent::SubmitForm{});
  CHECK_FALSE(form.open());
  REQUIRE(h.app->dossier().loaded());
  CHECK(h.app->dossier().dossier_id() != dossier);  // the relative's own file is open
  const std::string person = h.app->dossier().summary().person.id;
  CHECK(h.app->dossier().summary().person.status.empty());
  auto rels = core::ListRelatives(*h.app->vault(), dossier);
  REQUIRE(rels.ok());
  bool linked = false;
  for (const auto& r : *rels)
    if (r.id == mother) linked = r.person_id == person;
  CHECK(linked);
  // Back on the first file, the relative says so and is not offered the button again.
  h.Do(intent::OpenDossier{dossier});
  h.ShowTab("family");
  CHECK(h.probe.Find("needs.follow." + mother) == nullptr);
}

TEST_CASE("Undo after the exit step, care handover and team member forms, and a status changed in place") {
  struct Row {
    const char* what;
    FormKind kind;
    std::function<std::string(Headless&)> id;
    const char* field;
    const char* typed;
    std::function<std::string(Headless&)> read;
  };
  auto member = [](Headless& h) -> const core::TeamMember& { return h.app->dossier().exit_plan().team().front(); };
  const Row rows[] = {
      {"a written step", FormKind::kEditExitStep, [](Headless& h) { return h.Step("housing").id; }, "comment",
       "Visite de l'AIS le 12", [](Headless& h) { return h.Step("housing").comment; }},
      // Never written before: this edit writes it; Undo leaves it as it read, not started.
      {"a step never written", FormKind::kEditExitStep, [](Headless& h) { return h.Step("bank_account").id; },
       "comment", "Banque de la poste", [](Headless& h) { return h.Step("bank_account").comment + h.Step("bank_account").status; }},
      {"the care handover", FormKind::kEditCareHandover,
       [](Headless& h) { return h.app->dossier().exit_plan().care().id; }, "prescriber", "Dr (fictive) Z.",
       [](Headless& h) { return h.app->dossier().exit_plan().care().prescriber; }},
      {"a team member", FormKind::kEditTeamMember, [member](Headless& h) { return member(h).id; }, "contact",
       "via le greffe", [member](Headless& h) { return member(h).contact; }},
  };
  Headless h;
  for (const Row& row : rows) {
    CAPTURE(row.what);
    const std::string before = row.read(h);
    h.Do(intent::OpenEditForm{row.kind, row.id(h)});
    REQUIRE(h.app->form().open());
    h.Set(row.field, row.typed);
    h.Do(intent::SubmitForm{});
    CHECK_FALSE(h.app->form().open());
    CHECK(row.read(h) != before);
    REQUIRE(h.app->ui().undo.has_value());
    h.Frames(2);
    h.Tap("undo.undo");
    h.Apply();
    CHECK(row.read(h) == before);
  }
  // A step's status from the checklist itself.
  const std::string dossier = h.app->dossier().dossier_id();
  h.Do(intent::SetExitStep{dossier, "first_nights_bed", "status", "done"});
  CHECK(h.Step("first_nights_bed").status == "done");
  REQUIRE(h.app->ui().undo.has_value());
  h.Do(intent::UndoLast{});
  CHECK(h.Step("first_nights_bed").status == "not_started");
}

TEST_CASE("a directory service is picked by a search of the R.A.J. directory, never typed as an id") {
  Headless h;
  for (const char* lang : {"fr", "nl", "en"}) {
    CAPTURE(lang);
    h.Language(lang);
    h.Show("service_picker");
    const RecordForm& form = h.app->form();
    REQUIRE(form.open());
    const FormField* f = form.Find("service_id");
    REQUIRE(f != nullptr);
    CHECK(f->kind == FormFieldKind::kService);
    CHECK(f->value_label.find("Housing First") != std::string::npos);  // the demo's choice, by name
    REQUIRE_FALSE(f->suggestions.empty());  // "logement" / "huisvesting" found housing services
    h.Find("form.service_id.search");
    h.Find("form.service_id.chosen");
    h.Find("form.service_id." + f->suggestions.front());
    h.Do(intent::CloseForm{});
  }
  CHECK(h.i18n.missing() == std::vector<std::string>{});
  // The care handover's first appointment: search, tap a hit, save.
  h.Language("fr");
  h.Do(intent::OpenEditForm{FormKind::kEditCareHandover, h.app->dossier().exit_plan().care().id});
  h.Do(intent::SearchFormService{"service_id", "logement"});
  const FormField* f = h.app->form().Find("service_id");
  REQUIRE_FALSE(f->suggestions.empty());
  const std::string hit = f->suggestions.front();
  const std::string label = f->option_labels.front();
  // An id the search did not offer is refused: nothing typed by hand reaches the vault.
  h.Set("service_id", "made-up-service");
  CHECK(f->value == "i-care");
  h.Frames(2);
  h.Tap("form.service_id." + hit);
  h.Apply();
  CHECK(f->value == hit);
  CHECK(f->value_label == label);
  h.Do(intent::SubmitForm{});
  CHECK(h.app->dossier().exit_plan().care().service_id == hit);
  // A search that finds nothing says so.
  h.Do(intent::OpenEditForm{FormKind::kEditCareHandover, h.app->dossier().exit_plan().care().id});
  h.Do(intent::SearchFormService{"service_id", "zzzzqqq"});
  h.Frames(2);
  CHECK(h.app->form().Find("service_id")->suggestions.empty());
}
