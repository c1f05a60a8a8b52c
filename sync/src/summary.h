// The "what changed" summary of an import, and who wrote what: which case files a bundle touched
// and by whom, named with ReplicaLabel. Storage facts (which dossiers a record sits in, the
// person's name) come through the SyncStore door; the grouping and the labels are here.
// Private to the sync module. Thread-safety: as the Vault behind the store.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "passerelle/core/sync_store.h"
#include "passerelle/sync/engine.h"

namespace passerelle::sync {

// Per record id, the replicas that wrote the given ops about it (each once, first seen first).
using Authors = std::unordered_map<std::string, std::vector<crdt::ReplicaId>>;
// Adds the writers of `ops` (a bundle, a batch of one) to `authors`.
void AddAuthors(Authors& authors, const std::vector<core::Op>& ops);

// Groups the touched `records` by dossier (sorted by dossier id, records outside any dossier
// under ""), with each dossier's person and the labels of its records' authors.
Result<std::vector<DossierChange>> DescribeChanges(const core::SyncStore& store, const std::vector<std::string>& records,
                                                   const Authors& authors);

}  // namespace passerelle::sync
