// The record forms feature: one RecordForm at a time over the screen (a person with their
// dossier, a plan item, a consent). After saving, the new case file opens, or the open one
// reloads. Thread-safety: UI thread only.
#pragma once

#include "app_context.h"
#include "case_list_controller.h"
#include "dossier_controller.h"
#include "form_intents.h"
#include "record_form.h"

namespace passerelle::ui {

class FormsController {
 public:
  FormsController(AppContext& app, CaseListController& cases, DossierController& dossier)
      : app_(app), cases_(cases), dossier_(dossier) {}

  const RecordForm& model() const { return form_; }
  void Apply(const FormIntent& intent);
  void Wipe() { form_.Wipe(); }

 private:
  void On(const intent::OpenForm&);
  void On(const intent::SetFormField&);
  void On(const intent::SubmitForm&);
  void On(const intent::CloseForm&);

  AppContext& app_;
  CaseListController& cases_;
  DossierController& dossier_;
  RecordForm form_;
};

}  // namespace passerelle::ui
