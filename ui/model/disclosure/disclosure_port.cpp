#include "disclosure_port.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "passerelle/platform/file.h"

#include "passerelle/core/case_files.h"
#include "passerelle/core/disclosure.h"
#include "passerelle/core/model.h"
#include "passerelle/core/organisation.h"
#include "passerelle/core/reports.h"

namespace passerelle::ui::disclosure_port {

std::vector<std::string> ExitReportHeadings() {
  return {core::kExitReportSections.begin(), core::kExitReportSections.end()};
}

std::vector<std::string> AgreementWays() {
  return {core::AgreementWays().values.begin(), core::AgreementWays().values.end()};
}

Result<std::vector<std::string>> VerifiedRecipientNames(core::Vault& vault) {
  PASSERELLE_ASSIGN_OR_RETURN(auto cards, core::VerifiedRecipients(vault));
  std::vector<std::string> names;
  for (const auto& c : cards) names.push_back(c.name);
  return names;
}

namespace {

core::DocumentKind CoreKind(DisclosureKind kind) {
  switch (kind) {
    case DisclosureKind::kAttendance: return core::DocumentKind::kAttendance;
    case DisclosureKind::kReferral: return core::DocumentKind::kReferral;
    case DisclosureKind::kExitReport: return core::DocumentKind::kExitReport;
    case DisclosureKind::kCoReport: return core::DocumentKind::kCoReport;
  }
  return core::DocumentKind::kAttendance;
}

core::DisclosureRequest Request(const Ask& ask) {
  core::DisclosureRequest r;
  r.kind = CoreKind(ask.kind);
  r.dossier_id = ask.dossier_id;
  r.recipient = ask.recipient;
  r.from_date = ask.from_date;
  r.to_date = ask.to_date;
  r.referral_id = ask.referral_id;
  r.ticked_fields = ask.ticked_fields;
  r.language = ask.language;
  if (ask.words) r.words = ask.words;
  return r;
}

PreviewBlock::Kind BlockKind(core::DocumentBlock::Kind k) {
  using K = core::DocumentBlock::Kind;
  switch (k) {
    case K::kTitle: return PreviewBlock::Kind::kTitle;
    case K::kHeading: return PreviewBlock::Kind::kHeading;
    case K::kParagraph: return PreviewBlock::Kind::kParagraph;
    case K::kField: return PreviewBlock::Kind::kField;
    case K::kPersonWords: return PreviewBlock::Kind::kPersonWords;
    case K::kNotice: return PreviewBlock::Kind::kNotice;
    case K::kTableRow: return PreviewBlock::Kind::kTableRow;
    case K::kTableHeader: return PreviewBlock::Kind::kTableHeader;
  }
  return PreviewBlock::Kind::kParagraph;
}

// A file name that says what the document is, when, and its code ("attendance-2026-12-04-7K3Q9XPA.pdf").
std::string FileStem(const Ask& ask, const std::string& code) {
  std::string safe;
  for (char c : code)
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) safe += c;
  return std::string(DisclosureKindId(ask.kind)) + "-" + safe;
}

}  // namespace

std::vector<std::string> ReferralTickableFields() {
  std::vector<std::string> out;
  for (auto f : core::ReferralOptionalFields()) out.emplace_back(f);
  return out;
}

Result<PreviewView> Preview(core::Vault& vault, const Ask& ask) {
  PASSERELLE_ASSIGN_OR_RETURN(auto p, core::PreviewDisclosure(vault, Request(ask)));
  PreviewView view;
  view.title = std::move(p.document.title);
  view.header = std::move(p.document.header);
  for (auto& b : p.document.blocks)
    view.blocks.push_back({BlockKind(b.kind), std::move(b.label), std::move(b.text), std::move(b.cells)});
  view.basis_sentence = std::move(p.basis_sentence);
  return view;
}

Result<DisclosureDone> Disclose(core::Vault& vault, const Ask& ask, const std::string& out_dir) {
  PASSERELLE_ASSIGN_OR_RETURN(auto r, core::Disclose(vault, Request(ask)));
  DisclosureDone done;
  done.log_entry_id = r.log_entry_id;
  done.verification_code = r.verification_code;
  std::string stem = out_dir + "/" + FileStem(ask, r.verification_code);
  done.pdf_path = stem + ".pdf";
  PASSERELLE_RETURN_IF_ERROR(platform::WriteFileAtomic(done.pdf_path, r.pdf));
  if (!r.packet.empty()) {
    done.packet_path = stem + ".packet";
    PASSERELLE_RETURN_IF_ERROR(platform::WriteFileAtomic(done.packet_path, r.packet));
  }
  return done;
}

Result<std::vector<LogRow>> Log(core::Vault& vault, const std::string& dossier_id) {
  PASSERELLE_ASSIGN_OR_RETURN(auto entries, core::DisclosureLog(vault, dossier_id));
  std::vector<LogRow> rows;
  for (auto& e : entries) {
    LogRow r;
    r.id = std::move(e.id);
    r.at = std::move(e.at);
    r.worker = std::move(e.worker);
    r.recipient = std::move(e.recipient);
    r.kind = std::move(e.kind);
    r.content_hash = std::move(e.content_hash);
    r.basis = std::move(e.basis);
    r.basis_text = std::move(e.basis_text);
    r.consent_id = std::move(e.consent_id);
    // The device is stored as its replica id: shown short, like the field history does.
    r.this_device = e.device == std::to_string(vault.replica());
    if (!r.this_device && !e.device.empty()) {
      char buf[8];
      unsigned long long replica = std::strtoull(e.device.c_str(), nullptr, 10);
      std::snprintf(buf, sizeof buf, "%04llx", replica & 0xFFFF);
      r.device = buf;
    }
    r.field_categories = std::move(e.field_categories);
    r.record_count = e.record_ids.size();
    r.basis_since_withdrawn = e.basis_since_withdrawn;
    rows.push_back(std::move(r));
  }
  return rows;
}

Result<ExitReportDraft> LoadExitReport(core::Vault& vault, const std::string& dossier_id) {
  PASSERELLE_ASSIGN_OR_RETURN(auto report, core::GetExitReport(vault, dossier_id));
  ExitReportDraft draft;
  for (size_t i = 0; i < core::kExitReportSections.size(); ++i)
    draft.sections.emplace_back(std::string(core::kExitReportSections[i]),
                                report ? report->sections[i] : std::string());
  if (report) draft.id = report->id;
  return draft;
}

Result<std::string> SaveExitReport(core::Vault& vault, const std::string& dossier_id, const ExitReportDraft& draft) {
  core::FieldValues sections;
  for (const auto& [heading, text] : draft.sections) sections[heading] = text;
  return core::SetExitReport(vault, dossier_id, sections);
}

namespace {
Result<std::optional<core::CoReport>> DossierCoReport(core::Vault& vault, const std::string& dossier_id) {
  PASSERELLE_ASSIGN_OR_RETURN(auto reports, core::ListCoReports(vault, dossier_id));
  if (reports.empty()) return std::optional<core::CoReport>();
  return std::optional<core::CoReport>(std::move(reports.front()));
}
}  // namespace

Result<CoReportDraft> LoadCoReport(core::Vault& vault, const std::string& dossier_id) {
  PASSERELLE_ASSIGN_OR_RETURN(auto report, DossierCoReport(vault, dossier_id));
  CoReportDraft draft;
  if (!report) return draft;
  draft.id = report->id;
  draft.agreement_current = report->AgreementCurrent();  // before the texts are moved out
  for (auto& p : report->passages)
    draft.passages.push_back({p.id, std::move(p.text), p.voice == core::kVoicePerson});
  draft.agreed_on = report->agreed_on;
  draft.agreement_how = report->agreement_how;
  return draft;
}

Result<std::string> SaveCoReport(core::Vault& vault, const std::string& dossier_id, const CoReportDraft& draft) {
  PASSERELLE_ASSIGN_OR_RETURN(auto report, DossierCoReport(vault, dossier_id));
  std::string id;
  if (report) {
    id = report->id;
  } else {
    PASSERELLE_ASSIGN_OR_RETURN(id, core::AddCoReport(vault, {{"dossier_id", dossier_id}}));
  }
  std::map<std::string, const core::CoReportPassage*> held;
  if (report)
    for (const auto& p : report->passages) held[p.id] = &p;
  for (const auto& p : draft.passages) {
    std::string voice(p.person_words ? core::kVoicePerson : core::kVoiceWorker);
    if (p.id.empty()) {
      PASSERELLE_RETURN_IF_ERROR(core::AddCoReportPassage(vault, id, voice, p.text).status());
      continue;
    }
    auto it = held.find(p.id);
    if (it == held.end()) continue;  // removed meanwhile (a colleague's edit merged): not revived
    if (it->second->text != p.text || it->second->voice != voice)
      PASSERELLE_RETURN_IF_ERROR(core::UpdateRecord(vault, p.id, {{"text", p.text}, {"voice", voice}}));
    held.erase(it);
  }
  for (const auto& [gone, passage] : held) PASSERELLE_RETURN_IF_ERROR(core::DeleteRecord(vault, gone));
  return id;
}

Status RecordAgreement(core::Vault& vault, const std::string& report_id, const std::string& date,
                       const std::string& how) {
  return core::RecordCoReportAgreement(vault, report_id, date, how);
}


}  // namespace passerelle::ui::disclosure_port
