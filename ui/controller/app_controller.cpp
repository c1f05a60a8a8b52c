#include "app_controller.h"

#include <algorithm>
#include <cassert>

namespace passerelle::ui {
namespace {
// Lock and Quit stay possible during an office sync (both stop it first); Quit also locks.
bool IsLock(const std::any& item) {
  const auto* shell = std::any_cast<ShellIntent>(&item);
  return shell != nullptr && (std::holds_alternative<intent::Lock>(*shell) || std::holds_alternative<intent::Quit>(*shell) ||
                              std::holds_alternative<intent::DismissBanner>(*shell));
}
}  // namespace

AppController::AppController(AppConfig config, I18n& i18n)
    : i18n_(i18n),
      app_(std::move(config)),
      settings_(app_, i18n, [this](const std::string& language) { directory_.SetLanguage(language); }),
      unlock_(app_, [this](std::unique_ptr<core::Vault> vault) { Opened(std::move(vault)); }),
      visit_(app_),
      sync_(app_, visit_),
      hub_(app_, visit_, sync_, app_.config().hub_port),
      cases_(app_),
      dossier_(app_, visit_, {[this] { return directory_.Names(); }, [this] { return sync_.DeviceNames(); }}),
      directory_(app_, dossier_),
      records_(app_, cases_, dossier_, visit_),
      forms_(app_, cases_, dossier_, visit_, records_),
      disclosure_(app_, i18n, dossier_),
      exit_(app_, cases_, dossier_, records_) {
  app_.ui().demo_passphrase = app_.config().demo_passphrase;
  app_.ui().screen = Screen::kUnlock;
}

AppController::~AppController() { Shutdown(); }

// ---- intents ----------------------------------------------------------------------------------

void AppController::Apply(UiIntents& intents) {
  for (const auto& item : intents.Take()) {
    // While an office sync runs the vault is the worker thread's: only the office section's own
    // intents and Lock (which stops the sync first) are taken; other taps are dropped.
    if (hub_.running() && !std::any_cast<HubIntent>(&item) && !IsLock(item)) continue;
    Route(item);
    while (!app_.follow_ups().empty())
      for (const auto& next : app_.follow_ups().Take()) Route(next);
  }
  disclosure_.Follow();  // the case file may have changed: its disclosures follow
}

// Each intent to the feature that owns its group (the intents.h comment says how groups are made).
void AppController::Route(const std::any& intent) {
  if (const auto* i = std::any_cast<ShellIntent>(&intent)) return std::visit([this](const auto& x) { On(x); }, *i);
  if (const auto* i = std::any_cast<SettingsIntent>(&intent)) return settings_.Apply(*i);
  if (const auto* i = std::any_cast<UnlockIntent>(&intent)) return unlock_.Apply(*i);
  if (const auto* i = std::any_cast<CaseListIntent>(&intent)) return cases_.Apply(*i);
  if (const auto* i = std::any_cast<DossierIntent>(&intent)) return dossier_.Apply(*i);
  if (const auto* i = std::any_cast<VisitIntent>(&intent)) return visit_.Apply(*i);
  if (const auto* i = std::any_cast<DirectoryIntent>(&intent)) return directory_.Apply(*i);
  if (const auto* i = std::any_cast<SyncIntent>(&intent)) return sync_.Apply(*i);
  if (const auto* i = std::any_cast<HubIntent>(&intent)) return hub_.Apply(*i);
  if (const auto* i = std::any_cast<FormIntent>(&intent)) return forms_.Apply(*i);
  if (const auto* i = std::any_cast<DisclosureIntent>(&intent)) return disclosure_.Apply(*i);
  if (const auto* i = std::any_cast<RecordsIntent>(&intent)) return records_.Apply(*i);
  if (const auto* i = std::any_cast<ExitIntent>(&intent)) return exit_.Apply(*i);
  assert(false && "an intent group without a line here reaches no controller");
}

// ---- session ----------------------------------------------------------------------------------

void AppController::Opened(std::unique_ptr<core::Vault> vault) {
  app_.Open(std::move(vault));
  unlock_.Unlocked();
  app_.ui().busy = false;
  app_.ui().banner.reset();
  directory_.VaultOpened();  // the shipped R.A.J. directory, installed or brought up to date
  settings_.mutable_idle_lock().Activity(app_.NowMillis());
  Resume();
}

void AppController::Resume() {
  Place place = resume_.value_or(Place{});
  resume_.reset();
  Show(Screen::kCases);  // the list is loaded in any case: it is where "back" leads
  // The open case file (also the one the directory refers to), re-read from the vault.
  if (!place.dossier_id.empty()) {
    dossier_.Open(place.dossier_id);
    if (!dossier_.model().loaded()) return Show(Screen::kCases);  // gone since: the list
  }
  switch (place.screen) {
    case Screen::kVisit:
      if (dossier_.model().loaded() && !place.visit_id.empty())
        visit_.Apply(intent::OpenVisit{place.dossier_id, place.visit_id});  // the note re-read too
      return;
    case Screen::kDossier: return;
    case Screen::kDirectory:
      Show(Screen::kDirectory);
      if (!place.service_id.empty()) directory_.Apply(intent::SelectService{place.service_id});
      return;
    case Screen::kSync: return Show(Screen::kSync);
    // The report editors and the consent screen of the open case file, re-read from the vault
    // (their drafts were saved before the lock).
    case Screen::kExitReport:
      if (dossier_.model().loaded()) disclosure_.Apply(intent::OpenExitReport{});
      return;
    case Screen::kCoReport:
      if (dossier_.model().loaded()) disclosure_.Apply(intent::OpenCoReport{});
      return;
    case Screen::kConsents:
      if (dossier_.model().loaded()) disclosure_.Apply(intent::OpenConsents{});
      return;
    case Screen::kCases:
    case Screen::kUnlock: return Show(Screen::kCases);
  }
}

void AppController::On(const intent::Quit&) {
  Shutdown();
  app_.ui().quit = true;
}

void AppController::Lock(bool automatic) {
  hub_.Stop();  // first: the office sync gives the vault back (it stops at its next safe point)
  visit_.FlushNote();
  disclosure_.SaveDrafts();
  if (unlocked()) {
    Place place;
    place.screen = app_.ui().screen;
    if (dossier_.model().loaded()) place.dossier_id = dossier_.model().dossier_id();
    if (visit_.model().open()) {
      place.visit_id = visit_.model().visit().id;
      place.dossier_id = visit_.model().visit().dossier_id;
    }
    if (directory_.model().selected()) place.service_id = directory_.model().selected()->id;
    resume_ = std::move(place);
  }
  visit_.Wipe();
  dossier_.Wipe();
  cases_.Wipe();
  directory_.Wipe();
  sync_.Wipe();
  hub_.Wipe();
  forms_.Wipe();
  disclosure_.Wipe();
  records_.Wipe();  // an undo offer holds previous values: it does not outlive the session
  unlock_.WipeSecrets();
  app_.Close();  // closes the connection; the key is wiped from guarded memory
  UiState& ui = app_.ui();
  ui.screen = Screen::kUnlock;
  ui.start_visit_open = ui.refer_open = ui.export_open = ui.import_open = ui.settings_open = false;
  ui.form = FormKind::kNone;
  ui.withdraw_consent_id.clear();
  ui.dossier_tab.clear();
  ui.busy = false;
  ui.banner.reset();
  if (automatic) app_.Inform("unlock.auto_locked");
  unlock_.ResetMode();
}

void AppController::Shutdown() {
  if (unlocked()) Lock(false);
}

void AppController::UserActivity() { settings_.mutable_idle_lock().Activity(app_.NowMillis()); }

void AppController::Tick() {
  if (unlock_.pending() && !busy_frame_shown_) return;
  busy_frame_shown_ = false;
  unlock_.RunPending();
  if (!unlocked()) return;
  if (settings_.idle_lock().Due(app_.NowMillis())) {
    Lock(true);
    return;
  }
  hub_.Poll();
  if (hub_.running()) return;  // the vault is lent to the office sync: no autosave meanwhile
  visit_.Tick();
  records_.Tick();
}

std::optional<int64_t> AppController::NextDeadline() const {
  int64_t now = app_.NowMillis();
  if (unlock_.pending()) return now;
  if (!unlocked()) return std::nullopt;
  int64_t next = settings_.idle_lock().Deadline();
  if (hub_.running()) next = std::min(next, now + 50);  // the progress bar moves
  if (auto save = visit_.NextDeadline()) next = std::min(next, *save);
  if (auto undo = records_.NextDeadline()) next = std::min(next, *undo);
  return next;
}

// ---- navigation -------------------------------------------------------------------------------

void AppController::Show(Screen screen) {
  UiState& ui = app_.ui();
  if (!unlocked()) {
    ui.screen = Screen::kUnlock;
    return;
  }
  if (ui.screen == Screen::kVisit && screen != Screen::kVisit) visit_.FlushNote();
  if (ui.screen != screen) disclosure_.SaveDrafts();  // a report being written is kept
  Status st;
  switch (screen) {
    case Screen::kUnlock: return;
    case Screen::kCases: st = cases_.Load(); break;
    case Screen::kExitReport:
    case Screen::kCoReport:
    case Screen::kConsents:
      // Opened by their own intents (which load the open case file's report or consents); a
      // plain navigation there shows the case file.
      screen = Screen::kDossier;
      [[fallthrough]];
    case Screen::kDossier:
      if (dossier_.model().loaded()) {
        dossier_.Reload();
        disclosure_.Follow(/*force=*/true);
      } else {  // no case file chosen yet: the list is where to choose one
        screen = Screen::kCases;
        st = cases_.Load();
      }
      break;
    case Screen::kVisit:
      if (!visit_.model().open()) return;
      break;
    case Screen::kDirectory: directory_.Load(); break;
    case Screen::kSync:
      sync_.Load();
      hub_.Load();  // reads the vault only: no socket until the worker taps
      break;
  }
  ui.screen = screen;
  app_.Report(st, "error.load_failed");
}

}  // namespace passerelle::ui
