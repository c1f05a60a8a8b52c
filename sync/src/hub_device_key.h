// The device's key pair and certificate request for enrolment with a hub, and certificate
// fingerprints (OpenSSL). The private key leaves this file only as PEM in guarded memory.
#pragma once

#include <string>

#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"

namespace passerelle::sync::internal {

struct DeviceKey {
  platform::SecureBuffer key_pem;  // PKCS#8 PEM of an EC P-256 private key
  std::string csr_pem;             // PKCS#10, subject CN = `common_name`, signed with the key
};
Result<DeviceKey> MakeDeviceKey(const std::string& common_name);

// SHA-256 of a PEM certificate's DER, 64 lower-case hex digits; kInvalidInput if not a certificate.
Result<std::string> CertificateFingerprintHex(const std::string& cert_pem);

}  // namespace passerelle::sync::internal
