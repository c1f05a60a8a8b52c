// An in-memory HubTransport for tests: every request is handed to a handler function in the same
// process (the hub's own request handlers, or a test double), with the caller's client
// certificate fingerprint standing in for the TLS handshake. No socket is opened.
// Thread-safety: one transport per thread; the handler must be thread-safe if shared.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "passerelle/sync/hub_transport.h"

namespace passerelle::sync {

struct HubRequest {
  std::string method;                   // "GET" or "POST"
  std::string path;                     // "/v1/holdings", "/v1/bundles/<id>"...
  std::string content_type;
  HubHeaders headers;
  std::vector<uint8_t> body;
  std::string client_cert_fingerprint;  // SHA-256 hex of the device certificate ("" = none)
};
// Returns the hub's reply, or a transport error (a test cutting the connection).
using HubHandler = std::function<Result<HubReply>(const HubRequest&)>;

class MemoryHubTransport final : public HubTransport {
 public:
  MemoryHubTransport(HubHandler handler, std::string client_cert_fingerprint)
      : handler_(std::move(handler)), fingerprint_(std::move(client_cert_fingerprint)) {}
  using HubTransport::Post;
  Result<HubReply> Post(std::string_view path, std::string_view content_type, std::span<const uint8_t> body,
                        const HubHeaders& headers) override {
    HubRequest r{"POST", std::string(path), std::string(content_type), headers, {body.begin(), body.end()}, fingerprint_};
    return handler_(r);
  }
  Result<HubReply> Get(std::string_view path) override {
    HubRequest r{"GET", std::string(path), "", {}, {}, fingerprint_};
    return handler_(r);
  }

 private:
  HubHandler handler_;
  std::string fingerprint_;
};

// The value of header `name` (case-insensitive), "" if absent.
std::string HeaderValue(const HubHeaders& headers, std::string_view name);

}  // namespace passerelle::sync
