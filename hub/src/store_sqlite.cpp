// hub::Store over SQLite: one file DIR/hub.sqlite in WAL mode with synchronous=FULL, so a commit
// is on the disk (the WAL fsynced) before a write returns. One writing connection guarded by a
// mutex (the hub's writes are small and SQLite serialises writers anyway), and read-only
// connections for the reads, which therefore never wait for a write's fsync. The file is the project's
// SQLCipher build opened without a key, i.e. plain SQLite: it holds only sealed bytes.
#include <sqlite3.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "passerelle/hub/store.h"
#include "store_common.h"
#include "sqlite_stmt.h"
#include "store_sqlite.h"

namespace passerelle::hub {
namespace {

using internal::ColumnType;
using internal::Stmt;
using internal::StmtCache;
using internal::Row;
using internal::TableSpec;

constexpr const char* kSchema = R"sql(
CREATE TABLE settings(key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE orgs(org TEXT PRIMARY KEY, card_fingerprint TEXT NOT NULL);
CREATE TABLE enrolments(code_hash TEXT PRIMARY KEY, org TEXT NOT NULL, worker TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE failed_attempts(id INTEGER PRIMARY KEY, source TEXT NOT NULL, at_ms INTEGER NOT NULL);
CREATE INDEX failed_attempts_by_time ON failed_attempts(at_ms, source);
CREATE TABLE devices(device_id TEXT PRIMARY KEY, org TEXT NOT NULL, worker TEXT NOT NULL,
  cert_fingerprint TEXT NOT NULL UNIQUE, enrolled_at_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE bundles(seq INTEGER PRIMARY KEY AUTOINCREMENT, bundle_id TEXT NOT NULL UNIQUE, org TEXT NOT NULL,
  uploader_device TEXT NOT NULL, ranges TEXT NOT NULL, size INTEGER NOT NULL, stored_at_ms INTEGER NOT NULL,
  sealed BLOB NOT NULL);
CREATE INDEX bundles_by_org ON bundles(org, seq);
CREATE TABLE applied(device_id TEXT NOT NULL, bundle_id TEXT NOT NULL, PRIMARY KEY(device_id, bundle_id)) WITHOUT ROWID;
CREATE TABLE packets(packet_id TEXT PRIMARY KEY, from_org TEXT NOT NULL, to_org_fingerprint TEXT NOT NULL,
  size INTEGER NOT NULL, stored_at_ms INTEGER NOT NULL, sealed BLOB NOT NULL);
CREATE INDEX packets_by_recipient ON packets(to_org_fingerprint, stored_at_ms);
)sql";

// Version 2: which device durably imported which packet (POST /v1/packets/received).
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE packet_receipts(device_id TEXT NOT NULL, packet_id TEXT NOT NULL, PRIMARY KEY(device_id, packet_id)) WITHOUT ROWID;
)sql";

Status DbError(sqlite3* db, const char* what) { return internal::SqliteError(db, what); }


class SqliteStore final : public Store, public internal::TableAccess {
 public:
  SqliteStore(sqlite3* db, std::string path) : db_(db), cache_(std::make_unique<StmtCache>(db)), readers_(std::move(path)) {}
  ~SqliteStore() override {
    readers_.Clear();
    cache_.reset();  // its statements first: the connection then closes at once
    sqlite3_close_v2(db_);
  }

  Status Init() {
    {
      // journal_mode answers the mode it is in: a file system without shared memory stays in
      // "delete", and the hub would lose the durability and concurrency it documents.
      Stmt wal(db_, "PRAGMA journal_mode=WAL");
      if (!wal.prepared() || wal.Step() != SQLITE_ROW) return DbError(db_, "switch to WAL");
      if (wal.Text(0) != "wal") {
        return IoError("The hub's database could not use write-ahead logging on this file system; put the data folder on a local disk.");
      }
    }
    PASSERELLE_RETURN_IF_ERROR(Exec("PRAGMA synchronous=FULL", "set synchronous writes"));
    Stmt v(db_, "PRAGMA user_version");
    if (!v.prepared() || v.Step() != SQLITE_ROW) return DbError(db_, "read its schema version");
    const int64_t version = v.Int(0);
    if (version > internal::kSchemaVersion) {
      return Status::Error(Code::kUnsupported, "This hub database was written by a newer passerelle-hub; upgrade it first.");
    }
    if (version == internal::kSchemaVersion) return Status::Ok();
    PASSERELLE_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE", "start a transaction"));
    Status st = version == 0 ? Exec(kSchema, "create its tables") : Status::Ok();
    if (st.ok() && version < 2) st = Exec(kSchemaV2, "add its table of packet receipts");
    if (st.ok()) st = Exec("PRAGMA user_version=2", "record its schema version");
    if (st.ok()) return Commit();
    Rollback();
    return st;
  }

  Status PutSetting(std::string_view key, std::span<const uint8_t> value) override {
    std::lock_guard lock(mu_);
    Stmt s(*cache_, "INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    s.Bind(1, key).BindBlob(2, value.data(), value.size());
    return Done(s, "save a setting");
  }

  Result<std::optional<std::vector<uint8_t>>> GetSetting(std::string_view key) override {
    ReadLease r(*this);
    Stmt s(r.cache(), "SELECT value FROM settings WHERE key = ?");
    s.Bind(1, key);
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return std::optional<std::vector<uint8_t>>();
    if (rc != SQLITE_ROW) return DbError(r.db(), "read a setting");
    return std::optional<std::vector<uint8_t>>(s.Blob(0));
  }

  Status BindOrgFingerprint(const std::string& org, const std::string& card_fingerprint) override {
    std::lock_guard lock(mu_);
    return InTransaction([&]() -> Status {
      Stmt q(*cache_, "SELECT card_fingerprint FROM orgs WHERE org = ?");
      q.Bind(1, org);
      const int rc = q.Step();
      if (rc == SQLITE_ROW) {
        if (q.Text(0) == card_fingerprint) return Status::Ok();
        return Conflict("The organisation " + org + " is already bound to another organisation card.");
      }
      if (rc != SQLITE_DONE) return DbError(db_, "read an organisation");
      Stmt s(*cache_, "INSERT INTO orgs(org, card_fingerprint) VALUES(?, ?)");
      s.Bind(1, org).Bind(2, card_fingerprint);
      return Done(s, "save an organisation");
    });
  }

  Result<std::optional<std::string>> OrgFingerprint(const std::string& org) override {
    ReadLease r(*this);
    Stmt s(r.cache(), "SELECT card_fingerprint FROM orgs WHERE org = ?");
    s.Bind(1, org);
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return DbError(r.db(), "read an organisation");
    return std::optional<std::string>(s.Text(0));
  }

  Status AddEnrolment(const Enrolment& e) override {
    std::lock_guard lock(mu_);
    Stmt s(*cache_, "INSERT INTO enrolments(code_hash, org, worker, expires_at_ms, used) VALUES(?, ?, ?, ?, ?)");
    s.Bind(1, e.code_hash_hex).Bind(2, e.org).Bind(3, e.worker).Bind(4, e.expires_at_ms).Bind(5, int64_t{e.used ? 1 : 0});
    const int rc = s.Step();
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return Conflict("This enrolment code already exists.");
    if (rc != SQLITE_DONE) return DbError(db_, "save an enrolment code");
    return Status::Ok();
  }

  Result<Enrolment> RedeemEnrolment(const std::string& code_hash_hex, int64_t now_ms) override {
    std::lock_guard lock(mu_);
    Enrolment e;
    Status st = InTransaction([&]() -> Status {
      Stmt q(*cache_, "SELECT org, worker, expires_at_ms, used FROM enrolments WHERE code_hash = ?");
      q.Bind(1, code_hash_hex);
      const int rc = q.Step();
      if (rc == SQLITE_DONE) return NotFound("This enrolment code is unknown.");
      if (rc != SQLITE_ROW) return DbError(db_, "read an enrolment code");
      e = Enrolment{code_hash_hex, q.Text(0), q.Text(1), q.Int(2), q.Int(3) != 0};
      if (e.used) return Conflict("This enrolment code was already used.");
      if (now_ms >= e.expires_at_ms) return InvalidInput("This enrolment code has expired.");
      Stmt u(*cache_, "UPDATE enrolments SET used = 1 WHERE code_hash = ?");
      u.Bind(1, code_hash_hex);
      e.used = true;
      return Done(u, "mark an enrolment code used");
    });
    if (!st.ok()) return st;
    return e;
  }

  Status RecordFailedAttempt(const std::string& source, int64_t now_ms) override {
    std::lock_guard lock(mu_);
    Stmt s(*cache_, "INSERT INTO failed_attempts(source, at_ms) VALUES(?, ?)");
    s.Bind(1, source).Bind(2, now_ms);
    return Done(s, "record a failed enrolment attempt");
  }

  Result<int> FailedAttemptsSince(const std::string& source, int64_t since_ms) override {
    ReadLease r(*this);
    Stmt s(r.cache(), "SELECT COUNT(*) FROM failed_attempts WHERE at_ms >= ? AND (? = '' OR source = ?)");
    s.Bind(1, since_ms).Bind(2, source).Bind(3, source);
    if (s.Step() != SQLITE_ROW) return DbError(r.db(), "count failed enrolment attempts");
    return static_cast<int>(s.Int(0));
  }

  Status AddDevice(const DeviceRecord& d) override {
    std::lock_guard lock(mu_);
    Stmt s(db_,
           "INSERT INTO devices(device_id, org, worker, cert_fingerprint, enrolled_at_ms, last_seen_ms, revoked) "
           "VALUES(?, ?, ?, ?, ?, ?, ?)");
    s.Bind(1, d.device_id).Bind(2, d.org).Bind(3, d.worker).Bind(4, d.cert_fingerprint_hex).Bind(5, d.enrolled_at_ms)
        .Bind(6, d.last_seen_ms).Bind(7, int64_t{d.revoked ? 1 : 0});
    const int rc = s.Step();
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return Conflict("A device with this id or certificate is already enrolled.");
    if (rc != SQLITE_DONE) return DbError(db_, "save a device");
    return Status::Ok();
  }

  Result<std::optional<DeviceRecord>> DeviceByFingerprint(const std::string& fp) override {
    ReadLease r(*this);
    Stmt s(r.cache(), "SELECT device_id, org, worker, cert_fingerprint, enrolled_at_ms, last_seen_ms, revoked FROM devices "
                "WHERE cert_fingerprint = ?");
    s.Bind(1, fp);
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return std::optional<DeviceRecord>();
    if (rc != SQLITE_ROW) return DbError(r.db(), "read a device");
    return std::optional<DeviceRecord>(ReadDevice(s));
  }

  Result<std::vector<DeviceRecord>> Devices() override {
    ReadLease r(*this);
    Stmt s(r.cache(), "SELECT device_id, org, worker, cert_fingerprint, enrolled_at_ms, last_seen_ms, revoked FROM devices "
                "ORDER BY org, worker, device_id");
    std::vector<DeviceRecord> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadDevice(s));
    if (rc != SQLITE_DONE) return DbError(r.db(), "list the devices");
    return out;
  }

  Status Revoke(const std::string& device_id) override { return UpdateDevice("UPDATE devices SET revoked = 1 WHERE device_id = ?", device_id, std::nullopt); }
  Status Touch(const std::string& device_id, int64_t now_ms) override {
    return UpdateDevice("UPDATE devices SET last_seen_ms = MAX(last_seen_ms, ?2) WHERE device_id = ?1", device_id, now_ms);
  }

  Status PutBundle(const BundleMeta& m, std::span<const uint8_t> sealed) override {
    std::lock_guard lock(mu_);
    return InTransaction([&]() -> Status {
      Stmt q(*cache_, "SELECT org FROM bundles WHERE bundle_id = ?");
      q.Bind(1, m.bundle_id_hex);
      const int rc = q.Step();
      if (rc == SQLITE_ROW) {
        if (q.Text(0) == m.org) return Status::Ok();  // already stored: idempotent
        return Conflict("A bundle with this id is already stored for another organisation.");
      }
      if (rc != SQLITE_DONE) return DbError(db_, "look up a bundle");
      Stmt s(*cache_, "INSERT INTO bundles(bundle_id, org, uploader_device, ranges, size, stored_at_ms, sealed) "
                  "VALUES(?, ?, ?, ?, ?, ?, ?)");
      s.Bind(1, m.bundle_id_hex).Bind(2, m.org).Bind(3, m.uploader_device).Bind(4, internal::EncodeRanges(m.ranges))
          .Bind(5, static_cast<int64_t>(sealed.size())).Bind(6, m.stored_at_ms).BindBlob(7, sealed.data(), sealed.size());
      return Done(s, "store a bundle");
    });
  }

  Result<std::vector<BundleMeta>> BundlesOf(const std::string& org) override {
    ReadLease r(*this);
    Stmt s(r.cache(), "SELECT bundle_id, org, uploader_device, ranges, size, stored_at_ms, seq FROM bundles WHERE org = ? ORDER BY seq");
    s.Bind(1, org);
    return ReadBundles(s, r.db());
  }

  // A device's own uploads count as applied by it.
  Result<std::vector<BundleMeta>> BundlesNotAppliedBy(const std::string& org, const std::string& device_id) override {
    ReadLease r(*this);
    Stmt s(r.cache(), "SELECT bundle_id, org, uploader_device, ranges, size, stored_at_ms, seq FROM bundles b WHERE org = ?1 "
                "AND uploader_device <> ?2 AND NOT EXISTS (SELECT 1 FROM applied a WHERE a.device_id = ?2 AND "
                "a.bundle_id = b.bundle_id) ORDER BY seq");
    s.Bind(1, org).Bind(2, device_id);
    return ReadBundles(s, r.db());
  }

  Result<std::vector<uint8_t>> GetBundle(const std::string& org, const std::string& bundle_id_hex) override {
    ReadLease r(*this);
    Stmt s(r.cache(), "SELECT sealed FROM bundles WHERE org = ? AND bundle_id = ?");
    s.Bind(1, org).Bind(2, bundle_id_hex);
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return NotFound("The hub holds no such bundle for this organisation.");
    if (rc != SQLITE_ROW) return DbError(r.db(), "read a bundle");
    return s.Blob(0);
  }

  Result<std::vector<std::optional<std::vector<uint8_t>>>> GetBundles(const std::string& org,
                                                                       const std::vector<std::string>& ids,
                                                                       uint64_t max_bytes) override {
    ReadLease r(*this);
    std::vector<std::optional<std::vector<uint8_t>>> out;
    uint64_t total = 0;
    Stmt s(r.cache(), "SELECT size, sealed FROM bundles WHERE org = ? AND bundle_id = ?");
    for (const std::string& id : ids) {
      s.Reset();
      s.Bind(1, org).Bind(2, id);
      const int rc = s.Step();
      if (rc == SQLITE_DONE) {
        out.emplace_back();
        continue;
      }
      if (rc != SQLITE_ROW) return DbError(r.db(), "read bundles");
      // The size column first: a bundle that would pass the bound is not read at all.
      const auto size = static_cast<uint64_t>(s.Int(0));
      if (!out.empty() && total + size > max_bytes) break;
      total += size;
      out.emplace_back(s.Blob(1));
    }
    return out;
  }

  Result<int64_t> BundleSeq(const std::string& org, const std::string& bundle_id_hex) override {
    ReadLease r(*this);
    Stmt s(r.cache(), "SELECT seq FROM bundles WHERE org = ? AND bundle_id = ?");
    s.Bind(1, org).Bind(2, bundle_id_hex);
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return NotFound("The hub holds no such bundle for this organisation.");
    if (rc != SQLITE_ROW) return DbError(r.db(), "read a bundle");
    return s.Int(0);
  }

  Status MarkApplied(const std::string& device_id, const std::vector<std::string>& bundle_ids) override {
    return InsertPairs("INSERT INTO applied(device_id, bundle_id) VALUES(?, ?) ON CONFLICT DO NOTHING", device_id,
                       bundle_ids, "record applied bundles");
  }

  // (device, id) rows in one transaction, those already there ignored: applied bundles, received packets.
  Status InsertPairs(const char* sql, const std::string& device_id, const std::vector<std::string>& ids,
                     const char* what) {
    std::lock_guard lock(mu_);
    return InTransaction([&]() -> Status {
      Stmt s(*cache_, sql);
      for (const std::string& id : ids) {
        sqlite3_reset(s.raw());
        s.Bind(1, device_id).Bind(2, id);
        PASSERELLE_RETURN_IF_ERROR(Done(s, what));
      }
      return Status::Ok();
    });
  }

  Status PutPacket(const PacketMeta& m, std::span<const uint8_t> sealed) override {
    std::lock_guard lock(mu_);
    return InTransaction([&]() -> Status {
      Stmt q(*cache_, "SELECT to_org_fingerprint FROM packets WHERE packet_id = ?");
      q.Bind(1, m.packet_id_hex);
      const int rc = q.Step();
      if (rc == SQLITE_ROW) {
        if (q.Text(0) == m.to_org_fingerprint) return Status::Ok();
        return Conflict("A packet with this id is already stored for another recipient.");
      }
      if (rc != SQLITE_DONE) return DbError(db_, "look up a packet");
      Stmt s(*cache_, "INSERT INTO packets(packet_id, from_org, to_org_fingerprint, size, stored_at_ms, sealed) "
                  "VALUES(?, ?, ?, ?, ?, ?)");
      s.Bind(1, m.packet_id_hex).Bind(2, m.from_org).Bind(3, m.to_org_fingerprint)
          .Bind(4, static_cast<int64_t>(sealed.size())).Bind(5, m.stored_at_ms).BindBlob(6, sealed.data(), sealed.size());
      return Done(s, "store a packet");
    });
  }

  Result<std::vector<PacketMeta>> PacketsFor(const std::string& to) override {
    ReadLease r(*this);
    Stmt s(r.cache(), PASSERELLE_HUB_PACKET_COLUMNS " WHERE to_org_fingerprint = ? ORDER BY stored_at_ms, packet_id");
    s.Bind(1, to);
    return ReadPackets(s, r.db());
  }

  Result<std::vector<uint8_t>> GetPacket(const std::string& to, const std::string& packet_id_hex) override {
    ReadLease r(*this);
    Stmt s(r.cache(), "SELECT sealed FROM packets WHERE to_org_fingerprint = ? AND packet_id = ?");
    s.Bind(1, to).Bind(2, packet_id_hex);
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return NotFound("The hub holds no such packet for this organisation.");
    if (rc != SQLITE_ROW) return DbError(r.db(), "read a packet");
    return s.Blob(0);
  }

  Result<std::vector<PacketMeta>> PacketsNotReceivedBy(const std::string& to, const std::string& device_id) override {
    ReadLease r(*this);
    Stmt s(r.cache(), PASSERELLE_HUB_PACKET_COLUMNS " p WHERE to_org_fingerprint = ? AND NOT EXISTS (SELECT 1 FROM packet_receipts r "
                    "WHERE r.device_id = ? AND r.packet_id = p.packet_id) ORDER BY stored_at_ms, packet_id");
    s.Bind(1, to).Bind(2, device_id);
    return ReadPackets(s, r.db());
  }

  Status MarkPacketsReceived(const std::string& device_id, const std::vector<std::string>& packet_ids) override {
    return InsertPairs("INSERT INTO packet_receipts(device_id, packet_id) VALUES(?, ?) ON CONFLICT DO NOTHING",
                       device_id, packet_ids, "record received packets");
  }

  // TableAccess (migrate-storage)
  Status ScanTable(const TableSpec& table, const internal::RowVisitor& visit) override {
    std::lock_guard lock(mu_);
    std::string sql = "SELECT ";
    for (size_t i = 0; i < table.columns.size(); ++i) sql += (i ? ", " : "") + std::string(table.columns[i].name);
    sql += std::string(" FROM ") + table.name + " ORDER BY " + table.order_by;
    Stmt s(db_, sql.c_str());
    if (!s.prepared()) return DbError(db_, "read a table");
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      Row row;
      for (size_t i = 0; i < table.columns.size(); ++i) {
        const int col = static_cast<int>(i);
        if (table.columns[i].type == ColumnType::kInteger) {
          row.push_back(std::to_string(s.Int(col)));
        } else {
          const void* p = table.columns[i].type == ColumnType::kBlob ? sqlite3_column_blob(s.raw(), col)
                                                                    : sqlite3_column_text(s.raw(), col);
          row.emplace_back(static_cast<const char*>(p), p == nullptr ? 0 : sqlite3_column_bytes(s.raw(), col));
        }
      }
      PASSERELLE_RETURN_IF_ERROR(visit(row));
    }
    if (rc != SQLITE_DONE) return DbError(db_, "read a table");
    return Status::Ok();
  }

  Result<int64_t> CountRows(const TableSpec& table) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, (std::string("SELECT COUNT(*) FROM ") + table.name).c_str());
    if (!s.prepared() || s.Step() != SQLITE_ROW) return DbError(db_, "count a table's rows");
    return s.Int(0);
  }

 private:
  Status Exec(const char* sql, const char* what) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return DbError(db_, what);
    return Status::Ok();
  }
  Status Commit() { return Exec("COMMIT", "commit"); }
  void Rollback() { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

  // Runs `body` in one IMMEDIATE transaction (the write lock taken up front, so a read-then-write
  // cannot be overtaken by another process), committed only when it succeeds.
  template <typename F>
  Status InTransaction(F&& body) {
    PASSERELLE_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE", "start a transaction"));
    Status st = body();
    if (!st.ok()) {
      Rollback();
      return st;
    }
    st = Commit();
    if (!st.ok()) Rollback();
    return st;
  }

  Status Done(Stmt& s, const char* what) {
    if (!s.prepared() || s.Step() != SQLITE_DONE) return DbError(db_, what);
    return Status::Ok();
  }

  Status UpdateDevice(const char* sql, const std::string& device_id, std::optional<int64_t> now_ms) {
    std::lock_guard lock(mu_);
    Stmt s(*cache_, sql);
    s.Bind(1, device_id);
    if (now_ms) s.Bind(2, *now_ms);
    PASSERELLE_RETURN_IF_ERROR(Done(s, "update a device"));
    if (sqlite3_changes(db_) == 0) return NotFound("No device " + device_id + " is enrolled at this hub.");
    return Status::Ok();
  }

  static DeviceRecord ReadDevice(Stmt& s) {
    return DeviceRecord{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4), s.Int(5), s.Int(6) != 0};
  }

  static Result<std::vector<BundleMeta>> ReadBundles(Stmt& s, sqlite3* db) {
    std::vector<BundleMeta> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      auto ranges = internal::DecodeRanges(s.Text(3));
      if (!ranges.ok()) return ranges.status();
      out.push_back(BundleMeta{s.Text(0), s.Text(1), s.Text(2), std::move(ranges).value(),
                               static_cast<uint64_t>(s.Int(4)), s.Int(5), s.Int(6)});
    }
    if (rc != SQLITE_DONE) return DbError(db, "list bundles");
    return out;
  }

  static Result<std::vector<PacketMeta>> ReadPackets(Stmt& s, sqlite3* db) {
    std::vector<PacketMeta> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back(PacketMeta{s.Text(0), s.Text(1), s.Text(2), static_cast<uint64_t>(s.Int(3)), s.Int(4)});
    if (rc != SQLITE_DONE) return DbError(db, "list packets");
    return out;
  }

  // Reads go through read-only connections of their own (ReaderPool), so a request's reads never
  // queue behind another device's durable write, whose fsync is the longest thing done under mu_.
  // If no reader can be opened, the read takes the writer's connection under mu_.
  class ReadLease {
   public:
    explicit ReadLease(SqliteStore& store) : store_(store), reader_(store.readers_.Take()) {
      if (!reader_) writer_lock_.emplace(store.mu_);
    }
    ~ReadLease() { store_.readers_.Give(std::move(reader_)); }
    ReadLease(const ReadLease&) = delete;
    ReadLease& operator=(const ReadLease&) = delete;
    sqlite3* db() { return reader_ ? reader_->db : store_.db_; }
    StmtCache& cache() { return reader_ ? *reader_->cache : *store_.cache_; }

   private:
    SqliteStore& store_;
    std::unique_ptr<internal::ReaderPool::Reader> reader_;
    std::optional<std::lock_guard<std::mutex>> writer_lock_;
  };

  std::mutex mu_;
  sqlite3* db_;
  std::unique_ptr<StmtCache> cache_;  // guarded by mu_, like db_
  internal::ReaderPool readers_;
};

}  // namespace

std::string SqlitePath(const std::string& data_dir) { return data_dir + "/hub.sqlite"; }

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& data_dir) {
  if (::mkdir(data_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return IoError("The hub's data folder " + data_dir + " could not be created: " + std::strerror(errno) + ".");
  }
  sqlite3* db = nullptr;
  const std::string path = SqlitePath(data_dir);
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return IoError("The hub's database " + path + " could not be opened: " + msg + ".");
  }
  sqlite3_busy_timeout(db, 10000);  // another passerelle-hub process (devices, enroll) may hold the lock briefly
  auto store = std::make_unique<SqliteStore>(db, path);
  PASSERELLE_RETURN_IF_ERROR(store->Init());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace passerelle::hub
