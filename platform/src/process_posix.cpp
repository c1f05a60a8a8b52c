#include <sys/resource.h>

#include <cstdlib>
#include <cstring>

#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include "passerelle/platform/process.h"

namespace passerelle::platform {

bool HardenProcess() {
  const char* allow = std::getenv(kAllowCoreDumpForTestsEnv);
  if (allow != nullptr && std::strcmp(allow, "1") == 0) return true;
  bool ok = true;
  // Hard limit too, so nothing later in the process can raise it again.
  struct rlimit none {0, 0};
  if (::setrlimit(RLIMIT_CORE, &none) != 0) ok = false;
#if defined(__linux__)
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) ok = false;
#endif
  return ok;
}

}  // namespace passerelle::platform
