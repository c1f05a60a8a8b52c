// Issue 13 defect 6: the sync screen speaks the worker's language. Its view-model (SyncModel,
// over a real vault) names devices by their worker, gives times in local time, never a hex id;
// after an export to a colleague never met, the device list shows that colleague; and no text of
// the sync screen tells the worker to run a command.
#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <regex>

#include "app_controller.h"
#include "demo_vault.h"
#include "load_i18n.h"
#include "passerelle/sync/team.h"
#include "support/temp_dir.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

struct App {
  testing::TempDir dir;
  std::string path = dir.File("a.vault");
  platform::FakeClock clock{1'000'000};
  I18n i18n = testing::LoadI18n();
  std::unique_ptr<AppController> app;
  explicit App(bool demo) {
    if (demo) REQUIRE(demo::CreateDemoVault(path).ok());
    AppConfig config;
    config.vault_path = path;
    config.timers_clock = &clock;
    config.kdf = core::KdfParams::LowCostForTests();
    app = std::make_unique<AppController>(config, i18n);
  }
  template <typename... I>
  void Do(I... intents) {
    UiIntents out;
    (out.Push(std::move(intents)), ...);
    app->Apply(out);
  }
};

// A run of 16 hex digits: how a device id or a record id would look on screen.
bool HasHexId(const std::string& s) { return std::regex_search(s, std::regex("[0-9a-fA-F]{16}")); }

void CheckWords(const SyncModel& m) {
  CHECK_FALSE(HasHexId(m.self_label()));
  for (const auto& p : m.peers()) {
    CHECK_FALSE(HasHexId(p.label));
    for (const std::string* t : {&p.last_import_at, &p.last_export_at}) {
      CAPTURE(*t);
      CHECK((t->empty() || std::regex_match(*t, std::regex(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2})"))));
    }
  }
  if (m.last_import()) {
    CHECK_FALSE(HasHexId(m.last_import()->sender));
    for (const auto& c : m.last_import()->changes) {
      CHECK_FALSE(HasHexId(c.person_name));
      for (const auto& a : c.authors) CHECK_FALSE(HasHexId(a));
    }
  }
}

}  // namespace

TEST_CASE("sync words: devices by name, local times, an export shows its recipient in the device list") {
  App a(/*demo=*/true);
  REQUIRE(a.app->UnlockWith(platform::SecureBuffer::FromString(demo::kDemoPassphrase)).ok());
  a.Do(intent::Navigate{Screen::kSync}, intent::CreateTeamKey{});
  REQUIRE(a.app->sync().has_team_key());
  CHECK(a.app->sync().self_label().find("Camille Demo") != std::string::npos);
  CheckWords(a.app->sync());
  CHECK(a.app->sync().peers().empty());

  // Export to a colleague never met: the list shows her at once, waiting for her first bundle.
  a.Do(intent::OpenBundleDialog{true, true}, intent::SetSyncRecipient{"Ana Collègue"},
       intent::SetBundlePath{a.dir.File("for-ana.bundle")}, intent::ExportBundle{});
  REQUIRE(a.app->sync().last_export().has_value());
  REQUIRE(a.app->sync().peers().size() == 1);
  const PeerRow& ana = a.app->sync().peers().front();
  CHECK(ana.label == "Ana Collègue");
  CHECK(ana.awaiting_first_bundle);
  CHECK_FALSE(ana.last_export_at.empty());
  CheckWords(a.app->sync());
  // A second export to her (any case) updates the same row.
  a.Do(intent::OpenBundleDialog{true, true}, intent::SetSyncRecipient{"ana collègue"},
       intent::SetBundlePath{a.dir.File("for-ana-2.bundle")}, intent::ExportBundle{});
  CHECK(a.app->sync().peers().size() == 1);

  // Her vault imports it: the sender and the authors are people, the times local.
  const std::string key_file = a.dir.File("team.key");
  auto team_pass = platform::SecureBuffer::FromString("team passphrase said aloud");
  REQUIRE(sync::ExportTeamKey(*a.app->vault(), key_file, team_pass, core::KdfParams::LowCostForTests()).ok());
  App b(/*demo=*/false);
  {
    core::VaultOptions opts;
    opts.kdf = core::KdfParams::LowCostForTests();
    opts.worker = "Ana Collègue";
    opts.service = a.app->vault()->service();  // a colleague: the team's organisation (another one cannot join)
    REQUIRE(core::Vault::Create(b.path, platform::SecureBuffer::FromString("colleague passphrase"), opts).ok());
  }
  REQUIRE(b.app->UnlockWith(platform::SecureBuffer::FromString("colleague passphrase")).ok());
  REQUIRE(sync::JoinTeam(*b.app->vault(), key_file, team_pass).ok());
  b.Do(intent::Navigate{Screen::kSync}, intent::OpenBundleDialog{false, true},
       intent::SetBundlePath{a.dir.File("for-ana.bundle")}, intent::ImportBundle{});
  REQUIRE(b.app->sync().last_import().has_value());
  CHECK(b.app->sync().last_import()->sender.find("Camille Demo") != std::string::npos);
  REQUIRE_FALSE(b.app->sync().last_import()->changes.empty());
  CheckWords(b.app->sync());
  REQUIRE(b.app->sync().peers().size() == 1);
  CHECK_FALSE(b.app->sync().peers()[0].last_import_at.empty());
  CHECK_FALSE(b.app->sync().peers()[0].awaiting_first_bundle);

  // Locking forgets the recipients remembered for the session, like everything else.
  UiIntents lock;
  lock.Push(intent::Lock{});
  a.app->Apply(lock);
  CHECK(a.app->sync().peers().empty());
}

TEST_CASE("sync words: a bare device id is never a name; UTC becomes local time") {
  CHECK(IsDeviceId("0123456789abcdef"));
  CHECK_FALSE(IsDeviceId("Ana (CAW)"));
  CHECK_FALSE(IsDeviceId("0123456789abcdeg"));
  const char* tz = std::getenv("TZ");
  std::string saved = tz ? tz : "";
  setenv("TZ", "Europe/Brussels", 1);
  tzset();
  CHECK(LocalTimeOf("2026-12-04T09:30:00Z") == "2026-12-04 10:30");  // CET in winter
  CHECK(LocalTimeOf("2026-07-01T22:15:00Z") == "2026-07-02 00:15");  // CEST, next day
  CHECK(LocalTimeOf("") == "");
  if (tz) setenv("TZ", saved.c_str(), 1);
  else unsetenv("TZ");
  tzset();
}

TEST_CASE("sync words: no text of the sync screen shows a command or an id") {
  I18n i18n = testing::LoadI18n();
  for (auto lang : I18n::kLanguages)
    for (const auto& [key, text] : i18n.table(lang)) {
      if (key.rfind("sync.", 0) != 0 && key.rfind("sync_words.", 0) != 0 && key.rfind("picker.", 0) != 0) continue;
      CAPTURE(key);
      CHECK(text.find("passerelle-cli") == std::string::npos);
      CHECK(text.find("{id}") == std::string::npos);
      CHECK(text.find("UTC") == std::string::npos);
    }
}
