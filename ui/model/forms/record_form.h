// RecordForm: the view-model of the forms that create case-file records in the app — a new person
// with their dossier (from the case list), a reintegration plan item and a consent (from the
// dossier), "Review done" (the monthly review) — and of the same forms in edit mode over any
// record of the open case file (OpenEdit: person, dossier, visit, goal, referral, consent). A form is a list of fields, each tied to the core field it fills, so the screen draws
// any form the same way (text, date, or a choice among a core vocabulary) and the core's own
// checks (model.h ValidateValue) run on every value before anything is written.
//
// The worker types dates the Belgian way (04/11/2026; also 4.11.2026, 4-11-2026 or 2026-11-04);
// the form turns them into the vault's YYYY-MM-DD. Choice fields accept only ids of the core's
// closed vocabularies, so the form cannot produce a value the core would refuse.
//
// Submit() validates every field (each invalid one gets a one-sentence message, as a translation
// key) and writes nothing unless all are fine. A new dossier is two core writes (AddPerson, then
// AddDossier); both are validated first, and if the second write still fails (disk full, vault
// error) the person just written is tombstoned again (DeleteRecord) so no person without a dossier
// is left where no screen would show it. Values may be a person's name: Wipe() overwrites them.
// Thread-safety: UI thread only.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/case_files.h"
#include "passerelle/core/model.h"
#include "ui_state.h"

namespace passerelle::ui {

enum class FormFieldKind {
  kText,      // one line
  kLongText,  // a few lines (barriers, levers, mandate conditions)
  kDate,      // typed as 04/11/2026 or 2026-11-04
  kChoice,    // one id of `vocabulary`
  kLines,     // a set of one-line values, one per line (the participants of a visit or review)
  kPicks,     // several of `suggestions` (ids), one per line in `value`: barrier and lever
              // suggestions of a plan item, the family plan items a relative is linked to
  kService,   // an R.A.J. directory entry's id, chosen among `suggestions` (a search's hits)
};

struct FormField {
  core::EntityType entity = core::EntityType::kPerson;  // which record the value goes to
  std::string name;  // the core's field name ("birth_date"); labels are "form.field.<name>"
  FormFieldKind kind = FormFieldKind::kText;
  const core::Vocabulary* vocabulary = nullptr;  // kChoice
  bool required = false;
  std::string value;  // as typed (dates in the worker's form), or the chosen id ("" = none)
  std::string error;  // translation key of the message shown under the field; "" when fine
  std::vector<std::string> suggestions;  // one-tap values (partners already named in consents)
  std::string label_key;  // the label's translation key when not "form.field.<entity>.<name>"
  std::vector<std::string> option_labels;  // kPicks: what each of `suggestions` reads as
  std::vector<std::string> option_groups;  // kPicks: a filter per option (a suggestion's life domain)
  std::string query;        // kService: what the worker typed to search the directory
  std::string value_label;  // kService: the chosen entry's name ("" when none is chosen)
};

// The lines of a kLines value: each trimmed, blank lines dropped.
std::vector<std::string> SplitLines(std::string_view text);

// "04/11/2026", "4/11/2026", "04.11.2026", "04-11-2026" or "2026-11-04" -> "2026-11-04";
// "" for anything else or a day that does not exist (31/02). Spaces around are ignored.
std::string ParseDateInput(std::string_view text);
// "2026-11-04" -> "04/11/2026" (how the form shows a date it prefilled).
std::string FormatDateInput(std::string_view iso);

// Issue 15: the new-file form's own choice of who the file is for: "justice" (a person followed in
// the justice system: a detention status is asked) or "relative" (a relative followed as a person of
// their own: no detention status). Levels of need use core::NeedLevels().
const core::Vocabulary& FileFor();

class RecordForm {
 public:
  // An empty form of `kind` for a dossier ("" for a new dossier); today prefilled where the
  // protocol expects it (the dossier's opening, the consent's date). `partners`: names already
  // used in the dossier's consents, offered as one-tap suggestions.
  void Open(FormKind kind, std::string dossier_id, const std::string& today,
            const std::vector<std::string>& partners = {});
  // The same form over an existing record (kEditPerson ... kEditConsent): `current` holds the
  // record's register values (dates as YYYY-MM-DD), `participants` its participants (a visit).
  // Save writes only the fields that changed, through core::UpdateRecord (and SetParticipants),
  // and keeps their previous values for "Undo". `suggestions` go to the field that takes them
  // (the référent: names of workers already responsible for a case file).
  void OpenEdit(FormKind kind, std::string record_id, std::string dossier_id, const core::FieldValues& current,
                const std::vector<std::string>& participants, const std::string& today,
                const std::vector<std::string>& suggestions = {});
  FormKind kind() const { return kind_; }
  bool editing() const { return !record_id_.empty(); }
  const std::string& record_id() const { return record_id_; }
  // After an edit's Submit: the previous values of the fields it changed ("" = was empty), and
  // the participants before, when they changed; nothing_changed() when Save found no change.
  const core::FieldValues& previous() const { return previous_; }
  bool participants_changed() const { return participants_changed_; }
  const std::vector<std::string>& previous_participants() const { return original_participants_; }
  bool nothing_changed() const { return nothing_changed_; }
  // After an edit's Submit: whether the picks (PicksField()) changed, and what they were.
  bool picks_changed() const { return picks_changed_; }
  const std::vector<std::string>& previous_picks() const { return previous_picks_; }
  // The form's set of picks: a relative's family goals, else a plan item's suggestions.
  const char* PicksField() const { return kind_ == FormKind::kEditRelative ? "plan_item_ids" : "suggestions"; }
  bool open() const { return kind_ != FormKind::kNone; }
  const std::string& dossier_id() const { return dossier_id_; }
  const std::vector<FormField>& fields() const { return fields_; }
  // Issue 15: what a kPicks field offers, with labels (and, for suggestions, each one's domain,
  // so the screen offers those of the chosen domain). Unknown field: nothing happens.
  void SetOptions(std::string_view name, std::vector<std::string> ids, std::vector<std::string> labels,
                  std::vector<std::string> groups = {});
  // A kService field's search (typed `query`) and its hits (ids and names); the chosen entry's
  // name, when the field already holds one (`chosen_label`, "" to leave it).
  void SetServiceSearch(std::string_view name, std::string query, std::vector<std::string> ids,
                        std::vector<std::string> labels);
  void SetServiceLabel(std::string_view name, std::string label);
  const FormField* Find(std::string_view name) const;
  // The "mandate conditions" field only matters under a mandate: the screen hides it otherwise.
  bool Shows(const FormField& field) const;

  // Sets a field as typed; a choice outside its vocabulary, or an unknown field, is refused
  // (false, nothing changes). Editing a field clears its message.
  bool Set(std::string_view name, std::string value);
  // Checks every field; true when all are fine. Each bad field gets its message, and error_key()
  // says the form as a whole was refused.
  bool Validate();
  // Validates, then writes. Returns the new record's id (the dossier's for a new dossier). On
  // invalid input nothing is written and the status is kInvalidInput.
  Result<std::string> Submit(core::Vault& vault);
  // The form-level message: "" , "form.invalid" or "form.save_failed" (with save_detail()).
  const std::string& error_key() const { return error_key_; }
  const std::string& save_detail() const { return save_detail_; }

  // Closes the form and wipes what was typed.
  void Close();
  void Wipe() { Close(); }

 private:
  FormField& Add(core::EntityType entity, const char* name, FormFieldKind kind, bool required = false,
                 const core::Vocabulary* vocabulary = nullptr);
  FormField* Mutable(std::string_view name);
  // The core's fields for one record: dates converted to ISO, empty values left out.
  core::FieldValues Values(core::EntityType entity) const;
  bool CheckField(FormField& field);

  void AddFields(FormKind kind);
  Result<std::string> SubmitEdit(core::Vault& vault);
  Result<std::string> SubmitNeeds(core::Vault& vault);  // record_form_needs.cpp: assessment, relative
  void AddNeedsFields(FormKind kind);                   // record_form_needs.cpp
  // An assessment's edit: whether its levels differ from the record's; `needs` gets them and
  // previous_["needs"] what they were (record_form_needs.cpp).
  bool NeedsEdited(std::map<std::string, std::string>* needs);

  FormKind kind_ = FormKind::kNone;
  std::string dossier_id_;
  std::string record_id_;                  // edit mode: the record being changed
  core::FieldValues original_;             // edit mode: its values when the form opened
  std::vector<std::string> original_participants_;
  core::FieldValues previous_;             // after an edit: what the changed fields held
  bool participants_changed_ = false, nothing_changed_ = false, picks_changed_ = false;
  std::vector<std::string> previous_picks_;
  bool next_review_follows_ = false;       // "Review done": next review still one month after the date
  std::string exit_step_;                  // kEditExitStep: which step (its commune, its route)
  std::string today_;
  std::vector<FormField> fields_;
  std::string error_key_, save_detail_;
};

}  // namespace passerelle::ui
