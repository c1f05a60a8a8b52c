// This device's enrolment with an office hub and its device settings (schema v9, docs/hub.md):
// what sync/hub_client needs to reach the hub again — address, names, the pinned CA, the device
// certificate and its private key. The key is stored inside the encrypted vault (like the team
// key) and handed out only in guarded memory. Nothing here is case data: none of it is an op,
// none of it syncs. Thread-safety: as the Vault.
#pragma once

#include <optional>
#include <string>

#include "passerelle/core/vault.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"

namespace passerelle::core {

struct HubEnrolment {
  std::string address;             // "host:port"
  std::string hub_name;
  std::string org;                 // the hub's name for this device's organisation
  std::string device_id;           // 16 hex, assigned by the hub
  std::string ca_fingerprint_hex;  // SHA-256 of the hub CA certificate (DER), the pin
  std::string ca_cert_pem;
  std::string cert_pem;
  platform::SecureBuffer key_pem;  // empty unless asked for (LoadHubEnrolment with_key)
  std::string enrolled_at;         // UTC
  std::string last_sync_at;        // UTC, "" = never
};

// The enrolment, or nullopt when the device joined no hub. The key only when `with_key`.
Result<std::optional<HubEnrolment>> LoadHubEnrolment(Vault& vault, bool with_key);
// Stores a new enrolment (enrolled_at set here). kConflict if the device already joined a hub;
// kInvalidInput for an empty address, device id, certificate or key.
Status SaveHubEnrolment(Vault& vault, const HubEnrolment& enrolment);
// Forgets the hub (no-op when none).
Status ForgetHubEnrolment(Vault& vault);
// Records the end of a completed sync session (now, by the vault's clock).
Status NoteHubSync(Vault& vault);

// The device setting "never use the network" (default off: the network may be used for a sync
// the worker starts).
Result<bool> NetworkAllowed(Vault& vault);
Status SetNetworkAllowed(Vault& vault, bool allowed);

}  // namespace passerelle::core
