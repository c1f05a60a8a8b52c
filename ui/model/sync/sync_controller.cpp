#include "sync_controller.h"

#include <filesystem>


namespace passerelle::ui {

void SyncController::Apply(const SyncIntent& intent) {
  std::visit([this](const auto& i) { On(i); }, intent);
}

ReplicaNames SyncController::DeviceNames() {
  ReplicaNames names;
  if (!app_.unlocked()) return names;
  auto known = sync::KnownDevices(app_.vault());
  if (known.ok())
    for (const auto& n : *known)
      if (!n.worker.empty()) names[n.replica] = sync::ReplicaLabel(n);
  return names;
}

void SyncController::Load() {
  if (!app_.unlocked()) return;
  std::string folder = std::filesystem::path(app_.config().vault_path).parent_path().string();
  app_.Report(model_.Refresh(app_.vault(), folder.empty() ? std::string(".") : folder), "sync.load_failed");
}

void SyncController::On(const intent::OpenBundleDialog& i) {
  if (!app_.unlocked()) return;
  (i.export_bundle ? app_.ui().export_open : app_.ui().import_open) = i.open;
  if (i.open && i.export_bundle) model_.SuggestExportName(app_.vault().worker(), app_.Today());
  if (i.open && !i.export_bundle) model_.mutable_picker().SetFileName("");
  if (i.open) model_.mutable_picker().Open(model_.picker().folder());
}

void SyncController::On(const intent::SetBundlePath& i) { model_.mutable_picker().SetFileName(i.path); }

void SyncController::On(const intent::BrowseFolder& i) {
  if (i.name == "..") model_.mutable_picker().Up();
  else model_.mutable_picker().Enter(i.name);
}

void SyncController::On(const intent::SetSyncRecipient& i) { model_.SetRecipient(i.recipient); }

void SyncController::On(const intent::CreateTeamKey&) {
  if (!app_.unlocked()) return;
  Status st = model_.CreateTeam(app_.vault());
  if (!st.ok()) return app_.Report(st, "sync.team_failed");
  app_.Inform("sync.team_created");
  Load();
}

void SyncController::On(const intent::ExportBundle&) {
  if (!app_.unlocked()) return;
  visit_.FlushNote();  // the bundle carries the note as typed so far
  auto summary = model_.Export(app_.vault());
  if (!summary.ok()) return app_.Report(summary.status(), "sync.export_failed");
  app_.ui().export_open = false;
  app_.Inform("sync.export_done_banner", model_.picker().path());
  Load();
}

void SyncController::On(const intent::ImportBundle&) {
  if (!app_.unlocked()) return;
  visit_.FlushNote();
  auto view = model_.Import(app_.vault());
  if (!view.ok()) return app_.Report(view.status(), "sync.import_failed");
  app_.ui().import_open = false;
  app_.Inform("sync.import_done_banner", view->sender);
  Load();
}

}  // namespace passerelle::ui
