// The disclosure feature: producing a document that leaves the service (attendance attestation,
// referral sheet, exit report, co-constructed report) through the core's one path, the log of
// what left (the case file's Disclosures tab), the consent screen, and the exit report and
// co-constructed report editors. It follows the case file the DossierController has open. Every
// call to the core's disclosure functions goes through disclosure_port; every refusal shown is
// the core's one sentence. Thread-safety: UI thread only.
#pragma once

#include <string>

#include "app_context.h"
#include "disclosure_intents.h"
#include "disclosure_model.h"
#include "disclosure_port.h"
#include "dossier_controller.h"
#include "i18n.h"

namespace passerelle::ui {

class DisclosureController {
 public:
  DisclosureController(AppContext& app, const I18n& i18n, DossierController& dossier)
      : app_(app), i18n_(i18n), dossier_(dossier) {}

  const DisclosureModel& model() const { return model_; }
  void Apply(const DisclosureIntent& intent);
  // Follows the case file the dossier feature has open: reads its log (and drops the dialog)
  // when it changed; `force` reads again anyway (after a sync import, on showing the case file).
  void Follow(bool force = false);
  // The folder where produced documents are written (beside the vault).
  std::string OutputDir() const;
  // Saves the report being written, if any (leaving its editor, locking).
  void SaveDrafts();
  void Wipe() { model_.Wipe(); }

 private:
  void On(const intent::OpenDisclosure&);
  void On(const intent::SetDisclosureRecipient&);
  void On(const intent::SetDisclosureLanguage&);
  void On(const intent::SetDisclosurePeriod&);
  void On(const intent::ToggleDisclosureField&);
  void On(const intent::PreviewDisclosure&);
  void On(const intent::ConfirmDisclosure&);
  void On(const intent::CloseDisclosure&);
  void On(const intent::OpenExitReport&);
  void On(const intent::SetExitReportSection&);
  void On(const intent::SaveExitReport&);
  void On(const intent::OpenCoReport&);
  void On(const intent::SetCoReportPassage&);
  void On(const intent::MarkPersonWords&);
  void On(const intent::AddCoReportPassage&);
  void On(const intent::RemoveCoReportPassage&);
  void On(const intent::SetAgreementDate&);
  void On(const intent::SetAgreementHow&);
  void On(const intent::RecordAgreement&);
  void On(const intent::SaveCoReport&);
  void On(const intent::OpenConsents&);
  void On(const intent::ShowDossierTab& i) { app_.ui().dossier_tab = i.tab; }

  bool Ready();  // unlocked, with a case file open and followed
  void LoadLog();
  void LoadConsents();
  void DropPreview();
  disclosure_port::Ask CurrentAsk() const;
  bool SaveExit();
  bool SaveCo();

  AppContext& app_;
  const I18n& i18n_;
  DossierController& dossier_;
  DisclosureModel model_;
};

}  // namespace passerelle::ui
