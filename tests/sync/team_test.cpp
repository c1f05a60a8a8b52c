// Team keys: wrapping under a passphrase, joining, refusing a second team.
#include <doctest/doctest.h>

#include "passerelle/platform/file.h"
#include "sync_fixture.h"

using namespace passerelle;
using namespace passerelle::testing;

TEST_CASE("a team key file opens with its passphrase only, and resists tampering") {
  auto key = sync::NewTeamKey();
  REQUIRE(key.ok());
  auto file = sync::WrapTeamKey(*key, Pass("team words"), core::KdfParams::LowCostForTests());
  REQUIRE(file.ok());
  CHECK(file->size() == sync::kTeamKeyFileBytes);
  auto back = sync::UnwrapTeamKey(*file, Pass("team words"));
  REQUIRE(back.ok());
  CHECK(back->view() == key->view());

  auto wrong = sync::UnwrapTeamKey(*file, Pass("team word"));
  CHECK(wrong.status().code() == Code::kWrongPassphrase);
  for (size_t i : {16u, 40u, 60u, 80u, 119u}) {  // cost, salt, nonce, ciphertext, tag
    auto bad = *file;
    bad[i] ^= 1;
    CHECK_FALSE(sync::UnwrapTeamKey(bad, Pass("team words")).ok());
  }
  auto huge_cost = *file;
  huge_cost[16 + 7] = 0x7f;  // opslimit with the top byte set: refused before any work
  CHECK(sync::UnwrapTeamKey(huge_cost, Pass("team words")).status().code() == Code::kCorrupt);
  CHECK(sync::UnwrapTeamKey(std::vector<uint8_t>(10, 0), Pass("x")).status().message() ==
        "This file is not a Passerelle team key file.");
  CHECK(sync::WrapTeamKey(*key, Pass(""), core::KdfParams::LowCostForTests()).status().code() == Code::kInvalidInput);
}

TEST_CASE("team export then join gives both vaults the same key; another team is refused") {
  TempDir dir;
  auto a = core::Vault::Create(dir.File("a.vault"), Pass("pw"), FastOptions("ana"));
  auto b = core::Vault::Create(dir.File("b.vault"), Pass("pw"), FastOptions("bram"));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(sync::ExportTeamKey(**a, dir.File("team.key"), Pass("t"), core::KdfParams::LowCostForTests()).code() ==
        Code::kNotFound);
  REQUIRE(sync::InitTeam(**a).ok());
  REQUIRE(sync::ExportTeamKey(**a, dir.File("team.key"), Pass("t"), core::KdfParams::LowCostForTests()).ok());
  CHECK(sync::JoinTeam(**b, dir.File("team.key"), Pass("wrong")).code() == Code::kWrongPassphrase);
  REQUIRE(sync::JoinTeam(**b, dir.File("team.key"), Pass("t")).ok());
  REQUIRE(sync::JoinTeam(**b, dir.File("team.key"), Pass("t")).ok());  // same team again: fine
  CHECK(KeyOf(**a).view() == KeyOf(**b).view());

  auto c = core::Vault::Create(dir.File("c.vault"), Pass("pw"), FastOptions("chloe"));
  REQUIRE(c.ok());
  REQUIRE(sync::InitTeam(**c).ok());
  REQUIRE(sync::ExportTeamKey(**c, dir.File("other.key"), Pass("t"), core::KdfParams::LowCostForTests()).ok());
  std::string before(KeyOf(**b).view());
  auto st = sync::JoinTeam(**b, dir.File("other.key"), Pass("t"));
  CHECK(st.code() == Code::kConflict);
  CHECK(KeyOf(**b).view() == before);

  // The key lives inside the encrypted vault: nowhere in its files in clear.
  std::string needle(KeyOf(**a).view());
  a->reset();
  for (const auto& [name, bytes] : Snapshot(dir.path()))
    if (name.rfind("a.vault", 0) == 0) CHECK(bytes.find(needle) == std::string::npos);
}

// The layout is a file format: a team key file sealed outside Passerelle (with libsodium directly:
// the fuzz corpus's valid_low_cost.bin, passphrase "fuzz", key bytes 0..31) must keep opening.
TEST_CASE("a team key file sealed by the documented layout opens to the key it holds") {
  auto file = platform::ReadFile(std::string(PASSERELLE_SOURCE_DIR) + "/tests/fuzz/team_key/valid_low_cost.bin");
  REQUIRE(file.ok());
  auto key = sync::UnwrapTeamKey(*file, Pass("fuzz"));
  REQUIRE(key.ok());
  REQUIRE(key->size() == sync::kTeamKeyBytes);
  for (size_t i = 0; i < key->size(); ++i) CHECK(key->data()[i] == i);
  CHECK(sync::UnwrapTeamKey(*file, Pass("fuzz!")).status().message() ==
        "Wrong team passphrase (or the team key file was altered).");
}
