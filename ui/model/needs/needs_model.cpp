#include "needs_model.h"

#include <algorithm>

#include "passerelle/core/model.h"
#include "secret_text.h"

namespace passerelle::ui {

Status NeedsModel::Load(const core::Vault& vault, const std::string& dossier_id, const std::vector<core::PlanItem>& plan) {
  Wipe();
  auto assessments = core::ListAssessments(vault, dossier_id);
  if (!assessments.ok()) return assessments.status();
  assessments_ = std::move(assessments).value();
  comparison_ = Compare(Earlier(""));
  auto relatives = core::ListRelatives(vault, dossier_id);
  if (!relatives.ok()) return relatives.status();
  for (auto& r : *relatives) {
    RelativeEntry e{std::move(r), {}};
    for (const auto& item : plan)
      if (std::find(e.relative.plan_item_ids.begin(), e.relative.plan_item_ids.end(), item.id) !=
          e.relative.plan_item_ids.end())
        e.linked_goals.push_back(item.goal);
    relatives_.push_back(std::move(e));
  }
  stages_ = core::GroupByStage(plan);
  for (const auto& item : plan)
    if (item.domain == "family_social_network") family_items_.emplace_back(item.id, item.goal);
  return Status::Ok();
}

const core::Assessment* NeedsModel::Earlier(const std::string& earlier_id) const {
  for (size_t i = 1; i < assessments_.size(); ++i)
    if (assessments_[i].id == earlier_id) return &assessments_[i];
  return assessments_.size() > 1 ? &assessments_[1] : nullptr;
}

std::vector<NeedsComparisonRow> NeedsModel::Compare(const core::Assessment* earlier) const {
  std::vector<NeedsComparisonRow> rows;
  if (assessments_.empty()) return rows;
  // The same rows as the CLI's `assessment compare`; the screen leaves out domains neither assessed.
  for (auto& row : core::CompareNeeds(assessments_[0], earlier))
    if (!row.first.empty() || !row.second.empty())
      rows.push_back({std::move(row.domain), std::move(row.first), std::move(row.second)});
  return rows;
}

bool NeedsModel::Holds(const std::string& id) const {
  return std::any_of(assessments_.begin(), assessments_.end(), [&](const auto& a) { return a.id == id; }) ||
         std::any_of(relatives_.begin(), relatives_.end(), [&](const auto& r) { return r.relative.id == id; });
}

void NeedsModel::Wipe() {
  for (auto& a : assessments_)
    for (std::string* f : {&a.assessor, &a.instrument, &a.protective_factors, &a.risk_summary, &a.author}) WipeString(*f);
  assessments_.clear();
  comparison_.clear();
  for (auto& r : relatives_) {
    for (std::string* f : {&r.relative.name, &r.relative.contact_by}) WipeString(*f);
    WipeStrings(r.linked_goals);
  }
  relatives_.clear();
  for (auto& g : stages_)
    for (auto& i : g.items) WipeString(i.goal);
  stages_.clear();
  for (auto& [id, goal] : family_items_) WipeString(goal);
  family_items_.clear();
}

}  // namespace passerelle::ui
