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
#include "sync_index.h"
#include "vault_internal.h"
#include "tag_blob.h"

namespace passerelle::core {
namespace {

std::span<const uint8_t> Bytes(const BundleId& id) { return {id.data(), id.size()}; }

Result<Knowledge> LoadAcked(sqlite3* db, ReplicaId peer) {
  sql::Stmt q(db, "SELECT replica, first, last FROM sync_peer_range WHERE peer = ? ORDER BY replica, first");
  q.BindU64(1, peer);
  Knowledge k;
  while (q.Step()) k.AddRange(q.U64(0), {q.U64(1), q.U64(2)});
  if (!q.status().ok()) return q.status();
  return k;
}

Status StoreAcked(sqlite3* db, ReplicaId peer, const Knowledge& k) {
  sql::Stmt del(db, "DELETE FROM sync_peer_range WHERE peer = ?");
  PASSERELLE_RETURN_IF_ERROR(del.BindU64(1, peer).Run());
  sql::Stmt ins(db, "INSERT INTO sync_peer_range(peer, replica, first, last) VALUES (?, ?, ?, ?)");
  for (const auto& [replica, ranges] : k.ranges())
    for (const auto& r : ranges)
      PASSERELLE_RETURN_IF_ERROR(ins.BindU64(1, peer).BindU64(2, replica).BindU64(3, r.first).BindU64(4, r.last).Run());
  return Status::Ok();
}

Status UpsertName(sqlite3* db, const ReplicaName& n) {
  sql::Stmt q(db,
              "INSERT INTO sync_replica(replica, worker, service) VALUES (?, ?, ?) "
              "ON CONFLICT(replica) DO UPDATE SET worker = excluded.worker, service = excluded.service");
  return q.BindU64(1, n.replica).Bind(2, n.worker).Bind(3, n.service).Run();
}

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

Result<Outbox> SyncStore::OutboxFor(const Knowledge& peer_holds, bool count_only) const {
  // Everything here reads the sync index (sync_index.h), kept by each merge: the held ranges and
  // the ops of private notes, never the whole log or the note table, so the cost follows what the
  // peer lacks, not the vault's history.
  sqlite3* db = internal::Db(vault_);
  Outbox out;
  PASSERELLE_ASSIGN_OR_RETURN(out.held, Held());
  PASSERELLE_ASSIGN_OR_RETURN(auto withheld, sync_index::LoadWithheld(db));
  PASSERELLE_ASSIGN_OR_RETURN(auto lapsed, LapsedPartnerNoteOps(vault_));
  withheld.insert(withheld.end(), lapsed.begin(), lapsed.end());

  // Does the peer hold any op of this (private) note? Then it knew the note and must learn its
  // scope changed (visibility.h, rule 2); otherwise even the note's existence stays here.
  std::map<int64_t, bool> peer_knew;
  for (const auto& w : withheld)
    if (peer_holds.Contains(w.replica, w.counter)) peer_knew[w.note_ref] = true;
  Knowledge stays;              // ops the peer lacks that may not leave
  std::vector<OpId> scope_ops;  // a private note's scope changes, for a peer that knew the note
  for (const auto& w : withheld) {
    if (peer_holds.Contains(w.replica, w.counter)) continue;
    stays.Add(w.replica, w.counter);
    if (MayHold(NoteScope::kPrivate, Holder::kTeam, w.scope ? "scope" : "", peer_knew[w.note_ref])) {
      scope_ops.push_back({w.replica, w.counter});
      continue;
    }
    ++out.withheld;
    if (w.replica == vault_.replica()) out.withheld_own.Add(w.replica, w.counter);
  }
  const Knowledge leaving = out.held.Minus(peer_holds).Minus(stays);
  out.count = leaving.Count() + scope_ops.size();
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
    "coalesce(p.last_export_at, ''), p.imports, p.exports FROM sync_peer p "
    "LEFT JOIN sync_replica r ON r.replica = p.replica ";

Result<std::vector<PeerInfo>> ReadPeers(sqlite3* db, const std::string& where, std::optional<ReplicaId> arg) {
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
    out.push_back(std::move(p));
  }
  if (!q.status().ok()) return q.status();
  for (auto& p : out) {
    PASSERELLE_ASSIGN_OR_RETURN(p.acked, LoadAcked(db, p.name.replica));
  }
  return out;
}

}  // namespace

Result<std::vector<PeerInfo>> SyncStore::Peers() const { return ReadPeers(internal::Db(vault_), "", std::nullopt); }

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

namespace {

// Widens SQLite's page cache for the duration of a large import and restores it after. A big
// merge dirties pages of the log, the register clocks and the rows; when they do not fit, SQLite
// spills them to the WAL mid-transaction and writes (and encrypts) many of them twice: at 200,000
// ops the default 32 MiB cache made the merge about three times slower (measured with the v3
// schema, whose log indexes dirtied more pages). Decrypted pages stay in process memory only,
// like the rest of the cache.
class CacheWidener {
 public:
  CacheWidener(sqlite3* db, size_t ops) : db_(db) {
    if (ops < 16384) return;  // fits the default cache: not worth a statement
    sql::Stmt q(db, "PRAGMA cache_size");
    if (!q.Step()) return;
    old_ = q.Int(0);
    const int64_t want_kib = std::clamp<int64_t>(static_cast<int64_t>(ops), 0, 256 * 1024);  // ~1 KiB per op
    const int64_t old_kib = old_ < 0 ? -old_ : old_ * 4;
    if (want_kib <= old_kib) return;
    widened_ = sql::Exec(db, "PRAGMA cache_size = -" + std::to_string(want_kib)).ok();
  }
  ~CacheWidener() {
    if (widened_) (void)sql::Exec(db_, "PRAGMA cache_size = " + std::to_string(old_));
  }
  CacheWidener(const CacheWidener&) = delete;
  CacheWidener& operator=(const CacheWidener&) = delete;

 private:
  sqlite3* db_;
  int64_t old_ = 0;
  bool widened_ = false;
};

}  // namespace

Result<ApplyReport> SyncStore::Import(IncomingBundle&& bundle, const BeforeCommit& before_commit) {
  // The replay and same-device checks: here only, the replay one inside the transaction that
  // records the bundle id.
  if (bundle.sender.replica == vault_.replica())
    return Conflict("This sync bundle was exported by this device; import it on the other device.");
  sqlite3* db = internal::Db(vault_);
  auto already = [&]() -> Status {
    PASSERELLE_ASSIGN_OR_RETURN(auto when, ImportedAt(db, bundle.id));
    if (when) return Conflict("This sync bundle was already imported on " + *when + "; nothing was changed.");
    return Status::Ok();
  };

  // Grouped by entity, then by field, stably: every causal dependency between ops lies within
  // one field (a text edit depends on earlier edits of the same text, a set removal on adds of
  // the same set), so the order inside each group is all that matters, and each entity's clocks and
  // row are then read and written once, in key order. Hashing first keeps the sort to one key per
  // entity.
  std::vector<Op> ops;
  std::vector<size_t> record_ends;  // where each entity's group ends in `ops`
  {
    std::unordered_map<std::string_view, uint32_t> group_of;
    std::vector<std::vector<uint32_t>> groups;
    for (uint32_t i = 0; i < bundle.ops.size(); ++i) {
      auto [it, added] = group_of.try_emplace(bundle.ops[i].entity_id, static_cast<uint32_t>(groups.size()));
      if (added) groups.emplace_back();
      groups[it->second].push_back(i);
    }
    std::vector<std::pair<std::string_view, uint32_t>> keys(group_of.begin(), group_of.end());
    std::sort(keys.begin(), keys.end());
    for (const auto& [entity, g] : keys)
      std::stable_sort(groups[g].begin(), groups[g].end(),
                       [&](uint32_t x, uint32_t y) { return bundle.ops[x].field < bundle.ops[y].field; });
    group_of.clear();  // its keys view the ops' strings, which move next
    std::vector<uint32_t> order;  // order[k]: the op that goes to place k
    order.reserve(bundle.ops.size());
    record_ends.reserve(keys.size());
    for (const auto& [entity, g] : keys) {
      order.insert(order.end(), groups[g].begin(), groups[g].end());
      record_ends.push_back(order.size());
      std::vector<uint32_t>().swap(groups[g]);
    }
    keys.clear();
    // Permuted in place, cycle by cycle: a second vector of a new device's whole history would
    // double the import's largest allocation.
    ops = std::move(bundle.ops);
    std::vector<bool> placed(ops.size(), false);
    for (size_t k = 0; k < ops.size(); ++k) {
      if (placed[k]) continue;
      Op first = std::move(ops[k]);
      size_t j = k;
      for (;;) {
        placed[j] = true;
        const size_t from = order[j];
        if (from == k) {
          ops[j] = std::move(first);
          break;
        }
        ops[j] = std::move(ops[from]);
        j = from;
      }
    }
  }

  // The bookkeeping of the last (or only) transaction.
  auto record = [&](const ApplyReport& report) -> Status {
    for (const auto& n : bundle.names)
      if (n.replica != vault_.replica() && n.replica != 0) PASSERELLE_RETURN_IF_ERROR(UpsertName(db, n));
    PASSERELLE_RETURN_IF_ERROR(UpsertName(db, bundle.sender));
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
    PASSERELLE_RETURN_IF_ERROR(seen.Run());
    if (before_commit) PASSERELLE_RETURN_IF_ERROR(before_commit(report));
    return Status::Ok();
  };

  if (ops.size() <= import_batch_ops_) {
    CacheWidener cache(db, ops.size());
    sql::Transaction tx(db);
    PASSERELLE_RETURN_IF_ERROR(tx.Begin());
    PASSERELLE_RETURN_IF_ERROR(already());
    PASSERELLE_ASSIGN_OR_RETURN(ApplyReport report, vault_.ApplyInTransaction(std::move(ops)));
    PASSERELLE_RETURN_IF_ERROR(record(report));
    PASSERELLE_RETURN_IF_ERROR(tx.Commit());
    return report;
  }

  // Bounded batches (see the header): validated whole first, then merged record group by record
  // group, each batch committed; the text states, rows and log pages of one batch are released
  // before the next, and the page cache is widened for a batch, not for the whole history.
  PASSERELLE_RETURN_IF_ERROR(Vault::Validate(ops));
  PASSERELLE_RETURN_IF_ERROR(already());
  CacheWidener cache(db, import_batch_ops_);
  ApplyReport total;
  size_t at = 0;
  auto record_end = record_ends.begin();
  while (at < ops.size()) {
    size_t end = at;
    while (record_end != record_ends.end() && (end == at || *record_end - at <= import_batch_ops_)) end = *record_end++;
    const bool last = end == ops.size();
    std::vector<Op> batch(std::make_move_iterator(ops.begin() + static_cast<ptrdiff_t>(at)),
                          std::make_move_iterator(ops.begin() + static_cast<ptrdiff_t>(end)));
    sql::Transaction tx(db);
    PASSERELLE_RETURN_IF_ERROR(tx.Begin());
    if (last) PASSERELLE_RETURN_IF_ERROR(already());
    PASSERELLE_ASSIGN_OR_RETURN(ApplyReport report, vault_.ApplyInTransaction(std::move(batch)));
    total.applied += report.applied;
    total.duplicates += report.duplicates;
    total.buffered += report.buffered;
    // Records never span batches, so the touched lists are disjoint.
    total.touched_entities.insert(total.touched_entities.end(), std::make_move_iterator(report.touched_entities.begin()),
                                  std::make_move_iterator(report.touched_entities.end()));
    if (last) {
      std::sort(total.touched_entities.begin(), total.touched_entities.end());
      PASSERELLE_RETURN_IF_ERROR(record(total));
    }
    PASSERELLE_RETURN_IF_ERROR(tx.Commit());
    for (size_t i = at; i < end; ++i) ops[i] = Op{};  // moved-from: release what remains
    at = end;
  }
  return total;
}

}  // namespace passerelle::core
