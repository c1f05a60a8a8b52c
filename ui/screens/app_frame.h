// The whole frame: a full-window host, the top bar, the banner, the current screen and its
// overlays. The one place in the screens that knows the AppController (it picks each screen's
// view-model); every screen function is declared in its own header (case_list_screen.h...) and
// sees only its view-model. Built as its own library (passerelle_ui_frame), so a screen cannot
// include the controller. Thread-safety: UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "app_controller.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

// Takes the controller non-const only for the passphrase fields (typed into guarded memory).
void DrawApp(AppController& app, const ScreenEnv& env, UiIntents& out);

// The top bar (navigation while unlocked, language, settings, lock) and the message banner.
void DrawTopBar(bool unlocked, const ScreenEnv& env, UiIntents& out);
void DrawBanner(const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
