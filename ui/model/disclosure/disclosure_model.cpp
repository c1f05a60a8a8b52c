#include "disclosure_model.h"

#include <algorithm>

#include "secret_text.h"

namespace passerelle::ui {

const char* DisclosureKindId(DisclosureKind kind) {
  switch (kind) {
    case DisclosureKind::kAttendance: return "attendance";
    case DisclosureKind::kReferral: return "referral";
    case DisclosureKind::kExitReport: return "exit_report";
    case DisclosureKind::kCoReport: return "co_report";
  }
  return "attendance";
}

ConsentView::State ConsentStateOn(const core::Consent& c, const std::string& today) {
  if (c.ActiveOn(today)) return ConsentView::State::kInForce;
  if (!c.withdrawn_on.empty() && c.withdrawn_on <= today) return ConsentView::State::kWithdrawn;
  if (!c.expires_on.empty() && c.expires_on < today) return ConsentView::State::kExpired;
  return ConsentView::State::kNotYetInForce;
}

const char* ConsentStateId(ConsentView::State state) {
  switch (state) {
    case ConsentView::State::kInForce: return "in_force";
    case ConsentView::State::kNotYetInForce: return "not_yet";
    case ConsentView::State::kExpired: return "expired";
    case ConsentView::State::kWithdrawn: return "withdrawn";
  }
  return "in_force";
}

bool DisclosureDialog::Ticked(const std::string& field) const {
  return std::find(ticked.begin(), ticked.end(), field) != ticked.end();
}

bool DisclosureDialog::CanPreview() const {
  if (!open || recipient.empty() || done) return false;
  if (kind == DisclosureKind::kAttendance) return !from_date.empty() && !to_date.empty() && from_date <= to_date;
  return true;
}

namespace {

void WipePreview(std::optional<PreviewView>& p) {
  if (!p) return;
  WipeString(p->title);
  for (auto& [k, v] : p->header) {
    WipeString(k);
    WipeString(v);
  }
  for (auto& b : p->blocks) {
    WipeString(b.label);
    WipeString(b.text);
    WipeStrings(b.cells);
  }
  WipeString(p->basis_sentence);
  p.reset();
}

}  // namespace

void DisclosureModel::Wipe() {
  WipeString(dossier_id_);
  WipeString(person_name_);
  for (auto& r : log_) {
    for (std::string* s : {&r.id, &r.at, &r.worker, &r.device, &r.recipient, &r.kind, &r.basis, &r.basis_text,
                           &r.consent_id, &r.content_hash})
      WipeString(*s);
    WipeStrings(r.field_categories);
  }
  log_.clear();
  for (auto& c : consents_)
    for (std::string* s : {&c.consent.id, &c.consent.dossier_id, &c.consent.partner, &c.consent.scope,
                           &c.consent.given_on, &c.consent.expires_on, &c.consent.withdrawn_on})
      WipeString(*s);
  consents_.clear();
  WipePreview(dialog_.preview);
  WipeStrings(dialog_.recipients);
  for (std::string* s : {&dialog_.recipient, &dialog_.referral_service, &dialog_.from_text, &dialog_.to_text,
                         &dialog_.refusal})
    WipeString(*s);
  dialog_ = {};
  for (auto& [k, v] : exit_.sections) WipeString(v);
  exit_ = {};
  exit_dirty_ = false;
  for (auto& p : co_.passages) WipeString(p.text);
  co_ = {};
  co_dirty_ = false;
  WipeString(agreement_text_);
  agreement_date_.clear();
  agreement_how_.clear();
  editor_error_key_.clear();
  WipeString(editor_error_detail_);
}

}  // namespace passerelle::ui
