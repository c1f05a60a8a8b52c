#include "showcase.h"

#include <chrono>
#include <thread>

namespace passerelle::ui {

Status ShowcaseScreen(AppController& app, Screen screen) {
  UiIntents intents;
  if (screen == Screen::kUnlock) {
    app.Lock(false);
    return Status::Ok();
  }
  if (!app.unlocked()) return Conflict("The vault is locked.");
  intents.Push(intent::Navigate{Screen::kCases});
  app.Apply(intents);
  if (screen == Screen::kCases) return Status::Ok();
  if (screen == Screen::kDirectory || screen == Screen::kSync) {
    // With a case file open, so "refer this person" has someone to refer.
    auto rows = app.cases().visible();
    if (!rows.empty()) intents.Push(intent::OpenDossier{rows.front()->dossier_id});
    intents.Push(intent::Navigate{screen});
    app.Apply(intents);
    if (screen == Screen::kDirectory && app.directory().available()) {
      intents.Push(intent::SetDirectoryTheme{"housing"});
      app.Apply(intents);
      intents.Push(intent::SelectService{app.directory().first_result_id()});
      app.Apply(intents);
    }
    if (screen == Screen::kSync && app.sync().loaded() && !app.sync().has_team_key()) {
      intents.Push(intent::CreateTeamKey{});
      intents.Push(intent::DismissBanner{});
      app.Apply(intents);
    }
    return Status::Ok();
  }
  auto rows = app.cases().visible();
  if (rows.empty()) return NotFound("The vault holds no case file to show.");
  intents.Push(intent::OpenDossier{rows.front()->dossier_id});
  app.Apply(intents);
  if (screen == Screen::kDossier) return Status::Ok();
  if (screen == Screen::kExitReport || screen == Screen::kCoReport || screen == Screen::kConsents) {
    if (screen == Screen::kExitReport) intents.Push(intent::OpenExitReport{});
    if (screen == Screen::kCoReport) intents.Push(intent::OpenCoReport{});
    if (screen == Screen::kConsents) intents.Push(intent::OpenConsents{});
    app.Apply(intents);
    return app.ui().screen == screen ? Status::Ok() : Internal("The screen did not open.");
  }
  const auto& timeline = app.dossier().timeline();
  if (timeline.empty()) return NotFound("The case file has no visit to show.");
  intents.Push(intent::OpenVisit{timeline.front().visit.dossier_id, timeline.front().visit.id});
  app.Apply(intents);
  return app.ui().screen == Screen::kVisit ? Status::Ok() : Internal("The visit editor did not open.");
}

}  // namespace passerelle::ui

namespace passerelle::ui {
namespace {
// The disclosure states, and issue 15's two dossier tabs ("release": the exit checklist and care
// handover; "team": who does what).
constexpr std::string_view kDisclosureStates[] = {"disclosures", "attestation", "referral_sheet", "release", "team"};
constexpr std::string_view kHubStates[] = {"hub", "hub_join", "hub_network_off"};

// A job runs on the hub feature's worker thread: wait for it as the event loop would (polling).
Status WaitForOffice(AppController& app) {
  for (int i = 0; i < 1000 && app.hub().running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    app.Tick();
  }
  return app.hub().running() ? Internal("The office sync did not finish.") : Status::Ok();
}

Status ShowcaseHub(AppController& app, std::string_view name) {
  PASSERELLE_RETURN_IF_ERROR(ShowcaseScreen(app, Screen::kSync));
  UiIntents intents;
  intents.Push(intent::SetNetworkOff{name == "hub_network_off"});
  app.Apply(intents);
  if (!app.hub().enrolled() || name == "hub_join") {
    intents.Push(intent::SetHubAddress{"mdj-liege.example:8443"});
    intents.Push(intent::SetHubCode{"7K3Q-9XPA-M2DE-4HRT-KQ2V"});
    if (name != "hub_join") intents.Push(intent::JoinHub{});
    app.Apply(intents);
    PASSERELLE_RETURN_IF_ERROR(WaitForOffice(app));
  }
  if (name == "hub") intents.Push(intent::SyncWithOffice{});
  intents.Push(intent::DismissBanner{});
  app.Apply(intents);
  PASSERELLE_RETURN_IF_ERROR(WaitForOffice(app));
  intents.Push(intent::DismissBanner{});
  app.Apply(intents);
  return Status::Ok();
}
// Issue 15: the plan by stage, the Assessment and Family tabs of the first case file.
constexpr std::string_view kNeedsTabs[] = {"plan", "assessment", "family"};
// Issue 15 in the app: the latest assessment and the first relative in their edit forms, and the
// housing step's form with the directory picker searched ("logement" / "huisvesting").
constexpr std::string_view kFormStates[] = {"assessment_form", "relative_form", "service_picker"};

Status ShowcaseForm(AppController& app, std::string_view name) {
  const DossierModel& d = app.dossier();
  UiIntents intents;
  if (name == "assessment_form") {
    if (d.needs().assessments().empty()) return NotFound("The case file has no assessment to show.");
    intents.Push(intent::ShowDossierTab{"assessment"});
    intents.Push(intent::OpenEditForm{FormKind::kEditAssessment, d.needs().assessments().front().id});
  } else if (name == "relative_form") {
    if (d.needs().relatives().empty()) return NotFound("The case file has no relative to show.");
    intents.Push(intent::ShowDossierTab{"family"});
    intents.Push(intent::OpenEditForm{FormKind::kEditRelative, d.needs().relatives().front().relative.id});
  } else {
    std::string housing;
    for (const auto& s : d.exit_plan().steps())
      if (s.step == "housing") housing = s.id;
    intents.Push(intent::ShowDossierTab{"release"});
    intents.Push(intent::OpenEditForm{FormKind::kEditExitStep, housing});
    intents.Push(intent::SearchFormService{"service_id", app.ui().language == "nl" ? "huisvesting" : "logement"});
  }
  app.Apply(intents);
  return Status::Ok();
}
}  // namespace

bool IsShowcaseName(std::string_view name) {
  for (auto n : kDisclosureStates)
    if (n == name) return true;
  for (auto n : kHubStates)
    if (n == name) return true;
  for (auto n : kNeedsTabs)
    if (n == name) return true;
  for (auto n : kFormStates)
    if (n == name) return true;
  return ScreenFromName(name).has_value();
}

Status ShowcaseNamed(AppController& app, std::string_view name) {
  if (auto screen = ScreenFromName(name)) return ShowcaseScreen(app, *screen);
  if (!IsShowcaseName(name)) return InvalidInput("Unknown screen name.");
  for (auto n : kHubStates)
    if (n == name) return ShowcaseHub(app, name);
  PASSERELLE_RETURN_IF_ERROR(ShowcaseScreen(app, Screen::kDossier));
  for (auto n : kFormStates)
    if (n == name) return ShowcaseForm(app, name);
  UiIntents intents;
  for (auto n : kNeedsTabs)
    if (n == name) {
      intents.Push(intent::ShowDossierTab{std::string(name)});
      app.Apply(intents);
      return Status::Ok();
    }
  if (name == "referral_sheet" && app.cases().visible().size() > 1) {
    // The demo's second case file holds a referral consent for its housing referral.
    intents.Push(intent::OpenDossier{app.cases().visible()[1]->dossier_id});
    app.Apply(intents);
  }
  if (name == "release" || name == "team") {
    intents.Push(intent::ShowDossierTab{std::string(name)});
  } else if (name == "disclosures") {
    intents.Push(intent::ShowDossierTab{"disclosures"});
  } else if (name == "attestation") {
    intents.Push(intent::ShowDossierTab{"disclosures"});
    intents.Push(intent::OpenDisclosure{DisclosureKind::kAttendance, {}});
    intents.Push(intent::PreviewDisclosure{});
  } else {
    std::string referral;
    for (const auto& group : app.dossier().plan())
      for (const auto& entry : group.entries)
        for (const auto& r : entry.referrals)
          if (referral.empty()) referral = r.referral.id;
    if (referral.empty()) return NotFound("The case file has no referral to show.");
    intents.Push(intent::ShowDossierTab{"plan"});
    intents.Push(intent::OpenDisclosure{DisclosureKind::kReferral, referral});
    intents.Push(intent::ToggleDisclosureField{"plan_item.levers"});  // one field ticked beyond the minimum
    intents.Push(intent::PreviewDisclosure{});
  }
  app.Apply(intents);
  return Status::Ok();
}

}  // namespace passerelle::ui
