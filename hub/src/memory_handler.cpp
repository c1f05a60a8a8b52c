// HubService behind sync::HubHandler: what the TLS server does with an httplib request, done with
// an in-memory one (path split from its query, query decoded, header names lower-cased).
#include <algorithm>

#include "passerelle/hub/server.h"

namespace passerelle::hub {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexDigit(s[i + 1]) >= 0 && HexDigit(s[i + 2]) >= 0) {
      out += static_cast<char>(HexDigit(s[i + 1]) * 16 + HexDigit(s[i + 2]));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

}  // namespace

sync::HubHandler InMemoryHandler(HubService& service, std::string remote_addr) {
  return [&service, remote_addr](const sync::HubRequest& in) {
    HubRequest r;
    r.method = in.method;
    const size_t q = in.path.find('?');
    r.path = in.path.substr(0, q);
    if (q != std::string::npos) {
      std::string_view query(in.path);
      query.remove_prefix(q + 1);
      while (!query.empty()) {
        const size_t amp = std::min(query.find('&'), query.size());
        const std::string_view item = query.substr(0, amp);
        const size_t eq = item.find('=');
        if (eq != std::string_view::npos) r.params.emplace(Unescape(item.substr(0, eq)), Unescape(item.substr(eq + 1)));
        query.remove_prefix(std::min(amp + 1, query.size()));
      }
    }
    for (const auto& [name, value] : in.headers) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      r.headers.emplace(lower, value);
    }
    r.body.assign(in.body.begin(), in.body.end());
    r.caller.remote_addr = remote_addr;
    r.caller.has_certificate = !in.client_cert_fingerprint.empty();
    r.caller.issued_by_this_hub = r.caller.has_certificate;
    r.caller.cert_fingerprint_hex = in.client_cert_fingerprint;
    const HubResponse out = service.Handle(r);
    return sync::HubReply{out.status, out.content_type, std::vector<uint8_t>(out.body.begin(), out.body.end())};
  };
}

}  // namespace passerelle::hub
