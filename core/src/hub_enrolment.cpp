// Storage of the hub enrolment and device settings (hub_enrolment.h; tables in schema v9).
#include "passerelle/core/hub_enrolment.h"

#include <algorithm>

#include "passerelle/platform/clock.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace {

constexpr const char* kNetworkSetting = "never_use_network";

std::string Now(Vault& v) { return platform::FormatUtc(v.clock().NowMillis()); }

}  // namespace

Result<std::optional<HubEnrolment>> LoadHubEnrolment(Vault& vault, bool with_key) {
  sql::Stmt q(internal::Db(vault),
              "SELECT address, hub_name, org, device_id, ca_fingerprint, ca_cert_pem, cert_pem, key_pem, "
              "enrolled_at, last_sync_at FROM hub_enrolment WHERE singleton = 1");
  if (!q.Step()) {
    if (!q.status().ok()) return q.status();
    return std::optional<HubEnrolment>();
  }
  HubEnrolment e;
  e.address = q.Text(0);
  e.hub_name = q.Text(1);
  e.org = q.Text(2);
  e.device_id = q.Text(3);
  e.ca_fingerprint_hex = q.Text(4);
  e.ca_cert_pem = q.Text(5);
  e.cert_pem = q.Text(6);
  if (with_key) {
    auto blob = q.Blob(7);
    platform::SecureBuffer key(blob.size());
    std::copy(blob.begin(), blob.end(), key.data());
    e.key_pem = std::move(key);
  }
  e.enrolled_at = q.Text(8);
  e.last_sync_at = q.OptText(9).value_or("");
  return std::optional<HubEnrolment>(std::move(e));
}

Status SaveHubEnrolment(Vault& vault, const HubEnrolment& e) {
  if (e.address.empty() || e.device_id.empty() || e.cert_pem.empty() || e.ca_cert_pem.empty() ||
      e.key_pem.size() == 0)
    return InvalidInput("The hub enrolment is incomplete; nothing was stored.");
  PASSERELLE_ASSIGN_OR_RETURN(auto existing, LoadHubEnrolment(vault, false));
  if (existing)
    return Conflict("This device has already joined the office hub " + existing->hub_name +
                    "; leave it first with hub leave.");
  sql::Stmt q(internal::Db(vault),
              "INSERT INTO hub_enrolment(singleton, address, hub_name, org, device_id, ca_fingerprint, ca_cert_pem, "
              "cert_pem, key_pem, enrolled_at, last_sync_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)");
  return q.Bind(1, e.address)
      .Bind(2, e.hub_name)
      .Bind(3, e.org)
      .Bind(4, e.device_id)
      .Bind(5, e.ca_fingerprint_hex)
      .Bind(6, e.ca_cert_pem)
      .Bind(7, e.cert_pem)
      .BindBlob(8, e.key_pem.bytes())
      .Bind(9, Now(vault))
      .Run();
}

Status ForgetHubEnrolment(Vault& vault) {
  return sql::Exec(internal::Db(vault), "DELETE FROM hub_enrolment");
}

Status NoteHubSync(Vault& vault) {
  sql::Stmt q(internal::Db(vault), "UPDATE hub_enrolment SET last_sync_at = ? WHERE singleton = 1");
  return q.Bind(1, Now(vault)).Run();
}

Result<bool> NetworkAllowed(Vault& vault) {
  sql::Stmt q(internal::Db(vault), "SELECT value FROM device_setting WHERE name = ?");
  q.Bind(1, kNetworkSetting);
  if (!q.Step()) {
    if (!q.status().ok()) return q.status();
    return true;
  }
  return q.Text(0) != "on";
}

Status SetNetworkAllowed(Vault& vault, bool allowed) {
  sql::Stmt q(internal::Db(vault),
              "INSERT INTO device_setting(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value");
  return q.Bind(1, kNetworkSetting).Bind(2, allowed ? "off" : "on").Run();
}

}  // namespace passerelle::core
