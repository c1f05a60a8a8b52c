// The consent rule (consent.h): one function every disclosure path calls.
#include "passerelle/core/consent.h"

#include "passerelle/core/case_files.h"
#include "passerelle/core/model.h"

namespace passerelle::core {

Status CheckConsentInForce(const Vault& v, const std::string& dossier_id, const std::string& partner,
                           const std::string& scope, const std::string& date) {
  if (!ConsentScopes().Contains(scope)) return Internal("Unknown consent scope " + QuotedForMessage(scope) + ".");
  PASSERELLE_ASSIGN_OR_RETURN(auto detail, ShowDossier(v, dossier_id));
  for (const auto& c : detail.consents)
    if (c.partner == partner && c.scope == scope && c.ActiveOn(date)) return Status::Ok();
  const std::string what = scope == "shared_notes" ? "to share notes with "
                           : scope == "attendance" ? "to report attendance to "
                                                   : "to be referred to ";
  return InvalidInput("The person has not consented " + what + partner + ": record their consent first.");
}

Status CheckNoteSharing(const Vault& v, const std::string& dossier_id, const std::string& scope,
                        const std::string& partner, const std::string& date) {
  if (scope != "partner") return Status::Ok();
  if (IsBlank(partner)) return InvalidInput("A note shared with a partner must name the partner.");
  return CheckConsentInForce(v, dossier_id, partner, "shared_notes", date);
}

}  // namespace passerelle::core
