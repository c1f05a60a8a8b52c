// Small integer references for the three strings every logged op repeats: the origin replica's
// 64-bit id, the field name and the entity id. The log and the register clocks store the refs
// (1-3 bytes each instead of 8-23), which halves the pages a large merge or a note save encrypts
// and writes (docs/vault.md, "Storage of the log").
//
// The dictionaries (ref_replica, ref_field, ref_entity) only grow and a ref never changes
// meaning. A Refs lives for one transaction: refs it creates vanish if that transaction rolls
// back, so nothing here may be cached beyond it.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "passerelle/core/crdt/hlc.h"
#include "passerelle/platform/status.h"
#include "sql.h"

namespace passerelle::core {

// Lets a map keyed by std::string be searched with a string_view, without building a key.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringRefMap = std::unordered_map<std::string, int64_t, StringHash, std::equal_to<>>;

class Refs {
 public:
  explicit Refs(sqlite3* db) : db_(db) {}

  // Get-or-create. `id`/`name` are copied on creation only when unseen by this Refs.
  Result<int64_t> Entity(std::string_view id);
  Result<int64_t> Field(std::string_view name);
  Result<int64_t> Replica(crdt::ReplicaId replica);
  // The 64-bit id behind a replica ref stored in the log.
  Result<crdt::ReplicaId> ReplicaOf(int64_t ref);

 private:
  Result<int64_t> GetOrCreate(StringRefMap& cache, std::unique_ptr<sql::Stmt>& find, std::unique_ptr<sql::Stmt>& add,
                              const char* find_sql, const char* add_sql, std::string_view text);

  sqlite3* db_;
  StringRefMap entities_, fields_;
  std::unordered_map<crdt::ReplicaId, int64_t> replica_refs_;
  std::unordered_map<int64_t, crdt::ReplicaId> replica_ids_;
  std::unique_ptr<sql::Stmt> find_entity_, add_entity_, find_field_, add_field_;
};

// Every replica ref of the vault with its 64-bit id (a team has a handful of devices).
Result<std::map<int64_t, crdt::ReplicaId>> LoadReplicaRefs(sqlite3* db);

}  // namespace passerelle::core
