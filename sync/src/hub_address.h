// Small words of the hub client: the hub's address and the CA fingerprint shown to people.
#pragma once

#include <string>

#include "passerelle/platform/status.h"

namespace passerelle::sync::internal {

struct HubAddress {
  std::string host;
  int port = 0;
};
// "host:port", "[v6]:port" or "host" (port 8443). kInvalidInput with one sentence otherwise.
Result<HubAddress> ParseHubAddress(const std::string& address);

// 64 hex digits -> "AB12 CD34 ..." groups of four upper-case digits, for reading aloud.
std::string GroupFingerprint(const std::string& hex);

}  // namespace passerelle::sync::internal
