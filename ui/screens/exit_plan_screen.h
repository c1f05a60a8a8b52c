// The case file's Release tab (the exit checklist, then the care handover) and Team tab (who does
// what, the référent handover, who left) — issue 15. Drawn from the dossier's ExitPlanModel; every
// change goes out as an intent (exit_intents.h, form_intents.h).
// Thread-safety: UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "dossier_model.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawReleaseTab(const DossierModel& model, const ScreenEnv& env, UiIntents& out);
void DrawTeamTab(const DossierModel& model, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
