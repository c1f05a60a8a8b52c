#include "sync_model.h"

#include "secret_text.h"

namespace passerelle::ui {

using sync::ReplicaLabel;

Status SyncModel::Refresh(core::Vault& vault, const std::string& folder) {
  auto status = sync::GetSyncStatus(vault);
  if (!status.ok()) return status.status();
  self_label_ = ReplicaLabel(status->self) + " \xC2\xB7 " + core::ReplicaHex(status->self.replica);  // ·
  has_team_key_ = status->has_team_key;
  team_key_id_ = status->team_key_id;
  peers_.clear();
  for (const auto& p : status->peers)
    peers_.push_back({ReplicaLabel(p.name), core::ReplicaHex(p.name.replica), p.pending, p.withheld, p.last_import_at,
                      p.last_export_at});
  // Everything a device never met would receive: the size of a first-contact bundle.
  auto shareable = sync::CountShareable(vault);
  if (!shareable.ok()) return shareable.status();
  shareable_ = shareable->ops;
  private_ = shareable->withheld;
  if (picker_.folder().empty()) picker_.Open(folder);
  loaded_ = true;
  return Status::Ok();
}

void SyncModel::SuggestExportName(const std::string& worker, const std::string& today) {
  std::string slug;
  for (char c : worker) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) slug += c;
    else if (!slug.empty() && slug.back() != '-') slug += '-';
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  picker_.SetFileName("passerelle-" + (slug.empty() ? std::string() : slug + "-") + today + kBundleExtension);
}

Status SyncModel::CreateTeam(core::Vault& vault) { return sync::InitTeam(vault); }

Result<sync::ExportSummary> SyncModel::Export(core::Vault& vault) {
  if (picker_.path().empty()) return InvalidInput("Choose a file name for the bundle.");
  std::string peer = recipient_.empty() ? std::string("?") : recipient_;
  auto summary = sync::ExportBundleFile(vault, peer, picker_.path());
  if (!summary.ok()) return summary.status();
  last_export_ = *summary;
  picker_.Open(picker_.folder());  // the new file appears in the listing
  return summary;
}

Result<ImportView> SyncModel::Import(core::Vault& vault) {
  if (picker_.path().empty()) return InvalidInput("Choose the bundle to import.");
  auto summary = sync::ImportBundleFile(vault, picker_.path());
  if (!summary.ok()) return summary.status();
  ImportView view{ReplicaLabel(summary->sender), summary->applied, summary->duplicates, summary->buffered, {}};
  for (const auto& c : summary->changes) {
    std::string authors;
    for (const auto& a : c.authors) authors += (authors.empty() ? "" : ", ") + a;
    view.changes.push_back({c.dossier_id, c.person_name, authors, c.records});
  }
  last_import_ = view;
  return view;
}

void SyncModel::Wipe() {
  if (last_import_)
    for (auto& c : last_import_->changes) WipeString(c.person_name);
  last_import_.reset();
  last_export_.reset();
  peers_.clear();
  loaded_ = false;
}

}  // namespace passerelle::ui
