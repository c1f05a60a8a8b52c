// The case file: header and tabs (visits timeline, plan, consents, field history, disclosures).
// Thread-safety: UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "disclosure_model.h"
#include "dossier_model.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawDossier(const DossierModel& model, const DisclosureModel& disclosures, const ScreenEnv& env, UiIntents& out);
// Without the disclosure feature's model (its tab then shows an empty log).
void DrawDossier(const DossierModel& model, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
