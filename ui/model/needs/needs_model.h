// What the dossier's "Assessment" and "Family" tabs and its plan by stage show (issue 15): the
// assessments the worker may see, newest first, with the latest and the one before side by side
// per life domain; the relatives with the goals of the family plan items they are linked to; the
// plan's open items counted per stage of the hierarchy of needs. Loaded with the dossier
// (DossierModel::Load). Names and assessments are sensitive: Wipe() overwrites them.
// Thread-safety: UI thread only.
#pragma once

#include <string>
#include <vector>

#include "passerelle/core/needs.h"

namespace passerelle::ui {

struct RelativeEntry {
  core::Relative relative;
  std::vector<std::string> linked_goals;  // goals of the linked plan items, in the plan's order
};

// One life domain in the comparison of the latest assessment with the one before.
struct NeedsComparisonRow {
  std::string domain;
  std::string latest, earlier;  // need levels, "" when not assessed
};

class NeedsModel {
 public:
  Status Load(const core::Vault& vault, const std::string& dossier_id, const std::vector<core::PlanItem>& plan);
  const std::vector<core::Assessment>& assessments() const { return assessments_; }  // newest first
  // Every life domain either of the two latest assessments rated; empty with fewer than one.
  const std::vector<NeedsComparisonRow>& comparison() const { return comparison_; }
  const std::vector<RelativeEntry>& relatives() const { return relatives_; }
  // The plan by stage of the hierarchy of needs (basic needs first), with what is open at each.
  const std::vector<core::StageGroup>& stages() const { return stages_; }
  // Plan items of the family domain as (id, goal): what a relative can be linked to.
  const std::vector<std::pair<std::string, std::string>>& family_items() const { return family_items_; }
  bool Holds(const std::string& id) const;
  void Wipe();

 private:
  std::vector<core::Assessment> assessments_;
  std::vector<NeedsComparisonRow> comparison_;
  std::vector<RelativeEntry> relatives_;
  std::vector<core::StageGroup> stages_;
  std::vector<std::pair<std::string, std::string>> family_items_;
};

}  // namespace passerelle::ui
