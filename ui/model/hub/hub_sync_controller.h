// The office hub feature: "Sync with the office" on the sync screen. Reads what the vault knows of
// the hub (no network), enrols the device with a typed code, runs one sync on a worker thread and
// shows its progress (polled every frame) and its result in the worker's words. A socket is opened
// only by JoinHub and SyncWithOffice, i.e. only when the worker tapped the button, and never while
// "never use the network" is on.
//
// The vault is used by one thread at a time (core/vault.h), so while a job runs the vault is lent
// to the worker thread: AppController routes no other intent and runs no autosave until Poll()
// has taken the job back, and Stop() (called first by Lock and at exit) asks the job to stop at its
// next safe point and waits for it. Thread-safety: every public function on the UI thread.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "app_context.h"
#include "hub_intents.h"
#include "hub_port.h"
#include "hub_sync_model.h"
#include "sync_controller.h"
#include "visit_controller.h"

namespace passerelle::ui {

class HubSyncController {
 public:
  // `port`: the hub client to use; nullptr = the real one (made on first use).
  HubSyncController(AppContext& app, VisitController& visit, SyncController& sync, HubPort* port);
  ~HubSyncController();
  HubSyncController(const HubSyncController&) = delete;
  HubSyncController& operator=(const HubSyncController&) = delete;

  const HubSyncModel& model() const { return model_; }
  void Apply(const HubIntent& intent);
  // Reads the enrolment and the network setting from the vault (the sync screen is shown).
  void Load();
  // Every frame: copies the job's progress into the view-model and, once it ended, takes the
  // vault back and shows the result (or the error).
  void Poll();
  // A job holds the vault (see above).
  bool running() const { return model_.running(); }
  // Asks the running job to stop and waits for it (Lock, exit). Nothing is shown of it.
  void Stop();
  void Wipe();

 private:
  void On(const intent::SetHubAddress&);
  void On(const intent::SetHubCode&);
  void On(const intent::JoinHub&);
  void On(const intent::SyncWithOffice&);
  void On(const intent::SetNetworkOff&);
  void On(const intent::DismissHubResult&);
  HubPort& port();
  void Finished();

  // What the worker thread writes and the UI thread reads, under `mutex`.
  struct Shared {
    std::mutex mutex;
    HubProgress progress;
    bool done = false;
    std::optional<Result<HubEnrolment>> joined;
    std::optional<Result<HubSyncOutcome>> synced;
  };

  AppContext& app_;
  VisitController& visit_;
  SyncController& sync_;
  HubPort* port_;
  std::unique_ptr<HubPort> own_port_;
  HubSyncModel model_;
  std::shared_ptr<Shared> shared_;
  std::atomic<bool> cancel_{false};
  std::thread worker_;
};

}  // namespace passerelle::ui
