// passerelle-cli entry point: finds the command, resolves the vault path, runs it, and turns a
// failed Status into one sentence on stderr and a distinct exit code.
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
      "or typed at the prompt. Listings accept --json. Any other option is refused.\n\nCommands:\n",
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

  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "help" || words[0] == "--help" || words[0] == "-h") {
    // Asked for: the list on stdout. Run with nothing: it is a usage error, so on stderr.
    PrintUsage(commands, words.empty() ? stderr : stdout);
    return words.empty() ? kExitUsage : kExitOk;
  }
  // Longest match on command words, so "dossier add" wins over a hypothetical "dossier".
  const CommandSpec* chosen = nullptr;
  for (const auto& c : commands) {
    if (c.words.size() > words.size()) continue;
    if (!std::equal(c.words.begin(), c.words.end(), words.begin())) continue;
    if (!chosen || c.words.size() > chosen->words.size()) chosen = &c;
  }
  if (!chosen) {
    std::fprintf(stderr, "Unknown command \"%s\"; run passerelle-cli help for the list.\n", words[0].c_str());
    return kExitUsage;
  }
  std::vector<std::string> rest(words.begin() + static_cast<long>(chosen->words.size()), words.end());
  // Every argument is checked before anything is opened or written.
  auto args = ParseArgs(*chosen, rest);
  if (!args.ok()) {
    std::fprintf(stderr, "%s\n", args.status().message().c_str());
    return kExitUsage;
  }
  Context ctx{std::move(args).value(), {}, chosen};
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
    return ExitCodeFor(st);
  }
  return kExitOk;
}
