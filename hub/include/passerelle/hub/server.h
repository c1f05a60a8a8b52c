// The hub's network side (docs/hub.md, "Protocol", "Threat model"): HubService answers one
// request given what TLS established about the caller (handlers.cpp); HubServer is the TLS 1.3
// listener (cpp-httplib SSLServer over OpenSSL, server.cpp). HubService has no sockets, so tests
// can drive it in memory. The hub never decrypts: it reads only a bundle's clear header.
// Thread-safety: HubService::Handle may run on several server threads at once (the store is
// thread-safe, the CA immutable).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "passerelle/hub/ca.h"
#include "passerelle/hub/store.h"
#include "passerelle/platform/status.h"
#include "passerelle/sync/hub_memory_transport.h"

namespace passerelle::hub {

using NowMs = std::function<int64_t()>;
int64_t WallClockMs();

// What the TLS handshake established about the caller.
struct Caller {
  std::string remote_addr;            // the source address, for enrolment rate limiting
  bool has_certificate = false;
  bool issued_by_this_hub = false;    // chain verified against the hub CA for clientAuth, in date
  std::string cert_fingerprint_hex;   // SHA-256 of the client certificate's DER
};

struct HubRequest {
  std::string method;                             // "GET" or "POST"
  std::string path;                               // without the query
  std::map<std::string, std::string> headers;     // names lower case
  std::map<std::string, std::string> params;      // query parameters, decoded
  std::string body;
  Caller caller;
};

struct HubResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// The sentences a refused device reads (also asserted by tests/hub/security_test.cpp).
inline constexpr const char* kRevokedSentence =
    "This device was revoked by the office; ask the administrator to enrol it again.";
inline constexpr const char* kNoCertificateSentence =
    "This hub serves only enrolled devices; enrol this device with a code from the administrator.";
inline constexpr const char* kForeignCertificateSentence =
    "This device's certificate was not issued by this office hub; enrol it with a code from this hub's administrator.";
inline constexpr const char* kUnknownDeviceSentence =
    "This device is not enrolled at this office hub; ask the administrator for an enrolment code.";

class HubService {
 public:
  HubService(Store& store, CertificateAuthority ca, std::string hub_name, NowMs now_ms = WallClockMs);
  HubResponse Handle(const HubRequest& request);
  const CertificateAuthority& ca() const { return ca_; }
  // Whether `path` may be asked without a client certificate (only POST /v1/enrol).
  static bool IsOpenPath(const std::string& method, const std::string& path);
  // The largest body `path` accepts (bundles, packets, JSON).
  static size_t MaxBodyBytes(const std::string& method, const std::string& path);

 private:
  HubResponse Enrol(const HubRequest& request);
  HubResponse Holdings(const DeviceRecord& device, const HubRequest& request);
  HubResponse PutBundle(const DeviceRecord& device, const HubRequest& request);
  HubResponse GetBundle(const DeviceRecord& device, const std::string& id);
  HubResponse FetchBundles(const DeviceRecord& device, const HubRequest& request);
  HubResponse Applied(const DeviceRecord& device, const HubRequest& request);
  HubResponse PutPacket(const DeviceRecord& device, const HubRequest& request);
  HubResponse GetPacket(const DeviceRecord& device, const std::string& id);
  HubResponse PacketsReceived(const DeviceRecord& device, const HubRequest& request);

  // The device's "last seen" time, written at most once a minute per device: it is shown to the
  // administrator in minutes, and a durable write (an fsync under the store's lock) on every request
  // serialised all devices' requests behind the disk (docs/hub.md, "Devices and revocation").
  Status TouchDevice(const std::string& device_id);

  Store& store_;
  CertificateAuthority ca_;
  std::string hub_name_;
  NowMs now_ms_;
  std::mutex touched_mutex_;
  std::unordered_map<std::string, int64_t> touched_at_;  // device id -> last time written (ms)
};

// The same dispatch without sockets, for sync::MemoryHubTransport in tests (memory_handler.cpp): the
// request's client_cert_fingerprint stands for a certificate this hub issued ("" = none); the
// path may carry a query. `remote_addr` is the source address used for rate limiting.
sync::HubHandler InMemoryHandler(HubService& service, std::string remote_addr = "in-memory");

// Enrolment codes (enrolment.cpp). Only a hash of the secret is stored; a code lasts 15 minutes
// and is used once; wrong codes are limited per source address and overall.
inline constexpr int64_t kEnrolmentLifetimeMs = 15 * 60 * 1000;
inline constexpr int kMaxWrongCodesPerSourcePerMinute = 5;
inline constexpr int kMaxWrongCodesPerHour = 20;

struct IssuedCode {
  std::string code;  // "7K3Q-9XPA-M2DE-4HRT-KQ2V"
  int64_t expires_at_ms = 0;
};
Result<IssuedCode> IssueEnrolmentCode(Store& store, const CertificateAuthority& ca, const std::string& org,
                                      const std::string& worker, int64_t now_ms);
std::string HashEnrolmentSecret(const std::string& canonical_secret);
// Checks the rate limits, then redeems (atomically marking the code used). Refusals are kRefused
// with the sentence the device shows; `rate_limited` tells the handler to answer 429.
Result<Enrolment> RedeemEnrolmentCode(Store& store, const std::string& canonical_secret, const std::string& source,
                                      int64_t now_ms, bool* rate_limited);

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port (tests)
  int timeout_seconds = 30;
};

class HubServer {
 public:
  // Loads the CA from the store, issues the TLS server certificate, binds and starts serving on a
  // thread of its own.
  static Result<std::unique_ptr<HubServer>> Start(Store& store, const ServerOptions& options, NowMs now_ms = WallClockMs);
  ~HubServer();
  int port() const;
  const std::string& ca_fingerprint_hex() const;
  // Stops accepting, finishes the requests in flight, joins the thread (idempotent).
  void Stop();

 private:
  HubServer();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace passerelle::hub
