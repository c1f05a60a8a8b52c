// The case list: search, filters, rows in urgency order; a row opens its case file or starts a visit.
// Thread-safety: UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "case_list_model.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawCaseList(const CaseListModel& model, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
