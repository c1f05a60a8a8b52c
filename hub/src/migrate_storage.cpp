// `passerelle-hub migrate-storage --data DIR --postgres CONNINFO`: moves a hub from its embedded
// SQLite database to PostgreSQL (docs/hub.md, "Running with PostgreSQL"). Every table is copied
// row for row, blobs included, in one PostgreSQL transaction into a database that must hold no hub
// data yet; then both sides are read back and compared table by table (row count and a SHA-256 over
// every cell). The SQLite file is only read. Stop the hub before migrating: rows written during the
// copy would make the comparison fail (and nothing would be lost, the SQLite file being untouched).
#include <sys/stat.h>

#include <cstdio>

#include "command_table.h"
#include "store_common.h"
#include "store_sqlite.h"

namespace passerelle::hub {
namespace {

Status MigrateStorage(const HubArgs& args) {
  const std::string data = args.Get("data");
  const std::string conninfo = args.Get("postgres");
  if (data.empty() || !args.HasOption("postgres")) {
    return InvalidInput("Give the SQLite hub's folder and the PostgreSQL database: --data DIR --postgres CONNINFO.");
  }
  struct stat st {};
  if (::stat(SqlitePath(data).c_str(), &st) != 0) {
    return NotFound("There is no hub database in " + data + " (no hub.sqlite).");
  }
  PASSERELLE_ASSIGN_OR_RETURN(std::unique_ptr<Store> source, OpenSqliteStore(data));
  PASSERELLE_ASSIGN_OR_RETURN(std::unique_ptr<Store> target, OpenPostgresStore(conninfo));
  auto* from = dynamic_cast<internal::TableAccess*>(source.get());
  auto* to = dynamic_cast<internal::TableAccess*>(target.get());
  if (from == nullptr || to == nullptr) return Internal("A hub store does not offer whole-table access.");

  PASSERELLE_RETURN_IF_ERROR(to->ImportAll(*from));

  for (const internal::TableSpec& table : internal::Tables()) {
    PASSERELLE_ASSIGN_OR_RETURN(int64_t rows_from, from->CountRows(table));
    PASSERELLE_ASSIGN_OR_RETURN(int64_t rows_to, to->CountRows(table));
    PASSERELLE_ASSIGN_OR_RETURN(auto sum_from, internal::TableChecksum(*from, table));
    PASSERELLE_ASSIGN_OR_RETURN(auto sum_to, internal::TableChecksum(*to, table));
    if (rows_from != rows_to || sum_from != sum_to) {
      return Corrupt(std::string("The copy of table ") + table.name +
                     " differs from the SQLite hub; was the hub still running? Empty the PostgreSQL database and migrate again.");
    }
    std::printf("%-16s %8lld rows  sha256 %s\n", table.name, static_cast<long long>(rows_to),
                internal::Hex(sum_to.data(), sum_to.size()).substr(0, 16).c_str());
  }
  std::printf("The hub's data is now in PostgreSQL and matches the SQLite database; start the hub with --postgres.\n");
  return Status::Ok();
}

}  // namespace

void RegisterStorageCommands(std::vector<HubCommand>& commands) {
  commands.push_back({"migrate-storage",
                      "migrate-storage --data DIR --postgres CONNINFO   copy a stopped SQLite hub into an empty "
                      "PostgreSQL database and verify the copy",
                      MigrateStorage, {"data", "postgres"}});
}

}  // namespace passerelle::hub
