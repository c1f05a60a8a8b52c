// The open case file's two reports: the exit report (seed 004's headings, one text each) and the
// co-constructed report (passages written with the person, each marked as the person's words or
// the worker's, and the person's agreement: date and how it was given). Each can be disclosed
// from its screen. Thread-safety: UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "disclosure_model.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawExitReport(const DisclosureModel& model, const ScreenEnv& env, UiIntents& out);
void DrawCoReport(const DisclosureModel& model, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
