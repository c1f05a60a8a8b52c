// The device side of a hub sync (hub_client.h). First version: signatures only.
#include "passerelle/sync/hub_client.h"

namespace passerelle::sync {

namespace {
Status NotYet() { return Status::Error(Code::kUnsupported, "Syncing with an office hub is not available in this build yet."); }
}  // namespace

Result<HubInfo> GetHubInfo(core::Vault&) { return HubInfo{}; }
Result<HubInfo> JoinHub(core::Vault&, const std::string&, const std::string&) { return NotYet(); }
Result<HubInfo> JoinHubOver(core::Vault&, HubTransport&, const std::string&, const std::string&) { return NotYet(); }
Status LeaveHub(core::Vault&) { return NotYet(); }
Status SetNetworkAllowed(core::Vault&, bool) { return NotYet(); }
Result<bool> NetworkAllowed(core::Vault&) { return true; }
Result<HubSyncResult> SyncWithHub(core::Vault&, const HubProgressFn&) { return NotYet(); }
Result<HubSyncResult> SyncWithHubOver(core::Vault&, HubTransport&, const HubProgressFn&) { return NotYet(); }

}  // namespace passerelle::sync
