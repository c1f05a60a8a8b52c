// The exit preparation feature (issue 15): changes to a checklist step from the Release tab, then
// the case file and the case list (the release urgency counts open steps) read again, and "Undo"
// offered as after any edit (records_controller.h).
// Thread-safety: UI thread only.
#pragma once

#include "app_context.h"
#include "case_list_controller.h"
#include "dossier_controller.h"
#include "exit_intents.h"
#include "records_controller.h"

namespace passerelle::ui {

class ExitController {
 public:
  ExitController(AppContext& app, CaseListController& cases, DossierController& dossier, RecordsController& records)
      : app_(app), cases_(cases), dossier_(dossier), records_(records) {}
  void Apply(const ExitIntent& intent);

 private:
  void On(const intent::SetExitStep& i);

  AppContext& app_;
  CaseListController& cases_;
  DossierController& dossier_;
  RecordsController& records_;
};

}  // namespace passerelle::ui
