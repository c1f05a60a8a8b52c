// The sync index (schema v7, docs/sync.md "The sync index"): what the log holds, as counter ranges
// per origin replica (`sync_held`), and every op of a note that may not leave this device under
// the visibility rule (`sync_withheld`, with the notes in `sync_restricted_note`). Both are kept
// by the merge itself (Merger::FlushSyncIndex, in each Apply's transaction), so the outbox and
// `sync status` read what changed instead of the whole log and the whole note table.
//
// Since v14 a restricted note no other device can hold an op of (all made here while it was
// private) is "secret", and its ops are also kept as one aggregate row of ranges
// (`sync_secret_ops`): the outbox reads that row and the per-op rows of the other restricted
// notes only (a few), so its cost no longer grows with the number of private edits.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <map>
#include <span>
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
// Every op of a restricted note that is not secret (another device may hold some op of it, so
// rule 2 may send its scope ops), in key order.
Result<std::vector<WithheldOp>> LoadWithheld(sqlite3* db);
// Every op of the secret notes: no other device holds any of them, and none may leave.
Result<crdt::Knowledge> LoadSecret(sqlite3* db);
// The same as sorted, disjoint ranges per replica, for the outbox's sweeps (sync_store.cpp): no
// Knowledge built range by range (~1,500 ranges at a service's five years).
using RangeLists = std::map<crdt::ReplicaId, crdt::Knowledge::Ranges>;
Result<RangeLists> LoadSecretRanges(sqlite3* db);

// A set of op ids as bytes, for storage in one row (the secret ops; a peer's acknowledgement):
// varint n replicas, each: varint replica, varint n ranges, each: varint (first - end of the
// previous range), varint (last - first).
std::vector<uint8_t> EncodeKnowledge(const crdt::Knowledge& k);
Result<crdt::Knowledge> DecodeKnowledge(std::span<const uint8_t> bytes);
Result<RangeLists> DecodeRangeLists(std::span<const uint8_t> bytes);

// The part of the v14 migration SQL cannot do: the secret notes' ops into their aggregate row,
// and each peer's acknowledgement from its rows of ranges (`sync_peer_range`, then dropped) into
// its blob (`sync_peer.knowledge`).
Status AfterSecretNotesMigration(sqlite3* db);

// Problems for Vault::Check: the index differs from what the log and the notes say. Verify reads
// every op of the log once; it also gives the newest stamp it saw (nullopt for an empty log) in
// `newest_hlc`, so that Check does not read the log a second time for it.
Result<std::vector<std::string>> Verify(sqlite3* db, std::optional<uint64_t>* newest_hlc = nullptr);

}  // namespace passerelle::core::sync_index
