// hub::Store over PostgreSQL (stub while the backend is written).
#include "passerelle/hub/store.h"

namespace passerelle::hub {
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string&) {
  return Status::Error(Code::kUnsupported, "The PostgreSQL hub store is not built yet.");
}
}  // namespace passerelle::hub
