#include "record_form.h"

#include <algorithm>
#include <cctype>

#include "dates.h"
#include "passerelle/core/model.h"
#include "passerelle/core/exit_plan.h"
#include "passerelle/core/needs.h"
#include "passerelle/core/plan_suggestions.h"
#include "passerelle/core/reviews.h"
#include "passerelle/core/team.h"
#include "secret_text.h"

namespace passerelle::ui {
namespace {

using core::EntityType;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string ParseDateInput(std::string_view text) {
  // The core's own reading of a typed date (the CLI uses the same), then its calendar rule, so the
  // form accepts exactly what the vault will.
  auto iso = core::LocalDateToIso(text);
  return iso && core::IsValidDate(*iso) ? *iso : std::string();
}

std::string FormatDateInput(std::string_view iso) {
  auto d = ParseIsoDate(iso);
  if (!d) return {};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d->day, d->month, d->year);
  return buf;
}

FormField& RecordForm::Add(EntityType entity, const char* name, FormFieldKind kind, bool required,
                           const core::Vocabulary* vocabulary) {
  FormField f;
  f.entity = entity;
  f.name = name;
  f.kind = kind;
  f.required = required;
  f.vocabulary = vocabulary;
  fields_.push_back(std::move(f));
  return fields_.back();
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(start, end - start));
    if (!line.empty()) out.emplace_back(line);
    start = end + 1;
  }
  return out;
}

namespace {
std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += '\n';
    out += l;
  }
  return out;
}
}  // namespace

void RecordForm::AddFields(FormKind kind) {
  using K = FormFieldKind;
  const std::string& today = today_;
  switch (kind) {
    case FormKind::kNone: return;
    case FormKind::kNewDossier:
      // Issue 15: a relative can be followed as a person of their own, with no detention status.
      Add(EntityType::kPerson, "file_for", K::kChoice, true, &FileFor()).value = "justice";
      Mutable("file_for")->label_key = "needs.field.file_for";
      // Data minimisation: a name (or the alias the person goes by) and what the follow-up needs.
      Add(EntityType::kPerson, "name", K::kText, true);
      Add(EntityType::kPerson, "alias", K::kText);
      Add(EntityType::kPerson, "birth_date", K::kDate);
      Add(EntityType::kPerson, "language", K::kChoice, false, &core::Languages());
      Add(EntityType::kPerson, "establishment", K::kText);
      // Required: the case list sorts and filters by it, and a wrong default would mislead.
      Add(EntityType::kPerson, "status", K::kChoice, true, &core::PersonStatuses());
      Add(EntityType::kDossier, "basis", K::kChoice, true, &core::FollowUpBases()).value = "voluntary";
      Add(EntityType::kDossier, "mandate_conditions", K::kLongText);
      Add(EntityType::kDossier, "opened_on", K::kDate, true).value = FormatDateInput(today);
      Add(EntityType::kDossier, "next_review", K::kDate);
      Add(EntityType::kDossier, "expected_release", K::kDate);
      Add(EntityType::kDossier, "next_hearing", K::kDate);
      break;
    case FormKind::kNewPlanItem:
    case FormKind::kEditPlanItem:
      Add(EntityType::kPlanItem, "domain", K::kChoice, true, &core::LifeDomains());
      Add(EntityType::kPlanItem, "goal", K::kText, true);
      Add(EntityType::kPlanItem, "status", K::kChoice, true, &core::PlanStatuses()).value = "planned";
      Add(EntityType::kPlanItem, "due_date", K::kDate);
      Add(EntityType::kPlanItem, "barriers", K::kLongText);
      Add(EntityType::kPlanItem, "levers", K::kLongText);
      // Issue 15: the stage of the hierarchy of needs (the domain's when left unsaid) and seed
      // 001's barriers and levers as picks, by key (plan_suggestions.h); free text stays above.
      Add(EntityType::kPlanItem, "stage", K::kChoice, false, &core::NeedsStages()).label_key = "needs.field.stage";
      Add(EntityType::kPlanItem, "suggestions", K::kPicks).label_key = "needs.field.suggestions";
      {
        std::vector<std::string> keys, domains;
        for (const auto& s : core::PlanSuggestions()) {
          keys.push_back(s.key);
          domains.push_back(s.domain);
        }
        SetOptions("suggestions", std::move(keys), {}, std::move(domains));
      }
      // Issue 15 part 8: seed 002's practice codes, as on a visit (shown "07 · ..." by the screen).
      Add(EntityType::kPlanItem, "practice_codes", K::kPicks);
      {
        std::vector<std::string> codes;
        for (auto c : core::PracticeCodes().values) codes.emplace_back(c);
        SetOptions("practice_codes", std::move(codes), {}, {});
      }
      break;
    case FormKind::kNewTeamMember:
    case FormKind::kEditTeamMember:
      Add(EntityType::kTeamMember, "role", K::kChoice, true, &core::TeamRoles()).label_key = "exit_plan.field.role";
      Add(EntityType::kTeamMember, "name", K::kText, true).label_key = "exit_plan.field.name";
      Add(EntityType::kTeamMember, "organisation", K::kText).label_key = "exit_plan.field.organisation";
      Add(EntityType::kTeamMember, "contact", K::kText).label_key = "exit_plan.field.contact";
      Add(EntityType::kTeamMember, "responsible_for", K::kLongText).label_key = "exit_plan.field.responsible_for";
      Add(EntityType::kTeamMember, "service_id", K::kService).label_key = "exit_plan.field.service_id";
      Add(EntityType::kTeamMember, "since", K::kDate).label_key = "exit_plan.field.since";
      if (kind == FormKind::kNewTeamMember) Mutable("since")->value = FormatDateInput(today);
      if (kind == FormKind::kEditTeamMember) Add(EntityType::kTeamMember, "until", K::kDate).label_key = "exit_plan.field.until";
      break;
    case FormKind::kHandover:
      Add(EntityType::kTeamMember, "name", K::kText, true).label_key = "exit_plan.field.new_referent";
      Add(EntityType::kTeamMember, "since", K::kDate, true).label_key = "exit_plan.field.handover_on";
      Mutable("since")->value = FormatDateInput(today);
      Add(EntityType::kTeamMember, "contact", K::kText).label_key = "exit_plan.field.contact";
      Add(EntityType::kTeamMember, "organisation", K::kText).label_key = "exit_plan.field.organisation";
      break;
    case FormKind::kEditExitStep:
      Add(EntityType::kExitStep, "status", K::kChoice, true, &core::ExitStepStatuses()).label_key = "exit_plan.field.status";
      Add(EntityType::kExitStep, "days_before", K::kText).label_key = "exit_plan.field.days_before";
      Add(EntityType::kExitStep, "commune", K::kText).label_key = "exit_plan.field.commune";
      Add(EntityType::kExitStep, "housing_route", K::kChoice, false, &core::HousingRoutes()).label_key =
          "exit_plan.field.housing_route";
      Add(EntityType::kExitStep, "service_id", K::kService).label_key = "exit_plan.field.service_id";
      Add(EntityType::kExitStep, "comment", K::kLongText).label_key = "exit_plan.field.comment";
      break;
    case FormKind::kEditCareHandover:
      Add(EntityType::kCareHandover, "treatment_continues", K::kChoice, false, &core::CareAnswers()).label_key =
          "exit_plan.field.treatment_continues";
      Add(EntityType::kCareHandover, "treatment", K::kLongText).label_key = "exit_plan.field.treatment";
      Add(EntityType::kCareHandover, "prescriber", K::kText).label_key = "exit_plan.field.prescriber";
      Add(EntityType::kCareHandover, "first_appointment", K::kDate).label_key = "exit_plan.field.first_appointment";
      Add(EntityType::kCareHandover, "service_id", K::kService).label_key = "exit_plan.field.service_id";
      Add(EntityType::kCareHandover, "sharing_agreed", K::kChoice, false, &core::CareSharing()).label_key =
          "exit_plan.field.sharing_agreed";
      break;
    case FormKind::kNewConsent:
      Add(EntityType::kConsent, "partner", K::kText, true);
      Add(EntityType::kConsent, "scope", K::kChoice, true, &core::ConsentScopes());
      Add(EntityType::kConsent, "given_on", K::kDate, true).value = FormatDateInput(today);
      Add(EntityType::kConsent, "expires_on", K::kDate);
      break;
    case FormKind::kEditPerson:
      Add(EntityType::kPerson, "name", K::kText, true);
      Add(EntityType::kPerson, "alias", K::kText);
      Add(EntityType::kPerson, "birth_date", K::kDate);
      Add(EntityType::kPerson, "language", K::kChoice, false, &core::Languages());
      Add(EntityType::kPerson, "establishment", K::kText);
      Add(EntityType::kPerson, "status", K::kChoice, true, &core::PersonStatuses());
      break;
    case FormKind::kEditDossier:
      Add(EntityType::kDossier, "referent", K::kText).label_key = "records.field.referent";
      Add(EntityType::kDossier, "basis", K::kChoice, true, &core::FollowUpBases());
      Add(EntityType::kDossier, "mandate_conditions", K::kLongText);
      Add(EntityType::kDossier, "opened_on", K::kDate, true);
      Add(EntityType::kDossier, "next_review", K::kDate);
      Add(EntityType::kDossier, "expected_release", K::kDate);
      Add(EntityType::kDossier, "next_hearing", K::kDate);
      break;
    case FormKind::kEditVisit:
      Add(EntityType::kVisit, "date", K::kDate, true).label_key = "records.field.visit_date";
      Add(EntityType::kVisit, "kind", K::kChoice, true, &core::VisitKinds()).label_key = "records.field.visit_kind";
      Add(EntityType::kVisit, "place", K::kText).label_key = "records.field.visit_place";
      Add(EntityType::kVisit, "outcome", K::kChoice, false, &core::AttendanceOutcomes()).label_key =
          "records.field.visit_outcome";
      Add(EntityType::kVisit, "participants", K::kLines).label_key = "records.field.participants";
      break;
    case FormKind::kEditReferral:
      Add(EntityType::kReferral, "status", K::kChoice, true, &core::ReferralStatuses()).label_key =
          "records.field.referral_status";
      Add(EntityType::kReferral, "comment", K::kLongText).label_key = "records.field.comment";
      break;
    case FormKind::kEditConsent:
      Add(EntityType::kConsent, "given_on", K::kDate, true);
      Add(EntityType::kConsent, "expires_on", K::kDate);
      Add(EntityType::kConsent, "withdrawn_on", K::kDate).label_key = "records.field.withdrawn_on";
      break;
    case FormKind::kReviewDone:
      // Seed 004: reviewed every month; the next one is proposed a month after this one.
      Add(EntityType::kReview, "held_on", K::kDate, true).label_key = "records.field.review_held_on";
      Add(EntityType::kReview, "participants", K::kLines).label_key = "records.field.review_participants";
      Add(EntityType::kReview, "next_review", K::kDate, true).label_key = "records.field.review_next";
      Add(EntityType::kReview, "comment", K::kLongText).label_key = "records.field.review_comment";
      break;
    case FormKind::kNewAssessment:
    case FormKind::kNewRelative:
    case FormKind::kEditAssessment:
    case FormKind::kEditRelative: AddNeedsFields(kind); break;
  }
}

void RecordForm::Open(FormKind kind, std::string dossier_id, const std::string& today,
                      const std::vector<std::string>& partners) {
  Close();
  kind_ = kind;
  dossier_id_ = std::move(dossier_id);
  today_ = today;
  AddFields(kind);
  if (FormField* partner = Mutable("partner"); partner != nullptr && kind == FormKind::kNewConsent)
    partner->suggestions = partners;
  if (kind == FormKind::kReviewDone) {
    Mutable("held_on")->value = FormatDateInput(today);
    Mutable("next_review")->value = FormatDateInput(core::OneMonthLater(today));
    Mutable("participants")->suggestions = partners;  // the worker, the person: one tap each
    next_review_follows_ = true;
  }
}

void RecordForm::OpenEdit(FormKind kind, std::string record_id, std::string dossier_id,
                          const core::FieldValues& current, const std::vector<std::string>& participants,
                          const std::string& today, const std::vector<std::string>& suggestions) {
  Close();
  kind_ = kind;
  record_id_ = std::move(record_id);
  dossier_id_ = std::move(dossier_id);
  today_ = today;
  AddFields(kind);
  for (auto& f : fields_) {
    auto it = current.find(f.name);
    std::string value = it == current.end() ? std::string() : it->second;
    original_[f.name] = value;
    f.value = f.kind == FormFieldKind::kDate ? FormatDateInput(value) : value;
  }
  if (FormField* lines = Mutable("participants")) {
    original_participants_ = participants;
    std::sort(original_participants_.begin(), original_participants_.end());
    lines->value = JoinLines(original_participants_);
  }
  if (FormField* referent = Mutable("referent")) referent->suggestions = suggestions;
  if (auto it = current.find("step"); it != current.end()) exit_step_ = it->second;  // kEditExitStep
}

const FormField* RecordForm::Find(std::string_view name) const {
  for (const auto& f : fields_)
    if (f.name == name) return &f;
  return nullptr;
}

FormField* RecordForm::Mutable(std::string_view name) { return const_cast<FormField*>(Find(name)); }

bool RecordForm::Shows(const FormField& field) const {
  // An exit step's commune is the social income's (the competent CPAS), its route the housing's.
  if (kind_ == FormKind::kEditExitStep && field.name == "commune") return exit_step_ == "social_income";
  if (kind_ == FormKind::kEditExitStep && field.name == "housing_route") return exit_step_ == "housing";
  if (field.name == "status" && kind_ == FormKind::kNewDossier) {
    const FormField* file_for = Find("file_for");
    return file_for == nullptr || file_for->value != "relative";
  }
  if (field.name != "mandate_conditions") return true;
  const FormField* basis = Find("basis");
  return basis != nullptr && basis->value == "mandate";
}

bool RecordForm::Set(std::string_view name, std::string value) {
  FormField* f = Mutable(name);
  if (f == nullptr) return false;
  if (f->kind == FormFieldKind::kChoice && !value.empty() && !f->vocabulary->Contains(value)) return false;
  if (f->kind == FormFieldKind::kPicks)
    for (const auto& line : SplitLines(value))
      if (std::find(f->suggestions.begin(), f->suggestions.end(), line) == f->suggestions.end()) return false;
  if (f->kind == FormFieldKind::kService && !value.empty() && value != f->value) {
    // Only an entry the search found: the worker picks a service, never types an id.
    auto hit = std::find(f->suggestions.begin(), f->suggestions.end(), value);
    if (hit == f->suggestions.end()) return false;
    const size_t i = static_cast<size_t>(hit - f->suggestions.begin());
    f->value_label = i < f->option_labels.size() ? f->option_labels[i] : value;
  }
  if (f->kind == FormFieldKind::kService && value.empty()) WipeString(f->value_label);
  WipeString(f->value);
  f->value = std::move(value);
  f->error.clear();
  // "Review done": the next review stays one month after the review's date until chosen by hand.
  if (kind_ == FormKind::kReviewDone) {
    if (name == "next_review") next_review_follows_ = false;
    if (name == "held_on" && next_review_follows_) {
      std::string iso = ParseDateInput(f->value);
      if (!iso.empty()) Mutable("next_review")->value = FormatDateInput(core::OneMonthLater(iso));
    }
  }
  return true;
}

bool RecordForm::CheckField(FormField& f) {
  f.error.clear();
  std::string_view value = Trim(f.value);
  if (value.empty()) {
    if (f.required) f.error = f.kind == FormFieldKind::kChoice ? "form.error.choose" : "form.error.required";
    return f.error.empty();
  }
  std::string checked(value);
  if (f.kind == FormFieldKind::kPicks) {  // each line one of the options offered
    for (const auto& line : SplitLines(value))
      if (std::find(f.suggestions.begin(), f.suggestions.end(), line) == f.suggestions.end()) f.error = "form.error.invalid";
    return f.error.empty();
  }
  if (f.kind == FormFieldKind::kChoice && core::Spec(f.entity).Find(f.name) == nullptr) {
    // A choice of the form's own (what the file is for, a level of need): its list is the rule.
    if (!f.vocabulary->Contains(checked)) f.error = "form.error.choose";
    return f.error.empty();
  }
  if (f.kind == FormFieldKind::kLines) {  // each line is one value of the core's set field
    const core::FieldSpec* spec = core::Spec(f.entity).Find(f.name);
    for (const auto& line : SplitLines(value))
      if (spec == nullptr || !core::ValidateValue(*spec, line, nullptr)) f.error = "form.error.invalid";
    return f.error.empty();
  }
  if (f.kind == FormFieldKind::kDate) {
    checked = ParseDateInput(value);
    if (checked.empty()) {
      f.error = "form.error.date";
      return false;
    }
    if (f.name == "birth_date" && checked > today_) f.error = "form.error.birth_in_future";
  }
  if (f.kind == FormFieldKind::kChoice && !f.vocabulary->Contains(checked)) f.error = "form.error.choose";
  // Last, the core's own check of the value for this field, so Submit cannot be refused by it.
  const core::FieldSpec* spec = core::Spec(f.entity).Find(f.name);
  if (f.error.empty() && (spec == nullptr || !core::ValidateValue(*spec, checked, nullptr)))
    f.error = "form.error.invalid";
  return f.error.empty();
}

bool RecordForm::Validate() {
  bool ok = true;
  for (auto& f : fields_)
    if (Shows(f)) ok = CheckField(f) && ok;
  // A consent ends after it starts (AddConsent refuses the opposite too, in English).
  if (kind_ == FormKind::kNewConsent || kind_ == FormKind::kEditConsent) {
    FormField* given = Mutable("given_on");
    FormField* expires = Mutable("expires_on");
    if (given && expires && given->error.empty() && expires->error.empty() && !Trim(expires->value).empty() &&
        ParseDateInput(expires->value) < ParseDateInput(given->value)) {
      expires->error = "form.error.expires_before_given";
      ok = false;
    }
  }
  if (kind_ == FormKind::kReviewDone) {  // the core's rules (RecordReview), said under the field
    FormField* held = Mutable("held_on");
    FormField* next = Mutable("next_review");
    if (held->error.empty() && ParseDateInput(held->value) > today_) {
      held->error = "records.error.review_in_future";
      ok = false;
    }
    if (held->error.empty() && next->error.empty() && ParseDateInput(next->value) <= ParseDateInput(held->value)) {
      next->error = "records.error.next_review_after";
      ok = false;
    }
  }
  error_key_ = ok ? "" : "form.invalid";
  save_detail_.clear();
  return ok;
}

core::FieldValues RecordForm::Values(EntityType entity) const {
  core::FieldValues out;
  for (const auto& f : fields_) {
    if (f.entity != entity || !Shows(f) || f.kind == FormFieldKind::kLines || f.kind == FormFieldKind::kPicks) continue;
    if (core::Spec(f.entity).Find(f.name) == nullptr) continue;  // the form's own choices
    std::string value(Trim(f.value));
    if (f.kind == FormFieldKind::kDate && !value.empty()) value = ParseDateInput(value);
    if (!value.empty()) out[f.name] = std::move(value);
  }
  return out;
}

Result<std::string> RecordForm::Submit(core::Vault& vault) {
  if (!open()) return InvalidInput("No form is open.");
  if (!Validate()) return InvalidInput("Some fields of the form are not valid.");
  auto failed = [&](const Status& st) -> Result<std::string> {
    error_key_ = "form.save_failed";
    save_detail_ = st.message();
    return st;
  };
  if (editing()) return SubmitEdit(vault);
  switch (kind_) {
    case FormKind::kNone: break;
    case FormKind::kReviewDone: {
      core::FieldValues values = Values(EntityType::kReview);
      values["dossier_id"] = dossier_id_;
      auto created = core::RecordReview(vault, values, SplitLines(Find("participants")->value));
      if (!created.ok()) return failed(created.status());
      return created;
    }
    case FormKind::kEditPerson:
    case FormKind::kEditDossier:
    case FormKind::kEditVisit:
    case FormKind::kEditPlanItem:
    case FormKind::kEditReferral:
    case FormKind::kEditConsent:
    case FormKind::kEditTeamMember:
    case FormKind::kEditExitStep:
    case FormKind::kEditCareHandover:
    case FormKind::kEditAssessment:
    case FormKind::kEditRelative: break;  // opened with OpenEdit: editing() above
    case FormKind::kNewTeamMember: {
      core::FieldValues values = Values(EntityType::kTeamMember);
      values["dossier_id"] = dossier_id_;
      auto created = core::AddTeamMember(vault, values);
      if (!created.ok()) return failed(created.status());
      return created;
    }
    case FormKind::kHandover: {
      core::FieldValues v = Values(EntityType::kTeamMember);
      auto created = core::HandOverReferent(vault, dossier_id_, v["name"], v["since"], v["contact"], v["organisation"]);
      if (!created.ok()) return failed(created.status());
      return created;
    }
    case FormKind::kNewAssessment:
    case FormKind::kNewRelative: return SubmitNeeds(vault);
    case FormKind::kNewDossier: {
      // One transaction: a person is never left without their dossier.
      auto created = core::AddPersonWithDossier(vault, Values(EntityType::kPerson), Values(EntityType::kDossier));
      if (!created.ok()) return failed(created.status());
      return created->second;
    }
    case FormKind::kNewPlanItem:
    case FormKind::kNewConsent: {
      EntityType entity = kind_ == FormKind::kNewPlanItem ? EntityType::kPlanItem : EntityType::kConsent;
      core::FieldValues values = Values(entity);
      values["dossier_id"] = dossier_id_;
      auto created = entity == EntityType::kPlanItem
                         ? core::AddPlanItem(vault, values, SplitLines(Find("suggestions")->value),
                                             SplitLines(Find("practice_codes")->value))
                         : core::AddConsent(vault, values);
      if (!created.ok()) return failed(created.status());
      return created;
    }
  }
  return InvalidInput("No form is open.");
}

void RecordForm::SetServiceSearch(std::string_view name, std::string query, std::vector<std::string> ids,
                                  std::vector<std::string> labels) {
  FormField* f = Mutable(name);
  if (f == nullptr || f->kind != FormFieldKind::kService) return;
  WipeString(f->query);
  f->query = std::move(query);
  f->suggestions = std::move(ids);
  f->option_labels = std::move(labels);
}

void RecordForm::SetServiceLabel(std::string_view name, std::string label) {
  FormField* f = Mutable(name);
  if (f != nullptr && f->kind == FormFieldKind::kService) f->value_label = std::move(label);
}

void RecordForm::SetOptions(std::string_view name, std::vector<std::string> ids, std::vector<std::string> labels,
                            std::vector<std::string> groups) {
  FormField* f = Mutable(name);
  if (f == nullptr) return;
  f->suggestions = std::move(ids);
  f->option_labels = std::move(labels);
  f->option_groups = std::move(groups);
}

void RecordForm::Close() {
  for (auto& f : fields_) {
    WipeString(f.value);
    WipeStrings(f.suggestions);
    WipeStrings(f.option_labels);
    WipeString(f.query);
    WipeString(f.value_label);
  }
  fields_.clear();
  WipeString(dossier_id_);
  WipeString(record_id_);
  WipeString(save_detail_);
  for (auto& [name, value] : original_) WipeString(value);
  for (auto& [name, value] : previous_) WipeString(value);
  original_.clear();
  previous_.clear();
  WipeStrings(original_participants_);
  participants_changed_ = nothing_changed_ = next_review_follows_ = picks_changed_ = false;
  previous_picks_.clear();
  exit_step_.clear();
  error_key_.clear();
  kind_ = FormKind::kNone;
}

}  // namespace passerelle::ui
