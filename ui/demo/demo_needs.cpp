#include "demo_needs.h"

#include "passerelle/core/case_files.h"
#include "passerelle/core/needs.h"

namespace passerelle::demo {

Status SeedNeeds(core::Vault& vault, const std::string& dossier, const std::string& housing, bool nl, size_t index) {
  PASSERELLE_RETURN_IF_ERROR(
      core::SetPlanItemSuggestions(vault, housing, {"housing.barrier.emergency_bed", "housing.lever.plan_from_detention"}));
  auto item = [&](const char* domain, const char* stage, const char* fr, const char* nl_goal, const char* status,
                  std::vector<std::string> picks) {
    return core::AddPlanItem(vault, {{"dossier_id", dossier}, {"domain", domain}, {"stage", stage},
                                     {"goal", nl ? nl_goal : fr}, {"status", status}},
                             picks);
  };
  PASSERELLE_RETURN_IF_ERROR(item("addiction", "stabilisation_transition", "Reprendre le suivi en assuétudes",
                                  "Opvolging verslaving hervatten", "in_progress", {"addiction.lever.cure_at_release"})
                                 .status());
  PASSERELLE_RETURN_IF_ERROR(item("justice", "identity_worldview", "Travail biographique sur son parcours",
                                  "Biografisch werk over het eigen traject", "planned", {})
                                 .status());
  PASSERELLE_ASSIGN_OR_RETURN(auto family,
                              item("family_social_network", "social_reintegration", "Renouer avec sa sœur",
                                   "Opnieuw contact met zijn zus", "planned",
                                   {"family_social_network.barrier.visits_restricted"}));
  PASSERELLE_RETURN_IF_ERROR(item("employment", "social_reintegration", "Formation qualifiante puis emploi",
                                  "Kwalificerende opleiding, dan werk", "on_hold", {"employment.barrier.criminal_record"})
                                 .status());
  // The sister, minimal; for the first person she is also followed in a file of her own.
  core::FieldValues sister{{"dossier_id", dossier}, {"name", nl ? "Els (fictief)" : "Samira (fictive)"},
                           {"relation", "sibling"}, {"contact_consent", "agrees"},
                           {"contact_by", nl ? "De referent, na akkoord" : "La référente, après accord"}};
  if (index == 0) {
    // A person record with no detention status (the demo keeps its five case files).
    PASSERELLE_ASSIGN_OR_RETURN(auto own, core::AddPerson(vault, {{"name", "Samira (fictive) B."}, {"language", "fr"}}));
    sister["person_id"] = own;
  }
  PASSERELLE_RETURN_IF_ERROR(core::AddRelative(vault, sister, {family}).status());
  PASSERELLE_RETURN_IF_ERROR(core::AddRelative(vault, {{"dossier_id", dossier}, {"name", nl ? "Moeder (fictief)" : "Mère (fictive)"},
                                                       {"relation", "parent"}, {"contact_consent", "not_asked"}})
                                 .status());
  // For the first person, a history of three: the earliest by the référent before the handover
  // (an earlier one the worker can set beside the latest instead of the one before).
  if (index == 0)
    PASSERELLE_RETURN_IF_ERROR(
        core::AddAssessment(vault,
                            {{"dossier_id", dossier}, {"assessed_on", "2026-06-10"}, {"assessor", "Nadia (fictive) R."},
                             {"risk_summary", "Arrivée récente ; méfiance envers les services."},
                             {"next_assessment", "2026-09-07"}},
                            {{"housing", "high"}, {"social_admin_rights", "high"}, {"debts", "high"}, {"addiction", "high"},
                             {"mental_health", "moderate"}, {"family_social_network", "high"}})
            .status());
  // Two assessments to compare: needs eased where the plan moved on.
  PASSERELLE_RETURN_IF_ERROR(
      core::AddAssessment(vault,
                          {{"dossier_id", dossier}, {"assessed_on", "2026-09-07"}, {"instrument", nl ? "Eigen rooster van de dienst" : "Grille du service"},
                           {"risk_summary", nl ? "Weinig netwerk buiten; isolement in de cel." : "Peu de réseau dehors ; isolement en cellule."},
                           {"next_assessment", "2026-11-04"}},
                          {{"housing", "high"}, {"social_admin_rights", "high"}, {"debts", "moderate"}, {"addiction", "high"},
                           {"family_social_network", "moderate"}})
          .status());
  PASSERELLE_RETURN_IF_ERROR(
      core::AddAssessment(vault,
                          {{"dossier_id", dossier}, {"assessed_on", "2026-11-04"}, {"instrument", nl ? "Eigen rooster van de dienst" : "Grille du service"},
                           {"protective_factors", nl ? "Zus die hem steunt; gemotiveerd voor opleiding."
                                                     : "Sœur qui le soutient ; motivé pour une formation."},
                           {"risk_summary", nl ? "Laag risico; stabiel sinds de zomer." : "Risque faible ; stable depuis l'été."},
                           {"next_assessment", "2026-12-15"}},
                          {{"housing", "high"}, {"social_admin_rights", "moderate"}, {"debts", "moderate"}, {"addiction", "low"},
                           {"family_social_network", "low"}})
          .status());
  return Status::Ok();
}

}  // namespace passerelle::demo
