// RecordForm's edit mode (record_form.h): Save writes only the fields that changed, each record
// kind through the core's own write for it, and keeps the previous values for "Undo".
#include <algorithm>

#include "passerelle/core/exit_plan.h"
#include "passerelle/core/needs.h"
#include "passerelle/core/reviews.h"
#include "passerelle/core/team.h"
#include "record_form.h"

namespace passerelle::ui {
namespace {

using core::EntityType;

// The record an edit form changes.
EntityType EditedEntity(FormKind kind) {
  switch (kind) {
    case FormKind::kEditPerson: return EntityType::kPerson;
    case FormKind::kEditDossier: return EntityType::kDossier;
    case FormKind::kEditVisit: return EntityType::kVisit;
    case FormKind::kEditPlanItem: return EntityType::kPlanItem;
    case FormKind::kEditReferral: return EntityType::kReferral;
    case FormKind::kEditConsent: return EntityType::kConsent;
    case FormKind::kEditTeamMember: return EntityType::kTeamMember;
    case FormKind::kEditExitStep: return EntityType::kExitStep;
    case FormKind::kEditCareHandover: return EntityType::kCareHandover;
    case FormKind::kEditAssessment: return EntityType::kAssessment;
    case FormKind::kEditRelative: return EntityType::kRelative;
    default: return EntityType::kReview;
  }
}

}  // namespace

Result<std::string> RecordForm::SubmitEdit(core::Vault& vault) {
  auto failed = [&](const Status& st) -> Result<std::string> {
    error_key_ = "form.save_failed";
    save_detail_ = st.message();
    return st;
  };
  const EntityType entity = EditedEntity(kind_);
  core::FieldValues changes = Values(entity);
  // Values() leaves out what is empty: a field emptied by the worker is cleared ("") — a field of
  // the record's, not one of the form's own (an assessment's level per domain).
  for (const auto& f : fields_)
    if (f.kind != FormFieldKind::kLines && f.kind != FormFieldKind::kPicks && Shows(f) && !changes.count(f.name) &&
        core::Spec(f.entity).Find(f.name) != nullptr)
      changes[f.name] = "";
  previous_.clear();
  for (auto it = changes.begin(); it != changes.end();) {
    const std::string& before = original_[it->first];
    if (it->second == before) {
      it = changes.erase(it);
    } else {
      previous_[it->first] = before;
      ++it;
    }
  }
  std::vector<std::string> participants;
  participants_changed_ = false;
  if (const FormField* lines = Find("participants")) {
    auto split = SplitLines(lines->value);
    participants = std::vector<std::string>(split.begin(), split.end());
    std::sort(split.begin(), split.end());
    split.erase(std::unique(split.begin(), split.end()), split.end());
    participants_changed_ = split != original_participants_;
  }
  // Picks (a plan item's suggestions, a relative's family goals): a set, changed as a whole when
  // the picks differ.
  const FormField* picks = Find(PicksField());
  std::vector<std::string> picked;
  picks_changed_ = false;
  previous_picks_.clear();
  if (picks != nullptr && picks->kind == FormFieldKind::kPicks) {
    picked = SplitLines(picks->value);
    previous_picks_ = SplitLines(original_[picks->name]);
    std::sort(picked.begin(), picked.end());
    std::sort(previous_picks_.begin(), previous_picks_.end());
    picks_changed_ = picked != previous_picks_;
  }
  // A plan item's practice codes (seed 002's numbered list): a second set, changed as a whole when
  // the picks differ, in the same transaction as the item's other fields.
  core::SetValues codes_changed;
  if (const FormField* codes = Find("practice_codes"); codes != nullptr && codes->kind == FormFieldKind::kPicks) {
    auto now = SplitLines(codes->value);
    auto before = SplitLines(original_["practice_codes"]);
    std::sort(now.begin(), now.end());
    std::sort(before.begin(), before.end());
    if (now != before) codes_changed["practice_codes"] = std::vector<std::string>(now.begin(), now.end());
  }
  std::map<std::string, std::string> needs;  // an assessment's levels, when they changed
  const bool needs_changed = NeedsEdited(&needs);
  nothing_changed_ =
      changes.empty() && !participants_changed_ && !picks_changed_ && !needs_changed && codes_changed.empty();
  if (kind_ == FormKind::kEditPlanItem && !codes_changed.empty()) {
    Status st = core::UpdateRecord(vault, record_id_, changes, codes_changed);
    if (!st.ok()) return failed(st);
    changes.clear();
  }
  if (!changes.empty() || needs_changed) {
    // Issue 15's records have their own writes (a step or the care handover is written the first
    // time it changes; a member's role never becomes référent but through the handover; an
    // assessment and a relative through needs.h, as the CLI).
    Status st = kind_ == FormKind::kEditExitStep      ? core::SetExitStep(vault, dossier_id_, exit_step_, changes)
                : kind_ == FormKind::kEditCareHandover ? core::SetCareHandover(vault, dossier_id_, changes)
                : kind_ == FormKind::kEditTeamMember   ? core::UpdateTeamMember(vault, record_id_, changes)
                : kind_ == FormKind::kEditAssessment
                    ? core::UpdateAssessment(vault, record_id_, changes, needs_changed ? &needs : nullptr)
                : kind_ == FormKind::kEditRelative ? core::UpdateRelative(vault, record_id_, changes)
                                                   : core::UpdateRecord(vault, record_id_, changes);
    if (!st.ok()) return failed(st);
  }
  if (picks_changed_) {
    Status st = kind_ == FormKind::kEditRelative ? core::SetRelativePlanItems(vault, record_id_, picked)
                                                 : core::SetPlanItemSuggestions(vault, record_id_, picked);
    if (!st.ok()) return failed(st);
  }
  if (participants_changed_) {
    Status st = core::SetParticipants(vault, record_id_, participants);
    if (!st.ok()) return failed(st);
  }
  return record_id_;
}

}  // namespace passerelle::ui
