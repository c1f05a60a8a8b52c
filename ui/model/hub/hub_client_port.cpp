// The real office hub behind the app's hub feature: sync/hub_client.h over TLS. Only Join and Sync
// reach the network (hub_client.h refuses both before any socket when "never use the network" is
// on); the rest reads or writes the vault.
#include "hub_port.h"

#include "passerelle/sync/hub_client.h"

namespace passerelle::ui {
namespace {

HubEnrolment FromInfo(const sync::HubInfo& info) {
  return {info.enrolled, info.hub_name, info.organisation, info.address, info.last_sync_at};
}

class HubClientPort : public HubPort {
 public:
  Result<HubEnrolment> Enrolment(core::Vault& vault) override {
    auto info = sync::GetHubInfo(vault);
    if (!info.ok()) return info.status();
    return FromInfo(*info);
  }
  Result<bool> NetworkOff(core::Vault& vault) override {
    auto allowed = sync::NetworkAllowed(vault);
    if (!allowed.ok()) return allowed.status();
    return !*allowed;
  }
  Status SetNetworkOff(core::Vault& vault, bool off) override { return sync::SetNetworkAllowed(vault, !off); }
  Result<HubEnrolment> Join(core::Vault& vault, const std::string& address, const std::string& code) override {
    auto info = sync::JoinHub(vault, address, code);
    if (!info.ok()) return info.status();
    return FromInfo(*info);
  }
  // `cancel` (set by Lock) cuts the request in flight and refuses the next: every import already
  // made is whole and durable, the hub is told nothing more, and the next sync finishes the rest.
  Result<HubSyncOutcome> Sync(core::Vault& vault, const std::function<void(const HubProgress&)>& progress,
                              const std::atomic<bool>& cancel) override {
    auto result = sync::SyncWithHub(
        vault,
        [&progress](const sync::HubSyncProgress& p) {
          progress({p.to_send, p.sent, p.to_receive, p.received, p.stage != sync::HubSyncStage::kConnecting});
        },
        &cancel);
    if (!result.ok()) return result.status();
    HubSyncOutcome out{result->sent, result->received, result->changes, result->finished_at, {}, {},
                       result->packets_unreadable, result->packets_refused};
    for (const auto& p : result->packets_sent) out.packets_sent.push_back({p.kind, p.organisation, "", 0});
    for (const auto& p : result->packets_received)
      out.packets_received.push_back({p.kind, p.organisation, p.person, p.visits});
    return out;
  }
};

}  // namespace

std::unique_ptr<HubPort> MakeHubClientPort() { return std::make_unique<HubClientPort>(); }

}  // namespace passerelle::ui
