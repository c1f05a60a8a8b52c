// "Undo" after a delete or an edit (records_controller.h): a small bar over the bottom of the
// window, for kUndoMillis, saying what was done. Thread-safety: UI thread, inside a frame.
#pragma once

#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawUndoBar(const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
