#include "dossier_controller.h"

#include "passerelle/core/case_files.h"

namespace passerelle::ui {

void DossierController::Apply(const DossierIntent& intent) {
  std::visit([this](const auto& i) { On(i); }, intent);
}

void DossierController::Open(const std::string& dossier_id) {
  if (!app_.unlocked()) return;
  visit_.FlushNote();
  app_.ui().withdraw_consent_id.clear();
  app_.ui().compare_assessment.clear();
  Status st = model_.Load(app_.vault(), dossier_id, app_.Today(), names_.services(), names_.devices());
  if (!st.ok()) return app_.Report(st, "error.load_failed");
  app_.ui().screen = Screen::kDossier;
  // Issue 15: within 90 days of the release, the case file opens on its exit checklist.
  if (model_.exit_plan().checklist_first()) app_.ui().dossier_tab = "release";
}

void DossierController::Reload() {
  if (!app_.unlocked() || !model_.loaded()) return;
  std::string id = model_.dossier_id();
  app_.Report(model_.Load(app_.vault(), id, app_.Today(), names_.services(), names_.devices()), "error.load_failed");
}

void DossierController::On(const intent::WithdrawConsent& i) {
  // Only the consent the first tap asked about: a stray intent withdraws nothing.
  UiState& ui = app_.ui();
  if (!app_.unlocked() || i.consent_id.empty() || i.consent_id != ui.withdraw_consent_id) return;
  ui.withdraw_consent_id.clear();
  Status st = core::WithdrawConsent(app_.vault(), i.consent_id, app_.Today());
  if (!st.ok()) return app_.Report(st, "form.withdraw_failed");
  Reload();
  app_.Inform("form.consent_withdrawn");
}

}  // namespace passerelle::ui
