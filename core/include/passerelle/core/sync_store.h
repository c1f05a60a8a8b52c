// SyncStore: the sync module's one narrow door into the vault (after Couchbase Lite's DBAccess).
// Sync never sees SQL; everything it needs from storage is here: what the vault holds, the ops a
// peer lacks that may leave this device (the visibility rules live here because they are a
// query over the materialised notes), the team key, the peers and their acknowledgements, and
// the one-transaction import. Merging itself still goes through Vault::Apply.
//
// Visibility (docs/sync.md): an op may leave this device unless its entity is a note whose scope
// is "private" in this vault's current state. One exception keeps replicas convergent: the
// "scope" ops of a private note are sent to a peer that already holds some op of that note (it
// was shared before), so the peer learns that it became private and stops showing it; a note
// that was always private sends nothing at all, not even its existence.
//
// Thread-safety: as the Vault it wraps (one thread at a time).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "passerelle/core/crdt/knowledge.h"
#include "passerelle/core/op.h"
#include "passerelle/core/vault.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"

namespace passerelle::core {

using crdt::Knowledge;
using BundleId = std::array<uint8_t, 16>;

// A worker and service behind a replica id, for "changed by whom".
struct ReplicaName {
  ReplicaId replica = 0;
  std::string worker;
  std::string service;
};

struct PeerInfo {
  ReplicaName name;
  Knowledge acked;             // what the peer last told us it holds (empty: nothing yet)
  std::string last_import_at;  // UTC time we last imported one of its bundles ("" = never)
  std::string last_export_at;  // UTC time we last exported a bundle addressed to it ("" = never)
  int64_t imports = 0;
  int64_t exports = 0;
};

// The ops a peer lacks, split by whether they may leave this device.
struct Outbox {
  std::vector<Op> ops;     // may leave: in local arrival order (causal order of this log)
  size_t withheld = 0;     // ops the peer lacks that stay here (private notes)
  Knowledge withheld_own;  // this replica's own withheld op ids (hidden from the acknowledgement)
  Knowledge held;          // everything the local log holds (Held()), read once for both uses
};

// A decrypted, decoded bundle, ready to merge.
struct IncomingBundle {
  BundleId id{};
  ReplicaName sender;
  Knowledge sender_holds;            // the sender's acknowledgement of what it holds
  std::vector<ReplicaName> names;    // replicas the sender can name (authors of relayed ops)
  std::vector<Op> ops;
};

// One dossier an import touched, for the "what changed" summary.
struct DossierChange {
  std::string dossier_id;                 // "" for records not (yet) attached to a dossier
  std::string person_name;                // "" if unknown here
  size_t records = 0;                     // touched records in that dossier
  std::vector<std::string> authors;       // "Ana (CAPREV)" or a replica id, sorted
};

struct ImportOutcome {
  ApplyReport report;
  std::vector<DossierChange> changes;
};

class SyncStore {
 public:
  explicit SyncStore(Vault& vault) : vault_(vault) {}

  Vault& vault() { return vault_; }

  // --- Team key (stored inside the encrypted vault) ---
  // The key, or nullopt if this vault has joined no team yet.
  Result<std::optional<platform::SecureBuffer>> TeamKey() const;
  // Stores `key` (32 bytes). If a different key is already stored: kConflict unless `replace`.
  Status SetTeamKey(const platform::SecureBuffer& key, bool replace);

  // --- What is held and what may leave ---
  // Every op id in the local log.
  Result<Knowledge> Held() const;
  // The ops `peer_holds` does not contain, split by visibility (see the file comment). With
  // `count_only`, `ops` holds ids and kinds only (no values), for status screens.
  Result<Outbox> OutboxFor(const Knowledge& peer_holds, bool count_only = false) const;

  // --- Peers ---
  Result<std::vector<PeerInfo>> Peers() const;
  Result<std::optional<PeerInfo>> FindPeer(ReplicaId replica) const;
  // Every replica this vault can name (its own included), sorted by id.
  Result<std::vector<ReplicaName>> KnownNames() const;
  // Records that a bundle for `peer` was written (time shown by "sync status").
  Status NoteExport(ReplicaId peer);
  // When the bundle was imported here, or nullopt if never.
  Result<std::optional<std::string>> ImportedAt(const BundleId& id) const;

  // Merges a bundle in ONE transaction: the ops (through Vault::Apply), the sender's
  // acknowledgement, the names, and the bundle id (replay detection). On any error nothing is
  // written. Errors: kConflict if this bundle was already imported or was exported by this very
  // vault; Apply's errors for invalid ops.
  Result<ImportOutcome> Import(IncomingBundle bundle);

  // Groups touched records by dossier, naming the authors of `ops` (used by Import).
  Result<std::vector<DossierChange>> DescribeChanges(const std::vector<std::string>& entities,
                                                     const std::vector<Op>& ops) const;

 private:
  Vault& vault_;
};

// A replica id as the 16 hex digits shown to users.
std::string ReplicaHex(ReplicaId replica);

}  // namespace passerelle::core
