#include "settings_controller.h"

#include <algorithm>
#include <iterator>

#include "settings.h"

namespace passerelle::ui {

SettingsController::SettingsController(AppContext& app, I18n& i18n, LanguageChanged language_changed)
    : app_(app), i18n_(i18n), language_changed_(std::move(language_changed)) {
  ApplySettings(LoadSettings(app_.config().settings_path), app_.ui());
  i18n_.SetLanguage(app_.ui().language);
  idle_.SetMinutes(app_.ui().auto_lock_minutes);
}

void SettingsController::Apply(const SettingsIntent& intent) {
  std::visit([this](const auto& i) { On(i); }, intent);
}

void SettingsController::On(const intent::SetLanguage& i) {
  if (!i18n_.SetLanguage(i.language)) return;
  app_.ui().language = i.language;
  language_changed_(i.language);
  Save();
}

void SettingsController::On(const intent::SetUiScale& i) {
  if (std::find(std::begin(kUiScaleChoices), std::end(kUiScaleChoices), i.percent) == std::end(kUiScaleChoices)) return;
  app_.ui().ui_scale_percent = i.percent;
  Save();
}

void SettingsController::On(const intent::SetAutoLockMinutes& i) {
  idle_.SetMinutes(i.minutes);
  app_.ui().auto_lock_minutes = idle_.minutes();
  Save();
}

void SettingsController::Save() {
  Status st = SaveSettings(app_.config().settings_path, SettingsFrom(app_.ui()));
  app_.Report(st, "settings.save_failed");
}

}  // namespace passerelle::ui
