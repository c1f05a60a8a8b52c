#include "showcase.h"

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
  const auto& timeline = app.dossier().timeline();
  if (timeline.empty()) return NotFound("The case file has no visit to show.");
  intents.Push(intent::OpenVisit{timeline.front().visit.dossier_id, timeline.front().visit.id});
  app.Apply(intents);
  return app.ui().screen == Screen::kVisit ? Status::Ok() : Internal("The visit editor did not open.");
}

}  // namespace passerelle::ui
