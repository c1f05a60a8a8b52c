// The settings feature: the worker's display settings (language, UI scale, auto-lock minutes),
// loaded from and saved to the file beside the vault (settings.h), and the idle timer they drive
// (IdleLock). Other features that show translated vocabulary follow a language change through
// `language_changed`. Thread-safety: UI thread only.
#pragma once

#include <functional>
#include <string>

#include "app_context.h"
#include "i18n.h"
#include "settings_intents.h"
#include "timers.h"

namespace passerelle::ui {

class SettingsController {
 public:
  using LanguageChanged = std::function<void(const std::string&)>;
  // Reads the settings file into the UiState and sets the language.
  SettingsController(AppContext& app, I18n& i18n, LanguageChanged language_changed);

  const IdleLock& idle_lock() const { return idle_; }
  IdleLock& mutable_idle_lock() { return idle_; }
  void Apply(const SettingsIntent& intent);

 private:
  void On(const intent::OpenSettings& i) { app_.ui().settings_open = i.open; }
  void On(const intent::SetLanguage&);
  void On(const intent::SetUiScale&);
  void On(const intent::SetAutoLockMinutes&);
  void Save();

  AppContext& app_;
  I18n& i18n_;
  LanguageChanged language_changed_;
  IdleLock idle_;
};

}  // namespace passerelle::ui
