// AppController: the directory and sync intents.
#include <filesystem>

#include "app_controller.h"
#include "passerelle/core/sync_store.h"

namespace passerelle::ui {

// ---- directory --------------------------------------------------------------------------------

ServiceNames AppController::DirectoryNames() const {
  if (!vault_) return {};
  return directory_.AllNames(*vault_);
}

ReplicaNames AppController::DeviceNames() {
  ReplicaNames names;
  if (!vault_) return names;
  auto known = core::SyncStore(*vault_).KnownNames();
  if (known.ok())
    for (const auto& n : *known)
      if (!n.worker.empty()) names[n.replica] = ReplicaLabel(n);
  return names;
}

void AppController::LoadDirectory() {
  if (!unlocked()) return;
  Status st = directory_.Load(*vault_, ui_.language, config_.assets_dir);
  if (!st.ok() && st.code() != Code::kNotFound) Report(st, "directory.load_failed");
}

void AppController::On(const intent::SetDirectoryQuery& i) {
  if (unlocked() && directory_.available()) Report(directory_.SetQuery(*vault_, i.query.str()), "directory.load_failed");
}
void AppController::On(const intent::SetDirectoryTheme& i) {
  if (unlocked() && directory_.available()) Report(directory_.SetTheme(*vault_, i.theme), "directory.load_failed");
}
void AppController::On(const intent::SetDirectoryRegion& i) {
  if (unlocked() && directory_.available()) Report(directory_.SetRegion(*vault_, i.region), "directory.load_failed");
}
void AppController::On(const intent::SetDirectoryInsidePrison& i) {
  if (unlocked() && directory_.available()) Report(directory_.SetInsidePrison(*vault_, i.only), "directory.load_failed");
}
void AppController::On(const intent::SelectService& i) {
  if (unlocked() && directory_.available()) Report(directory_.Select(*vault_, i.service_id), "directory.load_failed");
}

void AppController::On(const intent::OpenRefer& i) {
  // Referring needs a person: the case file opened last.
  ui_.refer_open = i.open && unlocked() && dossier_.loaded() && directory_.selected().has_value();
}

void AppController::On(const intent::ReferToPlanItem& i) {
  if (!unlocked()) return;
  auto id = directory_.Refer(*vault_, i.plan_item_id);
  if (!id.ok()) return Report(id.status(), "directory.refer_failed");
  ui_.refer_open = false;
  Inform("directory.referred", dossier_.summary().person.name + " \xE2\x86\x92 " + directory_.DisplayName(*directory_.selected()));
  ReloadDossier();
}

void AppController::On(const intent::EditAnnotation& i) { directory_.SetAnnotationDraft(i.text.str()); }

void AppController::On(const intent::SaveAnnotation&) {
  if (unlocked()) Report(directory_.SaveAnnotation(*vault_), "directory.annotation_failed");
}

// ---- sync -------------------------------------------------------------------------------------

void AppController::LoadSync() {
  if (!unlocked()) return;
  std::string folder = std::filesystem::path(config_.vault_path).parent_path().string();
  Report(sync_.Refresh(*vault_, folder.empty() ? std::string(".") : folder), "sync.load_failed");
}

void AppController::On(const intent::OpenBundleDialog& i) {
  if (!unlocked()) return;
  (i.export_bundle ? ui_.export_open : ui_.import_open) = i.open;
  if (i.open && i.export_bundle) sync_.SuggestExportName(vault_->worker(), Today());
  if (i.open && !i.export_bundle) sync_.mutable_picker().SetFileName("");
  if (i.open) sync_.mutable_picker().Open(sync_.picker().folder());
}

void AppController::On(const intent::SetBundlePath& i) { sync_.mutable_picker().SetFileName(i.path); }

void AppController::On(const intent::BrowseFolder& i) {
  if (i.name == "..") sync_.mutable_picker().Up();
  else sync_.mutable_picker().Enter(i.name);
}

void AppController::On(const intent::SetSyncRecipient& i) { sync_.SetRecipient(i.recipient); }

void AppController::On(const intent::CreateTeamKey&) {
  if (!unlocked()) return;
  Status st = sync_.CreateTeam(*vault_);
  if (!st.ok()) return Report(st, "sync.team_failed");
  Inform("sync.team_created");
  LoadSync();
}

void AppController::On(const intent::ExportBundle&) {
  if (!unlocked()) return;
  FlushNote();  // the bundle carries the note as typed so far
  auto summary = sync_.Export(*vault_);
  if (!summary.ok()) return Report(summary.status(), "sync.export_failed");
  ui_.export_open = false;
  Inform("sync.export_done_banner", sync_.picker().path());
  LoadSync();
}

void AppController::On(const intent::ImportBundle&) {
  if (!unlocked()) return;
  FlushNote();
  auto view = sync_.Import(*vault_);
  if (!view.ok()) return Report(view.status(), "sync.import_failed");
  ui_.import_open = false;
  Inform("sync.import_done_banner", view->sender);
  LoadSync();
}

}  // namespace passerelle::ui
