// Sync with the office hub (docs/hub.md, "Protocol"), the device side: joining the hub with an
// enrolment code, one sync session (what the hub holds -> upload one sealed bundle with the
// shareable ops it lacks -> download and import, in one durable transaction, the bundles this
// device lacks -> tell the hub which were applied, after that commit -> the same again for what
// arrived meanwhile), the hub's status and the device's "never use the
// network" setting. The front door for the app and the CLI besides engine.h: plain values, no
// hex ids a user must read, progress and results counted in changes and case files.
//
// A session is resumable and exactly-once in effect at any cut: nothing is marked sent, an
// imported bundle's id is recorded in the import's own transaction (a second import is a
// duplicate), and the hub is told "applied" only after that commit.
// Thread-safety: as the Vault passed in (one thread at a time); the progress callback runs on the
// calling thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "passerelle/core/vault.h"
#include "passerelle/platform/status.h"
#include "passerelle/sync/engine.h"

namespace passerelle::sync {

class HubTransport;  // hub_transport.h (hubnet): one request/response to the hub

// What the device knows about the hub it joined (no secret: the device key stays in the core).
struct HubInfo {
  bool enrolled = false;
  std::string address;           // "host:port" as given to Join
  std::string hub_name;          // chosen by the office
  std::string organisation;      // the hub's name for this device's organisation
  std::string device_id;         // assigned by the hub (shown only in technical details)
  std::string fingerprint;       // hub CA fingerprint, grouped for reading aloud
  std::string enrolled_at;       // UTC, FormatUtc
  std::string last_sync_at;      // UTC, "" = never
  bool network_allowed = true;   // false: "never use the network" is on for this device
};

// Where a session is, for a progress bar. Counts are changes (one field of one record edited),
// never bytes or ids.
enum class HubSyncStage { kConnecting, kSending, kReceiving, kFinishing, kDone };
struct HubSyncProgress {
  HubSyncStage stage = HubSyncStage::kConnecting;
  size_t to_send = 0;        // changes going up in this session
  size_t sent = 0;
  size_t to_receive = 0;     // changes coming down (as declared by their senders)
  size_t received = 0;
  size_t bundles_total = 0;  // colleagues' packages to fetch
  size_t bundles_done = 0;
};
using HubProgressFn = std::function<void(const HubSyncProgress&)>;

// A sealed disclosure packet that left or arrived in a session (hubpackets), in plain words: no id.
struct HubPacketNote {
  std::string kind;          // "attendance", "referral", ... (core DocumentKindId)
  std::string organisation;  // sent: the recipient organisation; received: the one that signed it
  std::string person;        // received: the person the attendance facts are about ("" when sent)
  size_t visits = 0;         // received: visits in the attestation
};

// What a session did, in plain words for the app and the CLI.
struct HubSyncResult {
  std::string hub_name;
  size_t sent = 0;                 // changes uploaded (0 when the hub already had everything)
  size_t withheld = 0;             // changes to private notes that stayed on this device
  size_t received = 0;             // new changes merged here
  size_t duplicates = 0;           // changes this device already had
  size_t buffered = 0;             // text edits waiting for earlier edits
  size_t bundles_imported = 0;
  size_t bundles_already_held = 0; // imported before (an earlier cut session): only acknowledged
  size_t bundles_unreadable = 0;   // damaged, foreign or too new: not imported, left for later
  std::string unreadable_reason;   // the last such package's sentence ("" if none)
  size_t packets_waiting = 0;      // sealed disclosure packets for this organisation on the hub
  std::vector<DossierChange> changes;  // which case files changed and by whom, merged over bundles
  std::string finished_at;         // UTC
  // Sealed disclosure packets (hubpackets, sync/src/hub_packets.cpp): uploaded from this vault's
  // packet outbox, and those addressed to this organisation imported through the inbox path.
  std::vector<HubPacketNote> packets_sent;      // acknowledged by the hub in this session
  std::vector<HubPacketNote> packets_received;  // imported in this session
  size_t packets_already_held = 0;              // imported before (a cut session): only acknowledged
  size_t packets_unreadable = 0;                // refused by the inbox: not imported, left at the hub
  std::string packet_unreadable_reason;         // the last such packet's sentence ("" if none)
  // Sealed documents of this device the hub refused for good in this session (a 4xx about the
  // packet): reported once, never sent again, and they stop nothing else (hubbatch).
  size_t packets_refused = 0;
  std::string packet_refused_reason;            // the hub's sentence for the last one ("" if none)
};

// The device's hub state. `enrolled` false when it never joined (or left).
Result<HubInfo> GetHubInfo(core::Vault& vault);

// "hub join ADDRESS CODE": makes the device's EC P-256 key and certificate request, checks the
// hub's certificate against the pin inside CODE before sending the code's secret, enrols, and
// stores the result in the vault. Errors: kInvalidInput (malformed address or code), kRefused
// (network off, code refused), kConflict (already joined a hub: leave first), transport errors.
Result<HubInfo> JoinHub(core::Vault& vault, const std::string& address, const std::string& code);
// Same over a given enrolment transport (tests; the pin check is then the transport's).
Result<HubInfo> JoinHubOver(core::Vault& vault, HubTransport& transport, const std::string& address,
                            const std::string& code);

// "hub leave": forgets the hub (certificate, key, address). The vault's data is untouched.
Status LeaveHub(core::Vault& vault);

// The device setting "never use the network" (for prison visits): when on, every hub call is
// refused before any socket is opened.
Status SetNetworkAllowed(core::Vault& vault, bool allowed);
Result<bool> NetworkAllowed(core::Vault& vault);

// "sync now": one session with the joined hub over TLS. Errors (one sentence): kRefused when the
// network is off for this device or the hub refused the device (revoked), kNotFound when the
// device joined no hub or has no team key, transport errors as the transport's. After an error the
// next session completes what this one started; nothing is lost or applied twice.
// `cancel` (may be null), set from another thread, stops the session promptly and safely: a
// request in flight is cut, nothing more is sent or imported, the error is HubSyncCancelled();
// every import already made is whole and durable and the next session completes the rest.
Result<HubSyncResult> SyncWithHub(core::Vault& vault, const HubProgressFn& progress = {},
                                  const std::atomic<bool>* cancel = nullptr);
// Same over a given transport (tests: the in-memory transport, a cutting wrapper).
Result<HubSyncResult> SyncWithHubOver(core::Vault& vault, HubTransport& transport,
                                      const HubProgressFn& progress = {});

}  // namespace passerelle::sync
