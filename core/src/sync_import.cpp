// SyncStore's import (sync_store.h, "Import"): one transaction for an ordinary bundle, durable
// batches read from an OpSource for a new device's history, and ImportTransaction, several
// bundles merged by one Apply in one durable transaction (a hub session). The bookkeeping each
// import records (names, acknowledgement, bundle id) is SyncStore::RecordImport, in sync_store.cpp.
#include <algorithm>
#include <iterator>
#include <memory>
#include <set>
#include <string_view>
#include <unordered_map>

#include "passerelle/core/sync_store.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
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

// Grouped by entity, then by field, stably: every causal dependency between ops lies within
// one field (a text edit depends on earlier edits of the same text, a set removal on adds of
// the same set), so the order inside each group is all that matters, and each entity's clocks and
// row are then read and written once, in key order. Hashing first keeps the sort to one key per
// entity. Permuted in place, cycle by cycle: no second copy of the batch.
void GroupByRecord(std::vector<Op>& ops) {
  std::vector<uint32_t> order;  // order[k]: the op that goes to place k
  {
    std::unordered_map<std::string_view, uint32_t> group_of;
    std::vector<std::vector<uint32_t>> groups;
    for (uint32_t i = 0; i < ops.size(); ++i) {
      auto [it, added] = group_of.try_emplace(ops[i].entity_id, static_cast<uint32_t>(groups.size()));
      if (added) groups.emplace_back();
      groups[it->second].push_back(i);
    }
    std::vector<std::pair<std::string_view, uint32_t>> keys(group_of.begin(), group_of.end());
    std::sort(keys.begin(), keys.end());
    order.reserve(ops.size());
    for (const auto& [entity, g] : keys) {
      std::stable_sort(groups[g].begin(), groups[g].end(),
                       [&](uint32_t x, uint32_t y) { return ops[x].field < ops[y].field; });
      order.insert(order.end(), groups[g].begin(), groups[g].end());
    }
  }
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

// Per op of `ops`: whether the log already holds it, or an earlier op of `ops` is the same op
// (the merge's own duplicate rule: Merger::LogRemote), by one range scan of the log's key per
// origin replica.
Result<std::vector<char>> HeldBefore(sqlite3* db, const std::vector<Op>& ops) {
  std::vector<char> held(ops.size(), 0);
  std::vector<uint32_t> order(ops.size());
  for (uint32_t i = 0; i < ops.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) { return ops[x].id < ops[y].id; });
  sql::Stmt ref(db, "SELECT ref FROM ref_replica WHERE replica = ?");
  sql::Stmt span(db, "SELECT counter FROM oplog WHERE replica_ref = ? AND counter BETWEEN ? AND ?");
  std::vector<uint64_t> logged;
  for (size_t at = 0; at < order.size();) {
    const ReplicaId replica = ops[order[at]].id.replica;
    size_t end = at;
    while (end < order.size() && ops[order[end]].id.replica == replica) ++end;
    logged.clear();
    ref.Reset();
    ref.BindU64(1, replica);
    if (ref.Step()) {
      const int64_t r = ref.Int(0);
      span.Reset();
      span.Bind(1, r).BindU64(2, ops[order[at]].id.counter).BindU64(3, ops[order[end - 1]].id.counter);
      while (span.Step()) logged.push_back(span.U64(0));
      PASSERELLE_RETURN_IF_ERROR(span.status());
    }
    PASSERELLE_RETURN_IF_ERROR(ref.status());
    auto h = logged.begin();
    for (size_t k = at; k < end; ++k) {
      const uint64_t counter = ops[order[k]].id.counter;
      while (h != logged.end() && *h < counter) ++h;
      held[order[k]] = (h != logged.end() && *h == counter) || (k > at && ops[order[k - 1]].id.counter == counter);
    }
    at = end;
  }
  return held;
}

// The ops of a bundle already decoded in memory, as an OpSource.
class VectorSource : public OpSource {
 public:
  explicit VectorSource(std::vector<Op>& ops) : ops_(ops) {}
  size_t size() const override { return ops_.size(); }
  void Rewind() override { at_ = 0; }
  Status Next(size_t max, std::vector<Op>* out) override {
    out->clear();
    const size_t end = std::min(ops_.size(), at_ + max);
    out->assign(ops_.begin() + static_cast<ptrdiff_t>(at_), ops_.begin() + static_cast<ptrdiff_t>(end));
    at_ = end;
    return Status::Ok();
  }

 private:
  std::vector<Op>& ops_;
  size_t at_ = 0;
};

}  // namespace

Result<ApplyReport> SyncStore::ImportInTransaction(IncomingBundle&& bundle) {
  PASSERELLE_RETURN_IF_ERROR(CheckImportable(bundle));
  std::vector<Op> ops = std::move(bundle.ops);
  GroupByRecord(ops);
  PASSERELLE_ASSIGN_OR_RETURN(ApplyReport report, vault_.ApplyInTransaction(std::move(ops)));
  PASSERELLE_RETURN_IF_ERROR(RecordImport(bundle, report));
  return report;
}

Result<ApplyReport> SyncStore::Import(IncomingBundle&& bundle, const BeforeCommit& before_commit) {
  if (bundle.ops.size() > import_batch_ops_) {
    std::vector<Op> ops = std::move(bundle.ops);
    VectorSource source(ops);
    return ImportStream(std::move(bundle), source, before_commit);
  }
  sqlite3* db = internal::Db(vault_);
  CacheWidener cache(db, bundle.ops.size());
  sql::Transaction tx(db);
  PASSERELLE_RETURN_IF_ERROR(tx.Begin());
  PASSERELLE_ASSIGN_OR_RETURN(ApplyReport report, ImportInTransaction(std::move(bundle)));
  if (before_commit) PASSERELLE_RETURN_IF_ERROR(before_commit(report));
  PASSERELLE_RETURN_IF_ERROR(tx.Commit());
  return report;
}

// Bounded batches (see the header): every batch read and validated first (bad input anywhere
// writes nothing), then read again and merged batch by batch in the bundle's order (causal order:
// docs/sync.md, "Delta"), each batch grouped by record and committed durably; only one batch's
// ops, text states, rows and log pages are in memory at a time, and the page cache is widened for
// a batch, not for the whole history.
Result<ApplyReport> SyncStore::ImportStream(IncomingBundle&& bundle, OpSource& source,
                                            const BeforeCommit& before_commit) {
  sqlite3* db = internal::Db(vault_);
  PASSERELLE_RETURN_IF_ERROR(CheckImportable(bundle));
  std::vector<Op> batch;
  source.Rewind();
  for (;;) {
    PASSERELLE_RETURN_IF_ERROR(source.Next(import_batch_ops_, &batch));
    if (batch.empty()) break;
    PASSERELLE_RETURN_IF_ERROR(Vault::Validate(batch));
  }
  CacheWidener cache(db, import_batch_ops_);
  ApplyReport total;
  const size_t count = source.size();
  size_t read = 0;
  source.Rewind();
  while (read < count || count == 0) {
    PASSERELLE_RETURN_IF_ERROR(source.Next(import_batch_ops_, &batch));
    read += batch.size();
    const bool last = read >= count || batch.empty();
    GroupByRecord(batch);
    sql::Transaction tx(db);
    PASSERELLE_RETURN_IF_ERROR(tx.Begin());
    // Validated by the first pass: the same ops, read again from the same bytes.
    PASSERELLE_ASSIGN_OR_RETURN(ApplyReport report, vault_.ApplyValidatedInTransaction(std::move(batch)));
    batch = {};
    total.applied += report.applied;
    total.duplicates += report.duplicates;
    total.buffered += report.buffered;
    total.touched_entities.insert(total.touched_entities.end(), std::make_move_iterator(report.touched_entities.begin()),
                                  std::make_move_iterator(report.touched_entities.end()));
    if (last) {
      // A record split between batches was touched in each.
      std::sort(total.touched_entities.begin(), total.touched_entities.end());
      total.touched_entities.erase(std::unique(total.touched_entities.begin(), total.touched_entities.end()),
                                   total.touched_entities.end());
      PASSERELLE_RETURN_IF_ERROR(CheckImportable(bundle));  // the replay check, inside the recording transaction
      PASSERELLE_RETURN_IF_ERROR(RecordImport(bundle, total));
      if (before_commit) PASSERELLE_RETURN_IF_ERROR(before_commit(total));
    }
    PASSERELLE_RETURN_IF_ERROR(tx.Commit());
    if (last) break;
  }
  return total;
}

struct ImportTransaction::State {
  explicit State(sqlite3* db, size_t cache_ops) : cache(db, cache_ops), tx(db) {}
  CacheWidener cache;
  sql::Transaction tx;
  // Added since the last Merge, each with its ops: they are put together once, in Merge, into
  // one vector of the exact size (growing one vector bundle by bundle moved every op again at
  // each doubling and touched fresh pages each time: ~8 % of a 49-bundle session's CPU).
  std::vector<IncomingBundle> bundles;
  size_t pending_ops = 0;
  std::set<BundleId> ids;  // every bundle added in this transaction
};

ImportTransaction::ImportTransaction(SyncStore& store) : store_(store) {}
ImportTransaction::~ImportTransaction() = default;  // sql::Transaction rolls back, then the cache narrows

bool ImportTransaction::open() const { return state_ != nullptr; }
size_t ImportTransaction::pending_ops() const { return state_ ? state_->pending_ops : 0; }
size_t ImportTransaction::pending_bundles() const { return state_ ? state_->bundles.size() : 0; }

Status ImportTransaction::Begin(size_t ops) {
  if (state_) return Internal("An import transaction is already open.");
  auto state = std::make_unique<State>(internal::Db(store_.vault()), ops);
  PASSERELLE_RETURN_IF_ERROR(state->tx.Begin());
  state_ = std::move(state);
  return Status::Ok();
}

Status ImportTransaction::Add(IncomingBundle&& bundle) {
  if (!state_) return Internal("No import transaction is open.");
  if (state_->ids.count(bundle.id)) return Conflict("This sync bundle was already imported; nothing was changed.");
  PASSERELLE_RETURN_IF_ERROR(store_.CheckImportable(bundle));
  PASSERELLE_RETURN_IF_ERROR(SyncStore::Validate(bundle.ops));
  state_->ids.insert(bundle.id);
  state_->pending_ops += bundle.ops.size();
  state_->bundles.push_back(std::move(bundle));
  return Status::Ok();
}

Result<ApplyReport> ImportTransaction::Merge() {
  if (!state_) return Internal("No import transaction is open.");
  if (state_->bundles.empty()) return ApplyReport{};
  auto merged = [&]() -> Result<ApplyReport> {
    State& s = *state_;
    std::vector<Op> ops;
    std::vector<uint32_t> owner;  // per op of `ops`: its bundle
    ops.reserve(s.pending_ops);
    owner.reserve(s.pending_ops);
    for (size_t b = 0; b < s.bundles.size(); ++b) {
      std::vector<Op>& mine = s.bundles[b].ops;
      owner.insert(owner.end(), mine.size(), static_cast<uint32_t>(b));
      ops.insert(ops.end(), std::make_move_iterator(mine.begin()), std::make_move_iterator(mine.end()));
      mine = {};
    }
    // Each bundle's own share of new and duplicate ops, for its record (an op two bundles carry
    // is new in the first).
    PASSERELLE_ASSIGN_OR_RETURN(std::vector<char> held, HeldBefore(internal::Db(store_.vault()), ops));
    std::vector<ApplyReport> shares(s.bundles.size());
    for (size_t i = 0; i < owner.size(); ++i) ++(held[i] ? shares[owner[i]].duplicates : shares[owner[i]].applied);
    GroupByRecord(ops);
    PASSERELLE_ASSIGN_OR_RETURN(ApplyReport report, store_.ApplyValidated(std::move(ops)));  // validated by Add
    // Every bundle names every device its sender knows: the same names, once per merge, taken from
    // the newest bundle that names each (what recording them in order would leave).
    std::set<ReplicaId> named;
    for (size_t b = s.bundles.size(); b-- > 0;)
      PASSERELLE_RETURN_IF_ERROR(store_.RecordImport(s.bundles[b], shares[b], &named));
    return report;
  }();
  if (!merged.ok()) {
    state_.reset();  // rolled back: a half-merged batch is never committed
    return merged.status();
  }
  state_->bundles.clear();
  state_->pending_ops = 0;
  return merged;
}

Status ImportTransaction::Commit() {
  if (!state_) return Status::Ok();
  if (!state_->bundles.empty()) return Internal("Bundles were added to an import transaction and not merged.");
  Status st = state_->tx.Commit();
  state_.reset();  // committed, or rolled back by the destructor on a failed commit
  return st;
}


}  // namespace passerelle::core
