// The case file's intents (drawn by dossier_screen.cpp; the case list pushes OpenDossier too),
// handled by DossierController. Withdrawing a consent takes two taps: the first asks ("" cancels),
// the second withdraws it today. Thread-safety: UI thread only.
#pragma once

#include <string>
#include <variant>

#include "intents.h"

namespace passerelle::ui {

namespace intent {
struct OpenDossier { std::string dossier_id; };
struct AskWithdrawConsent { std::string consent_id; };
struct WithdrawConsent { std::string consent_id; };
// Issue 15: the Assessment tab sets this earlier assessment beside the latest ("" = the one before).
struct CompareAssessment { std::string assessment_id; };
}  // namespace intent

using DossierIntent =
    std::variant<intent::OpenDossier, intent::AskWithdrawConsent, intent::WithdrawConsent, intent::CompareAssessment>;

namespace intent {
DossierIntent GroupOf(const AlternativeOf<DossierIntent> auto&);
}  // namespace intent

}  // namespace passerelle::ui
