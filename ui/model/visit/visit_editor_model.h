// The visit note editor — the heart of the app. A visit starts in two taps: "New visit" opens a
// sheet with today's date, the person's establishment as the place and an individual interview
// prefilled; "Start" creates the visit. Then the worker records the attendance outcome (the
// protocol's closed list: the only facts a justice assistant may ever receive), writes the note,
// picks who may read it (private / service / a partner, the latter only while the person's
// consent to share notes is in force), and tags practice codes and life domains.
//
// Autosave: Edit() only records the new text and the time; Tick() writes the note when the
// AutosavePolicy says so (see timers.h: at most ~0.7 s after a keystroke), Flush() writes at once
// (focus change, leaving the screen, locking). The first save creates the note (AddNote), later
// ones replace its body (SaveNoteBody: the text CRDT diffs it, so a colleague's concurrent
// edits merge). Every save is one fsync'ed vault transaction. The clock is injected so tests and
// the SIGKILL test drive the policy. Thread-safety: UI thread only.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "passerelle/core/case_files.h"
#include "passerelle/platform/clock.h"
#include "submit_once.h"
#include "timers.h"

namespace passerelle::ui {

// The start sheet's prefilled values. The date is today unless the worker types another (a visit
// written up the evening after, or the next morning, is dated on the day it took place).
struct VisitStart {
  std::string dossier_id, person_name, date, place, kind = "individual";
  std::string date_text;     // as typed (04/11/2026); "" = `date`
  std::string participants;  // one per line; a tripartite visit starts with the person and the worker
  std::string worker;
};

// A partner named in the dossier's consents, and whether notes may be shared with them today.
struct PartnerOption {
  std::string partner;
  bool can_share = false;        // an active "shared_notes" consent exists
  std::string given_on, expires_on;  // of that consent
};

enum class SaveState { kNothingToSave, kPending, kSaved, kFailed };

class VisitEditorModel {
 public:
  explicit VisitEditorModel(platform::Clock& clock) : clock_(clock) {}

  // First tap: prepares the start sheet for a dossier.
  Status Prepare(const core::Vault& vault, const std::string& dossier_id, const std::string& today);
  const VisitStart& start() const { return start_; }
  // The start sheet creates one visit per instance (submit_once.h).
  const SubmitOnce& start_submit() const { return start_submit_; }
  SubmitOnce& start_submit() { return start_submit_; }
  void SetPlace(std::string place) { start_.place = std::move(place); }
  void SetKind(std::string kind);
  void SetDate(std::string typed);
  void SetParticipants(std::string lines);
  // The date the visit will have: the typed one when it is a real date, else "" (Start refuses).
  std::string StartDate() const;
  // Second tap: creates the visit and opens the editor on it.
  Status Start(core::Vault& vault);
  // Reopens an existing visit and its note (from the dossier's timeline).
  Status Open(const core::Vault& vault, const std::string& dossier_id, const std::string& visit_id,
              const std::string& today);

  bool open() const { return !visit_.id.empty(); }
  const core::Visit& visit() const { return visit_; }
  const std::string& person_name() const { return start_.person_name; }
  const std::string& note_id() const { return note_id_; }
  const std::string& body() const { return body_; }
  const std::string& scope() const { return scope_; }
  const std::string& partner() const { return partner_; }
  const std::set<std::string>& domains() const { return domains_; }
  const std::vector<PartnerOption>& partners() const { return partners_; }
  // The consent that allows the current partner scope, if any.
  const PartnerOption* current_partner() const;

  // Immediate writes (small register/set ops). On failure nothing changes.
  Status SetOutcome(core::Vault& vault, const std::string& outcome);
  Status TogglePracticeCode(core::Vault& vault, const std::string& code);
  Status ToggleDomain(core::Vault& vault, const std::string& domain);
  // "partner" needs a partner with an active shared_notes consent (kInvalidInput otherwise).
  Status SetScope(core::Vault& vault, const std::string& scope, const std::string& partner);

  // The note text changed (every keystroke). The text before the change goes on the undo stack
  // when a new group of typing starts: after a pause of kUndoPauseMs, a space or line break, a
  // switch between typing and erasing, or a paste/cut (more than one character at once).
  void Edit(std::string body);
  // Ctrl+Z / the Undo button: back to the text before the last group of typing (autosaved like
  // any edit); RedoEdit (Ctrl+Y) takes it forward again. Both stacks live in memory only, are
  // bounded (kUndoDepth) and wiped with the note.
  void UndoEdit();
  void RedoEdit();
  bool can_undo() const { return !undo_.empty(); }
  bool can_redo() const { return !redo_.empty(); }
  static constexpr int64_t kUndoPauseMs = 1000;
  static constexpr size_t kUndoDepth = 200;
  // Saves if the autosave policy says it is due.
  Status Tick(core::Vault& vault);
  // Saves now if anything is unsaved.
  Status Flush(core::Vault& vault);
  // When Tick() next has work (monotonic ms); nullopt when nothing is unsaved.
  std::optional<int64_t> NextDeadline() const { return policy_.Deadline(); }
  SaveState save_state() const { return save_state_; }
  int64_t last_saved_ms() const { return last_saved_ms_; }
  const std::string& save_error() const { return save_error_; }

  // Forgets the visit (after a Flush); wipes the note text.
  void Close();
  // Locking: overwrites every string read from or typed into the vault.
  void Wipe();

 private:
  Status Save(core::Vault& vault);
  void LoadPartners(const core::DossierDetail& detail, const std::string& today);

  platform::Clock& clock_;
  AutosavePolicy policy_;
  VisitStart start_;
  core::Visit visit_;
  SubmitOnce start_submit_;
  std::string note_id_, body_, scope_ = "service", partner_;
  std::set<std::string> domains_;
  std::vector<PartnerOption> partners_;
  std::vector<std::string> undo_, redo_;  // earlier / undone texts of the note, newest last
  int64_t last_edit_ms_ = 0;
  int last_edit_direction_ = 0;  // +1 typing, -1 erasing
  SaveState save_state_ = SaveState::kNothingToSave;
  int64_t last_saved_ms_ = 0;
  std::string save_error_;
};

}  // namespace passerelle::ui
