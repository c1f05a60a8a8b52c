// Issue 13, "the CLI and the core agree": one passphrase rule for `passerelle-cli init` and the
// app's first-run screen. Each passphrase of the table goes through both: the CLI creates a vault
// exactly when the app's "Create" is enabled, and refuses with the core's sentence, which is also
// the app's English hint.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "load_i18n.h"
#include "passerelle/core/passphrase_rule.h"
#include "passerelle/platform/file.h"
#include "support/temp_dir.h"
#include "unlock_model.h"

using namespace passerelle;

namespace {

struct CliResult {
  int exit = -1;
  std::string err;
};

CliResult CliInit(const testing::TempDir& dir, const std::string& vault, const std::string& passphrase) {
  const std::string pass_file = dir.File("pass.txt"), err_file = dir.File("err.txt");
  {
    std::ofstream(pass_file) << passphrase << "\n";
  }
  std::string cmd = std::string(PASSERELLE_CLI) + " init --worker 'Ana Peeters' --low-cost-kdf --vault '" + vault +
                    "' --passphrase-file '" + pass_file + "' >/dev/null 2>'" + err_file + "'";
  CliResult r;
  int status = std::system(cmd.c_str());
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_file);
  std::stringstream ss;
  ss << in.rdbuf();
  r.err = ss.str();
  return r;
}

}  // namespace

TEST_CASE("init and the app accept and refuse the same new passphrases, with the same sentence") {
  struct Row {
    const char* passphrase;
    bool accepted;
  };
  const Row table[] = {
      {"court", false},
      {"123456789", false},             // 9
      {"1234567890", true},             // 10
      {"\xC3\xA9t\xC3\xA9 \xC3\xA9t\xC3\xA9", false},  // "été été": 7 code points, 10 bytes
      {"\xC3\xA9t\xC3\xA9 \xC3\xA9t\xC3\xA9 \xC3\xA9t", true},  // "été été ét": 10 code points
      {"correct horse battery", true},
  };
  testing::TempDir dir;
  int n = 0;
  for (const Row& row : table) {
    CAPTURE(row.passphrase);
    // The core's rule.
    CHECK(core::CheckNewPassphrase(row.passphrase).ok() == row.accepted);
    // The app: "Create" enabled only for an accepted passphrase (typed twice, identity given).
    ui::UnlockModel app;
    app.SetMode(ui::UnlockModel::Mode::kCreate);
    app.SetWorker("Ana Peeters");
    app.SetService("CAW");
    auto fields = app.fields();
    std::strcpy(fields.passphrase, row.passphrase);
    std::strcpy(fields.confirmation, row.passphrase);
    CHECK(app.CanCreate() == row.accepted);
    // The CLI: creates the vault, or refuses (exit 1, invalid input) with the core's sentence and
    // writes nothing.
    const std::string vault = dir.File("v" + std::to_string(n++) + ".vault");
    CliResult r = CliInit(dir, vault, row.passphrase);
    CHECK((r.exit == 0) == row.accepted);
    CHECK(platform::FileExists(vault) == row.accepted);
    if (!row.accepted) {
      CHECK(r.exit == 3);  // kExitInvalidInput (ui/cli/cli.h)
      CHECK(r.err.find(core::kPassphraseTooShort) != std::string::npos);
    }
  }
  // The app says it with the same sentence (its English text; French and Dutch translate it).
  ui::I18n i18n = testing::LoadI18n();
  i18n.SetLanguage("en");
  CHECK(std::string(i18n.T("unlock.strength.too_short")) == core::kPassphraseTooShort);
}
