// What both storage backends share: the tables (same names and columns in SQLite and PostgreSQL,
// so `migrate-storage` copies them column for column), the text form of declared op ranges, and
// the whole-table access migrate-storage uses. Private to hub/.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "passerelle/hub/store.h"

namespace passerelle::hub::internal {

// The columns both backends' packet listings read (PacketsFor, PacketsNotReceivedBy), in
// PacketMeta's order, so each backend reads their rows with one helper.
#define PASSERELLE_HUB_PACKET_COLUMNS "SELECT packet_id, from_org, to_org_fingerprint, size, stored_at_ms FROM packets"

// 1: the first hub; 2: packet_receipts (which device imported which packet, hubpackets).
inline constexpr int kSchemaVersion = 2;

enum class ColumnType { kText, kInteger, kBlob };
struct Column { const char* name; ColumnType type; };
struct TableSpec {
  const char* name;
  std::vector<Column> columns;
  const char* order_by;  // a unique key: both backends list rows in the same order
};
// Every table of the hub, in copy order.
const std::vector<TableSpec>& Tables();

// One row as its cells' bytes: integers in decimal, text as UTF-8, blobs raw.
using Row = std::vector<std::string>;
using RowVisitor = std::function<Status(const Row&)>;

// Whole-table access, implemented by both backends next to their Store.
class TableAccess {
 public:
  virtual ~TableAccess() = default;
  virtual Status ScanTable(const TableSpec& table, const RowVisitor& visit) = 0;
  virtual Result<int64_t> CountRows(const TableSpec& table) = 0;
  // Copies every table of `source` in one transaction; refused (kConflict) when this store holds
  // any row. Only the PostgreSQL backend is a migration target.
  virtual Status ImportAll(TableAccess& source) {
    (void)source;
    return Status::Error(Code::kUnsupported, "This storage cannot be the target of a migration.");
  }
};

// "replica:first-last,..." (decimal), the form both backends store ranges in.
std::string EncodeRanges(const std::vector<OpRange>& ranges);
Result<std::vector<OpRange>> DecodeRanges(const std::string& text);

// SHA-256 over a table's rows in key order (each cell length-prefixed): equal on both sides of a
// migration exactly when every row and byte arrived.
Result<std::array<uint8_t, 32>> TableChecksum(TableAccess& store, const TableSpec& table);
std::string Hex(const uint8_t* data, size_t size);

}  // namespace passerelle::hub::internal
