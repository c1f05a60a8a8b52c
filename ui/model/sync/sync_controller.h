// The sync feature: this device and the team key, what is ready to share with each colleague's
// device, bundle export and import through the in-app picker, and "what changed" after an import
// (SyncModel). Thread-safety: UI thread only.
#pragma once

#include "app_context.h"
#include "dossier_model.h"
#include "sync_intents.h"
#include "sync_model.h"
#include "visit_controller.h"

namespace passerelle::ui {

class SyncController {
 public:
  SyncController(AppContext& app, VisitController& visit) : app_(app), visit_(visit) {}

  const SyncModel& model() const { return model_; }
  void Apply(const SyncIntent& intent);
  // Reads the sync status again (the screen is shown, or after an exchange).
  void Load();
  // Known colleagues' devices by replica, labelled with their worker (the case file's history).
  ReplicaNames DeviceNames();
  void Wipe() { model_.Wipe(); }

 private:
  void On(const intent::OpenBundleDialog&);
  void On(const intent::SetBundlePath&);
  void On(const intent::BrowseFolder&);
  void On(const intent::SetSyncRecipient&);
  void On(const intent::CreateTeamKey&);
  void On(const intent::ExportBundle&);
  void On(const intent::ImportBundle&);

  AppContext& app_;
  VisitController& visit_;
  SyncModel model_;
};

}  // namespace passerelle::ui
