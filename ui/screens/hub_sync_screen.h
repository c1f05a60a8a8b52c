// "Sync with the office": the sync screen's first section (office hub): enrolment by typing the
// code, the office's name and the last sync, the button, the progress in records, the result in
// plain words, the "never use the network" setting. Thread-safety: UI thread only, between
// ImGui::NewFrame and ImGui::Render.
#pragma once

#include "hub_sync_model.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawHubSync(const HubSyncModel& model, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
