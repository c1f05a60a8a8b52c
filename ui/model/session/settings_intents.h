// The settings' intents (the settings sheet and the top bar's language chips), handled by
// SettingsController. Thread-safety: UI thread only.
#pragma once

#include <string>
#include <variant>

#include "intents.h"

namespace passerelle::ui {

namespace intent {
struct OpenSettings { bool open = true; };
struct SetLanguage { std::string language; };
struct SetUiScale { int percent = 100; };
struct SetAutoLockMinutes { int minutes = 5; };
}  // namespace intent

using SettingsIntent =
    std::variant<intent::OpenSettings, intent::SetLanguage, intent::SetUiScale, intent::SetAutoLockMinutes>;

namespace intent {
SettingsIntent GroupOf(const AlternativeOf<SettingsIntent> auto&);
}  // namespace intent

}  // namespace passerelle::ui
