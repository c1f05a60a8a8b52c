// AppController: the field app without its window. It owns the session (the open Vault, or none
// when locked), the UiState, every view-model, and applies the intents the screens pushed during a
// frame. It also runs the timers: autosave of the note being typed and auto-lock after N idle
// minutes, and tells the event loop when it next needs to wake (so an idle app sleeps).
// Locking (button, Ctrl+L, idle timer) saves the note being typed, wipes every decrypted string
// the view-models hold, then destroys the Vault (connection closed, key wiped).
// No ImGui here: tests drive it headless, the scripted session and the SIGKILL test reuse it.
// Thread-safety: UI thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "case_list_model.h"
#include "directory_model.h"
#include "dossier_model.h"
#include "i18n.h"
#include "intents.h"
#include "passerelle/core/vault.h"
#include "passerelle/platform/clock.h"
#include "record_form.h"
#include "sync_model.h"
#include "timers.h"
#include "ui_state.h"
#include "unlock_model.h"
#include "visit_editor_model.h"

namespace passerelle::ui {

struct AppConfig {
  std::string vault_path;
  std::string settings_path;   // "" = vault_path + ".settings.json"
  std::string assets_dir;      // bundled assets (the service directory installed on first use)
  core::KdfParams kdf = core::KdfParams::Default();  // for first-run creation
  platform::Clock* timers_clock = nullptr;  // monotonic clock for autosave and auto-lock (required)
  platform::Clock* vault_clock = nullptr;   // wall clock for the vault; nullptr = the system clock
  std::string demo_passphrase;  // demo vault: shown on the unlock screen ("" otherwise)
};

class AppController {
 public:
  AppController(AppConfig config, I18n& i18n);
  ~AppController();
  AppController(const AppController&) = delete;
  AppController& operator=(const AppController&) = delete;

  // Unlocks without the unlock screen (demo mode, scripts, tests). Errors as Vault::Open.
  Status UnlockWith(const platform::SecureBuffer& passphrase);
  // Applies (and consumes) the intents of one frame, in order.
  void Apply(UiIntents& intents);
  // Runs what is due now: a deferred unlock (once FrameShown() said "Unlocking…" is on screen),
  // autosave, auto-lock.
  void Tick();
  // The event loop presented a frame (so a busy message is visible before a slow step).
  void FrameShown() {
    if (ui_.busy) busy_frame_shown_ = true;
  }
  // When Tick() next has something to do (timers clock, ms); nullopt = nothing scheduled.
  std::optional<int64_t> NextDeadline() const;
  // Any keyboard, mouse or touch input: postpones auto-lock.
  void UserActivity();
  // The window lost focus: the note is saved at once.
  void WindowFocusLost();
  void Lock(bool automatic = false);
  // Saves and locks; call before exit.
  void Shutdown();

  bool unlocked() const { return vault_ != nullptr; }
  bool vault_exists() const;
  core::Vault* vault() { return vault_.get(); }
  const UiState& ui() const { return ui_; }
  UiState& mutable_ui() { return ui_; }
  const I18n& i18n() const { return i18n_; }
  const UnlockModel& unlock_model() const { return unlock_; }
  PassphraseFields passphrase_fields() { return unlock_.fields(); }
  const CaseListModel& cases() const { return cases_; }
  const DossierModel& dossier() const { return dossier_; }
  const VisitEditorModel& visit() const { return visit_; }
  const DirectoryModel& directory() const { return directory_; }
  const SyncModel& sync() const { return sync_; }
  const RecordForm& form() const { return form_; }
  const IdleLock& idle_lock() const { return idle_; }
  std::string Today();

  // Intent handlers (public so the variant visitor can reach them; call Apply instead).
  void On(const intent::Unlock&);
  void On(const intent::CreateVault&);
  void On(const intent::SetUnlockMode&);
  void On(const intent::SetIdentityField&);
  void On(const intent::Lock&);
  void On(const intent::Quit&);
  void On(const intent::Navigate&);
  void On(const intent::OpenSettings&);
  void On(const intent::SetLanguage&);
  void On(const intent::SetUiScale&);
  void On(const intent::SetAutoLockMinutes&);
  void On(const intent::DismissBanner&);
  void On(const intent::SetCaseQuery&);
  void On(const intent::SetCaseOwner&);
  void On(const intent::SetCaseStatus&);
  void On(const intent::SetComingSoon&);
  void On(const intent::OpenDossier&);
  void On(const intent::OpenStartVisit&);
  void On(const intent::CloseStartVisit&);
  void On(const intent::SetVisitPlace&);
  void On(const intent::SetVisitKind&);
  void On(const intent::StartVisit&);
  void On(const intent::OpenVisit&);
  void On(const intent::SetOutcome&);
  void On(const intent::EditNote&);
  void On(const intent::NoteFocusLost&);
  void On(const intent::SetNoteScope&);
  void On(const intent::TogglePracticeCode&);
  void On(const intent::ToggleNoteDomain&);
  void On(const intent::FinishVisit&);
  // Directory and sync (app_controller_exchange.cpp).
  void On(const intent::SetDirectoryQuery&);
  void On(const intent::SetDirectoryTheme&);
  void On(const intent::SetDirectoryRegion&);
  void On(const intent::SetDirectoryInsidePrison&);
  void On(const intent::SelectService&);
  void On(const intent::OpenRefer&);
  void On(const intent::ReferToPlanItem&);
  void On(const intent::EditAnnotation&);
  void On(const intent::SaveAnnotation&);
  void On(const intent::OpenBundleDialog&);
  void On(const intent::SetBundlePath&);
  void On(const intent::ExportBundle&);
  void On(const intent::ImportBundle&);
  void On(const intent::BrowseFolder&);
  void On(const intent::SetSyncRecipient&);
  void On(const intent::CreateTeamKey&);
  // Record forms and consent withdrawal (app_controller_forms.cpp).
  void On(const intent::OpenForm&);
  void On(const intent::SetFormField&);
  void On(const intent::SubmitForm&);
  void On(const intent::CloseForm&);
  void On(const intent::AskWithdrawConsent&);
  void On(const intent::WithdrawConsent&);

 private:
  void AfterUnlock();
  void Show(Screen screen);
  void Report(const Status& status, const char* key);  // error banner when !ok
  void Inform(const char* key, std::string detail = {});
  void SaveDisplaySettings();
  void FlushNote();
  void ReloadDossier();
  ServiceNames DirectoryNames() const;
  ReplicaNames DeviceNames();
  void LoadDirectory();
  void LoadSync();

  AppConfig config_;
  I18n& i18n_;
  UiState ui_;
  IdleLock idle_;
  std::unique_ptr<core::Vault> vault_;
  bool unlock_pending_ = false;
  bool create_pending_ = false;
  bool busy_frame_shown_ = false;
  UnlockModel unlock_;
  CaseListModel cases_;
  DossierModel dossier_;
  VisitEditorModel visit_;
  DirectoryModel directory_;
  SyncModel sync_;
  RecordForm form_;
};

}  // namespace passerelle::ui
