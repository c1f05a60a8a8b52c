#include "refs.h"

namespace passerelle::core {

Result<int64_t> Refs::GetOrCreate(StringRefMap& cache, std::unique_ptr<sql::Stmt>& find,
                                  std::unique_ptr<sql::Stmt>& add, const char* find_sql, const char* add_sql,
                                  std::string_view text) {
  auto it = cache.find(text);
  if (it != cache.end()) return it->second;
  int64_t ref = 0;
  if (!find) find = std::make_unique<sql::Stmt>(db_, find_sql);
  find->Reset();
  find->BindRef(1, text);
  if (find->Step()) {
    ref = find->Int(0);
    find->Reset();
  } else {
    PASSERELLE_RETURN_IF_ERROR(find->status());
    find->Reset();
    if (!add) add = std::make_unique<sql::Stmt>(db_, add_sql);
    add->Reset();
    PASSERELLE_RETURN_IF_ERROR(add->BindRef(1, text).Run());
    add->Reset();
    ref = static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
  }
  cache.emplace(std::string(text), ref);
  return ref;
}

Result<int64_t> Refs::Entity(std::string_view id) {
  return GetOrCreate(entities_, find_entity_, add_entity_, "SELECT ref FROM ref_entity WHERE id = ?",
                     "INSERT INTO ref_entity(id) VALUES (?)", id);
}

Result<int64_t> Refs::Field(std::string_view name) {
  return GetOrCreate(fields_, find_field_, add_field_, "SELECT ref FROM ref_field WHERE name = ?",
                     "INSERT INTO ref_field(name) VALUES (?)", name);
}

Result<int64_t> Refs::Replica(crdt::ReplicaId replica) {
  auto it = replica_refs_.find(replica);
  if (it != replica_refs_.end()) return it->second;
  sql::Stmt find(db_, "SELECT ref FROM ref_replica WHERE replica = ?");
  find.BindU64(1, replica);
  int64_t ref = 0;
  if (find.Step()) {
    ref = find.Int(0);
  } else {
    PASSERELLE_RETURN_IF_ERROR(find.status());
    PASSERELLE_RETURN_IF_ERROR(sql::Stmt(db_, "INSERT INTO ref_replica(replica) VALUES (?)").BindU64(1, replica).Run());
    ref = static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
  }
  replica_refs_.emplace(replica, ref);
  replica_ids_.emplace(ref, replica);
  return ref;
}

Result<crdt::ReplicaId> Refs::ReplicaOf(int64_t ref) {
  auto it = replica_ids_.find(ref);
  if (it != replica_ids_.end()) return it->second;
  sql::Stmt find(db_, "SELECT replica FROM ref_replica WHERE ref = ?");
  find.Bind(1, ref);
  if (!find.Step()) return find.status().ok() ? Corrupt("The log names a replica the vault does not know.") : find.status();
  crdt::ReplicaId replica = find.U64(0);
  replica_refs_.emplace(replica, ref);
  replica_ids_.emplace(ref, replica);
  return replica;
}

Result<std::map<int64_t, crdt::ReplicaId>> LoadReplicaRefs(sqlite3* db) {
  std::map<int64_t, crdt::ReplicaId> out;
  sql::Stmt q(db, "SELECT ref, replica FROM ref_replica");
  while (q.Step()) out.emplace(q.Int(0), q.U64(1));
  if (!q.status().ok()) return q.status();
  return out;
}

}  // namespace passerelle::core
