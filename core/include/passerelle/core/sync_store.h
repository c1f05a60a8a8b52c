// SyncStore: the sync module's one narrow storage door into the vault (after Couchbase Lite's
// DBAccess). Sync never sees SQL; everything it needs from storage is here and nothing else: what
// the vault holds, the ops a peer lacks split by the visibility rule (visibility.h), the team key,
// the peers and their acknowledgements, where records sit (for sync's "what changed" summary),
// and the import. Merging itself goes through Vault::Apply; the tables are schema version 3, and
// the sync index it reads version 7 (schema.cpp). Labels, summaries and messages about bundles
// are sync's (sync/).
//
// Thread-safety: as the Vault it wraps (one thread at a time).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <span>
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
  std::vector<Op> ops;     // may leave: in causal order, by (HLC, replica, counter); empty if count_only
  size_t count = 0;        // how many ops may leave (ops.size() unless count_only)
  size_t withheld = 0;     // ops the peer lacks that stay here (private notes)
  Knowledge withheld_own;  // this replica's own withheld op ids (hidden from the acknowledgement); empty if count_only
  Knowledge held;          // everything the local log holds (Held()), read once for both uses
};

// A decrypted, decoded bundle, ready to merge. Sync's bundle payload extends it (sync/op_codec.h),
// so the decoded data reaches Import without a copy.
struct IncomingBundle {
  BundleId id{};
  ReplicaName sender;
  Knowledge sender_holds;            // the sender's acknowledgement of what it holds
  std::vector<ReplicaName> names;    // replicas the sender can name (authors of relayed ops)
  std::vector<Op> ops;
};

// A bundle's ops, read a batch at a time in the bundle's order (sync's OpenedBundle decodes them
// from the compact payload), so a large import never holds the decoded history whole.
class OpSource {
 public:
  virtual ~OpSource() = default;
  virtual size_t size() const = 0;  // ops in all
  // Replaces *out with the next ops (at most `max`); an empty *out: every op was read.
  virtual Status Next(size_t max, std::vector<Op>* out) = 0;
  virtual void Rewind() = 0;  // back to the first op
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

  // --- The team's organisation (organisation.h), carried by the team key file (sync/team.h) ---
  // This vault's organisation, secret keys included, sealed under a key derived from `team_key`,
  // binding `associated` (the file's bytes before the section body): the secrets never leave the
  // core in the clear.
  Result<std::vector<uint8_t>> SealOrganisationForTeam(const platform::SecureBuffer& team_key,
                                                       std::span<const uint8_t> associated);
  // "team join": opens the team's organisation from `sealed` (empty: a file made before
  // organisations, whose team is a service with keys derived from the team key, named as this
  // vault's organisation), checks it is this vault's organisation (same kind and name,
  // SameOrganisationName), then in one transaction stores the team key and adopts the team's
  // organisation identity. Errors, nothing written: kRefused (another organisation: one
  // sentence naming both), kWrongPassphrase-free kCorrupt (a damaged section), kConflict (the
  // vault already belongs to another team).
  Status JoinTeam(const platform::SecureBuffer& team_key, std::span<const uint8_t> sealed,
                  std::span<const uint8_t> associated);

  // --- What is held and what may leave ---
  // Every op id in the local log.
  Result<Knowledge> Held() const;
  // The ops `peer_holds` does not contain, split by the visibility rule (visibility.h). With
  // `count_only`, only the counts are filled (`ops` and `withheld_own` stay empty), for status screens. Reads the
  // sync index kept by each merge (schema v7), so it costs what the peer lacks, not the history.
  // Without `count_only` it also records, durably, that this device's ops up to the newest one
  // picked have left it (no later save may coalesce into them: docs/vault.md, "Autosave history").
  Result<Outbox> OutboxFor(const Knowledge& peer_holds, bool count_only = false) const;
  // OutboxFor(peer, count_only) for several peers at once (a status, the sync screen), reading
  // the sync index once; in the order of `peers`.
  Result<std::vector<Outbox>> OutboxCounts(const std::vector<Knowledge>& peers) const;
  // Every peer with the counts OutboxFor(its acknowledgement, count_only) gives, then (last, one
  // more outbox than peers) a device never met's: a status and the sync screen, from one read of
  // the sync index. The acknowledgements are swept as stored, never built into a Knowledge
  // (PeerInfo::acked stays empty): with ~1,500 holes each at a service's five years, building them
  // was a tenth of a status.
  struct PeerCounts {
    std::vector<PeerInfo> peers;
    std::vector<Outbox> outboxes;
  };
  Result<PeerCounts> PeersWithCounts() const;

  // --- Peers ---
  Result<std::vector<PeerInfo>> Peers() const;
  Result<std::optional<PeerInfo>> FindPeer(ReplicaId replica) const;
  // Every replica this vault can name (its own included), sorted by id.
  Result<std::vector<ReplicaName>> KnownNames() const;
  // Records that a bundle for `peer` was written (time shown by "sync status").
  Status NoteExport(ReplicaId peer);

  // --- Where records sit (for the "what changed" summary) ---
  // The dossiers each record belongs to, in the order of `records`: a dossier itself, a person's
  // dossiers, a referral's plan item's dossier, otherwise the record's dossier_id; none for a
  // record this vault does not have or that is attached to no dossier.
  Result<std::vector<std::vector<std::string>>> DossiersOf(const std::vector<std::string>& records) const;
  // The name of the person each dossier is about, in the order of `dossiers` ("" if unknown here).
  Result<std::vector<std::string>> PersonNamesOf(const std::vector<std::string>& dossiers) const;

  // --- Import ---
  // Merges a bundle in ONE transaction: the ops (through Vault::Apply, which takes them out of
  // `bundle`), the names, the sender's acknowledgement and the bundle id (replay detection); then
  // `before_commit`, if given, runs inside the same transaction and reads the merged state (sync's
  // summary), and its error rolls everything back. On any error nothing is written. Errors:
  // kConflict if this bundle was exported by this very vault or was already imported; Apply's
  // errors for invalid ops.
  //
  // A large bundle (a new device's first import of years of history) is merged in bounded
  // batches instead, each in its own durable transaction, so memory stays bounded: every op is
  // validated first (bad input still writes nothing), batches split only between records (every
  // causal dependency lies within one record's field), and the last batch records the names, the
  // acknowledgement, the bundle id and runs `before_commit` with the whole import's report. An
  // import interrupted between batches leaves whole batches merged and the bundle not recorded:
  // importing the same file again skips what is there (duplicates) and completes it.
  using BeforeCommit = std::function<Status(const ApplyReport&)>;
  Result<ApplyReport> Import(IncomingBundle&& bundle, const BeforeCommit& before_commit = {});
  // The batched import of a bundle whose ops come from `ops` (bundle.ops is ignored): every batch
  // is read and validated first, then read again and merged batch by batch in the bundle's order
  // (each batch grouped by record), each in its own durable transaction; the last one records the
  // bundle and runs `before_commit`. A record split between two batches is merged in two steps,
  // which the merge rules make equivalent (docs/sync.md, "Why it converges").
  Result<ApplyReport> ImportStream(IncomingBundle&& bundle, OpSource& ops, const BeforeCommit& before_commit = {});
  // Merges a bundle inside the caller's open transaction (Vault::ApplyInTransaction): the same
  // checks and bookkeeping as Import, committed by the caller, so several bundles share one durable
  // commit (a hub session: docs/hub.md). Errors as Import; on an error the caller rolls back.
  Result<ApplyReport> ImportInTransaction(IncomingBundle&& bundle);
  // Ops per batch of a large import (default kImportBatchOps); tests make it small.
  static constexpr size_t kImportBatchOps = 32768;
  void set_import_batch_ops(size_t ops) { import_batch_ops_ = ops == 0 ? kImportBatchOps : ops; }
  size_t import_batch_ops() const { return import_batch_ops_; }

 private:
  friend class ImportTransaction;
  // kConflict for a bundle made here or already imported.
  Status CheckImportable(const IncomingBundle& bundle);
  // Vault::Validate, and the merge of ops it passed (Vault::ApplyValidatedInTransaction), for
  // ImportTransaction.
  static Status Validate(const std::vector<Op>& ops) { return Vault::Validate(ops); }
  Result<ApplyReport> ApplyValidated(std::vector<Op> ops) { return vault_.ApplyValidatedInTransaction(std::move(ops)); }
  // The names, the sender's acknowledgement and the bundle id. `named`, if given: the replicas
  // whose names an earlier bundle of the same merge recorded (skipped; this one's are added).
  Status RecordImport(const IncomingBundle& bundle, const ApplyReport& report, std::set<ReplicaId>* named = nullptr);

  Vault& vault_;
  size_t import_batch_ops_ = kImportBatchOps;
};

// Several bundles merged in one durable transaction (a hub session's downloads: one commit and one
// fsync instead of one per bundle, and the bundles added since the last Merge merged by ONE Apply,
// so a record several colleagues changed is read and written once, not once per bundle). Begin
// takes the vault's write lock and widens the page cache for `ops`; the destructor rolls back
// what was not committed.
class ImportTransaction {
 public:
  explicit ImportTransaction(SyncStore& store);
  ~ImportTransaction();
  ImportTransaction(const ImportTransaction&) = delete;
  ImportTransaction& operator=(const ImportTransaction&) = delete;
  Status Begin(size_t ops);
  bool open() const;
  // Takes a bundle for the next Merge. The refusals found before anything is written leave the
  // transaction as it was: kConflict (made here, already imported, or already added), invalid ops
  // (Apply's validation).
  Status Add(IncomingBundle&& bundle);
  size_t pending_ops() const;  // ops added since the last Merge
  size_t pending_bundles() const;
  // Merges the bundles added since the last Merge (one Apply, ops grouped by record) and records
  // each (names, acknowledgement, bundle id with its own share of new and duplicate ops). On an
  // error the whole transaction is rolled back: open() is then false and nothing of it is written.
  Result<ApplyReport> Merge();
  // Commits what was merged (call Merge first: bundles still pending are an error).
  Status Commit();

 private:
  struct State;
  SyncStore& store_;
  std::unique_ptr<State> state_;
};

// A replica id as the 16 hex digits shown to users.
std::string ReplicaHex(ReplicaId replica);

}  // namespace passerelle::core
