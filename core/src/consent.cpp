// The consent rule (consent.h): the one function every sharing and disclosure path calls.
#include "passerelle/core/consent.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "passerelle/core/case_files.h"
#include "passerelle/core/model.h"
#include "passerelle/core/organisation.h"
#include "passerelle/platform/utf8.h"

namespace passerelle::core {
namespace {

// The ConsentScopes() vocabulary, in the enum's order (checked by core_consent_test).
constexpr std::array<std::string_view, 5> kScopeIds = {"attendance", "referral", "shared_notes", "exit_report",
                                                       "co_report"};

// What the refusal says the recipient would have received.
std::string_view ScopeWords(DisclosureScope scope) {
  switch (scope) {
    case DisclosureScope::kAttendance: return "attendance facts";
    case DisclosureScope::kReferral: return "a referral";
    case DisclosureScope::kSharedNotes: return "shared notes";
    case DisclosureScope::kExitReport: return "the exit report";
    case DisclosureScope::kCoReport: return "the co-constructed report";
  }
  return "information";
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// Partner names as workers type them: case and surrounding spaces do not make another partner.
std::string Folded(std::string_view s) {
  std::string out = Trimmed(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) (void)platform::utf8::DecodeNext(s, i);
  return n;
}

// The consent in force for one of `names` and `scope` on `date`, if any (the earliest given).
const Consent* ConsentInForce(const DossierDetail& d, const std::vector<std::string>& names, std::string_view scope,
                              const std::string& date) {
  const Consent* best = nullptr;
  for (const auto& c : d.consents) {
    if (c.scope != scope || !c.ActiveOn(date)) continue;
    if (std::find(names.begin(), names.end(), Folded(c.partner)) == names.end()) continue;
    if (best == nullptr || c.given_on < best->given_on) best = &c;
  }
  return best;
}

Status CheckDate(std::string_view date) {
  if (!IsValidDate(date)) return InvalidInput("The date " + QuotedForMessage(date) + " is not a date of the form YYYY-MM-DD.");
  return Status::Ok();
}

}  // namespace

std::string_view DisclosureScopeId(DisclosureScope scope) { return kScopeIds[static_cast<size_t>(scope)]; }

std::optional<DisclosureScope> ParseDisclosureScope(std::string_view id) {
  for (size_t i = 0; i < kScopeIds.size(); ++i)
    if (kScopeIds[i] == id) return static_cast<DisclosureScope>(i);
  return std::nullopt;
}

Result<DisclosureBasis> CheckDisclosureBasis(Vault& v, std::string_view dossier_id, std::string_view recipient,
                                             DisclosureScope scope, std::string_view on_date,
                                             std::optional<std::string> necessity_reason) {
  PASSERELLE_RETURN_IF_ERROR(CheckDate(on_date));
  if (IsBlank(Trimmed(recipient))) return InvalidInput("Name the recipient: who would receive it?");
  std::optional<std::string> reason;
  if (necessity_reason) {
    reason = Trimmed(*necessity_reason);
    std::string why;
    if (!ValidateText("The reason", *reason, /*multi_line=*/true, kMaxLineCodePoints, kMaxLongTextBytes, &why))
      return InvalidInput(why);
    if (CodePoints(*reason) < kMinNecessityReasonChars)
      return Refused("An état de nécessité needs a written reason of at least " +
                     std::to_string(kMinNecessityReasonChars) + " characters saying why disclosing cannot wait for consent.");
  }
  PASSERELLE_ASSIGN_OR_RETURN(DossierDetail d, ShowDossier(v, std::string(dossier_id)));
  const std::string date(on_date);

  // Who the recipient is: the name as typed, and, when it names a verified organisation, that
  // organisation's name and id (a consent may name either).
  std::vector<std::string> names{Folded(recipient)};
  std::optional<OrganisationCard> org;
  if (auto found = FindRecipient(v, Trimmed(recipient)); found.ok()) {
    org = *found;
    names.push_back(Folded(org->name));
    names.push_back(Folded(org->id));
  } else if (found.status().code() != Code::kNotFound) {
    return found.status();
  }
  const std::string display = org ? org->name : Trimmed(recipient);

  if (const Consent* c = ConsentInForce(d, names, DisclosureScopeId(scope), date)) {
    DisclosureBasis b;
    b.kind = BasisKind::kConsent;
    b.consent_id = c->id;
    b.consent_given_on = c->given_on;
    return b;
  }
  // 003 §7.C: under a judicial mandate, reporting attendance to the maison de justice that
  // follows it is part of the framework; nothing else is.
  if (scope == DisclosureScope::kAttendance && d.summary.dossier.basis == "mandate" && org &&
      org->kind == OrganisationKind::kMaisonDeJustice) {
    DisclosureBasis b;
    b.kind = BasisKind::kMandate;
    b.mandate_text = "Judicial mandate: attendance facts are reported to " + org->name +
                     " as part of the mandate, without a separate consent.";
    if (!IsBlank(d.summary.dossier.mandate_conditions))
      b.mandate_text += " Conditions: " + d.summary.dossier.mandate_conditions;
    return b;
  }
  if (reason) {
    DisclosureBasis b;
    b.kind = BasisKind::kNecessity;
    b.necessity_reason = *reason;
    return b;
  }
  return Refused("No consent in force lets " + display + " receive " + std::string(ScopeWords(scope)) +
                 " for this dossier on " + date + ".");
}

Status CheckNoteSharing(Vault& v, const std::string& dossier_id, const std::string& scope, const std::string& partner,
                        const std::string& date) {
  if (scope != "partner") return Status::Ok();
  if (IsBlank(partner)) return InvalidInput("A note shared with a partner must name the partner.");
  return CheckDisclosureBasis(v, dossier_id, partner, DisclosureScope::kSharedNotes, date).status();
}

Status CheckConsentInForce(const Vault& v, const std::string& dossier_id, const std::string& partner,
                           const std::string& scope, const std::string& date) {
  auto parsed = ParseDisclosureScope(scope);
  if (!parsed) return Internal("Unknown consent scope " + QuotedForMessage(scope) + ".");
  // The rule only reads; the Vault& the one check takes is for its clock and lazy organisation.
  auto basis = CheckDisclosureBasis(const_cast<Vault&>(v), dossier_id, partner, *parsed, date);
  if (!basis.ok()) return basis.status();
  if (basis->kind != BasisKind::kConsent)
    return Refused("No consent in force lets " + partner + " receive this for this dossier on " + date + ".");
  return Status::Ok();
}

}  // namespace passerelle::core
