#include "sync_model.h"

#include <cctype>
#include <ctime>

#include "secret_text.h"
#include "text_fold.h"

namespace passerelle::ui {

using sync::ReplicaLabel;

bool IsDeviceId(const std::string& label) {
  if (label.size() != 16) return false;
  for (char c : label)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string LocalTimeOf(const std::string& utc) {
  std::tm tm{};
  if (utc.size() < 19 || strptime(utc.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) return utc;
  std::time_t t = timegm(&tm);
  std::tm local{};
  localtime_r(&t, &local);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%d %H:%M", &local);
  return out;
}

namespace {
// The worker's name for a device, "" when it is only known by its id.
std::string Named(const std::string& label) { return IsDeviceId(label) ? std::string() : label; }
}  // namespace

Status SyncModel::Refresh(core::Vault& vault, const std::string& folder) {
  auto status = sync::GetSyncStatus(vault);
  if (!status.ok()) return status.status();
  self_label_ = Named(ReplicaLabel(status->self));
  has_team_key_ = status->has_team_key;
  team_key_id_ = status->team_key_id;
  peers_.clear();
  for (const auto& p : status->peers)
    peers_.push_back({Named(ReplicaLabel(p.name)), core::ReplicaHex(p.name.replica), p.pending, p.withheld,
                      LocalTimeOf(p.last_import_at), LocalTimeOf(p.last_export_at), false});
  // Colleagues sent a bundle this session who are not peers yet (the vault learns a device from
  // its first bundle): listed with the time of the export, waiting for their first bundle.
  for (const auto& [label, when] : sent_to_) {
    bool known = false;
    for (const auto& p : status->peers)
      known = known || FoldForSearch(p.name.worker) == FoldForSearch(label) || ReplicaLabel(p.name) == label ||
              core::ReplicaHex(p.name.replica) == label;
    if (!known) peers_.push_back({label, "", 0, 0, "", when, true});
  }
  // Everything a device never met would receive: the size of a first-contact bundle (counted
  // with the peers', from one read of the sync index).
  shareable_ = status->shareable.ops;
  private_ = status->shareable.withheld;
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
  if (summary->recipient == 0 && !recipient_.empty()) {  // a device never met: remember the export
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M", &local);
    bool again = false;
    for (auto& [label, at] : sent_to_) {
      if (FoldForSearch(label) != FoldForSearch(recipient_)) continue;
      at = when;
      again = true;
    }
    if (!again) sent_to_.emplace_back(recipient_, when);
  }
  picker_.Open(picker_.folder());  // the new file appears in the listing
  return summary;
}

Result<ImportView> SyncModel::Import(core::Vault& vault) {
  if (picker_.path().empty()) return InvalidInput("Choose the bundle to import.");
  auto summary = sync::ImportBundleFile(vault, picker_.path());
  if (!summary.ok()) return summary.status();
  ImportView view{Named(ReplicaLabel(summary->sender)), summary->applied, summary->duplicates, summary->buffered, {}};
  for (const auto& c : summary->changes) {
    std::vector<std::string> authors;
    for (const auto& a : c.authors) authors.push_back(Named(a));
    view.changes.push_back({c.dossier_id, c.person_name, std::move(authors), c.records});
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
  for (auto& [label, when] : sent_to_) WipeString(label);
  sent_to_.clear();
  loaded_ = false;
}

}  // namespace passerelle::ui
