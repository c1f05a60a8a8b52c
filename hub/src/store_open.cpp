// Choosing the store from a command's arguments, and the exit code of a failed Status.
#include <cstdlib>

#include "command_table.h"

namespace passerelle::hub {

int ExitCodeFor(const Status& st) {
  switch (st.code()) {
    case Code::kOk: return kExitOk;
    case Code::kInvalidInput: return kExitInvalidInput;
    case Code::kNotFound: return kExitNotFound;
    case Code::kIoError: return kExitIo;
    case Code::kCorrupt: return kExitCorrupt;
    case Code::kConflict: return kExitConflict;
    case Code::kUnsupported: return kExitUnsupported;
    case Code::kRefused: return kExitRefused;
    case Code::kWrongPassphrase:
    case Code::kInternal: return kExitInternal;
  }
  return kExitInternal;
}

Result<std::unique_ptr<Store>> OpenStoreFromArgs(const HubArgs& args) {
  const bool has_data = args.HasOption("data");
  std::string conninfo = args.Get("postgres");
  if (has_data && args.HasOption("postgres")) {
    return InvalidInput("Give either --data DIR or --postgres CONNINFO, not both.");
  }
  if (has_data) {
    if (args.Get("data").empty()) return InvalidInput("--data needs a folder.");
    return OpenSqliteStore(args.Get("data"));
  }
  if (!args.HasOption("postgres")) {
    if (const char* env = std::getenv("PASSERELLE_HUB_POSTGRES"); env != nullptr && *env != '\0') conninfo = env;
  }
  if (conninfo.empty()) {
    return InvalidInput("Say where the hub keeps its data: --data DIR (SQLite) or --postgres CONNINFO.");
  }
  return OpenPostgresStore(conninfo);
}

}  // namespace passerelle::hub
