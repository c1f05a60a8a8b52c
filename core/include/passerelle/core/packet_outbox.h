// The packet outbox (issue 16; docs/hub.md, "Sealed disclosure packets"): a sealed packet that
// Disclose() made for a recipient organisation is kept here, inside the encrypted vault, until the
// office hub has durably acknowledged it; the hub sync (sync/src/hub_packets.cpp) uploads what is
// outstanding. Only sealed bytes and routing facts are kept (the recipient's id, name and card
// fingerprint, the document's kind, the log entry it belongs to): nothing that opens a packet.
// Not case data: no op, nothing here syncs (the disclosure log entry does). Thread-safety: as the
// Vault.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/vault.h"

namespace passerelle::core {

struct OutboxPacket {
  std::string packet_id;           // 64 hex: SHA-256 of the sealed bytes (so a re-send is the same id)
  std::string log_entry_id;        // the disclosure_log entry this packet belongs to
  std::string kind;                // "attendance", "referral", ... (DocumentKindId)
  std::string to_org_id;           // the recipient organisation (a verified recipient here)
  std::string to_org_name;
  std::string to_org_fingerprint;  // its card fingerprint, as the hub knows organisations
  std::string queued_at;           // UTC
  std::string sent_at;             // UTC, "" = not yet acknowledged by the hub
  std::string refused;             // the hub's sentence when it refused the packet for good, else ""
  std::vector<uint8_t> sealed;     // empty unless asked for
};

// SHA-256 of the packet's bytes, lower-case hex: the packet's id at the hub.
std::string PacketIdOf(std::span<const uint8_t> sealed);

// Keeps a packet sealed to the verified recipient `to_org_id` (kNotFound when this vault holds no
// such recipient). Called by Disclose inside the transaction of its log entry, so an entry and
// its packet are written together or not at all. Queuing the same bytes twice is a no-op.
Status QueuePacket(Vault& v, const std::string& log_entry_id, std::string_view kind, const std::string& to_org_id,
                   std::span<const uint8_t> sealed);

// Every packet, oldest first; `unsent_only`: those the hub has neither acknowledged nor refused.
Result<std::vector<OutboxPacket>> OutboxPackets(Vault& v, bool unsent_only, bool with_bytes);

// The hub refused the packet for good (a 4xx answer to its upload: malformed, too large, an id it
// holds for another recipient): it is not sent again, so one bad packet is reported once and never
// blocks the next syncs; `sentence` is the hub's, kept for `sync outbox`. Kept in the
// device_setting table (not case data, never synced), so no schema change was needed.
Status MarkPacketRefused(Vault& v, const std::string& packet_id, const std::string& sentence);

// The hub acknowledged the packet after its durable commit (now, by the vault's clock).
Status MarkPacketSent(Vault& v, const std::string& packet_id);

}  // namespace passerelle::core
