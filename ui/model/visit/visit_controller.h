// The visit feature: the start sheet, the note editor and its autosave (VisitEditorModel). Other
// features call FlushNote() before anything that must see the note as typed so far (opening a
// case file, exporting a bundle, leaving the screen, locking). Thread-safety: UI thread only.
#pragma once

#include <optional>

#include "app_context.h"
#include "visit_editor_model.h"
#include "visit_intents.h"

namespace passerelle::ui {

class VisitController {
 public:
  explicit VisitController(AppContext& app) : app_(app), model_(*app.config().timers_clock) {}

  const VisitEditorModel& model() const { return model_; }
  void Apply(const VisitIntent& intent);
  // Saves the note now if anything is unsaved (a failure goes to the banner).
  void FlushNote();
  // Autosave when due (call while unlocked).
  void Tick();
  std::optional<int64_t> NextDeadline() const { return model_.NextDeadline(); }
  // The open visit was changed or deleted elsewhere (edit form, delete, undo): read it again, or
  // close the editor when the visit (or its case file) no longer exists. Nothing when another
  // visit, or none, is open.
  void Refresh(const std::string& record_id);
  void Wipe() { model_.Wipe(); }

 private:
  void On(const intent::OpenStartVisit&);
  void On(const intent::CloseStartVisit&);
  void On(const intent::SetVisitPlace&);
  void On(const intent::SetVisitKind&);
  void On(const intent::SetVisitDate& i) { model_.SetDate(i.typed); }
  void On(const intent::SetVisitParticipants& i) { model_.SetParticipants(i.lines.str()); }
  void On(const intent::UndoNote&);
  void On(const intent::RedoNote&);
  void On(const intent::StartVisit&);
  void On(const intent::OpenVisit&);
  void On(const intent::SetOutcome&);
  void On(const intent::EditNote&);
  void On(const intent::NoteFocusLost&);
  void On(const intent::SetNoteScope&);
  void On(const intent::TogglePracticeCode&);
  void On(const intent::ToggleNoteDomain&);
  void On(const intent::FinishVisit&);

  AppContext& app_;
  VisitEditorModel model_;
};

}  // namespace passerelle::ui
