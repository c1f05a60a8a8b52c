// An operation: the unit of change of case data. Every change, local or merged from another
// device, is one or more Ops applied through Vault::Apply (the single mutation path), which writes
// the materialised row and appends the Op to the operation log in one transaction.
// Ops are identified by (replica, counter): counters are dense per replica, so a version vector
// {replica -> highest counter seen} describes exactly what a vault holds (used by sync).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "passerelle/core/crdt/hlc.h"

namespace passerelle::core {

using crdt::HlcTimestamp;
using crdt::ReplicaId;

enum class OpKind : uint8_t {
  kSetField = 1,     // last-writer-wins register: value is the new value, nullopt clears it
  kSetAdd = 2,       // add-wins observed-remove set: value is the element; the op id is its tag
  kSetRemove = 3,    // value is the element; `removed_tags` lists the add tags observed
  kText = 4,         // sequence-CRDT text edit: value holds an encoded crdt::TextOp
  kTextReplace = 5,  // local intent only, never stored: "the text is now `value`"; Apply turns
                     // it into kText ops by diffing against the current text
  kTextTyping = 6,   // the same intent from an editor's autosave: typing on may extend this
                     // device's own unshared insertion instead of logging a new op (docs/vault.md,
                     // "Autosave history"); never stored either
};

struct OpId {
  ReplicaId replica = 0;
  uint64_t counter = 0;
  friend auto operator<=>(const OpId&, const OpId&) = default;
};

struct Op {
  OpId id;               // assigned by Vault::Apply for local ops
  HlcTimestamp hlc = 0;  // assigned by Vault::Apply for local ops
  std::string entity_id;  // globally unique; its prefix names the entity type ("dos-...")
  std::string field;
  OpKind kind = OpKind::kSetField;
  std::optional<std::string> value;
  std::vector<OpId> removed_tags;  // kSetRemove only
};

// Convenience builders for local ops (ids and timestamps are filled in by Apply).
inline Op SetField(std::string entity_id, std::string field, std::optional<std::string> value) {
  return Op{{}, 0, std::move(entity_id), std::move(field), OpKind::kSetField, std::move(value), {}};
}
inline Op SetAdd(std::string entity_id, std::string field, std::string element) {
  return Op{{}, 0, std::move(entity_id), std::move(field), OpKind::kSetAdd, std::move(element), {}};
}
inline Op TextReplace(std::string entity_id, std::string field, std::string text) {
  return Op{{}, 0, std::move(entity_id), std::move(field), OpKind::kTextReplace, std::move(text), {}};
}
inline Op TextTyping(std::string entity_id, std::string field, std::string text) {
  return Op{{}, 0, std::move(entity_id), std::move(field), OpKind::kTextTyping, std::move(text), {}};
}

}  // namespace passerelle::core
