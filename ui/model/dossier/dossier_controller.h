// The case file feature: the open dossier (DossierModel: header, visits timeline, plan, consents,
// field history) and the withdrawal of a consent. The service and device names it shows come from
// the directory and sync features, asked for through the two functions given at construction.
// Thread-safety: UI thread only.
#pragma once

#include <functional>
#include <string>

#include "app_context.h"
#include "dossier_intents.h"
#include "dossier_model.h"
#include "visit_controller.h"

namespace passerelle::ui {

class DossierController {
 public:
  struct Names {
    std::function<ServiceNames()> services;  // directory entries by id (referrals)
    std::function<ReplicaNames()> devices;   // known workers' devices (field history)
  };
  DossierController(AppContext& app, VisitController& visit, Names names)
      : app_(app), visit_(visit), names_(std::move(names)) {}

  const DossierModel& model() const { return model_; }
  void Apply(const DossierIntent& intent);
  // Opens a case file and shows it (the note being typed is saved first).
  void Open(const std::string& dossier_id);
  // Reads the open case file again (after a change made elsewhere); nothing when none is open.
  void Reload();
  void Wipe() { model_.Wipe(); }

 private:
  void On(const intent::OpenDossier& i) { Open(i.dossier_id); }
  void On(const intent::AskWithdrawConsent& i) { app_.ui().withdraw_consent_id = i.consent_id; }
  void On(const intent::WithdrawConsent& i);
  // Only an assessment of the open case file: a stray intent compares nothing.
  void On(const intent::CompareAssessment& i) {
    if (i.assessment_id.empty() || model_.needs().Holds(i.assessment_id)) app_.ui().compare_assessment = i.assessment_id;
  }

  AppContext& app_;
  VisitController& visit_;
  Names names_;
  DossierModel model_;
};

}  // namespace passerelle::ui
