// What makes the demo's disclosure screens meaningful (issue 12): for one case file, consents the
// consent screen can explain (one in force for the referral's service, one withdrawn), an exit
// report being written, a co-constructed report the person agreed to, and a past attendance
// attestation in the log. Fictional, like the rest of the demo. `referral_consent`: also a
// consent in force for the housing referral's service (the first case file has none, so its
// visit editor offers one partner only, as the app tests expect).
#pragma once

#include <string>

#include "passerelle/core/vault.h"

namespace passerelle::demo {

Status SeedDisclosures(core::Vault& vault, const std::string& dossier_id, bool dutch, bool referral_consent);

}  // namespace passerelle::demo
