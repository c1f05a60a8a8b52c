#include "directory_model.h"

#include <algorithm>

#include "secret_text.h"
#include "text_fold.h"

namespace passerelle::ui {

namespace dir = core::directory;

Status DirectoryModel::Load(core::Vault& vault, const std::string& language) {
  language_ = language;
  auto vocab = dir::InstalledVocabulary(vault);
  if (!vocab.ok()) {
    installed_ = false;
    return vocab.status();
  }
  auto installed = dir::InstalledVersion(vault);
  if (!installed.ok()) return installed.status();
  installed_ = true;
  total_ = static_cast<size_t>(installed->entry_count);
  vocabulary_ = std::move(vocab).value();
  auto facets = [&](const std::vector<dir::VocabItem>& items) {
    std::vector<DirectoryFacet> out;
    for (const auto& i : items) out.push_back({i.id, i.labels.In(language_)});
    std::sort(out.begin(), out.end(), [](const DirectoryFacet& a, const DirectoryFacet& b) {
      return FoldForSearch(a.label) < FoldForSearch(b.label);
    });
    return out;
  };
  themes_ = facets(vocabulary_.themes);
  regions_ = facets(vocabulary_.regions);
  return Search(vault);
}

std::string DirectoryModel::Label(const std::string& list, const std::string& id) const {
  const dir::VocabItem* item = vocabulary_.Find(list, id);
  if (item == nullptr) return id;
  const std::string& label = item->labels.In(language_);
  return label.empty() ? id : label;
}

std::string DirectoryModel::DisplayName(const dir::Entry& entry) const {
  return language_ == "nl" && !entry.name_nl.empty() ? entry.name_nl : entry.name;
}

Status DirectoryModel::Search(const core::Vault& vault) {
  dir::Filters filters;
  if (!theme_.empty()) filters.themes.push_back(theme_);
  if (!region_.empty()) filters.regions.push_back(region_);
  filters.inside_prison = inside_prison_only_ ? dir::PrisonFilter::kYes : dir::PrisonFilter::kAny;
  filters.limit = 0;
  auto found = dir::Search(vault, query_, filters);
  if (!found.ok()) return found.status();
  results_.clear();
  for (const auto& h : found->hits)
    results_.push_back({h.id, language_ == "nl" && !h.name_nl.empty() ? h.name_nl : h.name, h.commune, h.themes,
                        h.inside_prison, h.verified});
  return Status::Ok();
}

Status DirectoryModel::SetQuery(const core::Vault& vault, std::string query) {
  WipeString(query_);
  query_ = std::move(query);
  return Search(vault);
}

Status DirectoryModel::SetTheme(const core::Vault& vault, std::string theme) {
  theme_ = std::move(theme);
  return Search(vault);
}

Status DirectoryModel::SetRegion(const core::Vault& vault, std::string region) {
  region_ = std::move(region);
  return Search(vault);
}

Status DirectoryModel::SetInsidePrison(const core::Vault& vault, bool only) {
  inside_prison_only_ = only;
  return Search(vault);
}

Status DirectoryModel::Select(const core::Vault& vault, const std::string& entry_id) {
  auto entry = dir::Get(vault, entry_id);
  if (!entry.ok()) return entry.status();
  auto notes = dir::Annotations(vault, entry_id);
  if (!notes.ok()) return notes.status();
  selected_ = std::move(entry).value();
  for (auto& a : annotations_) WipeString(a.text);
  annotations_ = std::move(notes).value();
  WipeString(draft_);
  return Status::Ok();
}

Status DirectoryModel::SaveAnnotation(core::Vault& vault) {
  if (!selected_ || draft_.empty()) return Status::Ok();
  auto id = dir::Annotate(vault, selected_->id, draft_);
  if (!id.ok()) return id.status();
  std::string entry = selected_->id;
  return Select(vault, entry);
}

Result<std::string> DirectoryModel::Refer(core::Vault& vault, const std::string& plan_item_id) {
  if (!selected_) return InvalidInput("No directory entry is selected.");
  return dir::Refer(vault, plan_item_id, selected_->id);
}

std::map<std::string, std::string> DirectoryModel::AllNames(const core::Vault& vault) const {
  std::map<std::string, std::string> names;
  dir::Filters all;
  all.limit = 0;
  auto found = dir::Search(vault, "", all);
  if (!found.ok()) return names;
  for (const auto& h : found->hits) names[h.id] = language_ == "nl" && !h.name_nl.empty() ? h.name_nl : h.name;
  return names;
}

void DirectoryModel::Wipe() {
  // The directory is reference data, but the query may be a person's name, the annotations are
  // the worker's own notes, and the referral context comes from a case file.
  WipeString(query_);
  WipeString(draft_);
  for (auto& a : annotations_) WipeString(a.text);
  annotations_.clear();
  selected_.reset();
  results_.clear();
  total_ = 0;
  installed_ = false;
}

}  // namespace passerelle::ui
