// The record forms' intents (record_form.h): a new person with their dossier from the case list,
// a plan item, a consent or a review on the open dossier, any of its records in edit mode; drawn by record_form_screen.cpp (the case list and
// the dossier screen push OpenForm), handled by FormsController. Field values may be a person's
// name: they travel as SecretText. Thread-safety: UI thread only.
#pragma once

#include <string>
#include <variant>

#include "intents.h"
#include "secret_text.h"
#include "ui_state.h"

namespace passerelle::ui {

namespace intent {
struct OpenForm { FormKind kind = FormKind::kNewDossier; };
// Edit mode: a record of the open case file (kEditPerson ... kEditConsent) in its form.
struct OpenEditForm { FormKind kind = FormKind::kEditPerson; std::string record_id; };
struct SetFormField { std::string field; SecretText value; };
struct SubmitForm {};
struct CloseForm {};
}  // namespace intent

using FormIntent = std::variant<intent::OpenForm, intent::OpenEditForm, intent::SetFormField, intent::SubmitForm,
                                intent::CloseForm>;

namespace intent {
FormIntent GroupOf(const AlternativeOf<FormIntent> auto&);
}  // namespace intent

}  // namespace passerelle::ui
