// The settings sheet: language, UI size, auto-lock minutes.
// Thread-safety: UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "timers.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawSettings(const IdleLock& idle, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
