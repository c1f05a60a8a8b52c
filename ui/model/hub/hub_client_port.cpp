#include "hub_port.h"

namespace passerelle::ui {
namespace {

// Until the hub client (sync/hub_client.h) is merged: every network call says so in one sentence.
class HubClientPort : public HubPort {
 public:
  Result<HubEnrolment> Enrolment(core::Vault&) override { return HubEnrolment{}; }
  Result<bool> NetworkOff(core::Vault&) override { return network_off_; }
  Status SetNetworkOff(core::Vault&, bool off) override {
    network_off_ = off;
    return Status::Ok();
  }
  Result<HubEnrolment> Join(core::Vault&, const std::string&, const std::string&) override {
    return Status::Error(Code::kUnsupported, "This build of the app cannot reach an office hub yet.");
  }
  Result<HubSyncOutcome> Sync(core::Vault&, const std::function<void(const HubProgress&)>&,
                              const std::atomic<bool>&) override {
    return Status::Error(Code::kUnsupported, "This build of the app cannot reach an office hub yet.");
  }

 private:
  bool network_off_ = false;
};

}  // namespace

std::unique_ptr<HubPort> MakeHubClientPort() { return std::make_unique<HubClientPort>(); }

}  // namespace passerelle::ui
