// The consent rule, in ONE place (protocol 003 §7.A–C): nothing of a dossier is shared with or
// sent to anyone outside the service without a basis in force on the day. Every path that makes
// data shareable (a note's scope or partner, changed by any command or screen: Vault::Apply
// checks every local change of a note's scope or partner) and every disclosure calls
// CheckDisclosureBasis. See docs/disclosures.md, "Consents".
// Thread-safety: as the Vault passed in.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "passerelle/core/vault.h"

namespace passerelle::core {

// The closed list of consent scopes (the ConsentScopes() vocabulary, in this order): attendance
// facts to a justice assistant, a referral's minimum, notes shared with a partner, the exit
// report, the co-constructed report, the care handover on a referral sheet (health data: issue 15
// part 6; it also needs the person's agreement recorded on the care handover, exit_plan.h).
enum class DisclosureScope { kAttendance, kReferral, kSharedNotes, kExitReport, kCoReport, kCareHandover };
// "attendance", "referral", "shared_notes", "exit_report", "co_report", "care_handover".
std::string_view DisclosureScopeId(DisclosureScope scope);
std::optional<DisclosureScope> ParseDisclosureScope(std::string_view id);

enum class BasisKind {
  kConsent,    // the person's consent for that recipient and scope, in force on the day
  kMandate,    // a judicial mandate: attendance facts to the maison de justice are part of it
  kNecessity,  // "état de nécessité": an explicit override with a written reason, shown in red and logged
};

struct DisclosureBasis {
  BasisKind kind = BasisKind::kConsent;
  std::string consent_id;        // kConsent
  std::string consent_given_on;  // kConsent
  std::string mandate_text;      // kMandate: says that the mandate is the basis, with its conditions
  std::string necessity_reason;  // kNecessity: the worker's words, trimmed
};

// The shortest written reason an "état de nécessité" override accepts (code points, trimmed).
inline constexpr size_t kMinNecessityReasonChars = 20;

// THE one consent check. OK with the basis when, on `on_date` (YYYY-MM-DD):
//   - the dossier holds a consent for `recipient` and `scope`, given, not expired, not withdrawn;
//     `recipient` is the consent's partner as the worker named it, or a recipient organisation
//     (id or name of a verified card: a consent naming the organisation's name or id matches);
//   - or the scope is attendance, the dossier's basis is a mandate and the recipient is a
//     verified maison de justice (kMandate: no separate consent is needed, and the basis says so);
//   - or `necessity_reason` is given (a written reason of at least kMinNecessityReasonChars):
//     kNecessity. A given reason that is blank or too short is refused even when a consent exists.
// A consent or mandate in force is preferred to a necessity override.
// Errors: kRefused with one sentence naming the missing consent ("No consent in force lets CAW
// Brabantia receive a referral for this dossier on 2026-12-04."); kInvalidInput for a bad date or
// dossier id; kNotFound for an unknown dossier.
Result<DisclosureBasis> CheckDisclosureBasis(Vault& v, std::string_view dossier_id, std::string_view recipient,
                                             DisclosureScope scope, std::string_view on_date,
                                             std::optional<std::string> necessity_reason = std::nullopt);

// The note rule built on it: a note whose scope is "partner" names the partner and has a
// shared_notes basis in force for them on `date` (consent only: no necessity override for notes);
// other scopes need nothing. Vault::Apply calls it for every local change of a note's scope or
// partner, so no command or screen can bypass it.
Status CheckNoteSharing(Vault& v, const std::string& dossier_id, const std::string& scope,
                        const std::string& partner, const std::string& date);

// Kept for callers written before CheckDisclosureBasis (same rule, consent only): OK when a
// consent for `partner` and `scope` (a ConsentScopes() id) is in force on `date`.
Status CheckConsentInForce(const Vault& v, const std::string& dossier_id, const std::string& partner,
                           const std::string& scope, const std::string& date);

}  // namespace passerelle::core
