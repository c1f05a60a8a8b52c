#include "hub_address.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "passerelle/sync/hub_memory_transport.h"

namespace passerelle::sync {
namespace internal {

constexpr int kDefaultHubPort = 8443;

Result<HubAddress> ParseHubAddress(const std::string& address) {
  const Status bad = InvalidInput("\"" + address.substr(0, 80) +
                                  "\" is not a hub address; give it as host:port, for example hub.office.local:8443.");
  if (address.empty() || address.size() > 255) return bad;
  HubAddress out;
  std::string port;
  if (address.front() == '[') {
    size_t close = address.find(']');
    if (close == std::string::npos) return bad;
    out.host = address.substr(1, close - 1);
    if (close + 1 < address.size()) {
      if (address[close + 1] != ':') return bad;
      port = address.substr(close + 2);
    }
  } else {
    size_t colon = address.rfind(':');
    if (colon != std::string::npos && address.find(':') != colon) return bad;  // bare IPv6 needs brackets
    out.host = address.substr(0, colon);
    if (colon != std::string::npos) port = address.substr(colon + 1);
  }
  if (out.host.empty() || !std::all_of(out.host.begin(), out.host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':';
      }))
    return bad;
  out.port = kDefaultHubPort;
  if (!port.empty()) {
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
    if (ec != std::errc() || p != port.data() + port.size() || out.port < 1 || out.port > 65535) return bad;
  }
  return out;
}

std::string GroupFingerprint(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i < hex.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(hex[i])));
  }
  return out;
}

}  // namespace internal

std::string HeaderValue(const HubHeaders& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
      return v;
  return "";
}

}  // namespace passerelle::sync
