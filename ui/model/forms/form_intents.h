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
// Issue 15: a directory service field's search (R.A.J. directory, core::directory::Search).
struct SearchFormService { std::string field; std::string query; };
// Issue 15: a relative of the open case file followed as a person of their own: the new-file form
// for a relative (no detention status), prefilled with their name; saving links them.
struct FollowRelative { std::string relative_id; };
}  // namespace intent

using FormIntent = std::variant<intent::OpenForm, intent::OpenEditForm, intent::SetFormField, intent::SubmitForm,
                                intent::CloseForm, intent::SearchFormService, intent::FollowRelative>;

namespace intent {
FormIntent GroupOf(const AlternativeOf<FormIntent> auto&);
}  // namespace intent

}  // namespace passerelle::ui
