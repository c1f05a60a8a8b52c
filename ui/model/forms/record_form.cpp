#include "record_form.h"

#include <algorithm>
#include <cctype>

#include "dates.h"
#include "passerelle/core/model.h"
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

void RecordForm::Open(FormKind kind, std::string dossier_id, const std::string& today,
                      const std::vector<std::string>& partners) {
  Close();
  kind_ = kind;
  dossier_id_ = std::move(dossier_id);
  today_ = today;
  using K = FormFieldKind;
  switch (kind) {
    case FormKind::kNone: return;
    case FormKind::kNewDossier:
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
      Add(EntityType::kPlanItem, "domain", K::kChoice, true, &core::LifeDomains());
      Add(EntityType::kPlanItem, "goal", K::kText, true);
      Add(EntityType::kPlanItem, "status", K::kChoice, true, &core::PlanStatuses()).value = "planned";
      Add(EntityType::kPlanItem, "due_date", K::kDate);
      Add(EntityType::kPlanItem, "barriers", K::kLongText);
      Add(EntityType::kPlanItem, "levers", K::kLongText);
      break;
    case FormKind::kNewConsent: {
      FormField& partner = Add(EntityType::kConsent, "partner", K::kText, true);
      partner.suggestions = partners;
      Add(EntityType::kConsent, "scope", K::kChoice, true, &core::ConsentScopes());
      Add(EntityType::kConsent, "given_on", K::kDate, true).value = FormatDateInput(today);
      Add(EntityType::kConsent, "expires_on", K::kDate);
      break;
    }
  }
}

const FormField* RecordForm::Find(std::string_view name) const {
  for (const auto& f : fields_)
    if (f.name == name) return &f;
  return nullptr;
}

FormField* RecordForm::Mutable(std::string_view name) { return const_cast<FormField*>(Find(name)); }

bool RecordForm::Shows(const FormField& field) const {
  if (field.name != "mandate_conditions") return true;
  const FormField* basis = Find("basis");
  return basis != nullptr && basis->value == "mandate";
}

bool RecordForm::Set(std::string_view name, std::string value) {
  FormField* f = Mutable(name);
  if (f == nullptr) return false;
  if (f->kind == FormFieldKind::kChoice && !value.empty() && !f->vocabulary->Contains(value)) return false;
  WipeString(f->value);
  f->value = std::move(value);
  f->error.clear();
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
  if (kind_ == FormKind::kNewConsent) {
    FormField* given = Mutable("given_on");
    FormField* expires = Mutable("expires_on");
    if (given && expires && given->error.empty() && expires->error.empty() && !Trim(expires->value).empty() &&
        ParseDateInput(expires->value) < ParseDateInput(given->value)) {
      expires->error = "form.error.expires_before_given";
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
    if (f.entity != entity || !Shows(f)) continue;
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
  switch (kind_) {
    case FormKind::kNone: break;
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
      auto created =
          entity == EntityType::kPlanItem ? core::AddPlanItem(vault, values) : core::AddConsent(vault, values);
      if (!created.ok()) return failed(created.status());
      return created;
    }
  }
  return InvalidInput("No form is open.");
}

void RecordForm::Close() {
  for (auto& f : fields_) {
    WipeString(f.value);
    WipeStrings(f.suggestions);
  }
  fields_.clear();
  WipeString(dossier_id_);
  WipeString(save_detail_);
  error_key_.clear();
  kind_ = FormKind::kNone;
}

}  // namespace passerelle::ui
