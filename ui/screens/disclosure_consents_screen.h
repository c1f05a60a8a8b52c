// The consent screen of the open case file: each consent with its partner, scope, period and
// state today (in force, not yet in force, expired, withdrawn), and in plain words what it lets
// leave the service. Thread-safety: UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "disclosure_model.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawConsentScreen(const DisclosureModel& model, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
