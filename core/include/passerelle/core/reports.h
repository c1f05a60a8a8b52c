// The reports a worker writes in a dossier and may later disclose: the exit report (RAN paper 004)
// and the co-constructed report (written with the person; their own words marked as theirs).
// Both are ordinary records (model.h descriptors, written through Vault::Apply, synced within the
// service, in the canonical dump). Each write validates first and makes one Apply call; nothing is
// written on bad input. Leaving the service is disclosure.h's business, never this file's.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/case_files.h"
#include "passerelle/core/vault.h"

namespace passerelle::core {

// Seed 004's headings, in its order; each is a multi-line field of the exit_report record.
inline constexpr std::array<std::string_view, 6> kExitReportSections = {
    "residual_risk",          // remarks on any residual risk
    "service_strategies",     // strategies of the services involved
    "return_risk",            // assessment of the risk of return
    "self_assessment_plan",   // the person's self-assessment plan
    "concerning_behaviours",  // main concerning behaviours, with the person's own strategies
    "help_and_contact",       // where the person can get help and how to re-contact the staff
};

struct ExitReport {
  std::string id, dossier_id, author, created_at;
  std::array<std::string, kExitReportSections.size()> sections;  // in kExitReportSections order
  const std::string& Section(std::string_view name) const;
};

// Creates the dossier's exit report with these sections, or updates the one it has (a dossier has
// one: if two devices created one concurrently, the oldest is kept as "the" report). Keys of
// `sections` are kExitReportSections names; "" clears a section. Returns the report's id.
Result<std::string> SetExitReport(Vault& v, const std::string& dossier_id, const FieldValues& sections);
// The dossier's exit report, nullopt when none was written.
Result<std::optional<ExitReport>> GetExitReport(const Vault& v, const std::string& dossier_id);

// Whose words a passage of a co-constructed report is: the person's own, or the worker's.
inline constexpr std::string_view kVoicePerson = "person";
inline constexpr std::string_view kVoiceWorker = "worker";

struct CoReportPassage {
  std::string id, report_id, voice, text, position;
};
struct CoReport {
  std::string id, dossier_id, title, author, created_at;
  std::string agreed_on;      // the date the person agreed to the report as written ("" = not yet)
  std::string agreement_how;  // agreement_ways(): signed, oral, written
  std::string agreed_hash;    // PassagesHash() of the passages the person agreed to
  std::vector<CoReportPassage> passages;  // in reading order
  // True when the person agreed to the passages exactly as they stand now: an edit after the
  // agreement needs a new one before the report can leave the service.
  bool AgreementCurrent() const;
};

// The hash the agreement is tied to: every passage's voice and text, in order (hex BLAKE2b).
std::string PassagesHash(const std::vector<CoReportPassage>& passages);

// Requires dossier_id; title optional. Returns the report id.
Result<std::string> AddCoReport(Vault& v, const FieldValues& fields);
// Appends a passage ("person" or "worker" voice, non-blank text). Returns the passage id.
Result<std::string> AddCoReportPassage(Vault& v, const std::string& report_id, const std::string& voice,
                                       const std::string& text);
// Records the person's agreement to the report as it stands: date (typed or ISO) and how given.
Status RecordCoReportAgreement(Vault& v, const std::string& report_id, const std::string& date,
                               const std::string& how);
Result<std::vector<CoReport>> ListCoReports(const Vault& v, const std::string& dossier_id);
Result<CoReport> GetCoReport(const Vault& v, const std::string& report_id);

}  // namespace passerelle::core
