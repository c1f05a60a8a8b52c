// The worker's display settings (language, UI scale, auto-lock delay), kept in a small JSON file
// beside the vault (PATH.settings.json) so the unlock screen already speaks the worker's language.
// It holds no case data and is not encrypted. Thread-safety: plain functions.
#pragma once

#include <string>

#include "passerelle/platform/status.h"
#include "ui_state.h"

namespace passerelle::ui {

struct DisplaySettings {
  std::string language = "fr";
  int ui_scale_percent = 100;
  int auto_lock_minutes = 5;
};

inline constexpr int kUiScaleChoices[] = {100, 125, 150, 175, 200};

// Missing file: defaults. Malformed file or out-of-range values: defaults for those values (a
// settings file must never keep a worker out of their vault).
DisplaySettings LoadSettings(const std::string& path);
// Atomic replace; an error is returned for the caller to show, the settings stay in effect.
Status SaveSettings(const std::string& path, const DisplaySettings& settings);

DisplaySettings SettingsFrom(const UiState& ui);
void ApplySettings(const DisplaySettings& settings, UiState& ui);

}  // namespace passerelle::ui
