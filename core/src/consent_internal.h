// The consent rule's two enforcement points inside the core (consent.h is the rule itself):
// Vault::Apply checks every local change of a note's scope or partner, and the sync outbox holds
// back partner notes whose consent is no longer in force.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "passerelle/core/op.h"
#include "passerelle/core/vault.h"

namespace passerelle::core::consent_internal {

// For the local ops of one Apply call (id.replica == 0): every note whose scope or partner they
// set is checked as the batch leaves it (its current row overlaid with the batch's values) by
// CheckNoteSharing, on the vault's today. Merged remote ops are not re-checked: the colleague's
// device checked them when they were made, and refusing them would split the team's replicas.
Status CheckLocalNoteSharing(Vault& v, const std::vector<Op>& ops);

// The notes whose scope is "partner" and that no shared_notes consent in force on `date` covers
// (withdrawn, expired, never given, or the dossier is gone): none of their content may leave the
// device (SyncStore::OutboxFor holds them back as it holds private notes).
Result<std::set<std::string>> PartnerNotesWithoutBasis(Vault& v, const std::string& date);

}  // namespace passerelle::core::consent_internal
