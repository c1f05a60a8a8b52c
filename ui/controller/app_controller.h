// AppController: the field app without its window, and the only place that knows every feature.
// It owns the session (AppContext: the open Vault or none when locked, the UiState), one
// controller per feature — each owning its view-model and handling its own intents — and routes
// the intents the screens pushed during a frame to them. It runs the timers (autosave of the note
// being typed, auto-lock after N idle minutes) and tells the event loop when it next needs to wake
// (so an idle app sleeps). Locking (button, Ctrl+L, idle timer) saves the note being typed, wipes
// every decrypted string the view-models hold, then destroys the Vault (connection closed, key
// wiped). No ImGui here: tests drive it headless, the scripted session and the SIGKILL test reuse
// it. A new feature: its controller is a member here, its intent group one line in Route(), its
// screen one case in DrawApp (docs/ui.md). Thread-safety: UI thread only.
#pragma once

#include <any>
#include <optional>
#include <string>

#include "app_context.h"
#include "case_list_controller.h"
#include "directory_controller.h"
#include "disclosure_controller.h"
#include "dossier_controller.h"
#include "exit_controller.h"
#include "forms_controller.h"
#include "hub_sync_controller.h"
#include "i18n.h"
#include "records_controller.h"
#include "settings_controller.h"
#include "shell_intents.h"
#include "sync_controller.h"
#include "unlock_controller.h"
#include "visit_controller.h"

namespace passerelle::ui {

class AppController {
 public:
  AppController(AppConfig config, I18n& i18n);
  ~AppController();
  AppController(const AppController&) = delete;
  AppController& operator=(const AppController&) = delete;

  // Unlocks without the unlock screen (demo mode, scripts, tests). Errors as Vault::Open.
  Status UnlockWith(const platform::SecureBuffer& passphrase) { return unlock_.OpenWith(passphrase); }
  // Applies (and consumes) the intents of one frame, in order; each one's follow-ups right after it.
  void Apply(UiIntents& intents);
  // Runs what is due now: a deferred unlock (once FrameShown() said "Unlocking…" is on screen),
  // autosave, auto-lock.
  void Tick();
  // The event loop presented a frame (so a busy message is visible before a slow step).
  void FrameShown() {
    if (app_.ui().busy) busy_frame_shown_ = true;
  }
  // When Tick() next has something to do (timers clock, ms); nullopt = nothing scheduled.
  std::optional<int64_t> NextDeadline() const;
  // Any keyboard, mouse or touch input: postpones auto-lock.
  void UserActivity();
  // The window lost focus: the note is saved at once.
  void WindowFocusLost() { visit_.FlushNote(); }
  // Saves the note, remembers the place (Place), wipes every view-model and closes the vault.
  void Lock(bool automatic = false);
  // Saves and locks; call before exit.
  void Shutdown();

  bool unlocked() const { return app_.unlocked(); }
  bool vault_exists() const { return app_.vault_exists(); }
  core::Vault* vault() { return app_.vault_or_null(); }
  const UiState& ui() const { return app_.ui(); }
  UiState& mutable_ui() { return app_.ui(); }
  const I18n& i18n() const { return i18n_; }
  std::string Today() { return app_.Today(); }

  // The features' view-models, read by the screens (and tests).
  const UnlockModel& unlock_model() const { return unlock_.model(); }
  PassphraseFields passphrase_fields() { return unlock_.passphrase_fields(); }
  const CaseListModel& cases() const { return cases_.model(); }
  const DossierModel& dossier() const { return dossier_.model(); }
  const VisitEditorModel& visit() const { return visit_.model(); }
  const DirectoryModel& directory() const { return directory_.model(); }
  const SyncModel& sync() const { return sync_.model(); }
  const HubSyncModel& hub() const { return hub_.model(); }
  const RecordForm& form() const { return forms_.model(); }
  const DisclosureModel& disclosure() const { return disclosure_.model(); }
  const IdleLock& idle_lock() const { return settings_.idle_lock(); }

 private:
  void Route(const std::any& intent);
  void On(const intent::Navigate& i) { Show(i.screen); }
  void On(const intent::Lock&) { Lock(false); }
  void On(const intent::Quit&);
  void On(const intent::DismissBanner&) { app_.ui().banner.reset(); }
  void Opened(std::unique_ptr<core::Vault> vault);
  void Show(Screen screen);
  // Lock keeps the worker's place: which screen, case file, visit and directory entry were open
  // (record ids only: nothing decrypted). Unlocking goes back there, re-reading everything from the
  // vault; a record that is gone falls back to the case list. Scroll offsets are ImGui's own
  // per-window state, which outlives the lock (it holds no text).
  struct Place {
    Screen screen = Screen::kCases;
    std::string dossier_id, visit_id, service_id;
  };
  void Resume();

  I18n& i18n_;
  AppContext app_;
  bool busy_frame_shown_ = false;
  std::optional<Place> resume_;  // set by Lock, used by the next unlock
  // Constructed in dependency order: a controller may use the ones declared before it.
  SettingsController settings_;
  UnlockController unlock_;
  VisitController visit_;
  SyncController sync_;
  HubSyncController hub_;  // holds the vault while an office sync runs (hub_sync_controller.h)
  CaseListController cases_;
  DossierController dossier_;
  DirectoryController directory_;
  RecordsController records_;
  FormsController forms_;
  DisclosureController disclosure_;
  ExitController exit_;
};

}  // namespace passerelle::ui
