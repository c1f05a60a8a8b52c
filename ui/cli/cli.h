// passerelle-cli: the headless, scriptable face of the same core the field app uses.
// This header is private to the CLI: argument parsing, passphrase sourcing, output helpers, and
// the command groups each implemented in their own file.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "passerelle/core/vault.h"
#include "passerelle/platform/status.h"

namespace passerelle::cli {

// Exit codes: distinct per kind of failure so scripts can react (documented in docs/cli.md).
enum Exit : int {
  kExitOk = 0,
  kExitInternal = 1,
  kExitWrongPassphrase = 2,
  kExitInvalidInput = 3,
  kExitNotFound = 4,
  kExitIo = 5,
  kExitCorrupt = 6,
  kExitConflict = 7,
  kExitUnsupported = 8,
  kExitUsage = 64,
};
int ExitCodeFor(const Status& st);

struct Args {
  std::vector<std::string> positional;          // after the command words
  std::map<std::string, std::string> options;   // --name value (name without dashes)
  std::set<std::string> flags;                  // --json, --canonical, ...
  bool Has(const std::string& flag) const { return flags.count(flag) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const {
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  }
};

// Parses argv after the command words. Boolean flags must be listed in kBooleanFlags (cli.cpp).
Result<Args> ParseArgs(const std::vector<std::string>& words);

// Context shared by commands: where the vault is and how to get its passphrase.
struct Context {
  Args args;
  std::string vault_path;
  Result<std::unique_ptr<core::Vault>> OpenVault();
  Result<platform::SecureBuffer> Passphrase(const std::string& prompt);
  // A new passphrase (init, passwd): PASSERELLE_NEW_PASSPHRASE, --new-passphrase-file, or asked twice.
  Result<platform::SecureBuffer> NewPassphrase(const char* env_name, const std::string& file_option);
};

using Command = std::function<Status(Context&)>;
struct CommandSpec {
  std::vector<std::string> words;  // e.g. {"dossier", "add"}
  const char* usage;
  Command run;
  bool needs_vault_path = true;
};

void RegisterVaultCommands(std::vector<CommandSpec>& out);
void RegisterCaseCommands(std::vector<CommandSpec>& out);
void RegisterDirectoryCommands(std::vector<CommandSpec>& out);  // commands_directory.cpp
void RegisterSyncCommands(std::vector<CommandSpec>& out);       // commands_sync.cpp

// Writes a JSON value followed by a newline on stdout.
void PrintJson(const std::string& json_text);

}  // namespace passerelle::cli
