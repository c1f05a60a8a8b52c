// The sync index (schema v7, docs/sync.md "The sync index"): what the log holds, as counter ranges
// per origin replica (`sync_held`), and every op of a note that may not leave this device under
// the visibility rule (`sync_withheld`, with the notes in `sync_restricted_note`). Both are kept
// by the merge itself (Merger::FlushSyncIndex, in each Apply's transaction), so the outbox and
// `sync status` read what changed instead of the whole log and the whole note table.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

#include "passerelle/core/crdt/knowledge.h"
#include "passerelle/platform/status.h"

namespace passerelle::core::sync_index {

// Every op id the log holds.
Result<crdt::Knowledge> LoadHeld(sqlite3* db);

struct WithheldOp {
  crdt::ReplicaId replica = 0;
  uint64_t counter = 0;
  int64_t note_ref = 0;
  bool scope = false;  // a change of the note's scope (visibility.h, rule 2)
};
// Every op of a note this device may not pass on (its scope is private), in key order.
Result<std::vector<WithheldOp>> LoadWithheld(sqlite3* db);

// Problems for Vault::Check: the index differs from what the log and the notes say.
Result<std::vector<std::string>> Verify(sqlite3* db);

}  // namespace passerelle::core::sync_index
