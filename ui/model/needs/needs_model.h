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
  // The earlier assessment set beside the latest: `earlier_id` when it is one of the earlier ones
  // (the worker's choice), else the one before (nullptr with a single assessment).
  const core::Assessment* Earlier(const std::string& earlier_id) const;
  // The latest beside `earlier` (nullptr: the latest alone), per life domain either rated, in the
  // life domains' order.
  std::vector<NeedsComparisonRow> Compare(const core::Assessment* earlier) const;
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
