// Issue 15 in the app (parts 2, 3, 5, 7), over the demo vault: the plan tab by stage (basic needs
// first, open items per stage, picked seed 001 barriers and levers), the "Assessment" and "Family"
// tabs drawn headless in every language, their forms through the controller (a level per domain;
// a relative linked to a family goal; stage and suggestion picks on a plan item), and the new-file
// form for a relative, which needs no detention status. The harness is
// tests/support/headless_screens.h.
#include <doctest/doctest.h>

#include <cstdlib>

#include "support/headless_screens.h"
#include "disclosure_intents.h"
#include "imgui.h"
#include "passerelle/core/needs.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

using Headless = testing::HeadlessDossier;

}  // namespace

TEST_CASE("the plan tab groups by stage, basic needs first, with what is open, in every language") {
  Headless h;
  for (const char* lang : {"fr", "nl", "en"}) {
    CAPTURE(lang);
    h.Language(lang);
    h.ShowTab("plan");
    const auto& basic = h.Find("needs.stage.basic_needs_trust");
    const auto& stabilisation = h.Find("needs.stage.stabilisation_transition");
    const auto& identity = h.Find("needs.stage.identity_worldview");
    const auto& social = h.Find("needs.stage.social_reintegration");
    CHECK(basic.min.y < stabilisation.min.y);
    CHECK(stabilisation.min.y < identity.min.y);
    CHECK(identity.min.y < social.min.y);
    // Housing (basic needs) is drawn under the first heading, employment under the last.
    CHECK(h.Find("dossier.domain.housing").min.y < stabilisation.min.y);
    CHECK(h.Find("dossier.domain.employment").min.y > social.min.y);
  }
  // The stages and their open items are the core's grouping.
  const auto& stages = h.app->dossier().needs().stages();
  REQUIRE(stages.size() == 4);
  CHECK(stages[0].stage == "basic_needs_trust");
  CHECK(stages[0].open >= 2);
}

TEST_CASE("the Assessment tab shows the latest assessment beside the one before; its form records a new one") {
  Headless h;
  for (const char* lang : {"fr", "nl", "en"}) {
    CAPTURE(lang);
    h.Language(lang);
    h.ShowTab("assessment");
    h.Find("needs.latest");
    h.Find("needs.compare");
    h.Find("needs.new_assessment");
  }
  const auto& needs = h.app->dossier().needs();
  REQUIRE(needs.assessments().size() == 3);  // the showcase file keeps a history of three
  bool addiction = false;
  for (const auto& row : needs.comparison())
    if (row.domain == "addiction") addiction = row.latest == "low" && row.earlier == "high";
  CHECK(addiction);
  h.Tap("needs.new_assessment");
  const auto* open = h.intents.Find<intent::OpenForm>();
  REQUIRE(open != nullptr);
  CHECK(open->kind == FormKind::kNewAssessment);
  h.app->Apply(h.intents);
  REQUIRE(h.app->form().open());
  h.Frames(2);
  h.Find("form.need.housing.high");  // a level chip per life domain
  // A refused value writes nothing: a level outside the list is not even accepted by the form.
  h.Set("need.housing", "huge");
  CHECK(h.app->form().Find("need.housing")->value.empty());
  h.Set("need.housing", "moderate");
  h.Set("risk_summary", "Stable.");
  h.Set("scope", "private");
  h.Do(intent::SubmitForm{});
  CHECK_FALSE(h.app->form().open());
  REQUIRE(needs.assessments().size() == 4);
  CHECK(needs.assessments()[0].needs.at("housing") == "moderate");
  CHECK(needs.assessments()[0].scope == "private");
}

TEST_CASE("the Family tab lists relatives with consent to contact; a new relative is linked to a family goal") {
  Headless h;
  for (const char* lang : {"fr", "nl", "en"}) {
    CAPTURE(lang);
    h.Language(lang);
    h.ShowTab("family");
    h.Find("needs.new_relative");
    for (const auto& r : h.app->dossier().needs().relatives()) h.Find("needs.relative." + r.relative.id);
  }
  const auto& needs = h.app->dossier().needs();
  REQUIRE(needs.relatives().size() == 2);
  REQUIRE(needs.family_items().size() == 1);
  const std::string family = needs.family_items()[0].first;
  h.Do(intent::OpenForm{FormKind::kNewRelative});
  REQUIRE(h.app->form().open());
  CHECK(h.app->form().Find("plan_item_ids")->suggestions == std::vector<std::string>{family});
  CHECK(h.app->form().Find("contact_consent")->value == "not_asked");
  h.Set("name", "Oncle (fictif)");
  h.Set("relation", "other_family");
  h.Set("plan_item_ids", "pla-0000000000000000000");  // not offered: refused by the form
  CHECK(h.app->form().Find("plan_item_ids")->value.empty());
  h.Set("plan_item_ids", family);
  h.Do(intent::SubmitForm{});
  CHECK_FALSE(h.app->form().open());
  REQUIRE(needs.relatives().size() == 3);
  bool linked = false;
  for (const auto& r : needs.relatives())
    if (r.relative.name == "Oncle (fictif)") linked = r.relative.plan_item_ids == std::vector<std::string>{family};
  CHECK(linked);
}

TEST_CASE("a plan item's form picks a stage and the seed's barriers of its domain, by key") {
  Headless h;
  h.Do(intent::OpenForm{FormKind::kNewPlanItem});
  REQUIRE(h.app->form().open());
  h.Set("domain", "debts");
  h.Set("goal", "Plan de remboursement");
  h.Set("stage", "identity_worldview");
  h.Set("suggestions", "debts.barrier.no_income\ndebts.lever.mediation");
  h.Set("suggestions", "made.up.key");  // not an option: refused, the picks stay
  CHECK(h.app->form().Find("suggestions")->value == "debts.barrier.no_income\ndebts.lever.mediation");
  h.Frames(2);
  h.Find("form.suggestions.debts.barrier.bailiffs_at_release");  // the domain's options are offered
  CHECK(h.probe.Find("form.suggestions.housing.barrier.emergency_bed") == nullptr);  // not another domain's
  h.Do(intent::SubmitForm{});
  CHECK_FALSE(h.app->form().open());
  bool found = false;
  for (const auto& p : h.app->dossier().plan_items())
    if (p.goal == "Plan de remboursement") {
      found = true;
      CHECK(p.stage == "identity_worldview");
      CHECK(p.suggestions == std::vector<std::string>{"debts.barrier.no_income", "debts.lever.mediation"});
    }
  CHECK(found);
}

TEST_CASE("the new-file form for a relative needs no detention status; for a person followed, it does") {
  Headless h;
  h.Do(intent::OpenForm{FormKind::kNewDossier});
  REQUIRE(h.app->form().open());
  CHECK(h.app->form().Find("file_for")->value == "justice");
  h.Set("name", "Samira (fictive) B.");
  h.Do(intent::SubmitForm{});
  REQUIRE(h.app->form().open());  // a person followed in the justice system: the status is asked
  CHECK(h.app->form().Find("status")->error == "form.error.choose");
  h.Set("file_for", "relative");
  CHECK_FALSE(h.app->form().Shows(*h.app->form().Find("status")));
  h.Frames(2);
  CHECK(h.probe.Find("form.status.sentenced") == nullptr);
  h.Do(intent::SubmitForm{});
  CHECK_FALSE(h.app->form().open());
  CHECK(h.app->dossier().summary().person.name == "Samira (fictive) B.");
  CHECK(h.app->dossier().summary().person.status.empty());
}
