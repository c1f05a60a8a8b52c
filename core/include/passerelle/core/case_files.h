// Case-file operations in the domain's words: persons, dossiers, visits, notes, plan items,
// consents and referrals. Each write validates all its input first (closed lists, dates, that
// referenced records exist), then issues ops through Vault::Apply; on any error nothing is
// written. Reads return plain structs for the CLI and the field app's view-models.
// Text fields are "" when unset. Thread-safety: as the Vault.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "passerelle/core/vault.h"

namespace passerelle::core {

using FieldValues = std::map<std::string, std::string>;  // field -> value ("" clears)

struct Person {
  std::string id, name, alias, birth_date, language, establishment, status;
};
struct Dossier {
  std::string id, person_id, service, referent, basis, mandate_conditions, opened_on, expected_release,
      next_hearing, next_review;
};
struct Visit {
  std::string id, dossier_id, date, place, kind, outcome, author;
  std::vector<std::string> practice_codes;
  std::vector<std::string> participants;  // who took part (a tripartite visit), sorted
};
struct Note {
  std::string id, dossier_id, visit_id, author, created_at, scope, partner, body;
  std::vector<std::string> domains, practice_codes;
};
struct PlanItem {
  std::string id, dossier_id, domain, goal, status, barriers, levers, due_date;
  std::string stage;                     // "" when never chosen: needs.h StageOf gives the default
  std::vector<std::string> suggestions;  // picked barrier and lever keys (plan_suggestions.h), sorted
  std::vector<std::string> practice_codes;  // seed 002's practice codes (PracticeCodes()), sorted
};
struct Consent {
  std::string id, dossier_id, partner, scope, given_on, expires_on, withdrawn_on;
  bool ActiveOn(const std::string& date) const;
};
struct Referral {
  std::string id, plan_item_id, service_id, status, comment;
};

struct DossierSummary {
  Dossier dossier;
  Person person;
  std::string last_visit;  // date of the latest visit, "" if none
};

struct DossierDetail {
  DossierSummary summary;
  std::vector<Visit> visits;        // newest first
  std::vector<Note> notes;          // newest first; private notes only for their author
  std::vector<PlanItem> plan;       // by life domain order, then due date
  std::vector<Referral> referrals;  // of the plan items above
  std::vector<Consent> consents;
};

// One value a register has held, for the field-history view.
struct FieldVersion {
  std::string value;
  bool cleared = false;
  HlcTimestamp hlc = 0;
  ReplicaId replica = 0;
  bool current = false;
};

Result<std::string> AddPerson(Vault& v, const FieldValues& fields);  // requires name
Result<std::string> AddDossier(Vault& v, const FieldValues& fields);  // requires person_id
// A new person and their first dossier in one transaction: both are written, or neither.
// `dossier` needs no person_id (it gets the new person's). Returns {person id, dossier id}.
Result<std::pair<std::string, std::string>> AddPersonWithDossier(Vault& v, const FieldValues& person,
                                                                 const FieldValues& dossier);
// `participants`: who took part, one name or role each (reviews.h SetParticipants changes them later).
Result<std::string> AddVisit(Vault& v, const FieldValues& fields, const std::vector<std::string>& practice_codes,
                             const std::vector<std::string>& participants = {});
// Requires dossier_id and body; scope defaults to "service". A "partner" scope requires a
// partner with an active shared_notes consent on the dossier.
Result<std::string> AddNote(Vault& v, const FieldValues& fields, const std::vector<std::string>& domains = {},
                            const std::vector<std::string>& practice_codes = {});
// Replaces the note body; the text CRDT keeps concurrent edits from other devices. Each call is a
// version of its own in the body's history.
Status SaveNoteBody(Vault& v, const std::string& note_id, const std::string& body);
// The same, from an editor's autosave while the worker types: text typed on after the previous
// autosave may be merged into that save's op while no bundle has carried it, so a note typed with
// autosave costs what one save costs (docs/vault.md, "Autosave history"); its history is coarser.
Status AutosaveNoteBody(Vault& v, const std::string& note_id, const std::string& body);
// Requires dossier_id, domain, goal; the stage defaults to the domain's (needs.h DefaultStageFor);
// `suggestions`: picked barrier and lever keys (plan_suggestions.h); `practice_codes`: seed 002's
// practice codes (PracticeCodes()).
Result<std::string> AddPlanItem(Vault& v, const FieldValues& fields, const std::vector<std::string>& suggestions = {},
                                const std::vector<std::string>& practice_codes = {});
Result<std::string> AddConsent(Vault& v, const FieldValues& fields);   // requires dossier_id, partner, scope
Status WithdrawConsent(Vault& v, const std::string& consent_id, const std::string& date);
Result<std::string> AddReferral(Vault& v, const FieldValues& fields);  // requires plan_item_id, service_id
// Sets register fields of an existing live record (any type). Unknown fields are refused.
Status UpdateRecord(Vault& v, const std::string& id, const FieldValues& fields);
// Set fields made exactly the given elements: field -> elements (a plan item's practice codes).
using SetValues = std::map<std::string, std::vector<std::string>>;
// The same, and in the same transaction makes each set field of `sets` hold exactly its elements
// (each checked against the field's closed list): the elements already there stay with their tags,
// the others are removed as observed here, so a colleague's concurrent additions are kept.
Status UpdateRecord(Vault& v, const std::string& id, const FieldValues& fields, const SetValues& sets);
// Adds/removes an element of a set field (practice codes, note domains).
Status AddToSet(Vault& v, const std::string& id, const std::string& field, const std::string& element);
Status RemoveFromSet(Vault& v, const std::string& id, const std::string& field, const std::string& element);
// Tombstones a record; its data stays in the log and can be restored.
Status DeleteRecord(Vault& v, const std::string& id);
Status RestoreRecord(Vault& v, const std::string& id);
// The same for several live records in one transaction (a case file and its person); all or none.
Status DeleteRecords(Vault& v, const std::vector<std::string>& ids);
Status RestoreRecords(Vault& v, const std::vector<std::string>& ids);

Result<std::vector<DossierSummary>> ListDossiers(const Vault& v);
Result<DossierDetail> ShowDossier(const Vault& v, const std::string& dossier_id);
Result<std::vector<Note>> ListNotes(const Vault& v, const std::string& dossier_id);
Result<std::vector<Person>> ListPersons(const Vault& v);
// Every value the field has held, oldest first, with who set it; the last one is current.
// A register lists each value set. A text field (a note body) lists the text as it stood after
// each saved edit, rebuilt from the text CRDT's operations (deleted characters are kept), so an
// emptied or rewritten note can be read back and restored. kInvalidInput for an id of unknown
// shape or a field the record does not have; kNotFound for a record this vault never held
// (deleted records keep their history).
Result<std::vector<FieldVersion>> FieldHistory(const Vault& v, const std::string& id, const std::string& field);
// Puts back the note body of version `version` of FieldHistory(v, note_id, "body") (1 = oldest) as a new edit,
// so the restoration itself syncs and shows in the history.
Status RestoreNoteBody(Vault& v, const std::string& note_id, size_t version);
// True when a live record with this id exists.
Result<bool> RecordExists(const Vault& v, const std::string& id);

// Today's date on this device (YYYY-MM-DD) and the current UTC time, from the vault's clock.
std::string Today(Vault& v);
std::string NowUtc(Vault& v);

}  // namespace passerelle::core
