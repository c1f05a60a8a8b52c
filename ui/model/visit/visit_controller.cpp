#include "visit_controller.h"

#include "dossier_intents.h"
#include "passerelle/core/model.h"

namespace passerelle::ui {

void VisitController::Apply(const VisitIntent& intent) {
  std::visit([this](const auto& i) { On(i); }, intent);
}

void VisitController::FlushNote() {
  if (!app_.unlocked() || !model_.open()) return;
  app_.Report(model_.Flush(app_.vault()), "visit.save_failed");
}

void VisitController::Tick() {
  if (!app_.unlocked() || !model_.open()) return;
  Status st = model_.Tick(app_.vault());
  if (!st.ok()) app_.Report(st, "visit.save_failed");
}

void VisitController::Refresh(const std::string& record_id) {
  if (!app_.unlocked() || !model_.open()) return;
  const core::Visit& v = model_.visit();
  if (record_id != v.id && record_id != v.dossier_id) return;
  FlushNote();
  const std::string dossier_id = v.dossier_id, visit_id = v.id;
  if (model_.Open(app_.vault(), dossier_id, visit_id, app_.Today()).ok()) return;
  model_.Close();  // deleted: the editor has nothing left to show
  if (app_.ui().screen == Screen::kVisit) app_.ui().screen = Screen::kCases;
}

void VisitController::On(const intent::OpenStartVisit& i) {
  if (!app_.unlocked()) return;
  FlushNote();
  Status st = model_.Prepare(app_.vault(), i.dossier_id, app_.Today());
  if (!st.ok()) return app_.Report(st, "error.load_failed");
  model_.start_submit().Open();
  app_.ui().start_visit_open = true;
}

void VisitController::On(const intent::CloseStartVisit&) {
  model_.start_submit().Close();
  app_.ui().start_visit_open = false;
}
void VisitController::On(const intent::SetVisitPlace& i) { model_.SetPlace(i.place); }

void VisitController::On(const intent::SetVisitKind& i) {
  if (core::VisitKinds().Contains(i.kind)) model_.SetKind(i.kind);
}

void VisitController::On(const intent::StartVisit& i) {
  // One visit per sheet: a second tap on "Start" (or one landing as the sheet closes) does nothing.
  if (!app_.unlocked() || !app_.ui().start_visit_open || !model_.start_submit().Accepts(i.token)) return;
  Status st = model_.Start(app_.vault());
  if (!st.ok()) return app_.Report(st, "visit.start_failed");
  model_.start_submit().Done();
  model_.start_submit().Close();
  app_.ui().start_visit_open = false;
  app_.ui().screen = Screen::kVisit;
}

void VisitController::On(const intent::OpenVisit& i) {
  if (!app_.unlocked()) return;
  FlushNote();
  Status st = model_.Open(app_.vault(), i.dossier_id, i.visit_id, app_.Today());
  if (!st.ok()) return app_.Report(st, "error.load_failed");
  app_.ui().screen = Screen::kVisit;
}

void VisitController::On(const intent::SetOutcome& i) {
  if (app_.unlocked()) app_.Report(model_.SetOutcome(app_.vault(), i.outcome), "visit.save_failed");
}

void VisitController::On(const intent::EditNote& i) {
  if (app_.unlocked() && model_.open()) model_.Edit(i.body.str());
}

void VisitController::On(const intent::NoteFocusLost&) { FlushNote(); }

void VisitController::On(const intent::UndoNote&) {
  if (app_.unlocked() && model_.open()) model_.UndoEdit();
}

void VisitController::On(const intent::RedoNote&) {
  if (app_.unlocked() && model_.open()) model_.RedoEdit();
}

void VisitController::On(const intent::SetNoteScope& i) {
  if (!app_.unlocked()) return;
  Status st = model_.SetScope(app_.vault(), i.scope, i.partner);
  if (!st.ok()) app_.ui().banner = Banner{"visit.scope_refused", i.partner, true};
}

void VisitController::On(const intent::TogglePracticeCode& i) {
  if (app_.unlocked()) app_.Report(model_.TogglePracticeCode(app_.vault(), i.code), "visit.save_failed");
}

void VisitController::On(const intent::ToggleNoteDomain& i) {
  if (app_.unlocked()) app_.Report(model_.ToggleDomain(app_.vault(), i.domain), "visit.save_failed");
}

void VisitController::On(const intent::FinishVisit&) {
  if (!app_.unlocked()) return;
  FlushNote();
  if (model_.save_state() == SaveState::kFailed) return;  // keep the text on screen, banner shown
  std::string dossier_id = model_.visit().dossier_id;
  model_.Close();
  app_.Then(intent::OpenDossier{dossier_id});  // back to the case file, its timeline reloaded
}

}  // namespace passerelle::ui
