// The case file: header and tabs (visits timeline, plan, consents, field history).
// Thread-safety: UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "dossier_model.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawDossier(const DossierModel& model, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
