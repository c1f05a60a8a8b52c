// The record form shown over the screen (new person + dossier, plan item, consent).
// Thread-safety: UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "record_form.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawRecordForm(const RecordForm& form, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
