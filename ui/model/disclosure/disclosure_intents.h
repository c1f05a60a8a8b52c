// The disclosure feature's intents, handled by DisclosureController. Pushed by the dialog that
// produces a document (disclosure_dialog_screen.cpp), the Disclosures tab and the plan's
// referral rows (dossier screen), the exit report and co-constructed report editors and the
// consent screen. Typed text may be case data: it travels as SecretText. Thread-safety: UI
// thread only.
#pragma once

#include <string>
#include <variant>

#include "disclosure_view.h"
#include "intents.h"
#include "secret_text.h"

namespace passerelle::ui {

namespace intent {
// The dialog: open for a kind (a referral sheet names the plan's referral), choose, preview, confirm.
struct OpenDisclosure { DisclosureKind kind = DisclosureKind::kAttendance; std::string referral_id; };
struct SetDisclosureRecipient { std::string recipient; };
struct SetDisclosureLanguage { std::string language; };
struct SetDisclosurePeriod { bool end = false; SecretText text; };  // end: the "to" date
struct ToggleDisclosureField { std::string field; };
struct PreviewDisclosure {};
struct ConfirmDisclosure {};
struct CloseDisclosure {};
// The editors and the consent screen (screens of their own, back to the case file).
struct OpenExitReport {};
struct SetExitReportSection { std::string heading; SecretText text; };
struct SaveExitReport {};
struct OpenCoReport {};
struct SetCoReportPassage { size_t index = 0; SecretText text; };
struct MarkPersonWords { size_t index = 0; bool person_words = false; };
struct AddCoReportPassage { bool person_words = false; };
struct RemoveCoReportPassage { size_t index = 0; };
struct SetAgreementDate { SecretText text; };
struct SetAgreementHow { std::string how; };
struct RecordAgreement {};  // saves the report, then records the agreement to it as it stands
struct SaveCoReport {};
struct OpenConsents {};
// Asks the case file to show one of its tabs ("disclosures"; "" once shown).
struct ShowDossierTab { std::string tab; };
}  // namespace intent

using DisclosureIntent =
    std::variant<intent::OpenDisclosure, intent::SetDisclosureRecipient, intent::SetDisclosureLanguage,
                 intent::SetDisclosurePeriod, intent::ToggleDisclosureField, intent::PreviewDisclosure,
                 intent::ConfirmDisclosure, intent::CloseDisclosure, intent::OpenExitReport,
                 intent::SetExitReportSection, intent::SaveExitReport, intent::OpenCoReport,
                 intent::SetCoReportPassage, intent::MarkPersonWords, intent::AddCoReportPassage,
                 intent::RemoveCoReportPassage, intent::SetAgreementDate, intent::SetAgreementHow,
                 intent::RecordAgreement, intent::SaveCoReport, intent::OpenConsents, intent::ShowDossierTab>;

namespace intent {
DisclosureIntent GroupOf(const AlternativeOf<DisclosureIntent> auto&);
}  // namespace intent

}  // namespace passerelle::ui
