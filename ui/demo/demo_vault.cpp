#include "demo_vault.h"

#include "demo_disclosures.h"
#include "demo_exit_plan.h"
#include "demo_needs.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/directory.h"

#ifndef PASSERELLE_ASSETS_DIR
#define PASSERELLE_ASSETS_DIR "assets"
#endif

namespace passerelle::demo {

Result<std::unique_ptr<core::Vault>> CreateDemoVault(const std::string& path) {
  // Never deletes anything first: Vault::Create refuses a path where a vault (or its key) exists.
  core::VaultOptions opts;
  opts.kdf = core::KdfParams::LowCostForTests();
  opts.worker = "Camille Demo";
  opts.service = "SAJ Bruxelles (démo)";
  PASSERELLE_ASSIGN_OR_RETURN(auto v, core::Vault::Create(path, platform::SecureBuffer::FromString(kDemoPassphrase), opts));
  auto& vault = *v;

  struct DemoPerson {
    const char* name; const char* alias; const char* birth; const char* lang; const char* prison; const char* status;
    const char* release; const char* review; const char* hearing; const char* basis;
  };
  // Fictional people; establishments are real Belgian prisons, named only as places.
  const DemoPerson people[] = {
      {"Karim (fictif) B.", "K.B.", "1991-04-12", "fr", "Prison de Haren", "sentenced", "2027-03-01", "2026-11-15",
       "2027-01-20", "voluntary"},
      {"Joke (fictief) V.", "", "1985-09-30", "nl", "Gevangenis van Brugge", "sentence_modality", "2026-12-20",
       "2026-12-02", "", "mandate"},
      {"Mehdi (fictif) A.", "", "2002-01-05", "fr", "Prison de Lantin", "pretrial_detention", "", "2026-11-28", "",
       "voluntary"},
      {"Sarah (fictive) L.", "", "1979-06-21", "fr", "Prison de Mons", "conditional_release", "", "2026-12-10",
       "2027-02-03", "mandate"},
      {"Tom (fictief) D.", "", "1995-11-02", "nl", "Gevangenis van Antwerpen", "sentenced", "2027-06-30", "2026-12-18",
       "", "voluntary"},
  };
  for (const auto& p : people) {
    PASSERELLE_ASSIGN_OR_RETURN(auto person, core::AddPerson(vault, {{"name", p.name}, {"alias", p.alias},
                                                                      {"birth_date", p.birth}, {"language", p.lang},
                                                                      {"establishment", p.prison}, {"status", p.status}}));
    PASSERELLE_ASSIGN_OR_RETURN(
        auto dossier, core::AddDossier(vault, {{"person_id", person}, {"expected_release", p.release},
                                               {"next_review", p.review}, {"next_hearing", p.hearing},
                                               {"basis", p.basis}, {"opened_on", "2026-03-02"}}));
    bool nl = std::string(p.lang) == "nl";
    PASSERELLE_ASSIGN_OR_RETURN(
        auto visit, core::AddVisit(vault, {{"dossier_id", dossier}, {"date", "2026-11-04"}, {"place", p.prison},
                                           {"kind", "individual"}, {"outcome", "present"}},
                                   {"motivational_interviewing", "working_alliance"}));
    PASSERELLE_ASSIGN_OR_RETURN(
        auto note, core::AddNote(vault, {{"dossier_id", dossier}, {"visit_id", visit},
                                         {"body", nl ? "Gesprek in de bezoekzaal. Wil na vrijlating een woning zoeken "
                                                       "in Gent; vraagt hulp voor de identiteitskaart en het OCMW. "
                                                       "Schulden bij de huisbaas (± 2.400 €) – afspraak met "
                                                       "schuldhulpverlening voorstellen."
                                                     : "Entretien au parloir. Souhaite un logement à Bruxelles à la "
                                                       "sortie ; demande de l’aide pour la carte d’identité et le "
                                                       "CPAS. Dettes de loyer (± 2 400 €) : proposer un rendez-vous "
                                                       "au service de médiation de dettes. « Je veux repartir à "
                                                       "zéro » — ses mots."}},
                                 {"housing", "debts"}, {"motivational_interviewing"}));
    (void)note;
    PASSERELLE_ASSIGN_OR_RETURN(auto housing, core::AddPlanItem(vault, {{"dossier_id", dossier}, {"domain", "housing"},
                                                                       {"goal", nl ? "Woning vinden vóór vrijlating"
                                                                                   : "Trouver un logement avant la sortie"},
                                                                       {"status", "in_progress"},
                                                                       {"barriers", nl ? "Geen inkomen, wachtlijsten"
                                                                                       : "Pas de revenu, listes d’attente"},
                                                                       {"levers", nl ? "Steun van zus" : "Soutien de sa sœur"},
                                                                       {"due_date", "2027-01-31"}},
                                                                 {}, {"classic_social_work", "local_authorities"}));
    PASSERELLE_RETURN_IF_ERROR(
        core::AddReferral(vault, {{"plan_item_id", housing}, {"service_id", "housing-first-belgium"},
                                  {"status", "contacted"}}).status());
    PASSERELLE_RETURN_IF_ERROR(
        core::AddPlanItem(vault, {{"dossier_id", dossier}, {"domain", "social_admin_rights"},
                                  {"goal", nl ? "Identiteitskaart en ziekenfonds in orde" : "Carte d’identité et mutuelle en ordre"},
                                  {"status", "planned"}}).status());
    PASSERELLE_RETURN_IF_ERROR(core::AddConsent(vault, {{"dossier_id", dossier}, {"partner", "Maison de justice"},
                                                       {"scope", "attendance"}, {"given_on", "2026-03-02"}})
                                   .status());
    PASSERELLE_RETURN_IF_ERROR(SeedDisclosures(vault, dossier, nl, /*referral_consent=*/&p != &people[0]));
    PASSERELLE_RETURN_IF_ERROR(SeedExitPlan(vault, dossier, nl, static_cast<size_t>(&p - people)));
    PASSERELLE_RETURN_IF_ERROR(SeedNeeds(vault, dossier, housing, nl, static_cast<size_t>(&p - &people[0])));
  }
  // The bundled R.A.J. directory, so the referrals above resolve and the directory screen has data.
  // Without the asset files (an installed binary run elsewhere) the demo still opens, directory-less.
  auto directory = core::directory::ImportBundled(vault, core::directory::AssetsDir(PASSERELLE_ASSETS_DIR));
  if (!directory.ok() && directory.status().code() != Code::kNotFound) return directory.status();
  if (directory.ok() && directory->outcome != core::directory::ImportOutcome::kImported)
    return Internal("The bundled service directory did not import; run directory import --dry-run on it to see why.");
  return v;
}

}  // namespace passerelle::demo
