// The record forms feature: one RecordForm at a time over the screen (a person with their
// dossier, a plan item, a consent; any record of the open case file in edit mode; "Review done").
// After saving, the new case file opens, or the open one reloads; after an edit or a review,
// "Undo" is offered (RecordsController). Thread-safety: UI thread only.
#pragma once

#include "app_context.h"
#include "case_list_controller.h"
#include "dossier_controller.h"
#include "form_intents.h"
#include "record_form.h"
#include "records_controller.h"
#include "visit_controller.h"

namespace passerelle::ui {

class FormsController {
 public:
  FormsController(AppContext& app, CaseListController& cases, DossierController& dossier, VisitController& visit,
                  RecordsController& records)
      : app_(app), cases_(cases), dossier_(dossier), visit_(visit), records_(records) {}

  const RecordForm& model() const { return form_; }
  void Apply(const FormIntent& intent);
  void Wipe() {
    form_.Wipe();
    follow_relative_.clear();
  }

 private:
  void On(const intent::OpenForm&);
  void On(const intent::OpenEditForm&);
  // After an edit or a review was saved: reload what shows it and offer "Undo".
  void Edited(FormKind kind, const std::string& record_id);
  void On(const intent::SetFormField&);
  void On(const intent::SubmitForm&);
  void On(const intent::CloseForm&);
  void On(const intent::SearchFormService&);
  void On(const intent::FollowRelative&);
  // A relative's form: the open case file's family goals as the picks offered.
  void OfferFamilyItems();

  AppContext& app_;
  CaseListController& cases_;
  DossierController& dossier_;
  VisitController& visit_;
  RecordsController& records_;
  RecordForm form_;
  std::string follow_relative_;  // the relative the open new-file form is for ("" = none)
};

}  // namespace passerelle::ui
