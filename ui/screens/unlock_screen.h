// The unlock screen, or the vault's creation on first run (passphrase typed into guarded memory).
// Thread-safety: UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "unlock_model.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawUnlock(const UnlockModel& model, PassphraseFields fields, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
