// What the disclosure screens show for the open case file: the Disclosures tab (the log of what
// left the service, newest first), the consent screen (each consent with its state today and
// what it lets leave), the dialog that produces a document (attendance attestation, referral
// sheet, exit report, co-constructed report: choose, preview exactly what will leave, confirm),
// and the exit report and co-constructed report editors. DisclosureController fills it through
// disclosure_port (the core decides and refuses; the model only holds the answer). Locking wipes
// it. Thread-safety: UI thread only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "disclosure_view.h"
#include "passerelle/core/case_files.h"

namespace passerelle::ui {

// A consent as the consent screen shows it. The state is read from the consent's own dates
// (core::Consent::ActiveOn decides "in force"); what it lets leave is the scope's plain words.
struct ConsentView {
  enum class State { kInForce, kNotYetInForce, kExpired, kWithdrawn };
  core::Consent consent;
  State state = State::kInForce;
};
ConsentView::State ConsentStateOn(const core::Consent& consent, const std::string& today);
const char* ConsentStateId(ConsentView::State state);  // "in_force", "not_yet", "expired", "withdrawn"

// The document being prepared. A preview is only ever of the current choices: any change drops
// it, so "Confirm" sends exactly what was last shown.
struct DisclosureDialog {
  bool open = false;
  DisclosureKind kind = DisclosureKind::kAttendance;
  std::string referral_id;       // referral sheet: the plan's referral
  std::string referral_service;  // its service, as the directory names it
  std::vector<std::string> recipients;  // offered: consent partners, verified organisations
  std::string recipient;
  std::string language;           // of the document
  std::string from_text, to_text; // the period as typed (attendance)
  std::string from_date, to_date; // ... and read (YYYY-MM-DD; "" when not a date)
  std::vector<std::string> tickable;  // referral sheet: fields the worker may add
  std::vector<std::string> ticked;
  std::optional<PreviewView> preview;
  std::string refusal;    // the core's one sentence (no consent in force, ...)
  std::string error_key;  // a choice the app cannot send as is (e.g. "disclosure.bad_period")
  std::optional<DisclosureDone> done;

  bool Ticked(const std::string& field) const;
  bool CanPreview() const;
  bool CanConfirm() const { return preview.has_value() && !done; }
};

class DisclosureModel {
 public:
  bool loaded() const { return !dossier_id_.empty(); }
  const std::string& dossier_id() const { return dossier_id_; }
  const std::string& person_name() const { return person_name_; }
  const std::vector<LogRow>& log() const { return log_; }
  const std::vector<ConsentView>& consents() const { return consents_; }
  const DisclosureDialog& dialog() const { return dialog_; }
  const ExitReportDraft& exit_report() const { return exit_; }
  bool exit_report_dirty() const { return exit_dirty_; }
  const CoReportDraft& co_report() const { return co_; }
  bool co_report_dirty() const { return co_dirty_; }
  const std::string& agreement_text() const { return agreement_text_; }  // the date as typed
  const std::string& agreement_date() const { return agreement_date_; }  // ... read ("" if not a date)
  const std::string& agreement_how() const { return agreement_how_; }
  const std::vector<std::string>& agreement_ways() const { return agreement_ways_; }  // the closed list
  const std::string& editor_error_key() const { return editor_error_key_; }
  const std::string& editor_error_detail() const { return editor_error_detail_; }
  void Wipe();

 private:
  friend class DisclosureController;
  std::string dossier_id_;
  std::string person_name_;
  std::vector<LogRow> log_;
  std::vector<ConsentView> consents_;
  DisclosureDialog dialog_;
  ExitReportDraft exit_;
  bool exit_dirty_ = false;
  CoReportDraft co_;
  bool co_dirty_ = false;
  std::string agreement_text_;
  std::string agreement_date_;
  std::string agreement_how_;
  std::vector<std::string> agreement_ways_;
  std::string editor_error_key_;
  std::string editor_error_detail_;
};

}  // namespace passerelle::ui
