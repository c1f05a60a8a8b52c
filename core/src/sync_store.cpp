// SyncStore (sync_store.h): the storage side of sync: knowledge, the outbox split by the
// visibility rule, peers and acknowledgements, team key, where records sit, and the
// import (one transaction, or durable batches for a new device's history). Its tables are schema
// v3 (schema.cpp); the outbox reads the sync index (sync_index.h, v7) that each merge keeps.
#include "passerelle/core/sync_store.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "consent_internal.h"
#include "log_value.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/model.h"
#include "passerelle/core/visibility.h"
#include "refs.h"
#include "sql.h"
#include "range_sweep.h"
#include "sync_index.h"
#include "vault_internal.h"
#include "tag_blob.h"

namespace passerelle::core {
namespace {

std::span<const uint8_t> Bytes(const BundleId& id) { return {id.data(), id.size()}; }

// A peer's acknowledgement is one blob in its sync_peer row (schema v14): it has a hole per run of
// this device's private edits, ~1,500 ranges at a service's five years, which as one row each
// cost more to read than everything else an export or a status does.
Result<Knowledge> DecodeAcked(const sql::Stmt& q, int col) {
  if (q.IsNull(col)) return Knowledge{};
  return sync_index::DecodeKnowledge(q.Blob(col));
}

Result<Knowledge> LoadAcked(sqlite3* db, ReplicaId peer) {
  sql::Stmt q(db, "SELECT knowledge FROM sync_peer WHERE replica = ?");
  q.BindU64(1, peer);
  if (q.Step()) return DecodeAcked(q, 0);
  if (!q.status().ok()) return q.status();
  return Knowledge{};
}

Status StoreAcked(sqlite3* db, ReplicaId peer, const Knowledge& k) {
  sql::Stmt q(db,
              "INSERT INTO sync_peer(replica, knowledge) VALUES (?, ?) "
              "ON CONFLICT(replica) DO UPDATE SET knowledge = excluded.knowledge");
  return q.BindU64(1, peer).BindBlob(2, sync_index::EncodeKnowledge(k)).Run();
}

// One statement for all of a bundle's names (each bundle names every device its sender knows:
// preparing one per name was most of a small import's bookkeeping); a name already stored as it
// is is not rewritten.
Status UpsertName(sql::Stmt& q, const ReplicaName& n) {
  q.Reset();
  return q.BindU64(1, n.replica).Bind(2, n.worker).Bind(3, n.service).Run();
}
constexpr const char* kUpsertName =
    "INSERT INTO sync_replica(replica, worker, service) VALUES (?, ?, ?) "
    "ON CONFLICT(replica) DO UPDATE SET worker = excluded.worker, service = excluded.service "
    "WHERE worker IS NOT excluded.worker OR service IS NOT excluded.service";

// A partner note whose consent is no longer in force (withdrawn, expired) is held back like a
// private one (consent_internal.h): none of its content leaves, only its scope ops reach a device
// that knew it, so the team still agrees on its scope. It travels again once the consent is given
// again or its scope changes. Lapse follows the calendar, not an edit, so the merge cannot keep it
// in the sync index: the partner notes (few, found through the note_scope index) are checked at
// each outbox, and only a lapsed one's history is walked.
Result<std::vector<sync_index::WithheldOp>> LapsedPartnerNoteOps(Vault& v) {
  PASSERELLE_ASSIGN_OR_RETURN(auto lapsed, consent_internal::PartnerNotesWithoutBasis(v, Today(v)));
  std::vector<sync_index::WithheldOp> out;
  if (lapsed.empty()) return out;
  sqlite3* db = internal::Db(v);
  PASSERELLE_ASSIGN_OR_RETURN(auto replicas, LoadReplicaRefs(db));
  sql::Stmt ref(db, "SELECT ref FROM ref_entity WHERE id = ?");
  // Every op of the note: the history chains of all its fields (merger.h).
  sql::Stmt chain(db,
                  "WITH RECURSIVE chain(r, n) AS (SELECT last_replica_ref, last_counter FROM field_clock "
                  "  WHERE entity_ref = ? "
                  "  UNION SELECT o.prev_replica_ref, o.prev_counter FROM oplog o JOIN chain "
                  "  ON o.replica_ref = chain.r AND o.counter = chain.n WHERE o.prev_counter IS NOT NULL) "
                  "SELECT c.r, c.n, f.name = 'scope' FROM chain c "
                  "JOIN oplog o ON o.replica_ref = c.r AND o.counter = c.n JOIN ref_field f ON f.ref = o.field_ref");
  for (const auto& id : lapsed) {
    ref.Reset();
    ref.Bind(1, id);
    if (!ref.Step()) {
      PASSERELLE_RETURN_IF_ERROR(ref.status());
      continue;  // a note row with no op: nothing to hold back
    }
    const int64_t note_ref = ref.Int(0);
    ref.Reset();
    chain.Reset();
    chain.Bind(1, note_ref);
    while (chain.Step()) {
      auto it = replicas.find(chain.Int(0));
      if (it == replicas.end()) return Corrupt("The log names a replica the vault does not know.");
      out.push_back({it->second, chain.U64(1), note_ref, chain.Int(2) != 0});
    }
    PASSERELLE_RETURN_IF_ERROR(chain.status());
    chain.Reset();
  }
  return out;
}

std::string Now(Vault& v) { return platform::FormatUtc(v.clock().NowMillis()); }

Result<std::optional<std::string>> ImportedAt(sqlite3* db, const BundleId& id) {
  sql::Stmt q(db, "SELECT imported_at FROM sync_imported WHERE bundle_id = ?");
  q.BindBlob(1, Bytes(id));
  if (q.Step()) return std::optional<std::string>(q.Text(0));
  if (!q.status().ok()) return q.status();
  return std::optional<std::string>();
}

}  // namespace

std::string ReplicaHex(ReplicaId replica) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(replica));
  return buf;
}

Result<std::optional<platform::SecureBuffer>> SyncStore::TeamKey() const {
  sql::Stmt q(internal::Db(vault_), "SELECT team_key FROM sync_team WHERE singleton = 1");
  if (!q.Step()) {
    if (!q.status().ok()) return q.status();
    return std::optional<platform::SecureBuffer>();
  }
  auto blob = q.Blob(0);
  if (blob.size() != 32) return Corrupt("The team key stored in this vault is damaged; join the team again.");
  platform::SecureBuffer key(blob.size());
  std::copy(blob.begin(), blob.end(), key.data());
  return std::optional<platform::SecureBuffer>(std::move(key));
}

Status SyncStore::SetTeamKey(const platform::SecureBuffer& key, bool replace) {
  if (key.size() != 32) return InvalidInput("A team key is 32 bytes.");
  PASSERELLE_ASSIGN_OR_RETURN(auto existing, TeamKey());
  if (existing && !replace) {
    if (sodium_memcmp(existing->data(), key.data(), key.size()) == 0) return Status::Ok();
    return Conflict("This vault already belongs to another team; its team key was left unchanged.");
  }
  sql::Stmt q(internal::Db(vault_),
              "INSERT INTO sync_team(singleton, team_key, joined_at) VALUES (1, ?, ?) "
              "ON CONFLICT(singleton) DO UPDATE SET team_key = excluded.team_key, joined_at = excluded.joined_at");
  return q.BindBlob(1, key.bytes()).Bind(2, Now(vault_)).Run();
}

Result<Knowledge> SyncStore::Held() const { return sync_index::LoadHeld(internal::Db(vault_)); }

namespace {

// What the outbox reads from the sync index (sync_index.h), kept by each merge: the held ranges
// and the ops of private notes, never the whole log or the note table, so the cost follows what
// the peer lacks, not the vault's history. Read once for all the peers of a status.
struct IndexView {
  Knowledge held;
  std::vector<sync_index::WithheldOp> withheld;  // restricted notes that are not secret, lapsed partner notes
  sync_index::RangeLists secret;                 // the secret notes' ops, as ranges
};

Result<IndexView> ReadIndex(Vault& v) {
  sqlite3* db = internal::Db(v);
  IndexView ix;
  PASSERELLE_ASSIGN_OR_RETURN(ix.held, sync_index::LoadHeld(db));
  PASSERELLE_ASSIGN_OR_RETURN(ix.withheld, sync_index::LoadWithheld(db));
  PASSERELLE_ASSIGN_OR_RETURN(auto lapsed, LapsedPartnerNoteOps(v));
  ix.withheld.insert(ix.withheld.end(), lapsed.begin(), lapsed.end());
  // No peer can have known a secret note, so rule 2 never sends any of its ops: read as ranges.
  PASSERELLE_ASSIGN_OR_RETURN(ix.secret, sync_index::LoadSecretRanges(db));
  return ix;
}

using range_sweep::Contains;
using range_sweep::RangeLists;
using range_sweep::RangesOf;
using range_sweep::Subtract;

// The counts of an outbox and, unless `count_only`, which ops leave: `leaving` (ranges) plus
// `scope_ops`, and this replica's withheld ids (hidden from the acknowledgement). `peer_holds` as
// ranges: a Knowledge's, or a stored acknowledgement decoded without building one.
Outbox Split(const IndexView& ix, const RangeLists& peer_holds, ReplicaId self, bool count_only, Knowledge* leaving,
             std::vector<OpId>* scope_ops) {
  Outbox out;
  out.held = ix.held;
  // Does the peer hold any op of this (private) note? Then it knew the note and must learn its
  // scope changed (visibility.h, rule 2); otherwise even the note's existence stays here.
  std::map<int64_t, bool> peer_knew;
  for (const auto& w : ix.withheld)
    if (Contains(peer_holds, w.replica, w.counter)) peer_knew[w.note_ref] = true;
  Knowledge stays;  // ops of the other restricted notes the peer lacks that may not leave
  for (const auto& w : ix.withheld) {
    if (Contains(peer_holds, w.replica, w.counter)) continue;
    stays.Add(w.replica, w.counter);
    if (MayHold(NoteScope::kPrivate, Holder::kTeam, w.scope ? "scope" : "", peer_knew[w.note_ref])) {
      scope_ops->push_back({w.replica, w.counter});
      continue;
    }
    ++out.withheld;
    if (w.replica == self && !count_only) out.withheld_own.Add(w.replica, w.counter);
  }
  // The secret ops the peer lacks (all of them: none ever left) stay too.
  for (const auto& [replica, ranges] : ix.secret) {
    out.withheld += Subtract(replica, ranges, {RangesOf(peer_holds, replica)},
                             replica == self && !count_only ? &out.withheld_own : nullptr);
  }
  // Leaving: held minus (what the peer holds, what stays, the secret ops), in one sweep per replica.
  uint64_t count = 0;
  for (const auto& [replica, held] : ix.held.ranges()) {
    auto secret = ix.secret.find(replica);
    count += Subtract(replica, held,
                      {RangesOf(peer_holds, replica), RangesOf(stays, replica),
                       secret == ix.secret.end() ? nullptr : &secret->second},
                      count_only ? nullptr : leaving);
  }
  out.count = count + scope_ops->size();
  return out;
}

}  // namespace

Result<std::vector<Outbox>> SyncStore::OutboxCounts(const std::vector<Knowledge>& peers) const {
  PASSERELLE_ASSIGN_OR_RETURN(IndexView ix, ReadIndex(vault_));
  std::vector<Outbox> out;
  for (const auto& peer : peers) {
    Knowledge leaving;
    std::vector<OpId> scope_ops;
    out.push_back(Split(ix, peer.ranges(), vault_.replica(), /*count_only=*/true, &leaving, &scope_ops));
  }
  return out;
}

Result<Outbox> SyncStore::OutboxFor(const Knowledge& peer_holds, bool count_only) const {
  sqlite3* db = internal::Db(vault_);
  PASSERELLE_ASSIGN_OR_RETURN(IndexView ix, ReadIndex(vault_));
  Knowledge leaving;
  std::vector<OpId> scope_ops;  // a private note's scope changes, for a peer that knew the note
  Outbox out = Split(ix, peer_holds.ranges(), vault_.replica(), count_only, &leaving, &scope_ops);
  if (count_only) return out;

  PASSERELLE_ASSIGN_OR_RETURN(auto replicas, LoadReplicaRefs(db));
  // Entity ids and field names come back through the ref dictionaries; a field name is one of a
  // few dozen, so it is read once per export rather than joined per op.
  std::map<int64_t, std::string> field_names;
  {
    sql::Stmt f(db, "SELECT ref, name FROM ref_field");
    while (f.Step()) field_names.emplace(f.Int(0), f.Text(1));
    if (!f.status().ok()) return f.status();
  }
  std::map<ReplicaId, int64_t> replica_ref;
  for (const auto& [ref, id] : replicas) replica_ref.emplace(id, ref);
  std::vector<Op> picked;
  sql::Stmt q(db,
              "SELECT o.counter, o.hlc, e.id, o.field_ref, o.kind, o.value, o.removed_tags FROM oplog o "
              "JOIN ref_entity e ON e.ref = o.entity_ref WHERE o.replica_ref = ? AND o.counter BETWEEN ? AND ?");
  LoggedValueReader texts(db);  // a text insertion's characters come from its note's state
  auto read = [&](ReplicaId replica, int64_t ref, uint64_t first, uint64_t last) -> Status {
    q.Reset();
    q.Bind(1, ref).BindU64(2, first).BindU64(3, last);
    while (q.Step()) {
      Op op;
      op.id = {replica, q.U64(0)};
      op.hlc = q.U64(1);
      op.entity_id = q.Text(2);
      op.field = field_names[q.Int(3)];
      op.kind = static_cast<OpKind>(q.Int(4));
      if (!q.IsNull(5)) {
        PASSERELLE_ASSIGN_OR_RETURN(std::string v, texts.Value(op.kind, q.Blob(5), op.entity_id, op.field));
        op.value = std::move(v);
      }
      if (!q.IsNull(6)) op.removed_tags = DecodeTagBlob(q.Blob(6));
      picked.push_back(std::move(op));
    }
    PASSERELLE_RETURN_IF_ERROR(q.status());
    q.Reset();
    return Status::Ok();
  };
  for (const auto& [replica, ranges] : leaving.ranges()) {
    auto ref = replica_ref.find(replica);
    if (ref == replica_ref.end()) continue;  // held but never logged: cannot happen, nothing to send
    for (const auto& r : ranges) PASSERELLE_RETURN_IF_ERROR(read(replica, ref->second, r.first, r.last));
  }
  for (const auto& id : scope_ops)
    if (auto ref = replica_ref.find(id.replica); ref != replica_ref.end())
      PASSERELLE_RETURN_IF_ERROR(read(id.replica, ref->second, id.counter, id.counter));
  // Causal order: an op's HLC exceeds that of every op its replica had seen when making it, so
  // sorting by (HLC, replica, counter) puts each op after everything it may depend on.
  std::sort(picked.begin(), picked.end(), [](const Op& a, const Op& b) {
    return std::tie(a.hlc, a.id.replica, a.id.counter) < std::tie(b.hlc, b.id.replica, b.id.counter);
  });
  // Autosave coalescing (docs/vault.md) may extend this device's newest text op only while no
  // bundle has carried it: recorded, durably, before the ops can leave (the caller seals them next).
  uint64_t own_through = 0;
  for (const Op& op : picked)
    if (op.id.replica == vault_.replica()) own_through = std::max(own_through, op.id.counter);
  if (own_through > 0) {
    sql::Stmt mark(db, "UPDATE replica_state SET shared_through = ?1 WHERE shared_through < ?1");
    PASSERELLE_RETURN_IF_ERROR(mark.BindU64(1, own_through).Run());
  }
  out.ops = std::move(picked);
  return out;
}

namespace {

constexpr const char* kPeerColumns =
    "SELECT p.replica, coalesce(r.worker, ''), coalesce(r.service, ''), coalesce(p.last_import_at, ''), "
    "coalesce(p.last_export_at, ''), p.imports, p.exports, p.knowledge FROM sync_peer p "
    "LEFT JOIN sync_replica r ON r.replica = p.replica ";

// With `acks`, each peer's acknowledgement is decoded into it as ranges (a status only sweeps them)
// and PeerInfo::acked stays empty; without, into PeerInfo::acked.
Result<std::vector<PeerInfo>> ReadPeers(sqlite3* db, const std::string& where, std::optional<ReplicaId> arg,
                                        std::vector<RangeLists>* acks = nullptr) {
  sql::Stmt q(db, std::string(kPeerColumns) + where + " ORDER BY r.worker, p.replica");
  if (arg) q.BindU64(1, *arg);
  std::vector<PeerInfo> out;
  while (q.Step()) {
    PeerInfo p;
    p.name = {q.U64(0), q.Text(1), q.Text(2)};
    p.last_import_at = q.Text(3);
    p.last_export_at = q.Text(4);
    p.imports = q.Int(5);
    p.exports = q.Int(6);
    if (acks == nullptr) {
      PASSERELLE_ASSIGN_OR_RETURN(p.acked, DecodeAcked(q, 7));
    } else if (q.IsNull(7)) {
      acks->emplace_back();
    } else {
      PASSERELLE_ASSIGN_OR_RETURN(auto ranges, sync_index::DecodeRangeLists(q.Blob(7)));
      acks->push_back(std::move(ranges));
    }
    out.push_back(std::move(p));
  }
  if (!q.status().ok()) return q.status();
  return out;
}

}  // namespace

Result<std::vector<PeerInfo>> SyncStore::Peers() const { return ReadPeers(internal::Db(vault_), "", std::nullopt); }

Result<SyncStore::PeerCounts> SyncStore::PeersWithCounts() const {
  PeerCounts out;
  std::vector<RangeLists> acks;
  PASSERELLE_ASSIGN_OR_RETURN(out.peers, ReadPeers(internal::Db(vault_), "", std::nullopt, &acks));
  acks.emplace_back();  // a device never met holds nothing
  PASSERELLE_ASSIGN_OR_RETURN(IndexView ix, ReadIndex(vault_));
  for (const auto& ack : acks) {
    Knowledge leaving;
    std::vector<OpId> scope_ops;
    out.outboxes.push_back(Split(ix, ack, vault_.replica(), /*count_only=*/true, &leaving, &scope_ops));
  }
  return out;
}

Result<std::optional<PeerInfo>> SyncStore::FindPeer(ReplicaId replica) const {
  PASSERELLE_ASSIGN_OR_RETURN(auto peers, ReadPeers(internal::Db(vault_), "WHERE p.replica = ?", replica));
  if (peers.empty()) return std::optional<PeerInfo>();
  return std::optional<PeerInfo>(std::move(peers.front()));
}

Result<std::vector<ReplicaName>> SyncStore::KnownNames() const {
  std::vector<ReplicaName> out{{vault_.replica(), vault_.worker(), vault_.service()}};
  sql::Stmt q(internal::Db(vault_), "SELECT replica, worker, service FROM sync_replica WHERE replica != ? ORDER BY replica");
  q.BindU64(1, vault_.replica());
  while (q.Step()) out.push_back({q.U64(0), q.Text(1), q.Text(2)});
  if (!q.status().ok()) return q.status();
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.replica < b.replica; });
  return out;
}

Status SyncStore::NoteExport(ReplicaId peer) {
  sql::Stmt q(internal::Db(vault_),
              "INSERT INTO sync_peer(replica, last_export_at, exports) VALUES (?, ?, 1) "
              "ON CONFLICT(replica) DO UPDATE SET last_export_at = excluded.last_export_at, exports = exports + 1");
  return q.BindU64(1, peer).Bind(2, Now(vault_)).Run();
}

Result<std::vector<std::vector<std::string>>> SyncStore::DossiersOf(const std::vector<std::string>& records) const {
  sqlite3* db = internal::Db(vault_);
  // One prepared statement per table: an import may touch thousands of records.
  std::map<std::string, std::unique_ptr<sql::Stmt>> parent;
  std::vector<std::vector<std::string>> out;
  out.reserve(records.size());
  for (const auto& id : records) {
    auto& dossiers = out.emplace_back();
    const EntitySpec* spec = SpecForId(id);
    if (spec == nullptr) continue;
    std::string text;
    switch (spec->type) {
      case EntityType::kDossier: dossiers.push_back(id); continue;
      case EntityType::kReceivedAttestation:  // a maison de justice's received facts: no dossier here
      case EntityType::kReceivedVisit: continue;
      case EntityType::kPerson: text = "SELECT id FROM dossier WHERE person_id = ?"; break;
      case EntityType::kReferral:
        text = "SELECT p.dossier_id FROM referral r JOIN plan_item p ON p.id = r.plan_item_id WHERE r.id = ?";
        break;
      default: text = "SELECT dossier_id FROM " + std::string(spec->name) + " WHERE id = ?"; break;
    }
    auto& stmt = parent[text];
    if (!stmt) stmt = std::make_unique<sql::Stmt>(db, text);
    stmt->Reset();
    stmt->Bind(1, id);
    while (stmt->Step())
      if (!stmt->IsNull(0)) dossiers.push_back(stmt->Text(0));
    if (!stmt->status().ok()) return stmt->status();
    stmt->Reset();
  }
  return out;
}

Result<std::vector<std::string>> SyncStore::PersonNamesOf(const std::vector<std::string>& dossiers) const {
  sql::Stmt person(internal::Db(vault_),
                   "SELECT coalesce(p.name, '') FROM dossier d LEFT JOIN person p ON p.id = d.person_id WHERE d.id = ?");
  std::vector<std::string> out;
  out.reserve(dossiers.size());
  for (const auto& d : dossiers) {
    auto& name = out.emplace_back();
    person.Reset();
    person.Bind(1, d);
    if (person.Step()) name = person.Text(0);
    if (!person.status().ok()) return person.status();
  }
  return out;
}

Status SyncStore::RecordImport(const IncomingBundle& bundle, const ApplyReport& report, std::set<ReplicaId>* named) {
  sqlite3* db = internal::Db(vault_);
  sql::Stmt name(db, kUpsertName);
  if (named == nullptr) {
    for (const auto& n : bundle.names)
      if (n.replica != vault_.replica() && n.replica != 0) PASSERELLE_RETURN_IF_ERROR(UpsertName(name, n));
    PASSERELLE_RETURN_IF_ERROR(UpsertName(name, bundle.sender));
  } else {  // the bundles of a merge from the newest: the same outcome, each name written once
    if (named->insert(bundle.sender.replica).second) PASSERELLE_RETURN_IF_ERROR(UpsertName(name, bundle.sender));
    for (auto n = bundle.names.rbegin(); n != bundle.names.rend(); ++n)
      if (n->replica != vault_.replica() && n->replica != 0 && named->insert(n->replica).second)
        PASSERELLE_RETURN_IF_ERROR(UpsertName(name, *n));
  }
  const std::string now = Now(vault_);
  sql::Stmt peer(db,
                 "INSERT INTO sync_peer(replica, last_import_at, imports) VALUES (?, ?, 1) "
                 "ON CONFLICT(replica) DO UPDATE SET last_import_at = excluded.last_import_at, imports = imports + 1");
  PASSERELLE_RETURN_IF_ERROR(peer.BindU64(1, bundle.sender.replica).Bind(2, now).Run());
  // Knowledge only grows, so merging keeps the acknowledgement right even when an older bundle
  // is imported after a newer one.
  PASSERELLE_ASSIGN_OR_RETURN(Knowledge acked, LoadAcked(db, bundle.sender.replica));
  acked.Merge(bundle.sender_holds);
  PASSERELLE_RETURN_IF_ERROR(StoreAcked(db, bundle.sender.replica, acked));
  sql::Stmt seen(db,
                 "INSERT INTO sync_imported(bundle_id, sender, imported_at, applied, duplicates) VALUES (?, ?, ?, ?, ?)");
  seen.BindBlob(1, Bytes(bundle.id)).BindU64(2, bundle.sender.replica).Bind(3, now);
  seen.Bind(4, static_cast<int64_t>(report.applied)).Bind(5, static_cast<int64_t>(report.duplicates));
  return seen.Run();
}

Status SyncStore::CheckImportable(const IncomingBundle& bundle) {
  // The replay and same-device checks: here only, the replay one inside the transaction that
  // records the bundle id.
  if (bundle.sender.replica == vault_.replica())
    return Conflict("This sync bundle was exported by this device; import it on the other device.");
  PASSERELLE_ASSIGN_OR_RETURN(auto when, ImportedAt(internal::Db(vault_), bundle.id));
  if (when) return Conflict("This sync bundle was already imported on " + *when + "; nothing was changed.");
  return Status::Ok();
}

}  // namespace passerelle::core
