// `passerelle-hub migrate-storage` (stub while it is written).
#include "command_table.h"

namespace passerelle::hub {
void RegisterStorageCommands(std::vector<HubCommand>& commands) {
  commands.push_back({"migrate-storage", "migrate-storage --data DIR --postgres CONNINFO   copy a SQLite hub into an empty PostgreSQL database",
                      [](const HubArgs&) { return Status::Error(Code::kUnsupported, "migrate-storage is not built yet."); },
                      {"data", "postgres"}});
}
}  // namespace passerelle::hub
