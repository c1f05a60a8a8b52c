// The packets' step of a hub sync (hub_packets.h).
#include "hub_packets.h"

#include "passerelle/core/hub_enrolment.h"
#include "passerelle/core/inbox.h"
#include "passerelle/core/packet_outbox.h"
#include "passerelle/core/sync_store.h"
#include "passerelle/platform/clock.h"

namespace passerelle::sync::internal {
namespace {

namespace proto = hubproto;

// The hub's refusal in one sentence, with a code the CLI maps like the bundle steps' (hub_client.cpp).
Status Refusal(const HubReply& r) {
  std::string sentence = proto::DecodeErrorBody(r.body, r.status).error;
  if (r.status == 403 || r.status == 401) return Refused(sentence);
  if (r.status >= 400 && r.status < 500) return InvalidInput(sentence);
  return IoError(sentence);
}

// A 4xx answer about the packet itself (malformed, too large, an id held for another recipient):
// sending the same bytes again would meet it again. 401/403 refuse the device (revoked: the whole
// session stops), 408/429 ask to retry later, 5xx are the hub's own trouble.
bool RefusedForGood(int status) {
  return status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 && status != 429;
}

Status Upload(core::Vault& vault, HubTransport& hub, HubSyncResult& result) {
  PASSERELLE_ASSIGN_OR_RETURN(std::vector<core::OutboxPacket> pending, core::OutboxPackets(vault, true, true));
  for (const auto& p : pending) {
    HubHeaders headers = {{std::string(proto::kPacketIdHeader), p.packet_id},
                          {std::string(proto::kToOrgHeader), p.to_org_fingerprint}};
    PASSERELLE_ASSIGN_OR_RETURN(HubReply reply, hub.Post(proto::kPacketsPath, proto::kSealedType, p.sealed, headers));
    if (RefusedForGood(reply.status)) {
      // This packet, not the device: recorded so that it is reported in this session only and
      // never sent again, and the other packets and the next syncs go on.
      const std::string sentence = proto::DecodeErrorBody(reply.body, reply.status).error;
      PASSERELLE_RETURN_IF_ERROR(core::MarkPacketRefused(vault, p.packet_id, sentence));
      ++result.packets_refused;
      result.packet_refused_reason = sentence;
      continue;
    }
    if (reply.status != 200) return Refusal(reply);
    PASSERELLE_ASSIGN_OR_RETURN(proto::UploadReply stored, proto::DecodeUploadReply(reply.body));
    if (!stored.stored) return IoError("The office hub did not store a sealed document of this device; sync again.");
    PASSERELLE_RETURN_IF_ERROR(core::MarkPacketSent(vault, p.packet_id));
    result.packets_sent.push_back({p.kind, p.to_org_name, "", 0});
  }
  return Status::Ok();
}

// Refusals of the inbox that a later session would meet again: the packet is left at the hub.
bool Unimportable(Code c) {
  return c == Code::kRefused || c == Code::kCorrupt || c == Code::kInvalidInput || c == Code::kUnsupported;
}

Status Acknowledge(HubTransport& hub, std::vector<std::string>& received) {
  if (received.empty()) return Status::Ok();
  const std::string body = proto::EncodePacketsReceivedRequest({received});
  PASSERELLE_ASSIGN_OR_RETURN(HubReply reply,
                              hub.Post(proto::kPacketsReceivedPath, proto::kJsonType, proto::BytesOf(body)));
  if (reply.status != 200) return Refusal(reply);
  received.clear();
  return Status::Ok();
}

Status Download(core::Vault& vault, HubTransport& hub, const std::vector<proto::WaitingPacket>& waiting,
                HubSyncResult& result, size_t& acknowledged) {
  std::vector<std::string> received;
  for (const auto& w : waiting) {
    PASSERELLE_ASSIGN_OR_RETURN(HubReply reply, hub.Get(std::string(proto::kPacketsPath) + "/" + w.packet_id));
    if (reply.status != 200) return Refusal(reply);
    if (core::PacketIdOf(reply.body) != w.packet_id) {
      // The id is the SHA-256 of the sealed bytes: anything else is not the packet listed.
      ++result.packets_unreadable;
      result.packet_unreadable_reason = "The office hub sent other bytes than the sealed document it listed; nothing of it was imported.";
      continue;
    }
    auto imported = core::ImportAttendancePacket(vault, reply.body);
    if (imported.ok()) {
      result.packets_received.push_back({"attendance", imported->issuer_name, imported->person_name, imported->visits.size()});
    } else if (imported.status().code() == Code::kConflict) {
      ++result.packets_already_held;  // imported before a cut, or through `inbox import`
    } else if (Unimportable(imported.status().code())) {
      ++result.packets_unreadable;
      result.packet_unreadable_reason = imported.status().message();
      continue;
    } else {
      return imported.status();
    }
    // Told at once: a packet is rare and a few kilobytes, and a session cut later must not make
    // the next one fetch again what is already here.
    received.push_back(w.packet_id);
    PASSERELLE_RETURN_IF_ERROR(Acknowledge(hub, received));
    ++acknowledged;
  }
  return Status::Ok();
}

}  // namespace

Status ExchangePackets(core::Vault& vault, HubTransport& hub, const std::vector<proto::WaitingPacket>& waiting,
                       HubSyncResult& result) {
  PASSERELLE_RETURN_IF_ERROR(Upload(vault, hub, result));
  result.packets_waiting = waiting.size();
  // Only a maison de justice receives packets today (the inbox refuses them in a service's vault):
  // a service's device leaves them at the hub rather than fetch them to refuse each, every sync.
  PASSERELLE_ASSIGN_OR_RETURN(bool receives, core::ReceivesPackets(vault));
  if (!receives || waiting.empty()) return Status::Ok();
  size_t acknowledged = 0;
  PASSERELLE_RETURN_IF_ERROR(Download(vault, hub, waiting, result, acknowledged));
  result.packets_waiting = waiting.size() - acknowledged;
  return Status::Ok();
}

Result<bool> HasTeamKey(core::Vault& vault) {
  core::SyncStore store(vault);
  PASSERELLE_ASSIGN_OR_RETURN(auto key, store.TeamKey());
  return key.has_value();
}

Result<HubSyncResult> SyncPacketsOnly(core::Vault& vault, HubTransport& hub, const HubProgressFn& progress) {
  HubSyncProgress state;
  if (progress) progress(state);
  PASSERELLE_ASSIGN_OR_RETURN(HubReply reply, hub.Post(proto::kHoldingsPath, proto::kJsonType, proto::BytesOf("{}")));
  if (reply.status != 200) return Refusal(reply);
  PASSERELLE_ASSIGN_OR_RETURN(proto::HoldingsReply holdings, proto::DecodeHoldingsReply(reply.body));
  HubSyncResult result;
  state.stage = HubSyncStage::kReceiving;
  if (progress) progress(state);
  PASSERELLE_RETURN_IF_ERROR(ExchangePackets(vault, hub, holdings.packets, result));
  state.stage = HubSyncStage::kFinishing;
  if (progress) progress(state);
  PASSERELLE_RETURN_IF_ERROR(core::NoteHubSync(vault));
  result.finished_at = platform::FormatUtc(vault.clock().NowMillis());
  state.stage = HubSyncStage::kDone;
  if (progress) progress(state);
  return result;
}

}  // namespace passerelle::sync::internal
