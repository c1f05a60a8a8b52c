// passerelle-hub's command table, private to hub/: main.cpp parses the words and dispatches; each
// group of commands registers itself from its own file (storage: migrate_storage.cpp; server,
// enrolment and devices: commands.cpp). Exit codes follow passerelle-cli's (docs/hub.md).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "passerelle/hub/store.h"
#include "passerelle/platform/status.h"

namespace passerelle::hub {

enum Exit : int {
  kExitOk = 0,
  kExitInternal = 1,
  kExitInvalidInput = 3,
  kExitNotFound = 4,
  kExitIo = 5,
  kExitCorrupt = 6,
  kExitConflict = 7,
  kExitUnsupported = 8,
  kExitRefused = 9,
  kExitUsage = 64,
};
int ExitCodeFor(const Status& st);

struct HubArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // --name value (name without dashes)
  std::set<std::string> flags;                 // --name without a value
  bool HasOption(const std::string& name) const { return options.count(name) > 0; }
  bool Has(const std::string& flag) const { return flags.count(flag) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const {
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  }
};

// One command: exactly the options it accepts; anything else is refused (exit 64) before it runs.
struct HubCommand {
  std::string name;                       // e.g. "migrate-storage"
  const char* usage;                      // one line for `passerelle-hub help`
  std::function<Status(const HubArgs&)> run;
  std::vector<std::string> options = {};  // options taking a value (no dashes)
  std::vector<std::string> flags = {};    // options without a value
  size_t max_positional = 0;
};

void RegisterStorageCommands(std::vector<HubCommand>& commands);  // migrate_storage.cpp (hubstore)
void RegisterServerCommands(std::vector<HubCommand>& commands);   // commands.cpp (hubnet)

// The store a command works on: `--data DIR` (SQLite, DIR/hub.sqlite) or `--postgres CONNINFO`
// (or PASSERELLE_HUB_POSTGRES when neither is given); giving both is refused. A command that
// accepts these lists "data" and "postgres" in its options.
Result<std::unique_ptr<Store>> OpenStoreFromArgs(const HubArgs& args);

}  // namespace passerelle::hub
