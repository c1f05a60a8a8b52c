// The demo vault's exit preparation (issue 15): a dossier team, the exit checklist's first steps
// and a care handover on the fictional case files. Thread-safety: as the Vault.
#pragma once

#include <string>

#include "passerelle/core/vault.h"

namespace passerelle::demo {

// `index`: which demo person (0 = Karim, release within 90 days: the most filled in).
Status SeedExitPlan(core::Vault& vault, const std::string& dossier_id, bool dutch, size_t index);

}  // namespace passerelle::demo
