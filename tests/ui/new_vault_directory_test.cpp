// Issue 13 defect 7 in the app: a vault created by the first-run screen has the R.A.J. directory
// shipped with the app (the same Vault::Create path as `passerelle-cli init`), and unlocking with
// an app that ships a newer directory updates it, keeps the worker's annotation and says so.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "app_controller.h"
#include "load_i18n.h"
#include "passerelle/core/directory.h"
#include "support/temp_dir.h"

using namespace passerelle;
using namespace passerelle::ui;
namespace dir = passerelle::core::directory;

namespace {

const std::string kAssets = std::string(PASSERELLE_SOURCE_DIR) + "/assets";
constexpr const char* kPassphrase = "cheval agrafe batterie correcte";

std::unique_ptr<AppController> App(const std::string& vault, const std::string& assets, platform::FakeClock& clock,
                                   I18n& i18n) {
  AppConfig config;
  config.vault_path = vault;
  config.timers_clock = &clock;
  config.kdf = core::KdfParams::LowCostForTests();
  config.assets_dir = assets;
  return std::make_unique<AppController>(config, i18n);
}

size_t ShippedCount() {
  return nlohmann::json::parse(testing::ReadAll(kAssets + "/directory/services.json"))["entries"].size();
}

}  // namespace

TEST_CASE("the first-run screen makes a vault with the shipped directory; a newer app updates it, notes kept") {
  testing::TempDir dir;
  platform::FakeClock clock{1'000'000};
  I18n i18n = testing::LoadI18n();
  const std::string vault = dir.File("new.vault");
  {
    auto app = App(vault, kAssets, clock, i18n);
    REQUIRE(app->unlock_model().mode() == UnlockModel::Mode::kCreate);
    UiIntents identity;
    identity.Push(intent::SetIdentityField{false, "Ana Test"});
    identity.Push(intent::SetIdentityField{true, "CAPREV Liège"});
    app->Apply(identity);
    std::strcpy(app->passphrase_fields().passphrase, kPassphrase);
    std::strcpy(app->passphrase_fields().confirmation, kPassphrase);
    UiIntents create;
    create.Push(intent::CreateVault{});
    app->Apply(create);
    app->FrameShown();
    app->Tick();
    REQUIRE(app->unlocked());
    UiIntents go;
    go.Push(intent::Navigate{Screen::kDirectory});
    app->Apply(go);
    REQUIRE(app->directory().available());
    CHECK(app->directory().total() == ShippedCount());
    REQUIRE(dir::Annotate(*app->vault(), "rezone", "Demander Fatima.").ok());
    app->Shutdown();
  }
  // The next version of the app ships directory version 2.
  std::filesystem::path v2 = dir.path() / "assets-v2";
  std::filesystem::create_directories(v2 / "directory");
  std::filesystem::copy_file(kAssets + "/directory/vocabulary.json", v2 / "directory/vocabulary.json");
  auto services = nlohmann::ordered_json::parse(testing::ReadAll(kAssets + "/directory/services.json"));
  services["version"] = 2;
  std::ofstream(v2 / "directory/services.json") << services.dump(2);
  {
    auto app = App(vault, v2.string(), clock, i18n);
    REQUIRE(app->UnlockWith(platform::SecureBuffer::FromString(kPassphrase)).ok());
    REQUIRE(app->ui().banner.has_value());
    CHECK(app->ui().banner->key == "directory_words.updated");
    CHECK(dir::InstalledVersion(*app->vault())->version == 2);
    auto notes = dir::Annotations(*app->vault(), "rezone");
    REQUIRE(notes.ok());
    REQUIRE(notes->size() == 1);
    CHECK(notes->front().text == "Demander Fatima.");
    app->Shutdown();
  }
  {  // Unlocking again with the same app: nothing to update, no banner.
    auto app = App(vault, v2.string(), clock, i18n);
    REQUIRE(app->UnlockWith(platform::SecureBuffer::FromString(kPassphrase)).ok());
    CHECK_FALSE(app->ui().banner.has_value());
    app->Shutdown();
  }
}
