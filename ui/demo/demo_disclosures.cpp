#include "demo_disclosures.h"

#include "passerelle/core/case_files.h"

#include "passerelle/core/disclosure.h"
#include "passerelle/core/reports.h"

namespace passerelle::demo {

Status SeedDisclosures(core::Vault& vault, const std::string& dossier, bool nl, bool referral_consent) {
  // The housing referral's service may receive a referral sheet until spring.
  if (referral_consent)
    PASSERELLE_RETURN_IF_ERROR(core::AddConsent(vault, {{"dossier_id", dossier}, {"partner", "Housing First Belgium"},
                                                        {"scope", "referral"}, {"given_on", "2026-10-05"},
                                                        {"expires_on", "2027-04-05"}})
                                   .status());
  // Notes shared with the justice assistant, until the person changed their mind.
  PASSERELLE_ASSIGN_OR_RETURN(auto shared, core::AddConsent(vault, {{"dossier_id", dossier},
                                                                    {"partner", "Maison de justice"},
                                                                    {"scope", "shared_notes"},
                                                                    {"given_on", "2026-06-01"}}));
  PASSERELLE_RETURN_IF_ERROR(core::WithdrawConsent(vault, shared, "2026-11-20"));
  PASSERELLE_RETURN_IF_ERROR(
      core::SetExitReport(vault, dossier,
                          {{"residual_risk", nl ? "Schulden bij de huisbaas; nog geen woning." : "Dettes de loyer ; pas encore de logement."},
                           {"service_strategies", nl ? "OCMW voor de huur, schuldhulpverlening, Housing First."
                                                     : "CPAS pour le loyer, médiation de dettes, Housing First."},
                           {"help_and_contact", nl ? "Bel de dienst op werkdagen; afspraak elke eerste maandag."
                                                   : "Appeler le service en semaine ; rendez-vous chaque premier lundi."}})
          .status());
  PASSERELLE_ASSIGN_OR_RETURN(auto report, core::AddCoReport(vault, {{"dossier_id", dossier}}));
  PASSERELLE_RETURN_IF_ERROR(core::AddCoReportPassage(vault, report, "worker",
                                                      nl ? "We bekeken samen de stappen naar een woning."
                                                         : "Nous avons repris ensemble les étapes vers un logement.")
                                 .status());
  PASSERELLE_RETURN_IF_ERROR(core::AddCoReportPassage(vault, report, "person",
                                                      nl ? "Ik wil opnieuw beginnen, dicht bij mijn zus."
                                                         : "Je veux repartir à zéro, près de ma sœur.")
                                 .status());
  PASSERELLE_RETURN_IF_ERROR(core::RecordCoReportAgreement(vault, report, "2026-11-04", "oral"));
  // One attestation already went to the justice assistant: the Disclosures tab shows it.
  core::DisclosureRequest attestation;
  attestation.kind = core::DocumentKind::kAttendance;
  attestation.dossier_id = dossier;
  attestation.recipient = "Maison de justice";
  attestation.from_date = "2026-03-02";
  attestation.to_date = "2026-11-30";
  attestation.language = nl ? "nl" : "fr";
  PASSERELLE_RETURN_IF_ERROR(core::Disclose(vault, attestation).status());
  return Status::Ok();
}

}  // namespace passerelle::demo
