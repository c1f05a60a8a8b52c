// The shell's intents (top bar and banner), handled by AppController itself: which screen is
// shown, locking, quitting, dismissing the banner. Thread-safety: UI thread only.
#pragma once

#include <variant>

#include "intents.h"
#include "ui_state.h"

namespace passerelle::ui {

namespace intent {
struct Navigate { Screen screen = Screen::kCases; };
struct Lock {};
struct Quit {};
struct DismissBanner {};
}  // namespace intent

using ShellIntent = std::variant<intent::Navigate, intent::Lock, intent::Quit, intent::DismissBanner>;

namespace intent {
ShellIntent GroupOf(const AlternativeOf<ShellIntent> auto&);
}  // namespace intent

}  // namespace passerelle::ui
