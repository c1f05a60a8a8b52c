// The case list feature: its view-model (every dossier as a row, filtered and sorted by urgency)
// and the intents of its screen. Opening a case file from a row is the dossier feature's intent.
// Thread-safety: UI thread only.
#pragma once

#include "app_context.h"
#include "case_list_intents.h"
#include "case_list_model.h"

namespace passerelle::ui {

class CaseListController {
 public:
  explicit CaseListController(AppContext& app) : app_(app) {}

  const CaseListModel& model() const { return model_; }
  void Apply(const CaseListIntent& intent);
  // Reads the rows again (the screen is shown, or a case file was created).
  Status Load();
  void Wipe() { model_.Wipe(); }

 private:
  void On(const intent::SetCaseQuery& i) { model_.SetQuery(i.query.str()); }
  void On(const intent::SetCaseOwner& i) { model_.SetOwner(i.owner); }
  void On(const intent::SetCaseStatus& i) { model_.SetStatus(i.status); }
  void On(const intent::SetComingSoon& i) { model_.SetComingSoon(i.on); }
  void On(const intent::SetReviewThisWeek& i) { model_.SetReviewThisWeek(i.on); }

  AppContext& app_;
  CaseListModel model_;
};

}  // namespace passerelle::ui
