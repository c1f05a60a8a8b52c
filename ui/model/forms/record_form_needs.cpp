// The forms of issue 15's records (record_form.h): a needs and risk assessment (one level of need
// per life domain, a choice of the form's own) and a relative (linked to the dossier's plan items
// of the family domain, offered by the forms controller), new or in edit mode. All write through
// the core's own functions (needs.h: AddAssessment, UpdateAssessment, AddRelative, UpdateRelative,
// SetRelativePlanItems), so the app accepts and refuses what the CLI does.
#include <array>
#include <map>

#include "passerelle/core/needs.h"
#include "record_form.h"

namespace passerelle::ui {
namespace {

using core::EntityType;
constexpr std::array<std::string_view, 2> kFileFor = {"justice", "relative"};
const core::Vocabulary kVocFileFor{"file_for", kFileFor};

}  // namespace

const core::Vocabulary& FileFor() { return kVocFileFor; }

void RecordForm::AddNeedsFields(FormKind kind) {
  using K = FormFieldKind;
  if (kind == FormKind::kNewAssessment || kind == FormKind::kEditAssessment) {
    Add(EntityType::kAssessment, "assessed_on", K::kDate, true).value = FormatDateInput(today_);
    Mutable("assessed_on")->label_key = "needs.field.assessed_on";
    Add(EntityType::kAssessment, "assessor", K::kText).label_key = "needs.field.assessor";
    Add(EntityType::kAssessment, "instrument", K::kText).label_key = "needs.field.instrument";
    // One level per life domain, left unsaid when not assessed ("need.<domain>": not a core field).
    for (auto domain : core::LifeDomains().values) {
      FormField& f = Add(EntityType::kAssessment, "", K::kChoice, false, &core::NeedLevels());
      f.name = "need." + std::string(domain);
      f.label_key = "vocab.life_domain." + std::string(domain);
    }
    Add(EntityType::kAssessment, "protective_factors", K::kLongText).label_key = "needs.field.protective_factors";
    Add(EntityType::kAssessment, "risk_summary", K::kLongText).label_key = "needs.field.risk_summary";
    Add(EntityType::kAssessment, "next_assessment", K::kDate).label_key = "needs.field.next_assessment";
    Add(EntityType::kAssessment, "scope", K::kChoice, true, &core::AssessmentScopes()).value = "service";
    Mutable("scope")->label_key = "needs.field.assessment_scope";
    return;
  }
  Add(EntityType::kRelative, "name", K::kText, true).label_key = "needs.field.relative_name";
  Add(EntityType::kRelative, "relation", K::kChoice, true, &core::RelativeRelations()).label_key = "needs.field.relation";
  Add(EntityType::kRelative, "contact_consent", K::kChoice, true, &core::ContactConsents()).value = "not_asked";
  Mutable("contact_consent")->label_key = "needs.field.contact_consent";
  Add(EntityType::kRelative, "contact_by", K::kText).label_key = "needs.field.contact_by";
  Add(EntityType::kRelative, "plan_item_ids", K::kPicks).label_key = "needs.field.family_items";
}

bool RecordForm::NeedsEdited(std::map<std::string, std::string>* needs) {
  if (kind_ != FormKind::kEditAssessment) return false;
  std::map<std::string, std::string> before;
  for (const auto& f : fields_) {
    if (f.name.rfind("need.", 0) != 0) continue;
    if (!f.value.empty()) (*needs)[f.name.substr(5)] = f.value;
    if (!original_[f.name].empty()) before[f.name.substr(5)] = original_[f.name];
  }
  if (*needs == before) return false;
  previous_["needs"] = core::FormatNeeds(before);  // what Undo writes back
  return true;
}

Result<std::string> RecordForm::SubmitNeeds(core::Vault& vault) {
  auto failed = [&](const Status& st) -> Result<std::string> {
    error_key_ = "form.save_failed";
    save_detail_ = st.message();
    return st;
  };
  if (kind_ == FormKind::kNewAssessment) {
    core::FieldValues values = Values(EntityType::kAssessment);
    values["dossier_id"] = dossier_id_;
    std::map<std::string, std::string> needs;
    for (const auto& f : fields_)
      if (f.name.rfind("need.", 0) == 0 && !f.value.empty()) needs[f.name.substr(5)] = f.value;
    auto created = core::AddAssessment(vault, values, needs);
    if (!created.ok()) return failed(created.status());
    return created;
  }
  core::FieldValues values = Values(EntityType::kRelative);
  values["dossier_id"] = dossier_id_;
  auto created = core::AddRelative(vault, values, SplitLines(Find("plan_item_ids")->value));
  if (!created.ok()) return failed(created.status());
  return created;
}

}  // namespace passerelle::ui
