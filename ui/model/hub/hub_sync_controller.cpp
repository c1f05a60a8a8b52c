#include "hub_sync_controller.h"

#include <utility>

namespace passerelle::ui {
namespace {
// A device id stands for "a device not yet named" (the screen says so), never shown.
std::string Named(const std::string& label) { return IsDeviceId(label) ? std::string() : label; }
}  // namespace

HubSyncController::HubSyncController(AppContext& app, VisitController& visit, SyncController& sync, HubPort* port)
    : app_(app), visit_(visit), sync_(sync), port_(port) {}

HubSyncController::~HubSyncController() { Stop(); }

HubPort& HubSyncController::port() {
  if (port_ == nullptr) {
    own_port_ = MakeHubClientPort();  // makes no connection by itself
    port_ = own_port_.get();
  }
  return *port_;
}

void HubSyncController::Apply(const HubIntent& intent) {
  std::visit([this](const auto& i) { On(i); }, intent);
}

void HubSyncController::Load() {
  if (!app_.unlocked() || running()) return;
  auto enrolment = port().Enrolment(app_.vault());
  if (!enrolment.ok()) return app_.Report(enrolment.status(), "hub.load_failed");
  auto off = port().NetworkOff(app_.vault());
  if (!off.ok()) return app_.Report(off.status(), "hub.load_failed");
  model_.SetEnrolment(*enrolment, *off);
}

void HubSyncController::On(const intent::SetHubAddress& i) {
  if (!running()) model_.SetAddress(i.address);
}

void HubSyncController::On(const intent::SetHubCode& i) {
  if (!running()) model_.SetCode(i.code);
}

void HubSyncController::On(const intent::SetNetworkOff& i) {
  if (!app_.unlocked() || running()) return;
  Status st = port().SetNetworkOff(app_.vault(), i.off);
  if (!st.ok()) return app_.Report(st, "hub.setting_failed");
  model_.SetNetworkOff(i.off);
}

void HubSyncController::On(const intent::DismissHubResult&) {
  if (!running()) model_.ClearResult();
}

void HubSyncController::On(const intent::JoinHub&) {
  if (!app_.unlocked() || running() || !model_.loaded()) return;
  if (model_.network_off()) return model_.Fail({"hub.network_off_reason", ""});
  if (!model_.CanJoin()) return model_.Fail({"hub.error.code_format", ""});
  visit_.FlushNote();  // before the vault is lent to the worker thread
  model_.Start(HubJob::kJoining);
  cancel_ = false;
  shared_ = std::make_shared<Shared>();
  auto shared = shared_;
  core::Vault* vault = &app_.vault();
  HubPort* port = &this->port();
  worker_ = std::thread([shared, vault, port, address = model_.address(), code = model_.NormalisedCode()] {
    auto joined = port->Join(*vault, address, code);
    std::lock_guard lock(shared->mutex);
    shared->joined = std::move(joined);
    shared->done = true;
  });
}

void HubSyncController::On(const intent::SyncWithOffice&) {
  if (!app_.unlocked() || running() || !model_.loaded()) return;
  if (model_.network_off()) return model_.Fail({"hub.network_off_reason", ""});
  if (!model_.enrolled()) return model_.Fail({"hub.error.not_enrolled", ""});
  visit_.FlushNote();  // the office receives the note as typed so far
  model_.Start(HubJob::kSyncing);
  cancel_ = false;
  shared_ = std::make_shared<Shared>();
  auto shared = shared_;
  core::Vault* vault = &app_.vault();
  HubPort* port = &this->port();
  const std::atomic<bool>* cancel = &cancel_;
  worker_ = std::thread([shared, vault, port, cancel] {
    auto synced = port->Sync(
        *vault,
        [&shared](const HubProgress& p) {
          std::lock_guard lock(shared->mutex);
          shared->progress = p;
        },
        *cancel);
    std::lock_guard lock(shared->mutex);
    shared->synced = std::move(synced);
    shared->done = true;
  });
}

void HubSyncController::Poll() {
  if (!running() || !shared_) return;
  {
    std::lock_guard lock(shared_->mutex);
    model_.SetProgress(shared_->progress);
    if (!shared_->done) return;
  }
  Finished();
}

void HubSyncController::Finished() {
  if (worker_.joinable()) worker_.join();  // the vault is the UI thread's again
  auto shared = std::move(shared_);
  const HubJob job = model_.job();
  if (shared->joined) {
    if (!shared->joined->ok()) {
      const Status& st = shared->joined->status();
      return model_.Fail({HubErrorKey(st, job), st.message()});
    }
    model_.Enrolled(**shared->joined);
    app_.Inform("hub.joined_banner", model_.hub_name());
    return;
  }
  if (!shared->synced) return model_.Fail({"hub.error.other", ""});
  if (!shared->synced->ok()) {
    const Status& st = shared->synced->status();
    model_.Fail({HubErrorKey(st, job), st.message()});
    Load();  // what was applied before the error is durable: the last sync time may have moved
    return;
  }
  const HubSyncOutcome& outcome = **shared->synced;
  HubResultView view{outcome.uploaded, outcome.downloaded, {}, outcome.packets_sent, outcome.packets_received,
                     outcome.packets_unreadable, outcome.packets_refused};
  for (const auto& c : outcome.changes) {
    std::vector<std::string> authors;
    for (const auto& a : c.authors) authors.push_back(Named(a));
    view.changes.push_back({c.dossier_id, c.person_name, std::move(authors), c.records});
  }
  model_.Finish(std::move(view));
  app_.Inform("hub.done_banner");
  Load();
  sync_.Load();  // the colleagues' table and pending counts moved too
}

void HubSyncController::Stop() {
  if (!worker_.joinable()) return;
  cancel_ = true;
  worker_.join();
  shared_.reset();
  model_.Abandon();  // nothing to show of it: Wipe follows (lock, exit)
}

void HubSyncController::Wipe() {
  Stop();
  model_.Wipe();
}

}  // namespace passerelle::ui
