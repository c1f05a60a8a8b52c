// The device's key pair for the office hub (docs/hub.md, "Enrolment"): made on the device, the
// private key kept only in guarded memory (and, by the caller, encrypted in the vault); the CSR is
// what the device sends at enrolment. Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"

namespace passerelle::sync {

struct DeviceKeyRequest {
  platform::SecureBuffer key_pem;  // PKCS#8 PEM, EC P-256
  std::string csr_pem;             // signed by that key; the hub replaces the subject with the device id
};

Result<DeviceKeyRequest> MakeDeviceKeyAndCsr(std::string_view device_label);

}  // namespace passerelle::sync
