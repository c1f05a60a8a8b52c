// Issue 13 defect 7: a new vault has the R.A.J. directory shipped with the app (installed by
// Vault::Create, the one creation path of `passerelle-cli init` and the app's first run), and a
// newer shipped version replaces it at the next update while the worker's annotations stay.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "passerelle/core/directory.h"
#include "../support/temp_dir.h"

using namespace passerelle;
using namespace passerelle::core;
namespace dir = passerelle::core::directory;
using passerelle::testing::ReadAll;
using passerelle::testing::TempDir;

namespace {

const std::string kAssets = std::string(PASSERELLE_SOURCE_DIR) + "/assets";

// An assets folder like the app's, whose services.json is the shipped one edited by `edit`.
std::string AssetsWith(const TempDir& tmp, const std::string& name, void (*edit)(nlohmann::ordered_json&)) {
  std::filesystem::path root = tmp.path() / name;
  std::filesystem::create_directories(root / "directory");
  std::filesystem::copy_file(kAssets + "/directory/vocabulary.json", root / "directory/vocabulary.json");
  auto services = nlohmann::ordered_json::parse(ReadAll(kAssets + "/directory/services.json"));
  edit(services);
  std::ofstream(root / "directory/services.json") << services.dump(2);
  return root.string();
}

Result<std::unique_ptr<Vault>> NewVault(const TempDir& tmp, const std::string& shipped) {
  VaultOptions o;
  o.kdf = KdfParams::LowCostForTests();
  o.worker = "Ana";
  o.service = "CAPREV";
  o.shipped_directory = shipped;
  return Vault::Create(tmp.File("t.vault"), platform::SecureBuffer::FromString("pw"), o);
}

size_t ShippedEntryCount() {
  return nlohmann::json::parse(ReadAll(kAssets + "/directory/services.json"))["entries"].size();
}

}  // namespace

TEST_CASE("a new vault lists the shipped R.A.J. entries") {
  TempDir tmp;
  auto v = NewVault(tmp, kAssets);
  REQUIRE(v.ok());
  auto installed = dir::InstalledVersion(**v);
  REQUIRE(installed.ok());
  CHECK(installed->version == 1);
  CHECK(installed->entry_count == static_cast<int64_t>(ShippedEntryCount()));
  dir::Filters everything;
  everything.limit = 0;
  auto all = dir::Search(**v, "", everything);
  REQUIRE(all.ok());
  CHECK(all->hits.size() == ShippedEntryCount());
  auto raj = dir::Get(**v, "raj-reseau");
  REQUIRE(raj.ok());
  CHECK(raj->phone == "02/346.31.51");
  // Opening it again changes nothing: the shipped version is already there.
  auto again = dir::UpdateFromShipped(**v, kAssets);
  REQUIRE(again.ok());
  CHECK(*again == dir::ShippedUpdate::kUpToDate);
}

TEST_CASE("without a shipped folder a vault is made without a directory; a bad shipped file leaves no vault") {
  TempDir tmp;
  {
    auto v = NewVault(tmp, "");
    REQUIRE(v.ok());
    CHECK(dir::InstalledVersion(**v)->version == 0);
  }
  TempDir tmp2;
  std::string bad = AssetsWith(tmp2, "bad", [](nlohmann::ordered_json& s) { s["entries"][0]["phone"] = "not a phone"; });
  auto v = NewVault(tmp2, bad);
  REQUIRE_FALSE(v.ok());
  CHECK(v.status().code() == Code::kInvalidInput);
  CHECK(v.status().message().find("bad_phone") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp2.File("t.vault")));
  CHECK_FALSE(std::filesystem::exists(tmp2.File("t.vault.key")));
}

TEST_CASE("a newer shipped directory replaces the installed one and keeps the worker's annotations") {
  TempDir tmp;
  auto v = NewVault(tmp, kAssets);
  REQUIRE(v.ok());
  Vault& vault = **v;
  auto note = dir::Annotate(vault, "rezone", "Liste d'attente de 3 mois en mai.");
  REQUIRE(note.ok());
  auto gone = dir::Annotate(vault, "raj-reseau", "Demander Fatima.");
  REQUIRE(gone.ok());

  // Version 2: Rézone's description changes and the R.A.J. entry is withdrawn.
  std::string v2 = AssetsWith(tmp, "v2", [](nlohmann::ordered_json& s) {
    s["version"] = 2;
    auto& entries = s["entries"];
    for (auto it = entries.begin(); it != entries.end();) {
      if ((*it)["id"] == "rezone") (*it)["description_fr"] = std::string((*it)["description_fr"]) + " (mis à jour)";
      if ((*it)["id"] == "raj-reseau") it = entries.erase(it);
      else ++it;
    }
  });
  auto update = dir::UpdateFromShipped(vault, v2);
  REQUIRE(update.ok());
  CHECK(*update == dir::ShippedUpdate::kUpdated);
  CHECK(dir::InstalledVersion(vault)->version == 2);
  auto rezone = dir::Get(vault, "rezone");
  REQUIRE(rezone.ok());
  CHECK(rezone->description_fr.find("(mis à jour)") != std::string::npos);
  CHECK(dir::Get(vault, "raj-reseau").status().code() == Code::kNotFound);
  auto notes = dir::Annotations(vault);
  REQUIRE(notes.ok());
  REQUIRE(notes->size() == 2);  // the withdrawn entry's note too
  auto kept = dir::Annotations(vault, "rezone");
  REQUIRE(kept.ok());
  REQUIRE(kept->size() == 1);
  CHECK(kept->front().text == "Liste d'attente de 3 mois en mai.");

  // The app shipping an older version again (version 1) does not downgrade the vault.
  auto older = dir::UpdateFromShipped(vault, kAssets);
  REQUIRE(older.ok());
  CHECK(*older == dir::ShippedUpdate::kUpToDate);
  CHECK(dir::InstalledVersion(vault)->version == 2);
}
