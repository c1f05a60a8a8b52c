// passerelle-cli entry point: finds the command, resolves the vault path, runs it, and turns a
// failed Status into one sentence on stderr and a distinct exit code.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cli.h"
#include "passerelle/platform/process.h"

using namespace passerelle;
using namespace passerelle::cli;

namespace {

void PrintUsage(const std::vector<CommandSpec>& commands, FILE* to) {
  std::fputs(
      "passerelle-cli: headless access to a Passerelle vault.\n"
      "Vault: --vault PATH or PASSERELLE_VAULT. Passphrase: PASSERELLE_PASSPHRASE, --passphrase-file FILE,\n"
      "or typed at the prompt. Listings accept --json. These may come before or after the command words.\n"
      "Any other option is refused. Dates: 2026-12-01 or 01/12/2026.\n"
      "passerelle-cli help COMMAND (or COMMAND --help): its options and allowed values.\n\nCommands:\n",
      to);
  for (const auto& c : commands) std::fprintf(to, "  %s\n", c.usage);
}

}  // namespace

int main(int argc, char** argv) {
  platform::HardenProcess();  // first: no core dump or debugger may see a passphrase or key
  std::vector<CommandSpec> commands;
  RegisterVaultCommands(commands);
  RegisterCaseCommands(commands);
  RegisterDirectoryCommands(commands);
  RegisterSyncCommands(commands);
  RegisterOrgCommands(commands);
  RegisterReportCommands(commands);
  RegisterDisclosureCommands(commands);
  RegisterVerifyCommands(commands);
  RegisterRecordsCommands(commands);
  RegisterBatchCommands(commands);
  RegisterImportCommands(commands);
  RegisterHubCommands(commands);
  RegisterExitCommands(commands);
  RegisterTeamCommands(commands);
  RegisterNeedsCommands(commands);
  RegisterRelativesCommands(commands);

  std::vector<std::string> words(argv + 1, argv + argc);
  // Global options may come before the command words too ("--vault X dossier list"): they are set
  // aside here and checked with the command's own arguments, by the same rules (given twice,
  // without a value, --json on a command that prints no JSON: all refused).
  std::vector<std::string> leading;
  while (!words.empty() && words[0].rfind("--", 0) == 0 && words[0] != "--help") {
    std::string name = words[0].substr(2);
    const bool inline_value = name.find('=') != std::string::npos;
    name = name.substr(0, name.find('='));
    const bool takes_value = std::find(kGlobalOptions.begin(), kGlobalOptions.end(), name) != kGlobalOptions.end();
    if (!takes_value && name != "json") {
      std::fprintf(stderr, "Unknown option --%s before the command; run passerelle-cli help for the list.\n",
                   name.c_str());
      return kExitUsage;
    }
    leading.push_back(words[0]);
    words.erase(words.begin());
    if (takes_value && !inline_value) {
      if (words.empty()) {
        std::fprintf(stderr, "The option --%s needs a value.\n", name.c_str());
        return kExitUsage;
      }
      leading.push_back(words[0]);
      words.erase(words.begin());
    }
  }
  if (!leading.empty() && words.empty()) {
    std::fputs("No command given after the options; run passerelle-cli help for the list.\n", stderr);
    return kExitUsage;
  }
  // `help COMMAND WORDS`: that command's usage and allowed values; a group word ("help plan")
  // shows every command of the group. Nothing is opened, no passphrase is asked.
  if (words.size() > 1 && words[0] == "help") {
    std::vector<std::string> asked(words.begin() + 1, words.end());
    bool any = false;
    for (const auto& c : commands) {
      if (c.words.size() < asked.size() || !std::equal(asked.begin(), asked.end(), c.words.begin())) continue;
      if (any) std::fputc('\n', stdout);
      PrintCommandHelp(c, stdout);
      any = true;
    }
    if (!any) {
      std::fprintf(stderr, "Unknown command \"%s\"; run passerelle-cli help for the list.\n", words[1].c_str());
      return kExitUsage;
    }
    return kExitOk;
  }
  if (words.empty() || words[0] == "help" || words[0] == "--help" || words[0] == "-h") {
    // Asked for: the list on stdout. Run with nothing: it is a usage error, so on stderr.
    PrintUsage(commands, words.empty() ? stderr : stdout);
    return words.empty() ? kExitUsage : kExitOk;
  }
  const CommandSpec* chosen = FindCommand(commands, words);
  if (!chosen) {
    std::fprintf(stderr, "Unknown command \"%s\"; run passerelle-cli help for the list.\n", words[0].c_str());
    return kExitUsage;
  }
  // `COMMAND --help` (or -h) anywhere after the command words: its help, whatever else is given.
  for (size_t i = chosen->words.size(); i < words.size(); ++i)
    if (words[i] == "--help" || words[i] == "-h") {
      PrintCommandHelp(*chosen, stdout);
      return kExitOk;
    }
  std::vector<std::string> rest = leading;
  rest.insert(rest.end(), words.begin() + static_cast<long>(chosen->words.size()), words.end());
  // Every argument is checked before anything is opened or written.
  auto args = ParseArgs(*chosen, rest);
  if (!args.ok()) {
    std::fprintf(stderr, "%s\n", args.status().message().c_str());
    return kExitUsage;
  }
  Context ctx{std::move(args).value(), {}, chosen, std::nullopt};
  ctx.all_commands = &commands;
  ctx.vault_path = ctx.args.Get("vault");
  if (ctx.vault_path.empty()) {
    const char* env = std::getenv("PASSERELLE_VAULT");
    if (env) ctx.vault_path = env;
  }
  if (chosen->needs_vault_path && ctx.vault_path.empty()) {
    std::fputs("No vault given: pass --vault PATH or set PASSERELLE_VAULT.\n", stderr);
    return kExitUsage;
  }
  Status st = chosen->run(ctx);
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.message().c_str());
    return ctx.exit_code.value_or(ExitCodeFor(st));
  }
  return kExitOk;
}
