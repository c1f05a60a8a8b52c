#include "disclosure_controller.h"

#include <algorithm>

#include "passerelle/core/model.h"
#include "record_form.h"
#include "secret_text.h"

namespace passerelle::ui {
namespace {

void AddOnce(std::vector<std::string>& list, const std::string& name) {
  if (!name.empty() && std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
}

// The consent scope a document kind is disclosed under (ids of core ConsentScopes()).
const char* ScopeOf(DisclosureKind kind) { return DisclosureKindId(kind); }

}  // namespace

void DisclosureController::Apply(const DisclosureIntent& intent) {
  std::visit([this](const auto& i) { On(i); }, intent);
}

std::string DisclosureController::OutputDir() const {
  const std::string& path = app_.config().vault_path;
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash == 0 ? 1 : slash);
}

bool DisclosureController::Ready() {
  if (!app_.unlocked() || !dossier_.model().loaded()) return false;
  Follow();
  return true;
}

void DisclosureController::Follow(bool force) {
  if (!app_.unlocked()) return;
  const DossierModel& d = dossier_.model();
  if (!d.loaded()) return;
  if (!force && d.dossier_id() == model_.dossier_id_) return;
  if (d.dossier_id() != model_.dossier_id_) {
    model_.Wipe();
    model_.dossier_id_ = d.dossier_id();
  }
  WipeString(model_.person_name_);
  model_.person_name_ = d.summary().person.name;
  LoadLog();
  LoadConsents();
}

void DisclosureController::LoadLog() {
  auto log = disclosure_port::Log(app_.vault(), model_.dossier_id_);
  if (!log.ok()) return app_.Report(log.status(), "disclosure.log_failed");
  model_.log_ = std::move(log).value();
}

void DisclosureController::LoadConsents() {
  model_.consents_.clear();
  std::string today = app_.Today();
  for (const auto& c : dossier_.model().consents())
    model_.consents_.push_back({c.consent, ConsentStateOn(c.consent, today)});
}

void DisclosureController::DropPreview() {
  DisclosureDialog& d = model_.dialog_;
  d.preview.reset();
  WipeString(d.refusal);
  d.error_key.clear();
}

disclosure_port::Ask DisclosureController::CurrentAsk() const {
  const DisclosureDialog& d = model_.dialog_;
  disclosure_port::Ask ask;
  ask.kind = d.kind;
  ask.dossier_id = model_.dossier_id_;
  ask.recipient = d.recipient;
  if (d.kind == DisclosureKind::kAttendance) {
    ask.from_date = d.from_date;
    ask.to_date = d.to_date;
  }
  ask.referral_id = d.referral_id;
  if (d.kind == DisclosureKind::kReferral) ask.ticked_fields = d.ticked;
  ask.language = d.language;
  // The document's words in its own language, from the app's translations.
  ask.words = [this](std::string_view language, std::string_view key) -> std::string {
    for (std::string_view lang : {language, std::string_view("en")}) {
      const StringTable& table = i18n_.table(lang);
      if (auto it = table.find(key); it != table.end()) return it->second;
    }
    return std::string(key);
  };
  return ask;
}

// ---- the dialog --------------------------------------------------------------------------------

void DisclosureController::On(const intent::OpenDisclosure& i) {
  if (!Ready()) return;
  // A report leaves as it was last saved: save what is being typed first.
  if (i.kind == DisclosureKind::kExitReport && model_.exit_dirty_ && !SaveExit()) return;
  if (i.kind == DisclosureKind::kCoReport && model_.co_dirty_ && !SaveCo()) return;
  const DossierModel& dossier = dossier_.model();
  WipeStrings(model_.dialog_.recipients);
  model_.dialog_ = {};
  DisclosureDialog& d = model_.dialog_;
  d.kind = i.kind;
  d.language = app_.ui().language;
  if (i.kind == DisclosureKind::kReferral) {
    for (const auto& g : dossier.plan())
      for (const auto& e : g.entries)
        for (const auto& r : e.referrals)
          if (r.referral.id == i.referral_id) {
            d.referral_id = r.referral.id;
            d.referral_service = r.service_name.empty() ? r.referral.service_id : r.service_name;
          }
    if (d.referral_id.empty()) return app_.Inform("disclosure.no_referral");
    AddOnce(d.recipients, d.referral_service);
    d.tickable = disclosure_port::ReferralTickableFields();
  }
  // Partners named in this dossier's consents for this kind first, then the others, then the
  // organisations this service has verified: the core checks whichever is chosen.
  for (const auto& c : dossier.consents())
    if (c.consent.scope == ScopeOf(i.kind)) AddOnce(d.recipients, c.consent.partner);
  for (const auto& c : dossier.consents()) AddOnce(d.recipients, c.consent.partner);
  auto verified = disclosure_port::VerifiedRecipientNames(app_.vault());
  if (verified.ok())
    for (const auto& name : *verified) AddOnce(d.recipients, name);
  if (!d.recipients.empty()) d.recipient = d.recipients.front();
  if (i.kind == DisclosureKind::kAttendance) {
    d.from_date = dossier.summary().dossier.opened_on;
    d.to_date = app_.Today();
    d.from_text = FormatDateInput(d.from_date);  // shown as typed the Belgian way: 02/03/2026
    d.to_text = FormatDateInput(d.to_date);
  }
  d.open = true;
}

void DisclosureController::On(const intent::SetDisclosureRecipient& i) {
  DisclosureDialog& d = model_.dialog_;
  if (!d.open || d.done) return;
  if (std::find(d.recipients.begin(), d.recipients.end(), i.recipient) == d.recipients.end()) return;
  d.recipient = i.recipient;
  DropPreview();
}

void DisclosureController::On(const intent::SetDisclosureLanguage& i) {
  DisclosureDialog& d = model_.dialog_;
  if (!d.open || d.done || (i.language != "fr" && i.language != "nl" && i.language != "en")) return;
  d.language = i.language;
  DropPreview();
}

void DisclosureController::On(const intent::SetDisclosurePeriod& i) {
  DisclosureDialog& d = model_.dialog_;
  if (!d.open || d.done) return;
  std::string& text = i.end ? d.to_text : d.from_text;
  std::string& date = i.end ? d.to_date : d.from_date;
  WipeString(text);
  text = i.text.str();
  // Typed the Belgian way or ISO, read by the core's one date rule (as the record forms do).
  date = ParseDateInput(text);
  DropPreview();
  if (date.empty()) d.error_key = "disclosure.bad_date";
  else if (!d.from_date.empty() && !d.to_date.empty() && d.from_date > d.to_date) d.error_key = "disclosure.bad_period";
}

void DisclosureController::On(const intent::ToggleDisclosureField& i) {
  DisclosureDialog& d = model_.dialog_;
  if (!d.open || d.done || std::find(d.tickable.begin(), d.tickable.end(), i.field) == d.tickable.end()) return;
  auto it = std::find(d.ticked.begin(), d.ticked.end(), i.field);
  if (it == d.ticked.end()) d.ticked.push_back(i.field);
  else d.ticked.erase(it);
  DropPreview();
}

void DisclosureController::On(const intent::PreviewDisclosure&) {
  DisclosureDialog& d = model_.dialog_;
  if (!Ready() || !d.CanPreview()) return;
  DropPreview();
  auto preview = disclosure_port::Preview(app_.vault(), CurrentAsk());
  if (!preview.ok()) {
    d.refusal = preview.status().message();  // the core's one sentence, e.g. the missing consent
    return;
  }
  d.preview = std::move(preview).value();
}

void DisclosureController::On(const intent::ConfirmDisclosure&) {
  DisclosureDialog& d = model_.dialog_;
  if (!Ready() || !d.CanConfirm()) return;
  auto done = disclosure_port::Disclose(app_.vault(), CurrentAsk(), OutputDir());
  if (!done.ok()) {
    DropPreview();
    d.refusal = done.status().message();
    return;
  }
  d.done = std::move(done).value();
  LoadLog();
  app_.ui().dossier_tab = "disclosures";  // back on the case file, the log shows what just left
  app_.Inform("disclosure.done", d.done->pdf_path);
}

void DisclosureController::On(const intent::CloseDisclosure&) {
  WipeStrings(model_.dialog_.recipients);
  DropPreview();
  model_.dialog_ = {};
}

void DisclosureController::SaveDrafts() {
  if (!app_.unlocked() || !model_.loaded()) return;
  if (model_.exit_dirty_) SaveExit();
  if (model_.co_dirty_) SaveCo();
}

// ---- exit report -------------------------------------------------------------------------------

void DisclosureController::On(const intent::OpenExitReport&) {
  if (!Ready()) return;
  auto draft = disclosure_port::LoadExitReport(app_.vault(), model_.dossier_id_);
  if (!draft.ok()) return app_.Report(draft.status(), "disclosure.exit.load_failed");
  for (auto& [k, v] : model_.exit_.sections) WipeString(v);
  model_.exit_ = std::move(draft).value();
  // Every heading of 004, in order, even those not written yet.
  std::vector<std::pair<std::string, std::string>> sections;
  for (const auto& h : disclosure_port::ExitReportHeadings()) {
    std::string text;
    for (auto& [k, v] : model_.exit_.sections)
      if (k == h) text = std::move(v);
    sections.emplace_back(h, std::move(text));
  }
  model_.exit_.sections = std::move(sections);
  model_.exit_dirty_ = false;
  model_.editor_error_key_.clear();
  app_.ui().screen = Screen::kExitReport;
}

void DisclosureController::On(const intent::SetExitReportSection& i) {
  if (!app_.unlocked() || app_.ui().screen != Screen::kExitReport) return;
  for (auto& [k, v] : model_.exit_.sections)
    if (k == i.heading) {
      WipeString(v);
      v = i.text.str();
      model_.exit_dirty_ = true;
    }
}

bool DisclosureController::SaveExit() {
  auto id = disclosure_port::SaveExitReport(app_.vault(), model_.dossier_id_, model_.exit_);
  if (!id.ok()) {
    model_.editor_error_key_ = "disclosure.save_failed";
    model_.editor_error_detail_ = id.status().message();
    app_.Report(id.status(), "disclosure.save_failed");
    return false;
  }
  model_.exit_.id = *id;
  model_.exit_dirty_ = false;
  model_.editor_error_key_.clear();
  return true;
}

void DisclosureController::On(const intent::SaveExitReport&) {
  if (!Ready() || !model_.exit_dirty_) return;
  if (SaveExit()) app_.Inform("disclosure.saved");
}

// ---- co-constructed report ---------------------------------------------------------------------

void DisclosureController::On(const intent::OpenCoReport&) {
  if (!Ready()) return;
  auto draft = disclosure_port::LoadCoReport(app_.vault(), model_.dossier_id_);
  if (!draft.ok()) return app_.Report(draft.status(), "disclosure.co.load_failed");
  for (auto& p : model_.co_.passages) WipeString(p.text);
  model_.co_ = std::move(draft).value();
  if (model_.co_.passages.empty()) model_.co_.passages.push_back({});
  WipeString(model_.agreement_text_);
  model_.agreement_date_ = app_.Today();  // the agreement is usually given the day it is recorded
  model_.agreement_text_ = FormatDateInput(model_.agreement_date_);
  model_.agreement_how_.clear();
  model_.agreement_ways_ = disclosure_port::AgreementWays();
  model_.co_dirty_ = false;
  model_.editor_error_key_.clear();
  app_.ui().screen = Screen::kCoReport;
}

void DisclosureController::On(const intent::SetCoReportPassage& i) {
  if (!app_.unlocked() || i.index >= model_.co_.passages.size()) return;
  WipeString(model_.co_.passages[i.index].text);
  model_.co_.passages[i.index].text = i.text.str();
  model_.co_dirty_ = true;
}

void DisclosureController::On(const intent::MarkPersonWords& i) {
  if (!app_.unlocked() || i.index >= model_.co_.passages.size()) return;
  model_.co_.passages[i.index].person_words = i.person_words;
  model_.co_dirty_ = true;
}

void DisclosureController::On(const intent::AddCoReportPassage& i) {
  if (!app_.unlocked() || app_.ui().screen != Screen::kCoReport) return;
  model_.co_.passages.push_back({{}, {}, i.person_words});
  model_.co_dirty_ = true;
}

void DisclosureController::On(const intent::RemoveCoReportPassage& i) {
  if (!app_.unlocked() || i.index >= model_.co_.passages.size()) return;
  WipeString(model_.co_.passages[i.index].text);
  model_.co_.passages.erase(model_.co_.passages.begin() + static_cast<std::ptrdiff_t>(i.index));
  if (model_.co_.passages.empty()) model_.co_.passages.push_back({});
  model_.co_dirty_ = true;
}

void DisclosureController::On(const intent::SetAgreementDate& i) {
  if (!app_.unlocked()) return;
  WipeString(model_.agreement_text_);
  model_.agreement_text_ = i.text.str();
  model_.agreement_date_ = ParseDateInput(model_.agreement_text_);
  model_.editor_error_key_ =
      !model_.agreement_date_.empty() || model_.agreement_text_.empty() ? "" : "disclosure.bad_date";
}

void DisclosureController::On(const intent::SetAgreementHow& i) {
  if (!app_.unlocked()) return;
  auto ways = disclosure_port::AgreementWays();
  if (std::find(ways.begin(), ways.end(), i.how) == ways.end()) return;
  model_.agreement_how_ = i.how;
}

bool DisclosureController::SaveCo() {
  // Empty passages are the editor's blank lines, not part of the report.
  CoReportDraft draft = model_.co_;
  draft.passages.erase(std::remove_if(draft.passages.begin(), draft.passages.end(),
                                      [](const CoReportPassage& p) { return p.text.empty(); }),
                       draft.passages.end());
  auto id = disclosure_port::SaveCoReport(app_.vault(), model_.dossier_id_, draft);
  for (auto& p : draft.passages) WipeString(p.text);
  if (!id.ok()) {
    model_.editor_error_key_ = "disclosure.save_failed";
    model_.editor_error_detail_ = id.status().message();
    app_.Report(id.status(), "disclosure.save_failed");
    return false;
  }
  // Read back what the core holds: passage ids, and whether the agreement still covers them.
  auto saved = disclosure_port::LoadCoReport(app_.vault(), model_.dossier_id_);
  if (!saved.ok()) {
    app_.Report(saved.status(), "disclosure.co.load_failed");
    return false;
  }
  for (auto& p : model_.co_.passages) WipeString(p.text);
  model_.co_ = std::move(saved).value();
  if (model_.co_.passages.empty()) model_.co_.passages.push_back({});
  model_.co_dirty_ = false;
  model_.editor_error_key_.clear();
  return true;
}

void DisclosureController::On(const intent::SaveCoReport&) {
  if (!Ready() || !model_.co_dirty_) return;
  if (SaveCo()) app_.Inform("disclosure.saved");
}

void DisclosureController::On(const intent::RecordAgreement&) {
  if (!Ready()) return;
  if (model_.agreement_date_.empty() || model_.agreement_how_.empty()) {
    model_.editor_error_key_ = "disclosure.co.agreement_incomplete";
    return;
  }
  if ((model_.co_dirty_ || model_.co_.id.empty()) && !SaveCo()) return;
  Status st = disclosure_port::RecordAgreement(app_.vault(), model_.co_.id, model_.agreement_date_,
                                               model_.agreement_how_);
  if (!st.ok()) {
    model_.editor_error_key_ = "disclosure.co.agreement_refused";
    model_.editor_error_detail_ = st.message();
    return;
  }
  auto saved = disclosure_port::LoadCoReport(app_.vault(), model_.dossier_id_);
  if (!saved.ok()) return app_.Report(saved.status(), "disclosure.co.load_failed");
  for (auto& p : model_.co_.passages) WipeString(p.text);
  model_.co_ = std::move(saved).value();
  if (model_.co_.passages.empty()) model_.co_.passages.push_back({});
  model_.editor_error_key_.clear();
  app_.Inform("disclosure.co.agreement_recorded");
}

// ---- consents ----------------------------------------------------------------------------------

void DisclosureController::On(const intent::OpenConsents&) {
  if (!Ready()) return;
  dossier_.Reload();
  LoadConsents();
  app_.ui().screen = Screen::kConsents;
}

}  // namespace passerelle::ui
