// The service directory screen's state: search as you type through the directory's
// accent-insensitive FR/NL search (core/directory.h), filters (theme, region, works inside
// prisons), the selected entry with the worker's private annotations, and "refer this person"
// (a referral on a plan item of the open case file). Labels of themes and regions come from the
// directory's own vocabulary in the UI language. The directory itself is reference data published
// by the R.A.J. coordinator, not case data: a new vault gets the shipped one at creation, and the
// controller brings it up to date at unlock (core/directory.h, UpdateFromShipped).
// Thread-safety: UI thread only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "passerelle/core/directory.h"
#include "passerelle/core/vault.h"
#include "submit_once.h"

namespace passerelle::ui {

struct DirectoryFacet {
  std::string id, label;
};

struct DirectoryRow {
  std::string id, name, commune;
  std::vector<std::string> themes;  // vocabulary ids
  std::optional<bool> inside_prison;
  bool verified = false;
};

class DirectoryModel {
 public:
  // Reads the installed vocabulary (installing the bundled directory from `assets_dir` when none
  // is installed) and runs the current search. kNotFound when there is no directory at all.
  Status Load(core::Vault& vault, const std::string& language);
  bool available() const { return installed_; }
  void SetLanguage(const std::string& language) { language_ = language; }

  Status SetQuery(const core::Vault& vault, std::string query);
  Status SetTheme(const core::Vault& vault, std::string theme);
  Status SetRegion(const core::Vault& vault, std::string region);
  Status SetInsidePrison(const core::Vault& vault, bool only);
  Status Select(const core::Vault& vault, const std::string& entry_id);

  const std::string& query() const { return query_; }
  const std::string& theme() const { return theme_; }
  const std::string& region() const { return region_; }
  bool inside_prison_only() const { return inside_prison_only_; }
  const std::vector<DirectoryRow>& results() const { return results_; }
  size_t total() const { return total_; }  // entries in the installed directory
  std::string first_result_id() const { return results_.empty() ? std::string() : results_.front().id; }
  const std::vector<DirectoryFacet>& themes() const { return themes_; }
  const std::vector<DirectoryFacet>& regions() const { return regions_; }
  // Vocabulary label in the UI language ("themes", "regions", "languages", "publics"...); the id
  // itself when unknown.
  std::string Label(const std::string& list, const std::string& id) const;
  // The entry's name in the UI language (the Dutch name when there is one and the UI is Dutch).
  std::string DisplayName(const core::directory::Entry& entry) const;

  const std::optional<core::directory::Entry>& selected() const { return selected_; }
  const std::vector<core::directory::Annotation>& annotations() const { return annotations_; }
  const std::string& annotation_draft() const { return draft_; }
  void SetAnnotationDraft(std::string text) { draft_ = std::move(text); }
  Status SaveAnnotation(core::Vault& vault);
  // Records a referral of the selected entry on `plan_item_id`.
  Result<std::string> Refer(core::Vault& vault, const std::string& plan_item_id);
  // The refer dialog creates one referral per instance (submit_once.h).
  const SubmitOnce& refer_submit() const { return refer_submit_; }
  SubmitOnce& refer_submit() { return refer_submit_; }

  // Entry id -> display name of every installed entry (for referrals shown in a dossier).
  std::map<std::string, std::string> AllNames(const core::Vault& vault) const;

  void Wipe();

 private:
  Status Search(const core::Vault& vault);

  bool installed_ = false;
  std::string language_ = "fr";
  core::directory::Vocabulary vocabulary_;
  std::vector<DirectoryFacet> themes_, regions_;
  std::string query_, theme_, region_;
  bool inside_prison_only_ = false;
  std::vector<DirectoryRow> results_;
  size_t total_ = 0;
  std::optional<core::directory::Entry> selected_;
  std::vector<core::directory::Annotation> annotations_;
  std::string draft_;
  SubmitOnce refer_submit_;
};

}  // namespace passerelle::ui
