// TLS implementation of HubTransport (cpp-httplib SSLClient over OpenSSL). Stub until the client
// is committed: every call reports that the office hub is unavailable.
#include "passerelle/sync/hub_transport.h"

namespace passerelle::sync {

Result<std::unique_ptr<HubTransport>> ConnectTls(const TlsClientConfig&) {
  return Status::Error(Code::kUnsupported, "This build cannot connect to an office hub yet.");
}

Result<std::unique_ptr<HubTransport>> ConnectForEnrolment(const std::string&, int, const std::string&) {
  return Status::Error(Code::kUnsupported, "This build cannot connect to an office hub yet.");
}

}  // namespace passerelle::sync
