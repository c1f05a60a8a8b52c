// One device's vault for the core's white-box tests: a temporary folder, a fake clock, a vault
// that opens in milliseconds, the dossier its notes go in, and the `check` most tests end with.
#pragma once

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <memory>
#include <string>

#include "passerelle/core/case_files.h"
#include "passerelle/core/vault.h"
#include "passerelle/platform/clock.h"
#include "passerelle/platform/secure_buffer.h"
#include "temp_dir.h"
#include "vault_fixture.h"
#include "vault_internal.h"

namespace passerelle::testing {

struct VaultDevice {
  TempDir dir;
  platform::FakeClock clock{1767261600000};  // 2026-01-01 10:00 UTC
  std::unique_ptr<core::Vault> vault;
  std::string dossier;  // made by Dossier(), on first use

  VaultDevice() { vault = OpenVault(true); }

  // A second handle on the same file (another connection, as another process would have).
  std::unique_ptr<core::Vault> OpenAgain() { return OpenVault(false); }
  // The vault closed and opened again (what a restart of the app does).
  void Reopen() {
    vault.reset();
    vault = OpenVault(false);
  }
  sqlite3* db() { return core::internal::Db(*vault); }
  const std::string& Dossier() {
    if (dossier.empty()) dossier = core::AddPersonWithDossier(*vault, {{"name", "Karim B."}}, {}).value().second;
    return dossier;
  }
  void ExpectConsistent(core::Vault& v) {
    auto problems = v.Check();
    REQUIRE(problems.ok());
    CHECK(problems->empty());
    for (const auto& p : *problems) MESSAGE(p);
  }
  void ExpectConsistent() { ExpectConsistent(*vault); }

 private:
  std::unique_ptr<core::Vault> OpenVault(bool create) {
    const auto pass = platform::SecureBuffer::FromString("pass phrase");
    auto v = create ? core::Vault::Create(dir.File("v.vault"), pass, FastVaultOptions(&clock))
                    : core::Vault::Open(dir.File("v.vault"), pass, FastVaultOptions(&clock));
    REQUIRE(v.ok());
    return std::move(v).value();
  }
};

}  // namespace passerelle::testing
