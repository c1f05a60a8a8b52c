// A scripted office hub for the app's hub feature tests (ui/model/hub/hub_port.h): no socket, no
// vault writes. It counts the calls that would touch the network (Join, Sync), can hold a sync
// open until the test releases it (or the app cancels it), and returns what the test set.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "hub_port.h"

namespace passerelle::testing {

class FakeHubPort : public ui::HubPort {
 public:
  // What the next calls answer.
  ui::HubEnrolment enrolment;  // enrolled = false: a device never enrolled
  bool network_off = false;
  std::optional<Status> join_error, sync_error;
  ui::HubSyncOutcome outcome;
  std::vector<ui::HubProgress> steps;  // reported in order by Sync

  // What was asked.
  std::atomic<int> network_calls{0}, syncs{0}, joins{0};
  std::string joined_address, joined_code;
  std::atomic<bool> saw_cancel{false};

  // Hold: Sync waits after its progress steps until Release() or the app's cancel.
  void Hold() { held_ = true; }
  void Release() {
    std::lock_guard lock(mutex_);
    held_ = false;
    cv_.notify_all();
  }
  // Waits (up to 5 s) until a Sync is parked in Hold.
  bool WaitParked() {
    for (int i = 0; i < 500 && !parked_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return parked_;
  }

  Result<ui::HubEnrolment> Enrolment(core::Vault&) override { return enrolment; }
  Result<bool> NetworkOff(core::Vault&) override { return network_off; }
  Status SetNetworkOff(core::Vault&, bool off) override {
    network_off = off;
    return Status::Ok();
  }
  Result<ui::HubEnrolment> Join(core::Vault&, const std::string& address, const std::string& code) override {
    ++network_calls;
    ++joins;
    joined_address = address;
    joined_code = code;
    if (join_error) return *join_error;
    enrolment.enrolled = true;
    enrolment.address = address;
    return enrolment;
  }
  Result<ui::HubSyncOutcome> Sync(core::Vault&, const std::function<void(const ui::HubProgress&)>& progress,
                                  const std::atomic<bool>& cancel) override {
    ++network_calls;
    ++syncs;
    for (const auto& s : steps) progress(s);
    {
      std::unique_lock lock(mutex_);
      parked_ = true;
      while (held_ && !cancel) cv_.wait_for(lock, std::chrono::milliseconds(5));
      parked_ = false;
    }
    if (cancel) {
      saw_cancel = true;
      return Status::Error(Code::kIoError, "The sync was stopped.");
    }
    if (sync_error) return *sync_error;
    enrolment.last_sync_utc = "2026-12-04T09:30:00Z";
    return outcome;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::atomic<bool> held_{false}, parked_{false};
};

}  // namespace passerelle::testing
