// HubTransport: one request/response exchange with the office hub (docs/hub.md). The sync session
// (hub_client.h) speaks only to this interface, so the field app links a small TLS client and
// tests can swap in an in-memory transport. Sockets exist only inside the TLS implementation,
// and only during a sync the worker started. Thread-safety: one transport per thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"

namespace passerelle::sync {

struct HubReply {
  int status = 0;
  std::string content_type;
  std::vector<uint8_t> body;
};

// Extra request headers (name, value): the upload's X-Passerelle-Bundle-Id / -Ranges, a packet's
// X-Passerelle-Packet-Id / -To-Org (hub_protocol.h).
using HubHeaders = std::vector<std::pair<std::string, std::string>>;

// One request/response to the hub. Implementations: TLS (cpp-httplib SSLClient with the device's
// client certificate from memory and the pinned hub CA), and in-memory (tests).
class HubTransport {
 public:
  virtual ~HubTransport() = default;
  virtual Result<HubReply> Post(std::string_view path, std::string_view content_type,
                                std::span<const uint8_t> body, const HubHeaders& headers) = 0;
  Result<HubReply> Post(std::string_view path, std::string_view content_type, std::span<const uint8_t> body) {
    return Post(path, content_type, body, HubHeaders{});
  }
  virtual Result<HubReply> Get(std::string_view path) = 0;
};

// Transport errors a front end tells apart (one sentence each, code kIoError):
// the hub could not be reached at all (refused, no route, no answer to the connection): the CLI's
// exit 12, the app's "The office hub could not be reached ..." — nothing was exchanged;
bool IsHubUnreachable(const Status& status);
// the session was stopped by its `cancel` flag (the app was locked).
bool IsHubSyncCancelled(const Status& status);
Status HubSyncCancelled();

struct TlsClientConfig {
  std::string host;
  int port = 0;
  std::string pinned_ca_fingerprint_hex;  // SHA-256 of the hub CA certificate (DER), lowercase hex
  std::string ca_cert_pem;                // the only trust anchor
  std::string client_cert_pem;            // the device certificate signed by the hub CA
  platform::SecureBuffer client_key_pem;  // the device key, never written to disk
  int timeout_seconds = 30;
  // Set from another thread (the app's Lock): the request in flight is cut at once and every later
  // one refused with HubSyncCancelled()'s sentence. Null: never cancelled.
  const std::atomic<bool>* cancel = nullptr;
};

// For synced calls: TLS 1.3, the device's client certificate, the pinned hub CA as the only trust
// anchor. A transport error (refused, cut, TLS failure, pin mismatch) is one sentence, kIoError.
Result<std::unique_ptr<HubTransport>> ConnectTls(const TlsClientConfig&);
// Enrolment: no client certificate yet; verifies that the server chain's CA fingerprint (base32 of
// the SHA-256, as in the enrolment code) starts with the pin before anything is sent.
Result<std::unique_ptr<HubTransport>> ConnectForEnrolment(const std::string& host, int port,
                                                          const std::string& pin_prefix);

}  // namespace passerelle::sync
