// The visit: the start sheet (second tap starts it) and the note editor with outcome, scope and tags.
// Thread-safety: UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "visit_editor_model.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawStartVisit(const VisitEditorModel& model, const ScreenEnv& env, UiIntents& out);
void DrawVisitEditor(const VisitEditorModel& model, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
