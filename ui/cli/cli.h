// passerelle-cli: the headless, scriptable face of the same core the field app uses.
// This header is private to the CLI: argument parsing, passphrase sourcing, output helpers, and
// the command groups each implemented in their own file.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/case_files.h"
#include "passerelle/core/model.h"
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
  kExitRefused = 9,
  kExitNotAuthentic = 10,  // verify: the file was altered after it was signed, or carries no signature
  kExitNetworkOff = 11,    // hub join / sync now while "never use the network" is on for this device
  kExitHubUnreachable = 12,  // hub join / sync now: the office hub could not be reached (nothing exchanged)
  kExitUsage = 64,
};
int ExitCodeFor(const Status& st);

struct Args {
  std::vector<std::string> positional;          // after the command words
  std::map<std::string, std::string> options;   // --name value (name without dashes), as typed
  std::set<std::string> flags;                  // --json, --canonical, ...
  bool HasOption(const std::string& name) const { return options.count(name) > 0; }
  bool Has(const std::string& flag) const { return flags.count(flag) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const {
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  }
};

struct CommandSpec;

// The vault a command works on: opened for this command alone (closed when the command returns),
// or lent by `batch`, which unlocks once and runs many commands on the same open vault.
class VaultRef {
 public:
  VaultRef() = default;
  explicit VaultRef(std::unique_ptr<core::Vault> owned) : owned_(std::move(owned)), vault_(owned_.get()) {}
  explicit VaultRef(core::Vault* lent) : vault_(lent) {}
  core::Vault* operator->() const { return vault_; }
  core::Vault& operator*() const { return *vault_; }
  explicit operator bool() const { return vault_ != nullptr; }

 private:
  std::unique_ptr<core::Vault> owned_;
  core::Vault* vault_ = nullptr;
};

// Context shared by commands: where the vault is and how to get its passphrase.
struct Context {
  Args args;
  std::string vault_path;
  const CommandSpec* command = nullptr;  // the command being run
  // A command whose failure needs an exit code of its own (verify: not authentic) sets it before
  // returning the failed Status; otherwise ExitCodeFor(status) decides.
  std::optional<int> exit_code;
  core::Vault* batch_vault = nullptr;                      // set by `batch`: OpenVault lends it
  const std::vector<CommandSpec>* all_commands = nullptr;  // every command (batch dispatches to them)
  Result<VaultRef> OpenVault();
  Result<platform::SecureBuffer> Passphrase(const std::string& prompt);
  // A new passphrase (init, passwd): PASSERELLE_NEW_PASSPHRASE, --new-passphrase-file, or asked twice.
  Result<platform::SecureBuffer> NewPassphrase(const char* env_name, const std::string& file_option);
};

using Command = std::function<Status(Context&)>;
inline constexpr size_t kAnyNumber = static_cast<size_t>(-1);

// What a command is and exactly which arguments it accepts: anything else is refused with the
// usage exit code before the vault is opened, so a misspelled option never goes unnoticed.
struct CommandSpec {
  std::vector<std::string> words;  // e.g. {"dossier", "add"}
  const char* usage;
  Command run;
  std::vector<std::string> options = {};  // options taking a value (no dashes), besides the global ones
  std::vector<std::string> flags = {};    // options without a value, e.g. "json"
  size_t max_positional = 0;              // words after the command that are not options
  // When set, --FIELD VALUE is also accepted for every register and text field of this record
  // kind (from the core's EntitySpec, so a new field joins by itself), plus the short names.
  std::optional<core::EntityType> fields = {};
  bool needs_vault_path = true;
  std::string Name() const;  // "note edit"
};

// Options every command accepts.
inline const std::vector<std::string> kGlobalOptions = {"vault", "passphrase-file"};

// Option name -> field name for `type`'s register and text fields: --birth-date for birth_date,
// and the short names (--person for person_id, --text for body...) where the kind has the field.
std::map<std::string, std::string> FieldOptions(core::EntityType type);

// Parses the words after the command words against what `command` accepts. The error message
// is one sentence, e.g. "Unknown option --txt for note edit."; it is a usage error (exit 64).
Result<Args> ParseArgs(const CommandSpec& command, const std::vector<std::string>& words);

// --practice C1,C2 (or repeated): seed 002's practice codes, each by its id or its number in the
// seed's table ("07"), as ids; the core refuses an unknown one.
std::vector<std::string> PracticeCodesOption(const Args& a);

// The --FIELD VALUE options of the command line as record fields (see CommandSpec::fields).
core::FieldValues FieldsFromOptions(const Context& ctx);

// `help COMMAND` and `COMMAND --help`: the usage line, every option it accepts and the allowed
// values of its closed lists (from the core's vocabularies). Opens nothing.
void PrintCommandHelp(const CommandSpec& command, FILE* to);

void RegisterVaultCommands(std::vector<CommandSpec>& out);
void RegisterCaseCommands(std::vector<CommandSpec>& out);
void RegisterDirectoryCommands(std::vector<CommandSpec>& out);  // commands_directory.cpp
void RegisterSyncCommands(std::vector<CommandSpec>& out);       // commands_sync.cpp
void RegisterOrgCommands(std::vector<CommandSpec>& out);        // commands_org.cpp
void RegisterReportCommands(std::vector<CommandSpec>& out);     // commands_report.cpp
void RegisterDisclosureCommands(std::vector<CommandSpec>& out); // commands_disclose.cpp
void RegisterVerifyCommands(std::vector<CommandSpec>& out);     // commands_verify.cpp
void RegisterRecordsCommands(std::vector<CommandSpec>& out);    // commands_records.cpp
void RegisterBatchCommands(std::vector<CommandSpec>& out);      // commands_batch.cpp
void RegisterImportCommands(std::vector<CommandSpec>& out);     // commands_import.cpp
void RegisterHubCommands(std::vector<CommandSpec>& out);        // commands_hub.cpp
void RegisterExitCommands(std::vector<CommandSpec>& out);       // commands_exit.cpp
void RegisterTeamCommands(std::vector<CommandSpec>& out);       // commands_team.cpp
void RegisterNeedsCommands(std::vector<CommandSpec>& out);      // commands_needs.cpp
void RegisterRelativesCommands(std::vector<CommandSpec>& out);  // commands_relatives.cpp

// The command named by the first words of `words` (longest match), or null.
const CommandSpec* FindCommand(const std::vector<CommandSpec>& commands, const std::vector<std::string>& words);

// "1 change", "3 changes": a count with the noun that agrees with it (the CLI speaks English).
std::string Counted(size_t n, const char* one, const char* other);
// "1 change to a private note stays" / "N changes to private notes stay" (an export or a sync).
std::string WithheldWords(size_t n);

// Text tables: columns are aligned by display width (code points; combining marks count 0, East
// Asian wide characters and emoji 2), never by bytes, so "Zoë" and "Zoe" line up.
size_t DisplayWidth(std::string_view text);
std::string PadRight(std::string_view text, size_t width);
// One line per row, each column but the last padded to the widest cell, two spaces between.
void PrintTable(const std::vector<std::vector<std::string>>& rows, const std::string& indent = "");

// Writes a JSON value followed by a newline on stdout. Build the text with JsonText
// (records_json.h), which never throws on stored text that is not valid UTF-8.
void PrintJson(const std::string& json_text);

}  // namespace passerelle::cli
