#include "forms_controller.h"

#include <algorithm>

namespace passerelle::ui {

void FormsController::Apply(const FormIntent& intent) {
  std::visit([this](const auto& i) { On(i); }, intent);
}

void FormsController::On(const intent::OpenForm& i) {
  if (!app_.unlocked() || i.kind == FormKind::kNone) return;
  const DossierModel& dossier = dossier_.model();
  std::vector<std::string> partners;
  if (i.kind != FormKind::kNewDossier) {
    if (!dossier.loaded()) return;  // a plan item or a consent belongs to the open dossier
    // The names already used, so a partner is spelt the same way in every consent (the note
    // scope matches consents by the partner's name).
    for (const auto& c : dossier.consents())
      if (std::find(partners.begin(), partners.end(), c.consent.partner) == partners.end())
        partners.push_back(c.consent.partner);
  }
  form_.Open(i.kind, i.kind == FormKind::kNewDossier ? std::string() : dossier.dossier_id(), app_.Today(), partners);
  app_.ui().form = i.kind;
}

void FormsController::On(const intent::SetFormField& i) {
  if (app_.unlocked() && form_.open()) form_.Set(i.field, i.value.str());
}

void FormsController::On(const intent::SubmitForm&) {
  if (!app_.unlocked() || !form_.open()) return;
  FormKind kind = form_.kind();
  auto created = form_.Submit(app_.vault());
  if (!created.ok()) return;  // the form stays open and says what to fix, or that saving failed
  form_.Close();
  app_.ui().form = FormKind::kNone;
  if (kind == FormKind::kNewDossier) {
    app_.Report(cases_.Load(), "error.load_failed");  // the list shows the new person
    dossier_.Open(*created);
    app_.Inform("form.created.dossier");
  } else {
    dossier_.Reload();
    app_.Inform(kind == FormKind::kNewPlanItem ? "form.created.plan_item" : "form.created.consent");
  }
}

void FormsController::On(const intent::CloseForm&) {
  form_.Close();
  app_.ui().form = FormKind::kNone;
}

}  // namespace passerelle::ui
