#include "demo_exit_plan.h"

#include "passerelle/core/exit_plan.h"
#include "passerelle/core/team.h"

namespace passerelle::demo {

Status SeedExitPlan(core::Vault& vault, const std::string& dossier_id, bool dutch, size_t index) {
  // Fictional names; the services are real directory entries, named only as places to refer to.
  PASSERELLE_ASSIGN_OR_RETURN(
      auto aj, core::AddTeamMember(vault, {{"dossier_id", dossier_id},
                                           {"role", "justice_assistant"},
                                           {"name", dutch ? "Els (fictief) M." : "Marc (fictif) D."},
                                           {"organisation", dutch ? "Justitiehuis" : "Maison de justice"},
                                           {"contact", dutch ? "maandag en donderdag, via het justitiehuis"
                                                             : "lundi et jeudi, via la maison de justice"},
                                           {"responsible_for", dutch ? "Opvolging van de voorwaarden"
                                                                     : "Suivi des conditions de la libération"},
                                           {"since", "2026-03-02"}}));
  if (index == 1 || index == 4) return Status::Ok();  // a small team is a team too
  PASSERELLE_ASSIGN_OR_RETURN(
      auto housing, core::AddTeamMember(vault, {{"dossier_id", dossier_id},
                                                {"role", "partner_service"},
                                                {"name", "Housing First Belgium"},
                                                {"service_id", "housing-first-belgium"},
                                                {"responsible_for", dutch ? "Woning zoeken" : "Recherche de logement"},
                                                {"since", "2026-09-15"}}));
  PASSERELLE_ASSIGN_OR_RETURN(
      auto care, core::AddTeamMember(vault, {{"dossier_id", dossier_id},
                                             {"role", "care_contact"},
                                             {"name", dutch ? "Dr. (fictief) P." : "Dr (fictif) P."},
                                             {"organisation", "I.Care"},
                                             {"service_id", "i-care"},
                                             {"responsible_for", dutch ? "Behandeling na de vrijlating"
                                                                       : "Suivi du traitement après la sortie"},
                                             {"since", "2026-10-01"}}));
  PASSERELLE_RETURN_IF_ERROR(core::AddTeamMember(vault, {{"dossier_id", dossier_id},
                                                          {"role", "family_contact"},
                                                          {"name", dutch ? "Zus (fictief)" : "Sa sœur (fictive)"},
                                                          {"responsible_for", dutch ? "Eerste nachten, bed thuis"
                                                                                    : "Premières nuits, un lit chez elle"},
                                                          {"since", "2026-03-02"}})
                                 .status());
  // The référent changed hands once: the history shows it.
  PASSERELLE_RETURN_IF_ERROR(core::HandOverReferent(vault, dossier_id, dutch ? "An (fictief) P." : "Nadia (fictive) R.",
                                                    "2026-03-02")
                                 .status());
  PASSERELLE_RETURN_IF_ERROR(core::HandOverReferent(vault, dossier_id, vault.worker(), "2026-09-01").status());

  using F = core::FieldValues;
  PASSERELLE_RETURN_IF_ERROR(core::SetExitStep(vault, dossier_id, "identity_card", F{{"status", "done"}, {"member_id", aj}}));
  PASSERELLE_RETURN_IF_ERROR(
      core::SetExitStep(vault, dossier_id, "health_insurance", F{{"status", "in_progress"}, {"member_id", aj}}));
  PASSERELLE_RETURN_IF_ERROR(core::SetExitStep(vault, dossier_id, "social_income",
                                               F{{"status", "in_progress"}, {"commune", dutch ? "Gent" : "Forest"},
                                                 {"service_id", "type-cpas"}}));
  PASSERELLE_RETURN_IF_ERROR(core::SetExitStep(vault, dossier_id, "housing",
                                               F{{"status", "in_progress"}, {"member_id", housing},
                                                 {"housing_route", "transition_house"}, {"service_id", "housing-first-belgium"}}));
  PASSERELLE_RETURN_IF_ERROR(core::SetExitStep(vault, dossier_id, "care_appointment",
                                               F{{"member_id", care}, {"service_id", "i-care"}}));
  PASSERELLE_RETURN_IF_ERROR(core::SetExitStep(vault, dossier_id, "debt_mediation", F{{"status", "not_needed"}}));
  return core::SetCareHandover(vault, dossier_id,
                               {{"treatment_continues", "yes"},
                                {"treatment", dutch ? "Substitutiebehandeling, stabiele dosis (fictief)"
                                                    : "Traitement de substitution, dose stable (fictif)"},
                                {"prescriber", dutch ? "Wijkgezondheidscentrum (fictief)" : "Maison médicale du quartier (fictive)"},
                                {"first_appointment", index == 0 ? "2027-03-03" : "2027-01-08"},
                                {"service_id", "i-care"},
                                {"sharing_agreed", index == 0 ? "yes" : "not_asked"}});
}

}  // namespace passerelle::demo
