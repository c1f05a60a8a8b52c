// The field app without a window: AppController over a real (low-cost) vault, a fake clock for
// the autosave and auto-lock timers, and intents as the screens would push them.
#include <doctest/doctest.h>

#include <cstring>
#include <set>

#include "app_controller.h"
#include "demo_vault.h"
#include "passerelle/core/case_files.h"
#include "passerelle/sync/team.h"
#include "settings.h"
#include "showcase.h"
#include "load_i18n.h"
#include "support/temp_dir.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

using testing::LoadI18n;

struct Fixture {
  testing::TempDir dir;
  std::string path = dir.File("demo.vault");
  platform::FakeClock clock{1'000'000};
  I18n i18n = LoadI18n();
  std::unique_ptr<AppController> app;

  explicit Fixture(bool demo = true) {
    if (demo) REQUIRE(demo::CreateDemoVault(path).ok());
    AppConfig config;
    config.vault_path = path;
    config.timers_clock = &clock;
    config.kdf = core::KdfParams::LowCostForTests();
    app = std::make_unique<AppController>(config, i18n);
  }
  void Unlock() { REQUIRE(app->UnlockWith(platform::SecureBuffer::FromString(demo::kDemoPassphrase)).ok()); }
  template <typename... I>
  void Do(I... intents) {
    UiIntents out;
    (out.Push(std::move(intents)), ...);
    app->Apply(out);
  }
  void Type(const char* text) { std::strcpy(app->passphrase_fields().passphrase, text); }
  void TypeConfirmation(const char* text) { std::strcpy(app->passphrase_fields().confirmation, text); }
  // What the event loop does after a frame is shown.
  void Frame() {
    app->FrameShown();
    app->Tick();
  }
  // A value typed or chosen in the open record form.
  void SetField(const char* field, const std::string& value) { Do(intent::SetFormField{field, SecretText(value)}); }
};

}  // namespace

TEST_CASE("unlock: a wrong passphrase says so and leaves the vault locked; the right one opens the case list") {
  Fixture f;
  CHECK(f.app->ui().screen == Screen::kUnlock);
  CHECK(f.app->unlock_model().mode() == UnlockModel::Mode::kUnlock);
  auto before = testing::Snapshot(f.dir.path());
  f.Type("not the passphrase");
  f.Do(intent::Unlock{});
  CHECK(f.app->ui().busy);  // "Unlocking…" is shown before the key derivation runs
  f.app->Tick();            // no frame shown yet: nothing happens
  CHECK(f.app->ui().busy);
  f.Frame();
  CHECK_FALSE(f.app->unlocked());
  CHECK(f.app->unlock_model().error_key() == "unlock.wrong_passphrase");
  CHECK(f.app->unlock_model().passphrase().empty());  // the field is wiped after each attempt
  CHECK(testing::Snapshot(f.dir.path()) == before);
  f.Type(demo::kDemoPassphrase);
  f.Do(intent::Unlock{});
  f.Frame();
  REQUIRE(f.app->unlocked());
  CHECK(f.app->ui().screen == Screen::kCases);
  CHECK(f.app->cases().total() == 5);
  CHECK(f.app->unlock_model().error_key().empty());
}

TEST_CASE("first run: creation needs identity, a long passphrase typed twice; then the vault opens") {
  Fixture f(/*demo=*/false);
  CHECK(f.app->unlock_model().mode() == UnlockModel::Mode::kCreate);
  f.Do(intent::SetIdentityField{false, "Ana Test"}, intent::SetIdentityField{true, "CAPREV Liège"});
  f.Type("court");
  CHECK_FALSE(f.app->unlock_model().CanCreate());
  f.Type("cheval agrafe batterie correcte");
  f.TypeConfirmation("cheval agrafe batterie correctE");
  CHECK_FALSE(f.app->unlock_model().confirmation_matches());
  CHECK_FALSE(f.app->unlock_model().CanCreate());
  f.TypeConfirmation("cheval agrafe batterie correcte");
  CHECK(f.app->unlock_model().strength() == PassphraseStrength::kStrong);
  REQUIRE(f.app->unlock_model().CanCreate());
  f.Do(intent::CreateVault{});
  f.Frame();
  REQUIRE(f.app->unlocked());
  CHECK(f.app->vault()->worker() == "Ana Test");
  CHECK(f.app->vault()->service() == "CAPREV Liège");
  CHECK(f.app->cases().total() == 0);
}

TEST_CASE("lock: the note being typed is saved, then every view-model is wiped and the vault closed") {
  Fixture f;
  f.Unlock();
  REQUIRE(ShowcaseScreen(*f.app, Screen::kVisit).ok());
  std::string visit_id = f.app->visit().visit().id;
  std::string dossier_id = f.app->visit().visit().dossier_id;
  f.Do(intent::EditNote{SecretText(f.app->visit().body() + " Ajouté juste avant le verrouillage.")});
  CHECK(f.app->visit().save_state() == SaveState::kPending);
  f.Do(intent::Lock{});
  CHECK_FALSE(f.app->unlocked());
  CHECK(f.app->ui().screen == Screen::kUnlock);
  CHECK(f.app->cases().total() == 0);
  CHECK(f.app->cases().visible().empty());
  CHECK_FALSE(f.app->dossier().loaded());
  CHECK(f.app->dossier().timeline().empty());
  CHECK_FALSE(f.app->visit().open());
  CHECK(f.app->visit().body().empty());
  CHECK(f.app->visit().partners().empty());
  CHECK(f.app->NextDeadline() == std::nullopt);  // a locked app has no timer: it sleeps
  f.Unlock();
  auto detail = core::ShowDossier(*f.app->vault(), dossier_id);
  REQUIRE(detail.ok());
  bool found = false;
  for (const auto& n : detail->notes)
    if (n.visit_id == visit_id) found = n.body.find("Ajouté juste avant le verrouillage.") != std::string::npos;
  CHECK(found);
}

TEST_CASE("auto-lock after the configured idle minutes, postponed by activity, saving the note first") {
  Fixture f;
  f.Do(intent::SetAutoLockMinutes{2});
  f.Unlock();
  CHECK(f.app->idle_lock().minutes() == 2);
  CHECK(f.app->NextDeadline() == f.clock.NowMillis() + 2 * 60'000);
  f.clock.Advance(90'000);
  f.app->UserActivity();
  f.clock.Advance(90'000);
  f.Frame();
  CHECK(f.app->unlocked());  // 90 s since the last input
  REQUIRE(ShowcaseScreen(*f.app, Screen::kVisit).ok());
  std::string note_id = f.app->visit().note_id();
  f.Do(intent::EditNote{SecretText("Texte tapé puis laissé sans surveillance.")});
  f.clock.Advance(2 * 60'000);
  f.Frame();
  CHECK_FALSE(f.app->unlocked());
  REQUIRE(f.app->ui().banner.has_value());
  CHECK(f.app->ui().banner->key == "unlock.auto_locked");
  f.Unlock();
  auto notes = core::ListNotes(*f.app->vault(), f.app->cases().visible().front()->dossier_id);
  REQUIRE(notes.ok());
  bool saved = false;
  for (const auto& n : *notes) saved = saved || (n.id == note_id && n.body == "Texte tapé puis laissé sans surveillance.");
  CHECK(saved);
}

TEST_CASE("visit in two taps: date and place prefilled, outcome, tags, autosave after a pause") {
  Fixture f;
  f.Unlock();
  auto row = f.app->cases().visible().front();
  std::string dossier = row->dossier_id;
  std::string prison = row->establishment;
  f.Do(intent::OpenStartVisit{dossier});  // tap 1
  CHECK(f.app->ui().start_visit_open);
  CHECK(f.app->visit().start().date == f.app->Today());
  CHECK(f.app->visit().start().place == prison);
  f.Do(intent::StartVisit{});  // tap 2
  REQUIRE(f.app->ui().screen == Screen::kVisit);
  CHECK_FALSE(f.app->ui().start_visit_open);
  std::string visit = f.app->visit().visit().id;
  f.Do(intent::SetOutcome{"no_show"}, intent::TogglePracticeCode{"working_alliance"},
       intent::TogglePracticeCode{"mentoring"}, intent::TogglePracticeCode{"mentoring"},
       intent::ToggleNoteDomain{"housing"});
  CHECK(f.app->visit().save_state() == SaveState::kNothingToSave);
  f.Do(intent::EditNote{SecretText("Pas venu au parloir.")});
  f.clock.Advance(AutosavePolicy::kPauseMs - 1);
  f.Frame();
  CHECK(f.app->visit().save_state() == SaveState::kPending);
  CHECK(f.app->visit().note_id().empty());
  f.clock.Advance(1);
  f.Frame();
  CHECK(f.app->visit().save_state() == SaveState::kSaved);
  REQUIRE_FALSE(f.app->visit().note_id().empty());
  auto detail = core::ShowDossier(*f.app->vault(), dossier);
  REQUIRE(detail.ok());
  const core::Visit* v = nullptr;
  for (const auto& x : detail->visits)
    if (x.id == visit) v = &x;
  REQUIRE(v != nullptr);
  CHECK(v->outcome == "no_show");
  CHECK(v->practice_codes == std::vector<std::string>{"working_alliance"});
  CHECK(v->date == f.app->Today());
  CHECK(v->place == prison);
  const core::Note* n = nullptr;
  for (const auto& x : detail->notes)
    if (x.visit_id == visit) n = &x;
  REQUIRE(n != nullptr);
  CHECK(n->body == "Pas venu au parloir.");
  CHECK(n->domains == std::vector<std::string>{"housing"});
  CHECK(n->scope == "service");
  f.Do(intent::FinishVisit{});
  CHECK(f.app->ui().screen == Screen::kDossier);
  CHECK(f.app->dossier().timeline().front().note_excerpt == "Pas venu au parloir.");
}

TEST_CASE("continuous typing is saved within kMaxUnsavedMs even without a pause; focus loss saves at once") {
  Fixture f;
  f.Unlock();
  REQUIRE(ShowcaseScreen(*f.app, Screen::kVisit).ok());
  std::string body = f.app->visit().body();
  int64_t first_key = f.clock.NowMillis();
  int saves = 0;
  for (int i = 0; i < 200; ++i) {  // one key every 30 ms for 6 s
    body += static_cast<char>('a' + i % 26);
    f.Do(intent::EditNote{SecretText(body)});
    f.clock.Advance(30);
    f.Frame();
    if (f.app->visit().save_state() == SaveState::kSaved) {
      ++saves;
      CHECK(f.clock.NowMillis() - first_key <= AutosavePolicy::kMaxUnsavedMs + 30);
      first_key = f.clock.NowMillis();  // the next keystroke is the first unsaved one
    }
  }
  CHECK(saves >= 6);
  f.Do(intent::EditNote{SecretText(body + " fin")});
  f.Do(intent::NoteFocusLost{});
  CHECK(f.app->visit().save_state() == SaveState::kSaved);
}

TEST_CASE("scope: sharing with a partner needs the person's active consent to share notes") {
  Fixture f;
  f.Unlock();
  REQUIRE(ShowcaseScreen(*f.app, Screen::kVisit).ok());
  std::string dossier = f.app->visit().visit().dossier_id;
  REQUIRE(f.app->visit().partners().size() == 1);
  CHECK(f.app->visit().partners()[0].partner == "Maison de justice");
  CHECK_FALSE(f.app->visit().partners()[0].can_share);  // the demo consent covers attendance only
  f.Do(intent::SetNoteScope{"partner", "Maison de justice"});
  CHECK(f.app->visit().scope() == "service");
  REQUIRE(f.app->ui().banner.has_value());
  CHECK(f.app->ui().banner->key == "visit.scope_refused");
  REQUIRE(core::AddConsent(*f.app->vault(), {{"dossier_id", dossier}, {"partner", "CAW Brussel"},
                                             {"scope", "shared_notes"}, {"expires_on", "2099-01-01"}})
              .ok());
  f.Do(intent::OpenVisit{dossier, f.app->visit().visit().id});
  const PartnerOption* caw = nullptr;
  for (const auto& p : f.app->visit().partners())
    if (p.partner == "CAW Brussel") caw = &p;
  REQUIRE(caw != nullptr);
  CHECK(caw->can_share);
  f.Do(intent::SetNoteScope{"partner", "CAW Brussel"});
  CHECK(f.app->visit().scope() == "partner");
  auto notes = core::ListNotes(*f.app->vault(), dossier);
  REQUIRE(notes.ok());
  CHECK(notes->front().scope == "partner");
  CHECK(notes->front().partner == "CAW Brussel");
  f.Do(intent::SetNoteScope{"private", ""});
  notes = core::ListNotes(*f.app->vault(), dossier);
  CHECK(notes->front().scope == "private");
  CHECK(notes->front().partner.empty());
}

TEST_CASE("case list intents: search as you type and filters") {
  Fixture f;
  f.Unlock();
  f.Do(intent::SetCaseQuery{SecretText("gevangenis")});
  CHECK(f.app->cases().visible().size() == 2);
  f.Do(intent::SetCaseQuery{SecretText("")}, intent::SetCaseStatus{"pretrial_detention"});
  REQUIRE(f.app->cases().visible().size() == 1);
  CHECK(f.app->cases().visible()[0]->person_name == "Mehdi (fictif) A.");
  f.Do(intent::SetCaseStatus{""}, intent::SetCaseOwner{CaseOwner::kService});
  CHECK(f.app->cases().visible().size() == 5);
}

TEST_CASE("display settings are saved beside the vault and restored") {
  Fixture f;
  f.Do(intent::SetLanguage{"nl"}, intent::SetUiScale{150}, intent::SetAutoLockMinutes{10});
  CHECK(f.i18n.language() == "nl");
  auto saved = LoadSettings(f.path + ".settings.json");
  CHECK(saved.language == "nl");
  CHECK(saved.ui_scale_percent == 150);
  CHECK(saved.auto_lock_minutes == 10);
  f.Do(intent::SetUiScale{333}, intent::SetLanguage{"de"});  // refused: not offered
  CHECK(f.app->ui().ui_scale_percent == 150);
  CHECK(f.app->ui().language == "nl");
}

TEST_CASE("every screen can be showcased on the demo vault") {
  Fixture f;
  f.Unlock();
  for (auto s : {Screen::kCases, Screen::kDossier, Screen::kVisit, Screen::kDirectory, Screen::kSync}) {
    CAPTURE(ScreenName(s));
    CHECK(ShowcaseScreen(*f.app, s).ok());
    CHECK(f.app->ui().screen == s);
  }
  CHECK(ShowcaseScreen(*f.app, Screen::kUnlock).ok());
  CHECK_FALSE(f.app->unlocked());
}

TEST_CASE("directory: search as you type, filters, refer the open case file's person, private annotation") {
  setenv("PASSERELLE_ASSETS", PASSERELLE_SOURCE_DIR "/assets", 1);  // the demo installs the directory
  Fixture f;
  f.Unlock();
  REQUIRE(ShowcaseScreen(*f.app, Screen::kDossier).ok());
  std::string dossier = f.app->dossier().dossier_id();
  f.Do(intent::Navigate{Screen::kDirectory});
  REQUIRE(f.app->directory().available());
  size_t all = f.app->directory().results().size();
  CHECK(all == f.app->directory().total());
  f.Do(intent::SetDirectoryQuery{SecretText("huisvesting")});  // Dutch synonym of a theme
  CHECK_FALSE(f.app->directory().results().empty());
  CHECK(f.app->directory().results().size() < all);
  f.Do(intent::SetDirectoryQuery{SecretText("")}, intent::SetDirectoryTheme{"housing"},
       intent::SetDirectoryInsidePrison{true});
  for (const auto& r : f.app->directory().results()) CHECK(r.inside_prison == std::optional<bool>(true));
  f.Do(intent::SetDirectoryInsidePrison{false});
  std::string service = f.app->directory().first_result_id();
  REQUIRE_FALSE(service.empty());
  f.Do(intent::SelectService{service});
  REQUIRE(f.app->directory().selected().has_value());
  f.Do(intent::OpenRefer{true});
  CHECK(f.app->ui().refer_open);
  std::string plan_item = f.app->dossier().plan_items().front().id;
  f.Do(intent::ReferToPlanItem{plan_item});
  CHECK_FALSE(f.app->ui().refer_open);
  REQUIRE(f.app->ui().banner.has_value());
  CHECK(f.app->ui().banner->key == "directory.referred");
  auto detail = core::ShowDossier(*f.app->vault(), dossier);
  REQUIRE(detail.ok());
  bool referred = false;
  for (const auto& r : detail->referrals) referred = referred || (r.plan_item_id == plan_item && r.service_id == service);
  CHECK(referred);
  f.Do(intent::EditAnnotation{SecretText("Accueil chaleureux, demander Fatima.")}, intent::SaveAnnotation{});
  REQUIRE(f.app->directory().annotations().size() == 1);
  CHECK(f.app->directory().annotations()[0].text == "Accueil chaleureux, demander Fatima.");
  CHECK(f.app->directory().annotation_draft().empty());
  f.Do(intent::Lock{});
  CHECK(f.app->directory().annotations().empty());
  CHECK_FALSE(f.app->directory().selected().has_value());
}

TEST_CASE("sync: export a bundle through the picker, import it on a colleague's vault, see what changed") {
  Fixture a;
  a.Unlock();
  a.Do(intent::Navigate{Screen::kSync});
  REQUIRE(a.app->sync().loaded());
  CHECK_FALSE(a.app->sync().has_team_key());
  a.Do(intent::CreateTeamKey{});
  REQUIRE(a.app->sync().has_team_key());
  CHECK(a.app->sync().shareable() > 0);
  // The colleague's vault joins the same team with a team key file.
  const std::string key_file = a.dir.File("team.key");
  auto team_pass = platform::SecureBuffer::FromString("team passphrase said aloud");
  REQUIRE(sync::ExportTeamKey(*a.app->vault(), key_file, team_pass, core::KdfParams::LowCostForTests()).ok());
  Fixture b(/*demo=*/false);
  {
    core::VaultOptions opts;
    opts.kdf = core::KdfParams::LowCostForTests();
    opts.worker = "Ana Collègue";
    opts.service = "SAJ Bruxelles (démo)";  // a colleague: the team's organisation (another one cannot join)
    REQUIRE(core::Vault::Create(b.path, platform::SecureBuffer::FromString("colleague passphrase"), opts).ok());
  }
  REQUIRE(b.app->UnlockWith(platform::SecureBuffer::FromString("colleague passphrase")).ok());
  REQUIRE(sync::JoinTeam(*b.app->vault(), key_file, team_pass).ok());

  a.Do(intent::OpenBundleDialog{true, true});
  CHECK(a.app->ui().export_open);
  CHECK(a.app->sync().picker().file_name().find(".bundle") != std::string::npos);
  a.Do(intent::SetSyncRecipient{"Ana Collègue"}, intent::SetBundlePath{a.dir.File("for-ana.bundle")},
       intent::ExportBundle{});
  CHECK_FALSE(a.app->ui().export_open);
  REQUIRE(a.app->sync().last_export().has_value());
  CHECK(a.app->sync().last_export()->ops > 0);

  b.Do(intent::Navigate{Screen::kSync}, intent::OpenBundleDialog{false, true});
  b.Do(intent::SetBundlePath{a.dir.File("for-ana.bundle")}, intent::ImportBundle{});
  REQUIRE(b.app->sync().last_import().has_value());
  const ImportView& view = *b.app->sync().last_import();
  CHECK(view.applied > 0);
  CHECK(view.sender.find("Camille Demo") != std::string::npos);
  std::set<std::string> people;
  for (const auto& c : view.changes) people.insert(c.person_name);
  CHECK(people.count("Karim (fictif) B.") == 1);
  REQUIRE(b.app->sync().peers().size() == 1);
  CHECK_FALSE(b.app->sync().peers()[0].last_import_at.empty());
  b.Do(intent::Navigate{Screen::kCases});
  CHECK(b.app->cases().total() == 5);
}

// ---- record forms (record_form.h; the forms themselves are tested in forms_test.cpp) ----------

TEST_CASE("controller: New dossier from the case list opens the new case file") {
  Fixture f;
  f.Unlock();
  size_t total = f.app->cases().total();
  f.Do(intent::OpenForm{FormKind::kNewDossier});
  CHECK(f.app->ui().form == FormKind::kNewDossier);
  f.Do(intent::SubmitForm{});  // empty: refused, the form stays open with its messages
  CHECK(f.app->ui().form == FormKind::kNewDossier);
  CHECK(f.app->form().error_key() == "form.invalid");
  CHECK(f.app->cases().total() == total);
  f.SetField("name", "Thomas Verhaegen");
  f.SetField("status", "conditional_release");
  f.SetField("language", "nl");
  f.Do(intent::SubmitForm{});
  CHECK(f.app->ui().form == FormKind::kNone);
  CHECK_FALSE(f.app->form().open());
  REQUIRE(f.app->ui().screen == Screen::kDossier);
  CHECK(f.app->dossier().summary().person.name == "Thomas Verhaegen");
  REQUIRE(f.app->ui().banner.has_value());
  CHECK(f.app->ui().banner->key == "form.created.dossier");
  CHECK(f.app->cases().total() == total + 1);
}

TEST_CASE("controller: plan item and consent on the open dossier; withdrawing a consent takes two taps") {
  Fixture f;
  f.Unlock();
  std::string dossier = f.app->cases().visible().front()->dossier_id;
  f.Do(intent::OpenForm{FormKind::kNewPlanItem});  // no dossier open yet: nothing happens
  CHECK(f.app->ui().form == FormKind::kNone);
  f.Do(intent::OpenDossier{dossier});
  size_t groups = 0;
  for (const auto& g : f.app->dossier().plan()) groups += g.entries.size();

  f.Do(intent::OpenForm{FormKind::kNewPlanItem});
  f.SetField("domain", "housing");
  f.SetField("goal", "Trouver un logement via une AIS");
  f.Do(intent::SubmitForm{});
  CHECK(f.app->ui().form == FormKind::kNone);
  size_t after = 0;
  for (const auto& g : f.app->dossier().plan()) after += g.entries.size();
  CHECK(after == groups + 1);  // the dossier screen shows it at once

  size_t consents = f.app->dossier().consents().size();
  f.Do(intent::OpenForm{FormKind::kNewConsent});
  f.SetField("partner", "CAW Oost-Brabant");
  f.SetField("scope", "referral");
  f.Do(intent::SubmitForm{});
  CHECK(f.app->ui().form == FormKind::kNone);
  REQUIRE(f.app->dossier().consents().size() == consents + 1);
  std::string consent_id;
  for (const auto& c : f.app->dossier().consents())
    if (c.consent.partner == "CAW Oost-Brabant") {
      CHECK(c.active);
      consent_id = c.consent.id;
    }
  REQUIRE(!consent_id.empty());

  // A withdrawal without the first tap, or for another consent, does nothing.
  f.Do(intent::WithdrawConsent{consent_id});
  f.Do(intent::AskWithdrawConsent{"con-other"}, intent::WithdrawConsent{consent_id});
  for (const auto& c : f.app->dossier().consents())
    if (c.consent.id == consent_id) CHECK(c.active);
  f.Do(intent::AskWithdrawConsent{consent_id});
  CHECK(f.app->ui().withdraw_consent_id == consent_id);
  f.Do(intent::WithdrawConsent{consent_id});
  CHECK(f.app->ui().withdraw_consent_id.empty());
  for (const auto& c : f.app->dossier().consents())
    if (c.consent.id == consent_id) {
      CHECK_FALSE(c.active);
      CHECK(c.consent.withdrawn_on == f.app->Today());
    }
  REQUIRE(f.app->ui().banner.has_value());
  CHECK(f.app->ui().banner->key == "form.consent_withdrawn");
}

TEST_CASE("controller: locking closes the form and wipes it") {
  Fixture f;
  f.Unlock();
  f.Do(intent::OpenForm{FormKind::kNewDossier});
  f.SetField("name", "Someone typed in the visiting room");
  f.Do(intent::Lock{});
  CHECK(f.app->ui().form == FormKind::kNone);
  CHECK_FALSE(f.app->form().open());
  CHECK(f.app->form().fields().empty());
}
