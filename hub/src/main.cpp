// passerelle-hub entry point: finds the command, checks its arguments against the command's own
// list, runs it, and turns a failed Status into one sentence on stderr and a distinct exit code.
// The commands themselves live in their own files (command_table.h).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "command_table.h"
#include "passerelle/platform/process.h"

using namespace passerelle;
using namespace passerelle::hub;

namespace {

void PrintUsage(const std::vector<HubCommand>& commands, FILE* to) {
  std::fputs(
      "passerelle-hub: the office hub; it stores sealed bundles it cannot open (docs/hub.md).\n"
      "Storage: --data DIR (SQLite, the default) or --postgres CONNINFO (a federation).\n"
      "passerelle-hub help COMMAND: that command's usage.\n\nCommands:\n",
      to);
  for (const auto& c : commands) std::fprintf(to, "  %s\n", c.usage);
}

const HubCommand* Find(const std::vector<HubCommand>& commands, const std::string& name) {
  auto it = std::find_if(commands.begin(), commands.end(), [&](const HubCommand& c) { return c.name == name; });
  return it == commands.end() ? nullptr : &*it;
}

bool Contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Parses the words after the command name; prints one sentence and returns false on a refusal.
bool ParseArgs(const HubCommand& command, const std::vector<std::string>& words, HubArgs& out) {
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.rfind("--", 0) != 0 || w.size() == 2) {
      out.positional.push_back(w);
      continue;
    }
    std::string name = w.substr(2);
    std::string value;
    const size_t eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (Contains(command.flags, name) && !inline_value) {
      if (!out.flags.insert(name).second) {
        std::fprintf(stderr, "Option --%s is given twice.\n", name.c_str());
        return false;
      }
      continue;
    }
    if (!Contains(command.options, name)) {
      std::fprintf(stderr, "Unknown option --%s for %s; run passerelle-hub help %s.\n", name.c_str(),
                   command.name.c_str(), command.name.c_str());
      return false;
    }
    if (!inline_value) {
      if (i + 1 >= words.size()) {
        std::fprintf(stderr, "Option --%s needs a value.\n", name.c_str());
        return false;
      }
      value = words[++i];
    }
    if (!out.options.emplace(name, value).second) {
      std::fprintf(stderr, "Option --%s is given twice.\n", name.c_str());
      return false;
    }
  }
  if (out.positional.size() > command.max_positional) {
    std::fprintf(stderr, "Too many arguments for %s; run passerelle-hub help %s.\n", command.name.c_str(),
                 command.name.c_str());
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  platform::HardenProcess();  // the hub holds its CA key: no core dump, no debugger
  std::vector<HubCommand> commands;
  RegisterStorageCommands(commands);
#ifdef PASSERELLE_HUB_SERVER_COMMANDS
  RegisterServerCommands(commands);
#endif
  std::sort(commands.begin(), commands.end(), [](const HubCommand& a, const HubCommand& b) { return a.name < b.name; });

  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty()) {
    PrintUsage(commands, stderr);
    return kExitUsage;
  }
  if (words[0] == "help" || words[0] == "--help") {
    if (words.size() >= 2) {
      const HubCommand* c = Find(commands, words[1]);
      if (c == nullptr) {
        std::fprintf(stderr, "Unknown command %s; run passerelle-hub help for the list.\n", words[1].c_str());
        return kExitUsage;
      }
      std::printf("%s\n", c->usage);
      return kExitOk;
    }
    PrintUsage(commands, stdout);
    return kExitOk;
  }
  const HubCommand* command = Find(commands, words[0]);
  if (command == nullptr) {
    std::fprintf(stderr, "Unknown command %s; run passerelle-hub help for the list.\n", words[0].c_str());
    return kExitUsage;
  }
  std::vector<std::string> rest(words.begin() + 1, words.end());
  if (std::find(rest.begin(), rest.end(), "--help") != rest.end()) {
    std::printf("%s\n", command->usage);
    return kExitOk;
  }
  HubArgs args;
  if (!ParseArgs(*command, rest, args)) return kExitUsage;
  const Status st = command->run(args);
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.message().c_str());
    return ExitCodeFor(st);
  }
  return kExitOk;
}
