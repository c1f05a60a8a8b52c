// AppContext: what every feature controller shares, owned by AppController: the open vault (none
// when locked), the UiState, the app's configuration, and the banner. A controller that needs
// another feature to act afterwards (the visit editor's "finish" opens the case file) asks with a
// follow-up intent (Then), which AppController routes right after the current one, so features
// never call each other in a circle. Thread-safety: UI thread only.
#pragma once

#include <memory>
#include <string>

#include "intents.h"
#include "passerelle/core/vault.h"
#include "passerelle/platform/clock.h"
#include "passerelle/platform/status.h"
#include "ui_state.h"

namespace passerelle::ui {

class HubPort;  // hub/hub_port.h

struct AppConfig {
  std::string vault_path;
  std::string settings_path;   // "" = vault_path + ".settings.json"
  std::string assets_dir;      // bundled assets (the service directory installed on first use)
  core::KdfParams kdf = core::KdfParams::Default();  // for first-run creation
  platform::Clock* timers_clock = nullptr;  // monotonic clock for autosave and auto-lock (required)
  platform::Clock* vault_clock = nullptr;   // wall clock for the vault; nullptr = the system clock
  std::string demo_passphrase;  // demo vault: shown on the unlock screen ("" otherwise)
  // The office hub client (not owned); nullptr = the real one. Tests and the demo give one that
  // opens no socket.
  HubPort* hub_port = nullptr;
};

class AppContext {
 public:
  explicit AppContext(AppConfig config);

  bool unlocked() const { return vault_ != nullptr; }
  // Only while unlocked (check unlocked() first).
  core::Vault& vault() { return *vault_; }
  core::Vault* vault_or_null() { return vault_.get(); }
  const AppConfig& config() const { return config_; }
  UiState& ui() { return ui_; }
  const UiState& ui() const { return ui_; }
  bool vault_exists() const;
  // Today in the vault's clock ("" while locked).
  std::string Today();
  int64_t NowMillis() const { return config_.timers_clock->NowMillis(); }

  // The error banner, when !status.ok(): `key` says what failed, the detail is the core's sentence.
  void Report(const Status& status, const char* key);
  void Inform(const char* key, std::string detail = {});

  // Asks for `intent` to be applied right after the one being handled.
  template <typename T>
  void Then(T intent) { follow_ups_.Push(std::move(intent)); }
  UiIntents& follow_ups() { return follow_ups_; }

  // The session's vault: opened by unlocking, destroyed (connection closed, key wiped) by Close.
  void Open(std::unique_ptr<core::Vault> vault) { vault_ = std::move(vault); }
  void Close() { vault_.reset(); }

 private:
  AppConfig config_;
  UiState ui_;
  std::unique_ptr<core::Vault> vault_;
  UiIntents follow_ups_;
};

}  // namespace passerelle::ui
