// Vault::Apply, the single mutation path: validation first (nothing written on bad input), then
// one transaction that merges each op into the materialised rows and appends it to the log.
// The merge rules per kind of field are documented in docs/vault.md and docs/sync.md.
#include <set>
#include <string_view>
#include <utility>

#include "consent_internal.h"
#include "merger.h"
#include "passerelle/core/crdt/text.h"
#include "passerelle/core/model.h"
#include "passerelle/core/vault.h"
#include "sql.h"
#include "text_store.h"

namespace passerelle::core {
namespace {

// Returns the spec of the op's field, or an error naming what is wrong. Local edits and merged
// ops pass the same checks (model.h: encoding, control characters, size, type), so a bundle from
// a device that skipped them is refused whole and nothing it carries reaches a screen or JSON.
Result<const FieldSpec*> ValidateOp(const Op& op, const EntitySpec* entity, bool local) {
  if (entity == nullptr) return InvalidInput(QuotedForMessage(op.entity_id) + " is not a valid record id.");
  if (!local && (op.id.replica == 0 || op.id.counter == 0))
    return Corrupt("A merged operation has no origin replica or counter.");
  if (entity->grow_only && (op.field == kDeletedField || op.kind != OpKind::kSetField || !op.value))
    return InvalidInput("A " + std::string(entity->name) + " entry is written once and never changed or deleted.");
  if (op.field == kDeletedField) {
    if (op.kind != OpKind::kSetField || (op.value && *op.value != "0" && *op.value != "1"))
      return InvalidInput("The deleted flag of " + op.entity_id + " must be set to 0 or 1.");
    return static_cast<const FieldSpec*>(nullptr);
  }
  const FieldSpec* field = entity->Find(op.field);
  if (field == nullptr)
    return InvalidInput("A " + std::string(entity->name) + " has no field " + QuotedForMessage(op.field) + ".");
  std::string why;
  switch (field->merge) {
    case FieldMerge::kRegister:
      if (op.kind != OpKind::kSetField) break;
      if (op.value && !ValidateValue(*field, *op.value, &why)) return InvalidInput(why);
      return field;
    case FieldMerge::kSet:
      if (op.kind != OpKind::kSetAdd && op.kind != OpKind::kSetRemove) break;
      if (!op.value) return InvalidInput("A set change on " + op.field + " names no element.");
      if (!ValidateValue(*field, *op.value, &why)) return InvalidInput(why);
      return field;
    case FieldMerge::kText:
      if ((op.kind == OpKind::kTextReplace || op.kind == OpKind::kTextTyping) && local && op.value) {
        // TextDoc would turn ill-formed bytes into U+FFFD; refusing them tells the worker instead.
        if (!ValidateValue(*field, *op.value, &why)) return InvalidInput(why);
        return field;
      }
      if (op.kind != OpKind::kText || !op.value) break;
      {
        auto bytes = std::span(reinterpret_cast<const uint8_t*>(op.value->data()), op.value->size());
        std::string_view text;
        uint64_t code_points = 0;
        auto decoded = crdt::DecodeTextOpView(bytes, &text, &code_points);
        if (!decoded.ok()) return decoded.status();
        if (decoded->kind == crdt::TextOp::Kind::kInsert &&
            !ValidateText("Text inserted into the " + std::string(field->name) + " of " + op.entity_id, text,
                          field->Has(kMultiLine), kMaxLineCodePoints, kMaxLongTextBytes, &why))
          return InvalidInput(why);
      }
      return field;
  }
  return InvalidInput("The change to " + op.field + " of " + op.entity_id + " is of the wrong kind.");
}

// A grow-only record's field is written once: refused when the vault (or an earlier op of the same
// call) already set it. Checked inside the transaction, so a refusal rolls everything back; a
// duplicate of an op already held never gets here (it is skipped as a duplicate).
Status CheckGrowOnly(sqlite3* db, const EntitySpec& entity, const Op& op,
                     std::set<std::pair<std::string, std::string>>* written) {
  if (!written->insert({op.entity_id, op.field}).second)
    return InvalidInput("A " + std::string(entity.name) + " entry is written once and never changed or deleted.");
  sql::Stmt q(db, "SELECT " + op.field + " IS NOT NULL FROM " + std::string(entity.name) + " WHERE id = ?");
  q.Bind(1, op.entity_id);
  if (q.Step() && q.Int(0) != 0)
    return InvalidInput("A " + std::string(entity.name) + " entry is written once and never changed or deleted.");
  return q.status();
}

// What validation found for each op, kept for the merge: looked up once per op.
struct Validated {
  std::vector<const EntitySpec*> entities;
  std::vector<const FieldSpec*> specs;  // nullptr: the deleted flag
};

Result<Validated> ValidateAll(const std::vector<Op>& ops) {
  Validated v;
  v.specs.reserve(ops.size());
  v.entities.reserve(ops.size());
  std::string_view last_id;  // an import's ops come grouped by record: one lookup per record
  const EntitySpec* last = nullptr;
  for (const auto& op : ops) {
    bool local = op.id.replica == 0;
    if (last == nullptr || op.entity_id != last_id) {
      last = SpecForId(op.entity_id);
      last_id = op.entity_id;
    }
    v.entities.push_back(last);
    PASSERELLE_ASSIGN_OR_RETURN(const FieldSpec* spec, ValidateOp(op, v.entities.back(), local));
    v.specs.push_back(spec);
  }
  return v;
}

// The specs of ops that passed ValidateAll already (Vault::ApplyValidatedInTransaction): looked up
// again, values not re-checked. What the merge dereferences is still checked, so an op that
// skipped validation by mistake fails as an internal error instead of crashing.
Result<Validated> LookUpAll(const std::vector<Op>& ops) {
  Validated v;
  v.specs.reserve(ops.size());
  v.entities.reserve(ops.size());
  const EntitySpec* entity = nullptr;
  std::string_view entity_id;
  for (const auto& op : ops) {
    if (entity == nullptr || op.entity_id != entity_id) {  // ops come grouped by record
      entity = SpecForId(op.entity_id);
      entity_id = op.entity_id;
    }
    const FieldSpec* spec = op.field == kDeletedField || entity == nullptr ? nullptr : entity->Find(op.field);
    if (entity == nullptr || (spec == nullptr && op.field != kDeletedField) ||
        (op.kind != OpKind::kSetField && !op.value) || op.id.replica == 0)
      return Internal("An operation given as validated was not.");
    v.entities.push_back(entity);
    v.specs.push_back(spec);
  }
  return v;
}

// The text a save leaves for the next one (TextCache), kept once the transaction committed.
struct KeptText {
  std::pair<std::string, std::string> key;
  std::optional<StoredText> text;
  TextCache::Stamp at;
};

// The merge itself, inside the caller's transaction, after validation. `cache`: the text kept by
// the previous save, or nullptr (a caller whose transaction may still roll back after this).
Result<ApplyReport> MergeOps(sqlite3* db, ReplicaId replica, platform::Clock& clock, std::vector<Op> ops,
                             const Validated& valid, TextCache* cache = nullptr, KeptText* kept = nullptr) {
  const auto& entities = valid.entities;
  const auto& specs = valid.specs;
  Merger m(db, replica);
  if (cache) {
    PASSERELLE_ASSIGN_OR_RETURN(TextCache::Stamp at, TextCache::Now(db));
    m.UseTextCache(cache, at);
  }
  uint64_t next_counter = 0, shared_through = 0, typing_run = 0;
  HlcTimestamp hlc_last = 0;
  {
    sql::Stmt q(db, "SELECT next_counter, hlc_last, shared_through, typing_run FROM replica_state");
    if (!q.Step()) return q.status().ok() ? Corrupt("The vault has no identity record.") : q.status();
    next_counter = q.U64(0);
    hlc_last = q.U64(1);
    shared_through = q.U64(2);
    typing_run = q.U64(3);
  }
  const int64_t now = clock.NowMillis();
  ApplyReport report;
  // Remote ops are logged first, in bulk; local ops as they get their ids.
  std::vector<char> fresh;
  PASSERELLE_RETURN_IF_ERROR(m.LogRemote(ops, &fresh));
  std::set<std::pair<std::string, std::string>> grow_only_written;

  for (size_t i = 0; i < ops.size(); ++i) {
    Op& op = ops[i];
    const EntitySpec& entity = *entities[i];
    const bool local = op.id.replica == 0;
    auto stamp_local = [&](Op& o) {
      o.id = {replica, next_counter++};
      hlc_last = crdt::HlcTick(hlc_last, now);
      o.hlc = hlc_last;
      report.assigned.push_back(o.id);
    };

    if (op.kind == OpKind::kTextReplace || op.kind == OpKind::kTextTyping) {
      const bool typing = op.kind == OpKind::kTextTyping;
      // Local typing: diff against the merged text and log the resulting CRDT edits.
      PASSERELLE_ASSIGN_OR_RETURN(crdt::TextDoc * doc, m.Text(op.entity_id, op.field));
      auto edits = doc->ReplaceAll(*op.value);
      for (auto& edit : edits) {
        // Autosave coalescing: typing on from the insertion the previous autosave logged, which
        // has not left the device yet, extends that op instead of logging a new one (merger.h).
        if (typing && typing_run > shared_through) {
          PASSERELLE_ASSIGN_OR_RETURN(bool extended,
                                      m.ExtendUnshared(op.entity_id, op.field, typing_run, edit));
          if (extended) {
            ++report.coalesced;
            continue;
          }
        }
        auto bytes = crdt::EncodeTextOp(edit);
        Op text_op{{}, 0, op.entity_id, op.field, OpKind::kText, std::string(bytes.begin(), bytes.end()), {}};
        stamp_local(text_op);
        PASSERELLE_RETURN_IF_ERROR(m.Log(text_op));
        // Only an autosave's own insertion may be extended later: an explicit save stays a version.
        typing_run = typing && edit.kind == crdt::TextOp::Kind::kInsert ? text_op.id.counter : 0;
        ++report.applied;
      }
      // No edit, no op: a row made here would exist on this replica only.
      if (edits.empty()) continue;
      PASSERELLE_RETURN_IF_ERROR(m.EnsureRow(entity, op.entity_id));
      PASSERELLE_RETURN_IF_ERROR(m.Touch(op.entity_id));
      continue;
    }

    if (entity.grow_only && (local || fresh[i]))
      PASSERELLE_RETURN_IF_ERROR(CheckGrowOnly(db, entity, op, &grow_only_written));

    if (local) {
      if (op.kind == OpKind::kSetRemove) PASSERELLE_RETURN_IF_ERROR(m.ObserveTags(op));
      stamp_local(op);
      PASSERELLE_RETURN_IF_ERROR(m.Log(op));
    } else {
      if (!fresh[i]) {
        ++report.duplicates;
        continue;
      }
      hlc_last = crdt::HlcObserve(hlc_last, op.hlc);
      // One of our own ops coming back that this log lacks (the vault was restored from an older
      // copy): never hand out its counter again, or two different ops would share an id.
      if (op.id.replica == replica && op.id.counter >= next_counter) next_counter = op.id.counter + 1;
      // ...and an own op that came back from a peer has been shared: never extend it.
      if (op.id.replica == replica && op.id.counter > shared_through) shared_through = op.id.counter;
    }

    const FieldSpec* spec = specs[i];
    if (spec == nullptr || spec->merge == FieldMerge::kRegister) {
      PASSERELLE_RETURN_IF_ERROR(m.StageRegister(entity, op, i));  // also marks the entity touched
    } else if (spec->merge == FieldMerge::kSet) {
      PASSERELLE_RETURN_IF_ERROR(m.MergeSet(entity, op));
      PASSERELLE_RETURN_IF_ERROR(m.Touch(op.entity_id));
    } else {
      PASSERELLE_ASSIGN_OR_RETURN(crdt::TextDoc * doc, m.Text(op.entity_id, op.field));
      auto bytes = std::span(reinterpret_cast<const uint8_t*>(op.value->data()), op.value->size());
      PASSERELLE_ASSIGN_OR_RETURN(auto edit, crdt::DecodeTextOp(bytes));
      PASSERELLE_RETURN_IF_ERROR(doc->Apply(edit));
      PASSERELLE_RETURN_IF_ERROR(m.EnsureRow(entity, op.entity_id));
      PASSERELLE_RETURN_IF_ERROR(m.Touch(op.entity_id));
    }
    ++report.applied;
  }

  PASSERELLE_RETURN_IF_ERROR(m.FlushFields());
  PASSERELLE_RETURN_IF_ERROR(m.FlushTexts(&report.buffered));
  PASSERELLE_RETURN_IF_ERROR(m.FlushSyncIndex());
  sql::Stmt upd(db, "UPDATE replica_state SET next_counter = ?, hlc_last = ?, shared_through = ?, typing_run = ?");
  upd.BindU64(1, next_counter).BindU64(2, hlc_last).BindU64(3, shared_through).BindU64(4, typing_run);
  PASSERELLE_RETURN_IF_ERROR(upd.Run());
  report.touched_entities = m.Touched();
  if (cache && kept) {
    if (auto saved = m.TakeSavedText()) {
      PASSERELLE_ASSIGN_OR_RETURN(kept->at, TextCache::Now(db));  // after this transaction's last write
      kept->key = std::move(saved->first);
      kept->text.emplace(std::move(saved->second));
    }
  }
  return report;
}

}  // namespace

Result<ApplyReport> Vault::Apply(std::vector<Op> ops) {
  PASSERELLE_ASSIGN_OR_RETURN(Validated valid, ValidateAll(ops));  // before the transaction: bad input writes nothing
  // Professional secrecy (consent.h): a local change that makes a note shareable with a partner
  // needs that partner's consent in force, whichever command or screen made it.
  PASSERELLE_RETURN_IF_ERROR(consent_internal::CheckLocalNoteSharing(*this, ops));
  sql::Transaction tx(db_);
  PASSERELLE_RETURN_IF_ERROR(tx.Begin());
  TextCache& cache = TextCacheFor(db_);
  KeptText kept;
  PASSERELLE_ASSIGN_OR_RETURN(ApplyReport report, MergeOps(db_, replica_, *clock_, std::move(ops), valid, &cache, &kept));
  PASSERELLE_RETURN_IF_ERROR(tx.Commit());
  // Only a committed text is kept: a rolled-back one would be ahead of the vault.
  if (kept.text) cache.Keep(std::move(kept.key.first), std::move(kept.key.second), std::move(*kept.text), kept.at);
  return report;
}

Status Vault::Validate(const std::vector<Op>& ops) { return ValidateAll(ops).status(); }

Result<ApplyReport> Vault::ApplyValidatedInTransaction(std::vector<Op> ops) {
  PASSERELLE_ASSIGN_OR_RETURN(Validated valid, LookUpAll(ops));
  TextCacheFor(db_).Clear();  // as ApplyInTransaction: the caller commits or rolls back later
  return MergeOps(db_, replica_, *clock_, std::move(ops), valid);
}

Result<ApplyReport> Vault::ApplyInTransaction(std::vector<Op> ops) {
  PASSERELLE_ASSIGN_OR_RETURN(Validated valid, ValidateAll(ops));
  // The caller commits or rolls back later: no kept text is used or made, and what was kept may
  // not survive this transaction's changes.
  TextCacheFor(db_).Clear();
  return MergeOps(db_, replica_, *clock_, std::move(ops), valid);
}

}  // namespace passerelle::core
