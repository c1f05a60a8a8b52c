// Certificate fingerprints for the hub client (OpenSSL): the pin an enrolment code names is
// checked against the CA certificate the hub hands back.
#pragma once

#include <string>

#include "passerelle/platform/status.h"

namespace passerelle::sync::internal {

// SHA-256 of a PEM certificate's DER, 64 lower-case hex digits; kInvalidInput if not a certificate.
Result<std::string> CertificateFingerprintHex(const std::string& cert_pem);

}  // namespace passerelle::sync::internal
