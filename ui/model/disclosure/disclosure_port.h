// The field app's one door to the core's disclosure functions (core/disclosure.h, consent.h,
// organisation.h): every call the disclosure feature makes to them is in disclosure_port.cpp,
// converting the core's values to the plain ones of disclosure_view.h. The core decides what
// leaves, checks the consent and writes the log; this file only asks and copies the answer, so
// a change of the core's signatures is an edit here and nowhere else. Thread-safety: UI thread.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "disclosure_view.h"
#include "passerelle/core/vault.h"
#include "passerelle/platform/status.h"

namespace passerelle::ui::disclosure_port {

// What the worker asks for (core::DisclosureRequest).
struct Ask {
  DisclosureKind kind = DisclosureKind::kAttendance;
  std::string dossier_id;
  std::string recipient;            // a consent's partner as named, or a recipient organisation
  std::string from_date, to_date;   // attendance: the period (YYYY-MM-DD)
  std::string referral_id;          // referral sheet: the plan's referral
  std::vector<std::string> ticked_fields;  // referral sheet: what the worker ticked
  std::string language;             // the document's language (fr, nl, en)
  // The document's words in a language (the app's translations); the key itself when it has none.
  std::function<std::string(std::string_view language, std::string_view key)> words;
};

// Exactly what would leave; writes nothing. A refusal's message is the core's one sentence.
Result<PreviewView> Preview(core::Vault& vault, const Ask& ask);
// Discloses through the core's one path (consent check, allow-list, log entry in the same
// transaction) and writes the PDF (and the sealed packet, when one is produced) into `out_dir`.
Result<DisclosureDone> Disclose(core::Vault& vault, const Ask& ask, const std::string& out_dir);
// The disclosure log of one dossier, newest first.
Result<std::vector<LogRow>> Log(core::Vault& vault, const std::string& dossier_id);
// The recipient organisations this service has verified (names), for the recipient picker.
Result<std::vector<std::string>> VerifiedRecipientNames(core::Vault& vault);

// The fields a referral sheet may carry beyond the minimum, as the core's allow-list names them
// (the worker ticks among these; i18n "disclosure.field.<id>").
std::vector<std::string> ReferralTickableFields();
// The exit report's headings (seed 004) in order (i18n "disclosure.exit.<id>").
std::vector<std::string> ExitReportHeadings();
// How the person's agreement to a co-constructed report may be given (i18n
// "disclosure.co.how.<id>").
std::vector<std::string> AgreementWays();

Result<ExitReportDraft> LoadExitReport(core::Vault& vault, const std::string& dossier_id);
// Creates or updates the dossier's exit report; returns its id.
Result<std::string> SaveExitReport(core::Vault& vault, const std::string& dossier_id, const ExitReportDraft& draft);
Result<CoReportDraft> LoadCoReport(core::Vault& vault, const std::string& dossier_id);
// Creates the dossier's co-constructed report if it has none, then brings its passages to the
// draft's (new ones appended, changed ones updated, removed ones deleted); returns its id.
Result<std::string> SaveCoReport(core::Vault& vault, const std::string& dossier_id, const CoReportDraft& draft);
// Records the person's agreement (date YYYY-MM-DD, how: an AgreementWays() id) to the report as saved.
Status RecordAgreement(core::Vault& vault, const std::string& report_id, const std::string& date,
                       const std::string& how);

}  // namespace passerelle::ui::disclosure_port
