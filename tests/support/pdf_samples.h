// Sample documents for the PDF renderer's tests and benchmark: an attendance attestation for a
// year of weekly visits in French or Dutch, and a long access copy. Plain data, no vault.
#pragma once

#include <string>
#include <vector>

#include "passerelle/platform/pdf/document.h"

namespace passerelle::testing {

inline platform::pdf::Document SampleAttestation(const std::string& language, int weeks = 52) {
  using platform::pdf::Block;
  using K = Block::Kind;
  const bool fr = language != "nl";
  platform::pdf::Document d;
  d.language = language;
  d.title = fr ? "Attestation de présence" : "Aanwezigheidsattest";
  d.header = fr ? std::vector<std::pair<std::string, std::string>>{
                      {"Service", "CAPREV Bruxelles — Service d’aide aux justiciables"},
                      {"Destinataire", "Maison de justice de Mons (assistante de justice Mme Hélène Dubœuf)"},
                      {"Base légale", "Mandat judiciaire : conditions fixées par le TAP le 12 mars 2026"},
                      {"Date", "4 décembre 2026"}}
                : std::vector<std::pair<std::string, std::string>>{
                      {"Dienst", "CAW Brabantia — Justitieel Welzijnswerk"},
                      {"Ontvanger", "Justitiehuis Antwerpen (justitieassistent Zoë Van Daële)"},
                      {"Rechtsgrond", "Toestemming c-77 gegeven op 3 februari 2026"},
                      {"Datum", "4 december 2026"}};
  d.blocks.push_back({K::kHeading, "", fr ? "Personne suivie" : "Gevolgde persoon", {}});
  d.blocks.push_back({K::kField, fr ? "Nom" : "Naam", fr ? "Élodie Lefèvre-Çakır" : "Jeroen Coëme", {}});
  d.blocks.push_back({K::kField, fr ? "Période" : "Periode",
                      fr ? "du 1er janvier au 31 décembre 2026" : "van 1 januari tot 31 december 2026", {}});
  d.blocks.push_back({K::kHeading, "", fr ? "Entretiens et présence" : "Gesprekken en aanwezigheid", {}});
  d.blocks.push_back({K::kTableHeader, "", "", fr ? std::vector<std::string>{"Date", "Type d’entretien", "Présence"}
                                                  : std::vector<std::string>{"Datum", "Soort gesprek", "Aanwezigheid"}});
  const std::vector<std::string> outcomes_fr{"présent", "absence justifiée", "entretien en vain", "présent"};
  const std::vector<std::string> outcomes_nl{"aanwezig", "geëxcuseerde afwezigheid", "vergeefs gesprek", "aanwezig"};
  for (int w = 0; w < weeks; ++w) {
    const int day_of_year = 5 + 7 * w;  // a Monday each week
    static constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int month = 0, day = day_of_year;
    while (month < 11 && day > kMonthDays[month]) day -= kMonthDays[month++];
    const std::string date = std::string(day < 10 ? "0" : "") + std::to_string(day) + (month < 9 ? "/0" : "/") +
                             std::to_string(month + 1) + "/2026";
    const size_t o = static_cast<size_t>(w) % 4;
    d.blocks.push_back({K::kTableRow, "", "",
                        {date, fr ? (w % 5 == 0 ? "tripartite" : "individuel") : (w % 5 == 0 ? "tripartiet" : "individueel"),
                         fr ? outcomes_fr[o] : outcomes_nl[o]}});
  }
  d.blocks.push_back({K::kParagraph, "",
                      fr ? "Cette attestation ne mentionne que les faits de présence prévus par le protocole (§7.C) ; "
                           "le contenu des entretiens n’est jamais communiqué."
                         : "Dit attest vermeldt enkel de aanwezigheidsfeiten die het protocol toelaat (§7.C); "
                           "de inhoud van de gesprekken wordt nooit meegedeeld. Reïntegratie blijft vertrouwelijk.",
                      {}});
  d.footer = fr ? "Code de vérification : 7K3Q-9XPA-M2DE-4HRT" : "Verificatiecode: 7K3Q-9XPA-M2DE-4HRT";
  d.page_label = fr ? "Page {page} sur {pages}" : "Pagina {page} van {pages}";
  d.created_at = "2026-12-04T10:15:00Z";
  d.author = fr ? "CAPREV Bruxelles" : "CAW Brabantia";
  return d;
}

// About `pages` pages of mixed blocks (headings, fields, paragraphs, the person's words, notices):
// the shape of a person's own copy of their file.
inline platform::pdf::Document SampleLongDocument(int pages = 20) {
  using platform::pdf::Block;
  using K = Block::Kind;
  platform::pdf::Document d;
  d.language = "fr";
  d.title = "Copie de votre dossier (droit d’accès, RGPD art. 15)";
  d.header = {{"Service", "CAPREV Bruxelles"}, {"Destinataire", "Élodie Lefèvre-Çakır"}, {"Date", "4 décembre 2026"}};
  const std::string paragraph =
      "Entretien au sein de l’établissement pénitentiaire de Haren : nous avons fait le point sur la "
      "demande de logement auprès de l’AIS, la mutuelle et le RIS au CPAS. La personne souhaite reprendre "
      "une formation qualifiante ; les freins identifiés sont la dette locative et l’absence de carte "
      "d’identité. Prochaine étape : rendez-vous avec Bruxelles Formation à la sortie. ";
  for (int section = 0; section < pages * 10 / 3; ++section) {
    d.blocks.push_back({K::kHeading, "", "Entretien n° " + std::to_string(section + 1) + " — évaluation et suivi", {}});
    d.blocks.push_back({K::kField, "Date", "12/03/2026", {}});
    d.blocks.push_back({K::kField, "Lieu", "Prison de Haren, local des services externes", {}});
    d.blocks.push_back({K::kParagraph, "", paragraph + paragraph, {}});
    d.blocks.push_back({K::kPersonWords, "Vos mots, le 12/03/2026",
                        "« Je veux un logement à moi et retrouver un travail, même à mi-temps. »", {}});
    if (section % 7 == 0) d.blocks.push_back({K::kNotice, "", "Communiqué sous état de nécessité : risque grave et imminent.", {}});
  }
  d.footer = "Code de vérification : 7K3Q-9XPA-M2DE-4HRT";
  d.page_label = "Page {page} sur {pages}";
  d.created_at = "2026-12-04T10:15:00Z";
  d.author = "CAPREV Bruxelles";
  return d;
}

}  // namespace passerelle::testing
