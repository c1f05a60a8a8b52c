// Puts an unlocked controller on a given screen with something meaningful on it — the first
// (most urgent) case file, its latest visit — for `passerelle --screen NAME --screenshot`, the
// README screenshots and the headless screen tests. Thread-safety: UI thread only.
#pragma once

#include "app_controller.h"

namespace passerelle::ui {

// For kUnlock the vault is locked. Fails when the vault holds no case file (dossier, visit).
Status ShowcaseScreen(AppController& app, Screen screen);

}  // namespace passerelle::ui
