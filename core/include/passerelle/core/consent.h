// The consent rule, in one place: whatever is disclosed to a partner (a note shared with them,
// later attendance reports and referrals) needs the person's consent for that partner and purpose,
// in force on the day. Used by note creation, note updates, and the disclosures that follow.
#pragma once

#include <string>

#include "passerelle/core/vault.h"

namespace passerelle::core {

// OK when the dossier holds a consent to `partner` for `scope` (a consent scope: attendance,
// referral, shared_notes) that is in force on `date` (YYYY-MM-DD: given, not expired, not
// withdrawn). Otherwise kInvalidInput with one sentence naming the partner; errors reading the
// vault pass through.
Status CheckConsentInForce(const Vault& v, const std::string& dossier_id, const std::string& partner,
                           const std::string& scope, const std::string& date);

// The note rule built on it: a note whose scope is "partner" names the partner and has a
// shared_notes consent in force for them on `date`; other scopes need nothing.
Status CheckNoteSharing(const Vault& v, const std::string& dossier_id, const std::string& scope,
                        const std::string& partner, const std::string& date);

}  // namespace passerelle::core
