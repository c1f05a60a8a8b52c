// The field app's screens: one free function per screen (one file each), drawing a view-model
// with Dear ImGui and pushing intents; none of them changes a model or the vault.
// Thread-safety: UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "app_controller.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

// The whole frame: a full-window host, the top bar, the banner, the current screen and overlays.
// Takes the controller non-const only for the passphrase fields (typed into guarded memory).
void DrawApp(AppController& app, const ScreenEnv& env, UiIntents& out);

void DrawTopBar(const AppController& app, const ScreenEnv& env, UiIntents& out);
void DrawBanner(const ScreenEnv& env, UiIntents& out);
void DrawSettings(const IdleLock& idle, const ScreenEnv& env, UiIntents& out);
void DrawUnlock(const UnlockModel& model, PassphraseFields fields, const ScreenEnv& env, UiIntents& out);
void DrawCaseList(const CaseListModel& model, const ScreenEnv& env, UiIntents& out);
void DrawDossier(const DossierModel& model, const ScreenEnv& env, UiIntents& out);
void DrawStartVisit(const VisitEditorModel& model, const ScreenEnv& env, UiIntents& out);
void DrawVisitEditor(const VisitEditorModel& model, const ScreenEnv& env, UiIntents& out);
void DrawDirectory(const DirectoryModel& model, const DossierModel& dossier, const ScreenEnv& env, UiIntents& out);
void DrawSync(const SyncModel& model, const ScreenEnv& env, UiIntents& out);
// The record form shown over the screen (new person + dossier, plan item, consent).
void DrawRecordForm(const RecordForm& form, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
