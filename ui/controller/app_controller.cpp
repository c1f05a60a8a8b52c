#include "app_controller.h"

#include <algorithm>

#include "passerelle/core/case_files.h"
#include "passerelle/core/model.h"
#include "passerelle/platform/file.h"
#include "settings.h"

namespace passerelle::ui {

AppController::AppController(AppConfig config, I18n& i18n)
    : config_(std::move(config)), i18n_(i18n), visit_(*config_.timers_clock) {
  if (config_.settings_path.empty()) config_.settings_path = config_.vault_path + ".settings.json";
  ApplySettings(LoadSettings(config_.settings_path), ui_);
  i18n_.SetLanguage(ui_.language);
  idle_.SetMinutes(ui_.auto_lock_minutes);
  ui_.demo_passphrase = config_.demo_passphrase;
  ui_.screen = Screen::kUnlock;
  unlock_.SetMode(vault_exists() ? UnlockModel::Mode::kUnlock : UnlockModel::Mode::kCreate);
}

AppController::~AppController() { Shutdown(); }

bool AppController::vault_exists() const { return platform::FileExists(config_.vault_path); }

std::string AppController::Today() { return vault_ ? core::Today(*vault_) : std::string(); }

void AppController::Apply(UiIntents& intents) {
  for (auto& item : intents.Take()) std::visit([this](const auto& i) { On(i); }, item);
}

// ---- session ----------------------------------------------------------------------------------

Status AppController::UnlockWith(const platform::SecureBuffer& passphrase) {
  core::VaultOptions opts;
  opts.clock = config_.vault_clock;
  auto v = core::Vault::Open(config_.vault_path, passphrase, opts);
  if (!v.ok()) return v.status();
  vault_ = std::move(v).value();
  AfterUnlock();
  return Status::Ok();
}

void AppController::AfterUnlock() {
  unlock_.ClearSecrets();
  unlock_.ClearError();
  unlock_.SetMode(UnlockModel::Mode::kUnlock);
  ui_.busy = false;
  ui_.banner.reset();
  idle_.Activity(config_.timers_clock->NowMillis());
  Show(Screen::kCases);
}

void AppController::On(const intent::Unlock&) {
  if (!unlock_.CanUnlock() || unlocked()) return;
  // Key derivation takes ~0.5 s: let the next frame show "Unlocking…" first, Tick() does it.
  unlock_pending_ = true;
  ui_.busy = true;
}

void AppController::On(const intent::CreateVault&) {
  if (!unlock_.CanCreate() || unlocked()) return;
  create_pending_ = true;
  ui_.busy = true;
}

void AppController::On(const intent::SetUnlockMode& i) {
  unlock_.SetMode(i.create ? UnlockModel::Mode::kCreate : UnlockModel::Mode::kUnlock);
}

void AppController::On(const intent::SetIdentityField& i) {
  if (i.service) unlock_.SetService(i.value);
  else unlock_.SetWorker(i.value);
}

void AppController::On(const intent::Lock&) { Lock(false); }

void AppController::On(const intent::Quit&) {
  Shutdown();
  ui_.quit = true;
}

void AppController::Lock(bool automatic) {
  FlushNote();
  visit_.Wipe();
  dossier_.Wipe();
  cases_.Wipe();
  directory_.Wipe();
  sync_.Wipe();
  form_.Wipe();
  unlock_.ClearSecrets();
  vault_.reset();  // closes the connection; the key is wiped from guarded memory
  ui_.screen = Screen::kUnlock;
  ui_.start_visit_open = ui_.refer_open = ui_.export_open = ui_.import_open = ui_.settings_open = false;
  ui_.form = FormKind::kNone;
  ui_.withdraw_consent_id.clear();
  ui_.busy = false;
  ui_.banner.reset();
  if (automatic) Inform("unlock.auto_locked");
  unlock_.SetMode(vault_exists() ? UnlockModel::Mode::kUnlock : UnlockModel::Mode::kCreate);
}

void AppController::Shutdown() {
  if (unlocked()) Lock(false);
}

void AppController::UserActivity() { idle_.Activity(config_.timers_clock->NowMillis()); }

void AppController::WindowFocusLost() { FlushNote(); }

void AppController::Tick() {
  if ((unlock_pending_ || create_pending_) && !busy_frame_shown_) return;
  busy_frame_shown_ = false;
  if (unlock_pending_) {
    unlock_pending_ = false;
    auto pass = unlock_.TakePassphrase();
    unlock_.ClearSecrets();
    Status st = UnlockWith(pass);
    if (!st.ok()) {
      ui_.busy = false;
      unlock_.CountFailure();
      unlock_.SetError(st.code() == Code::kWrongPassphrase ? "unlock.wrong_passphrase"
                       : st.code() == Code::kNotFound     ? "unlock.no_vault"
                                                          : "unlock.open_failed",
                       st.code() == Code::kWrongPassphrase ? std::string() : st.message());
    }
  }
  if (create_pending_) {
    create_pending_ = false;
    core::VaultOptions opts;
    opts.kdf = config_.kdf;
    opts.clock = config_.vault_clock;
    opts.worker = unlock_.worker();
    opts.service = unlock_.service();
    auto pass = unlock_.TakePassphrase();
    unlock_.ClearSecrets();
    auto v = core::Vault::Create(config_.vault_path, pass, opts);
    ui_.busy = false;
    if (!v.ok()) {
      unlock_.SetError("unlock.create_failed", v.status().message());
    } else {
      vault_ = std::move(v).value();
      AfterUnlock();
    }
  }
  if (!unlocked()) return;
  int64_t now = config_.timers_clock->NowMillis();
  if (idle_.Due(now)) {
    Lock(true);
    return;
  }
  if (visit_.open()) {
    Status st = visit_.Tick(*vault_);
    if (!st.ok()) Report(st, "visit.save_failed");
  }
}

std::optional<int64_t> AppController::NextDeadline() const {
  int64_t now = config_.timers_clock->NowMillis();
  if (unlock_pending_ || create_pending_) return now;
  if (!vault_) return std::nullopt;
  int64_t next = idle_.Deadline();
  if (auto save = visit_.NextDeadline()) next = std::min(next, *save);
  return next;
}

// ---- navigation and settings ------------------------------------------------------------------

void AppController::Show(Screen screen) {
  if (!unlocked()) {
    ui_.screen = Screen::kUnlock;
    return;
  }
  if (ui_.screen == Screen::kVisit && screen != Screen::kVisit) FlushNote();
  Status st;
  switch (screen) {
    case Screen::kUnlock: return;
    case Screen::kCases: st = cases_.Load(*vault_, Today()); break;
    case Screen::kDossier:
      if (dossier_.loaded()) {
        ReloadDossier();
      } else {  // no case file chosen yet: the list is where to choose one
        screen = Screen::kCases;
        st = cases_.Load(*vault_, Today());
      }
      break;
    case Screen::kVisit:
      if (!visit_.open()) return;
      break;
    case Screen::kDirectory: LoadDirectory(); break;
    case Screen::kSync: LoadSync(); break;
  }
  ui_.screen = screen;
  Report(st, "error.load_failed");
}

void AppController::On(const intent::Navigate& i) { Show(i.screen); }
void AppController::On(const intent::OpenSettings& i) { ui_.settings_open = i.open; }

void AppController::On(const intent::SetLanguage& i) {
  if (!i18n_.SetLanguage(i.language)) return;
  ui_.language = i.language;
  directory_.SetLanguage(i.language);
  if (unlocked() && ui_.screen == Screen::kDirectory) LoadDirectory();  // facet labels
  SaveDisplaySettings();
}

void AppController::On(const intent::SetUiScale& i) {
  if (std::find(std::begin(kUiScaleChoices), std::end(kUiScaleChoices), i.percent) == std::end(kUiScaleChoices)) return;
  ui_.ui_scale_percent = i.percent;
  SaveDisplaySettings();
}

void AppController::On(const intent::SetAutoLockMinutes& i) {
  idle_.SetMinutes(i.minutes);
  ui_.auto_lock_minutes = idle_.minutes();
  SaveDisplaySettings();
}

void AppController::On(const intent::DismissBanner&) { ui_.banner.reset(); }

void AppController::SaveDisplaySettings() {
  Status st = SaveSettings(config_.settings_path, SettingsFrom(ui_));
  Report(st, "settings.save_failed");
}

void AppController::Report(const Status& status, const char* key) {
  if (status.ok()) return;
  ui_.banner = Banner{key, status.message(), true};
}

void AppController::Inform(const char* key, std::string detail) { ui_.banner = Banner{key, std::move(detail), false}; }

// ---- case list and dossier --------------------------------------------------------------------

void AppController::On(const intent::SetCaseQuery& i) { cases_.SetQuery(i.query.str()); }
void AppController::On(const intent::SetCaseOwner& i) { cases_.SetOwner(i.owner); }
void AppController::On(const intent::SetCaseStatus& i) { cases_.SetStatus(i.status); }
void AppController::On(const intent::SetComingSoon& i) { cases_.SetComingSoon(i.on); }

void AppController::On(const intent::OpenDossier& i) {
  if (!unlocked()) return;
  FlushNote();
  ui_.withdraw_consent_id.clear();
  Status st = dossier_.Load(*vault_, i.dossier_id, Today(), DirectoryNames(), DeviceNames());
  if (!st.ok()) return Report(st, "error.load_failed");
  ui_.screen = Screen::kDossier;
}

void AppController::ReloadDossier() {
  if (!unlocked() || !dossier_.loaded()) return;
  std::string id = dossier_.dossier_id();
  Report(dossier_.Load(*vault_, id, Today(), DirectoryNames(), DeviceNames()), "error.load_failed");
}

// ---- visit note editor ------------------------------------------------------------------------

void AppController::FlushNote() {
  if (!unlocked() || !visit_.open()) return;
  Report(visit_.Flush(*vault_), "visit.save_failed");
}

void AppController::On(const intent::OpenStartVisit& i) {
  if (!unlocked()) return;
  FlushNote();
  Status st = visit_.Prepare(*vault_, i.dossier_id, Today());
  if (!st.ok()) return Report(st, "error.load_failed");
  ui_.start_visit_open = true;
}

void AppController::On(const intent::CloseStartVisit&) { ui_.start_visit_open = false; }
void AppController::On(const intent::SetVisitPlace& i) { visit_.SetPlace(i.place); }

void AppController::On(const intent::SetVisitKind& i) {
  if (core::VisitKinds().Contains(i.kind)) visit_.SetKind(i.kind);
}

void AppController::On(const intent::StartVisit&) {
  if (!unlocked()) return;
  Status st = visit_.Start(*vault_);
  if (!st.ok()) return Report(st, "visit.start_failed");
  ui_.start_visit_open = false;
  ui_.screen = Screen::kVisit;
}

void AppController::On(const intent::OpenVisit& i) {
  if (!unlocked()) return;
  FlushNote();
  Status st = visit_.Open(*vault_, i.dossier_id, i.visit_id, Today());
  if (!st.ok()) return Report(st, "error.load_failed");
  ui_.screen = Screen::kVisit;
}

void AppController::On(const intent::SetOutcome& i) {
  if (unlocked()) Report(visit_.SetOutcome(*vault_, i.outcome), "visit.save_failed");
}

void AppController::On(const intent::EditNote& i) {
  if (unlocked() && visit_.open()) visit_.Edit(i.body.str());
}

void AppController::On(const intent::NoteFocusLost&) { FlushNote(); }

void AppController::On(const intent::SetNoteScope& i) {
  if (!unlocked()) return;
  Status st = visit_.SetScope(*vault_, i.scope, i.partner);
  if (!st.ok()) ui_.banner = Banner{"visit.scope_refused", i.partner, true};
}

void AppController::On(const intent::TogglePracticeCode& i) {
  if (unlocked()) Report(visit_.TogglePracticeCode(*vault_, i.code), "visit.save_failed");
}

void AppController::On(const intent::ToggleNoteDomain& i) {
  if (unlocked()) Report(visit_.ToggleDomain(*vault_, i.domain), "visit.save_failed");
}

void AppController::On(const intent::FinishVisit&) {
  if (!unlocked()) return;
  FlushNote();
  if (visit_.save_state() == SaveState::kFailed) return;  // keep the text on screen, banner shown
  std::string dossier_id = visit_.visit().dossier_id;
  visit_.Close();
  On(intent::OpenDossier{dossier_id});
}

}  // namespace passerelle::ui
