// The public face of the device key maker (hub_device_key.h in include/), over hubsync's internal one.
#include "hub_device_key.h"
#include "passerelle/sync/hub_device_key.h"

namespace passerelle::sync {

Result<DeviceKeyRequest> MakeDeviceKeyAndCsr(std::string_view device_label) {
  PASSERELLE_ASSIGN_OR_RETURN(internal::DeviceKey key, internal::MakeDeviceKey(std::string(device_label)));
  return DeviceKeyRequest{std::move(key.key_pem), std::move(key.csr_pem)};
}

}  // namespace passerelle::sync
