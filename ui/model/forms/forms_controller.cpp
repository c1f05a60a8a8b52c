// AppController: the record forms (a person with their dossier, a plan item, a consent) and the
// withdrawal of a consent.
#include <algorithm>

#include "app_controller.h"
#include "passerelle/core/case_files.h"

namespace passerelle::ui {

void AppController::On(const intent::OpenForm& i) {
  if (!unlocked() || i.kind == FormKind::kNone) return;
  std::vector<std::string> partners;
  if (i.kind != FormKind::kNewDossier) {
    if (!dossier_.loaded()) return;  // a plan item or a consent belongs to the open dossier
    // The names already used, so a partner is spelt the same way in every consent (the note
    // scope matches consents by the partner's name).
    for (const auto& c : dossier_.consents())
      if (std::find(partners.begin(), partners.end(), c.consent.partner) == partners.end())
        partners.push_back(c.consent.partner);
  }
  form_.Open(i.kind, i.kind == FormKind::kNewDossier ? std::string() : dossier_.dossier_id(), Today(), partners);
  ui_.form = i.kind;
}

void AppController::On(const intent::SetFormField& i) {
  if (unlocked() && form_.open()) form_.Set(i.field, i.value.str());
}

void AppController::On(const intent::SubmitForm&) {
  if (!unlocked() || !form_.open()) return;
  FormKind kind = form_.kind();
  auto created = form_.Submit(*vault_);
  if (!created.ok()) return;  // the form stays open and says what to fix, or that saving failed
  form_.Close();
  ui_.form = FormKind::kNone;
  if (kind == FormKind::kNewDossier) {
    Report(cases_.Load(*vault_, Today()), "error.load_failed");  // the list shows the new person
    On(intent::OpenDossier{*created});
    Inform("form.created.dossier");
  } else {
    ReloadDossier();
    Inform(kind == FormKind::kNewPlanItem ? "form.created.plan_item" : "form.created.consent");
  }
}

void AppController::On(const intent::CloseForm&) {
  form_.Close();
  ui_.form = FormKind::kNone;
}

void AppController::On(const intent::AskWithdrawConsent& i) { ui_.withdraw_consent_id = i.consent_id; }

void AppController::On(const intent::WithdrawConsent& i) {
  // Only the consent the first tap asked about: a stray intent withdraws nothing.
  if (!unlocked() || i.consent_id.empty() || i.consent_id != ui_.withdraw_consent_id) return;
  ui_.withdraw_consent_id.clear();
  Status st = core::WithdrawConsent(*vault_, i.consent_id, Today());
  if (!st.ok()) return Report(st, "form.withdraw_failed");
  ReloadDossier();
  Inform("form.consent_withdrawn");
}

}  // namespace passerelle::ui
