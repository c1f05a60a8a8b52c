// The field app's one door to the office hub (sync/hub_client.h): enrolment, the device's hub
// state, the "never use the network" setting and one sync. Every call the hub feature makes to the
// hub client is in hub_client_port.cpp, which converts its values to the plain ones below, so the
// controller and its tests do not depend on the protocol, and tests (and the demo) swap in a port
// that opens no socket. Only Join and Sync may touch the network; they run on the controller's
// worker thread (the only calls that do), with the vault lent to that thread for their duration.
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

namespace passerelle::ui {

// What the vault knows of the office hub it is enrolled with (nothing is asked of the network).
struct HubEnrolment {
  bool enrolled = false;
  std::string hub_name;        // the office's hub, as its administrator named it
  std::string organisation;    // the organisation the device was enrolled in (e.g. "CAPREV")
  std::string address;         // host:port, shown only on the enrolment form
  std::string last_sync_utc;   // "2026-12-04T09:30:00Z", "" = never
};

// Records, never bytes or ids: what a worker can picture ("12 of 40 changes sent").
struct HubProgress {
  uint64_t to_upload = 0, uploaded = 0;
  uint64_t to_download = 0, downloaded = 0;
  bool connected = false;  // the hub answered (before: "Connecting to the office…")
};

// A sealed document for another organisation that left in a sync, or one that arrived (attendance
// facts for a maison de justice): kinds and names only.
struct HubPacketLine {
  std::string kind;          // "attendance", "referral", "exit_report", "co_report"
  std::string organisation;  // sent: to whom; received: who signed it
  std::string person;        // received only
  uint64_t visits = 0;       // received only
};

struct HubSyncOutcome {
  uint64_t uploaded = 0;    // records sent to the office
  uint64_t downloaded = 0;  // colleagues' records received and merged
  std::vector<sync::DossierChange> changes;  // which case files changed, by whom (merged over bundles)
  std::string finished_utc;
  std::vector<HubPacketLine> packets_sent, packets_received;
  uint64_t packets_unreadable = 0;  // refused by the inbox, left at the office
  uint64_t packets_refused = 0;     // this device's sealed documents the office refused for good
};

class HubPort {
 public:
  virtual ~HubPort() = default;
  // The device's enrolment as stored in the vault. No network.
  virtual Result<HubEnrolment> Enrolment(core::Vault& vault) = 0;
  // The "never use the network" device setting (prison visits). No network.
  virtual Result<bool> NetworkOff(core::Vault& vault) = 0;
  virtual Status SetNetworkOff(core::Vault& vault, bool off) = 0;
  // Enrols this device with the hub at `address` (host:port) using the code the administrator
  // printed. Network: worker thread only.
  virtual Result<HubEnrolment> Join(core::Vault& vault, const std::string& address, const std::string& code) = 0;
  // One sync with the enrolled hub; `progress` is called from the worker thread; `cancel` asks it
  // to stop at the next safe point (what is applied is durable, the next sync resumes).
  virtual Result<HubSyncOutcome> Sync(core::Vault& vault, const std::function<void(const HubProgress&)>& progress,
                                      const std::atomic<bool>& cancel) = 0;
};

// The real hub client (sync/hub_client.h over TLS).
std::unique_ptr<HubPort> MakeHubClientPort();

}  // namespace passerelle::ui
