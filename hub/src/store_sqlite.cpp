// hub::Store over SQLite (stub while the backend is written).
#include "passerelle/hub/store.h"

namespace passerelle::hub {
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string&) {
  return Status::Error(Code::kUnsupported, "The SQLite hub store is not built yet.");
}
}  // namespace passerelle::hub
