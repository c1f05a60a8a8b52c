#include "settings.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "i18n.h"
#include "passerelle/platform/file.h"
#include "timers.h"

namespace passerelle::ui {

DisplaySettings LoadSettings(const std::string& path) {
  DisplaySettings s;
  if (!platform::FileExists(path)) return s;
  auto bytes = platform::ReadFile(path);
  if (!bytes.ok()) return s;
  auto doc = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return s;
  if (auto it = doc.find("language"); it != doc.end() && it->is_string()) {
    std::string lang = it->get<std::string>();
    if (std::find(std::begin(I18n::kLanguages), std::end(I18n::kLanguages), lang) != std::end(I18n::kLanguages))
      s.language = lang;
  }
  if (auto it = doc.find("ui_scale_percent"); it != doc.end() && it->is_number_integer()) {
    int v = it->get<int>();
    if (std::find(std::begin(kUiScaleChoices), std::end(kUiScaleChoices), v) != std::end(kUiScaleChoices))
      s.ui_scale_percent = v;
  }
  if (auto it = doc.find("auto_lock_minutes"); it != doc.end() && it->is_number_integer()) {
    int v = it->get<int>();
    if (v >= IdleLock::kMinMinutes && v <= IdleLock::kMaxMinutes) s.auto_lock_minutes = v;
  }
  return s;
}

Status SaveSettings(const std::string& path, const DisplaySettings& settings) {
  nlohmann::json doc{{"language", settings.language},
                     {"ui_scale_percent", settings.ui_scale_percent},
                     {"auto_lock_minutes", settings.auto_lock_minutes}};
  std::string text = doc.dump(2) + "\n";
  return platform::WriteFileAtomic(path, std::vector<uint8_t>(text.begin(), text.end()));
}

DisplaySettings SettingsFrom(const UiState& ui) { return {ui.language, ui.ui_scale_percent, ui.auto_lock_minutes}; }

void ApplySettings(const DisplaySettings& settings, UiState& ui) {
  ui.language = settings.language;
  ui.ui_scale_percent = settings.ui_scale_percent;
  ui.auto_lock_minutes = settings.auto_lock_minutes;
}

}  // namespace passerelle::ui
