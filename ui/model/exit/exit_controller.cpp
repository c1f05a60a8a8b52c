#include "exit_controller.h"

#include "passerelle/core/exit_plan.h"

namespace passerelle::ui {

void ExitController::Apply(const ExitIntent& intent) {
  std::visit([this](const auto& i) { On(i); }, intent);
}

void ExitController::On(const intent::SetExitStep& i) {
  // Only a step of the open case file: a stray intent changes nothing.
  if (!app_.unlocked() || !dossier_.model().loaded() || i.dossier_id != dossier_.model().dossier_id()) return;
  // What Undo writes back: the step's value before (a step never written reads "not started").
  UndoAction undo;
  for (const auto& s : dossier_.model().exit_plan().steps())
    if (s.step == i.step && (i.field == "status" || i.field == "member_id"))
      undo.fields.push_back({s.id, {{i.field, i.field == "status" ? s.status : s.member_id}}});
  Status st = core::SetExitStep(app_.vault(), i.dossier_id, i.step, {{i.field, i.value}});
  if (!st.ok()) return app_.Report(st, "exit_plan.save_failed");
  dossier_.Reload();
  app_.Report(cases_.Load(), "error.load_failed");  // the release badge counts open steps
  if (!undo.empty()) records_.Offer(std::move(undo), "records.undo.edited");
}

}  // namespace passerelle::ui
