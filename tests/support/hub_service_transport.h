// A HubTransport that hands each request to the real hub's HubService (hub/server.h) in the same
// process: the hub's handlers and store without sockets or TLS. The device is named by the
// fingerprint of its certificate, as the TLS handshake would; "" = no certificate (enrolment).
#pragma once

#include <cctype>
#include <functional>
#include <string>

#include "passerelle/hub/server.h"
#include "passerelle/sync/hub_memory_transport.h"

namespace passerelle::testing {

inline sync::HubHandler HubServiceHandler(hub::HubService& service) {
  return [&service](const sync::HubRequest& r) -> Result<sync::HubReply> {
    hub::HubRequest h;
    h.method = r.method;
    const size_t q = r.path.find('?');
    h.path = r.path.substr(0, q);
    for (const auto& [name, value] : r.headers) {
      std::string lower = name;
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      h.headers[lower] = value;
    }
    h.body.assign(r.body.begin(), r.body.end());
    h.caller.remote_addr = "127.0.0.1";
    h.caller.has_certificate = !r.client_cert_fingerprint.empty();
    h.caller.issued_by_this_hub = h.caller.has_certificate;
    h.caller.cert_fingerprint_hex = r.client_cert_fingerprint;
    hub::HubResponse out = service.Handle(h);
    return sync::HubReply{out.status, out.content_type, std::vector<uint8_t>(out.body.begin(), out.body.end())};
  };
}

}  // namespace passerelle::testing
