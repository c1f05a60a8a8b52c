// The sealed disclosure packets' step of a hub sync (hubpackets; docs/hub.md, "Sealed disclosure
// packets"), kept apart from the bundle session loop in hub_client.cpp, which calls it once:
//   1. every packet in the vault's packet outbox (core/packet_outbox.h) not yet acknowledged is
//      uploaded; it is marked sent only after the hub answered {"stored": true}, which the hub
//      sends after its durable commit. A cut before that: the next session sends the same bytes
//      under the same id (SHA-256 of the packet), which the hub stores once.
//   2. every packet the hub lists for this organisation is downloaded, checked against its id,
//      and imported through the inbox path (core/inbox.h, the same validation as `inbox import`);
//      the hub is told "received" only after the import committed, or for a packet already
//      imported (a session cut after the import): it is recognised by its verification code.
//      A packet the inbox refuses writes nothing, is not acknowledged and does not stop the rest.
// Thread-safety: as the Vault.
#pragma once

#include <vector>

#include "passerelle/core/vault.h"
#include "passerelle/sync/hub_client.h"
#include "passerelle/sync/hub_protocol.h"
#include "passerelle/sync/hub_transport.h"

namespace passerelle::sync::internal {

// Steps 1 and 2 above; adds what happened to `result` (packets_sent, packets_received, ...), and
// sets result.packets_waiting to the packets left at the hub for this organisation.
Status ExchangePackets(core::Vault& vault, HubTransport& hub, const std::vector<hubproto::WaitingPacket>& waiting,
                       HubSyncResult& result);

// Whether this vault holds a team key: a vault of no team (a maison de justice's single device)
// has no bundles to exchange, and syncs its packets only (SyncPacketsOnly).
Result<bool> HasTeamKey(core::Vault& vault);
// The whole session for such a vault: holdings, packets, the time of this sync.
Result<HubSyncResult> SyncPacketsOnly(core::Vault& vault, HubTransport& hub, const HubProgressFn& progress);

}  // namespace passerelle::sync::internal
