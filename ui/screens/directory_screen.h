// The service directory: search, filters, entry detail, annotations, and the refer dialog (which lists
// the open case file's plan items, hence the dossier).
// Thread-safety: UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "directory_model.h"
#include "dossier_model.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawDirectory(const DirectoryModel& model, const DossierModel& dossier, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
