// Sync: this device, team key, colleagues' devices, bundle export/import through the picker, what changed.
// Thread-safety: UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "sync_model.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawSync(const SyncModel& model, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
