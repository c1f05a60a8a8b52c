#include "exit_controller.h"

#include "passerelle/core/exit_plan.h"

namespace passerelle::ui {

void ExitController::Apply(const ExitIntent& intent) {
  std::visit([this](const auto& i) { On(i); }, intent);
}

void ExitController::On(const intent::SetExitStep& i) {
  // Only a step of the open case file: a stray intent changes nothing.
  if (!app_.unlocked() || !dossier_.model().loaded() || i.dossier_id != dossier_.model().dossier_id()) return;
  Status st = core::SetExitStep(app_.vault(), i.dossier_id, i.step, {{i.field, i.value}});
  if (!st.ok()) return app_.Report(st, "exit_plan.save_failed");
  dossier_.Reload();
  app_.Report(cases_.Load(), "error.load_failed");  // the release badge counts open steps
}

}  // namespace passerelle::ui
