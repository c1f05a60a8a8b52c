// The packet outbox (packet_outbox.h; table packet_outbox).
#include "passerelle/core/packet_outbox.h"

#include <sodium.h>

#include "passerelle/core/organisation.h"
#include "passerelle/platform/clock.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace {
// device_setting names of packets the hub refused for good: this prefix and the packet id.
constexpr const char* kRefusedPrefix = "hub_refused_packet:";
}  // namespace

std::string PacketIdOf(std::span<const uint8_t> sealed) {
  uint8_t digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, sealed.data(), sealed.size());
  std::string hex(sizeof digest * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
  hex.pop_back();
  return hex;
}

Status QueuePacket(Vault& v, const std::string& log_entry_id, std::string_view kind, const std::string& to_org_id,
                   std::span<const uint8_t> sealed) {
  if (sealed.empty()) return InvalidInput("There is no sealed packet to keep.");
  PASSERELLE_ASSIGN_OR_RETURN(OrganisationCard to, FindRecipient(v, to_org_id));
  sql::Stmt q(internal::Db(v),
              "INSERT OR IGNORE INTO packet_outbox(packet_id, log_entry_id, kind, to_org_id, to_org_name, "
              "to_org_fingerprint, queued_at, sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  return q.Bind(1, PacketIdOf(sealed))
      .Bind(2, log_entry_id)
      .Bind(3, std::string(kind))
      .Bind(4, to.id)
      .Bind(5, to.name)
      .Bind(6, to.Fingerprint())
      .Bind(7, platform::FormatUtc(v.clock().NowMillis()))
      .BindBlob(8, sealed)
      .Run();
}

Result<std::vector<OutboxPacket>> OutboxPackets(Vault& v, bool unsent_only, bool with_bytes) {
  sql::Stmt q(internal::Db(v),
              "SELECT packet_id, log_entry_id, kind, to_org_id, to_org_name, to_org_fingerprint, queued_at, "
              "coalesce(sent_at, ''), CASE WHEN ?1 THEN sealed ELSE x'' END, coalesce(r.value, '') "
              "FROM packet_outbox LEFT JOIN device_setting r ON r.name = ?3 || packet_id "
              "WHERE NOT ?2 OR (sent_at IS NULL AND r.value IS NULL) ORDER BY queued_at, packet_outbox.rowid");
  q.Bind(1, static_cast<int64_t>(with_bytes)).Bind(2, static_cast<int64_t>(unsent_only)).Bind(3, kRefusedPrefix);
  std::vector<OutboxPacket> out;
  while (q.Step()) {
    OutboxPacket p;
    p.packet_id = q.Text(0);
    p.log_entry_id = q.Text(1);
    p.kind = q.Text(2);
    p.to_org_id = q.Text(3);
    p.to_org_name = q.Text(4);
    p.to_org_fingerprint = q.Text(5);
    p.queued_at = q.Text(6);
    p.sent_at = q.Text(7);
    auto blob = q.Blob(8);
    p.sealed.assign(blob.begin(), blob.end());
    p.refused = q.Text(9);
    out.push_back(std::move(p));
  }
  PASSERELLE_RETURN_IF_ERROR(q.status());
  return out;
}

Status MarkPacketRefused(Vault& v, const std::string& packet_id, const std::string& sentence) {
  sql::Stmt q(internal::Db(v), "INSERT INTO device_setting(name, value) SELECT ?1 || packet_id, ?2 FROM packet_outbox "
                               "WHERE packet_id = ?3 ON CONFLICT(name) DO NOTHING");
  return q.Bind(1, kRefusedPrefix).Bind(2, sentence.empty() ? std::string("refused") : sentence).Bind(3, packet_id).Run();
}

Status MarkPacketSent(Vault& v, const std::string& packet_id) {
  sql::Stmt q(internal::Db(v), "UPDATE packet_outbox SET sent_at = ? WHERE packet_id = ? AND sent_at IS NULL");
  return q.Bind(1, platform::FormatUtc(v.clock().NowMillis())).Bind(2, packet_id).Run();
}

}  // namespace passerelle::core
