// hub::Store over PostgreSQL (libpqxx), for a federation: several hub processes share one cluster.
// Every call is one transaction on a pooled connection (thread-safe: a connection is used by one
// thread at a time). Idempotent writes use ON CONFLICT DO NOTHING; bundle seq is a bigserial.
// A connection found broken (the server restarted) is replaced and the call retried once, but only
// when the failure came before COMMIT was sent: a commit whose outcome is unknown is an error to the
// caller, who retries (every write is idempotent or reports its own outcome), so nothing acknowledged
// is ever lost and nothing unacknowledged is claimed.
#include <pqxx/pqxx>

#include <functional>
#include <mutex>

#include "passerelle/hub/store.h"
#include "store_common.h"

namespace passerelle::hub {
namespace {

using internal::ColumnType;
using internal::Row;
using internal::TableSpec;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS hub_schema(version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS orgs(org TEXT PRIMARY KEY, card_fingerprint TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS enrolments(code_hash TEXT PRIMARY KEY, org TEXT NOT NULL, worker TEXT NOT NULL,
  expires_at_ms BIGINT NOT NULL, used BIGINT NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS failed_attempts(id BIGSERIAL PRIMARY KEY, source TEXT NOT NULL, at_ms BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS failed_attempts_by_time ON failed_attempts(at_ms, source);
CREATE TABLE IF NOT EXISTS devices(device_id TEXT PRIMARY KEY, org TEXT NOT NULL, worker TEXT NOT NULL,
  cert_fingerprint TEXT NOT NULL UNIQUE, enrolled_at_ms BIGINT NOT NULL, last_seen_ms BIGINT NOT NULL,
  revoked BIGINT NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS bundles(seq BIGSERIAL PRIMARY KEY, bundle_id TEXT NOT NULL UNIQUE, org TEXT NOT NULL,
  uploader_device TEXT NOT NULL, ranges TEXT NOT NULL, size BIGINT NOT NULL, stored_at_ms BIGINT NOT NULL,
  sealed BYTEA NOT NULL);
CREATE INDEX IF NOT EXISTS bundles_by_org ON bundles(org, seq);
CREATE TABLE IF NOT EXISTS applied(device_id TEXT NOT NULL, bundle_id TEXT NOT NULL, PRIMARY KEY(device_id, bundle_id));
CREATE TABLE IF NOT EXISTS packets(packet_id TEXT PRIMARY KEY, from_org TEXT NOT NULL, to_org_fingerprint TEXT NOT NULL,
  size BIGINT NOT NULL, stored_at_ms BIGINT NOT NULL, sealed BYTEA NOT NULL);
CREATE INDEX IF NOT EXISTS packets_by_recipient ON packets(to_org_fingerprint, stored_at_ms);
CREATE TABLE IF NOT EXISTS packet_receipts(device_id TEXT NOT NULL, packet_id TEXT NOT NULL,
  PRIMARY KEY(device_id, packet_id));
)sql";

constexpr size_t kIdleConnections = 8;


std::vector<uint8_t> Bytes(const pqxx::field& f) {
  pqxx::binarystring b(f);
  return std::vector<uint8_t>(b.data(), b.data() + b.size());
}

pqxx::binarystring Binary(std::span<const uint8_t> bytes) { return pqxx::binarystring(bytes.data(), bytes.size()); }

class PostgresStore final : public Store, public internal::TableAccess {
 public:
  explicit PostgresStore(std::string conninfo) : conninfo_(std::move(conninfo)) {}

  Status Init() {
    return Run("create its tables", [&](pqxx::work& w) -> Status {
      w.exec("SELECT pg_advisory_xact_lock(7283627)");  // two hubs starting together create the tables once
      w.exec(kSchema);
      const pqxx::row r = w.exec1("SELECT MAX(version) FROM hub_schema");
      if (r[0].is_null()) {
        w.exec_params("INSERT INTO hub_schema(version) VALUES($1)", internal::kSchemaVersion);
      } else if (r[0].as<int>() > internal::kSchemaVersion) {
        return Status::Error(Code::kUnsupported, "This hub database was written by a newer passerelle-hub; upgrade it first.");
      } else if (r[0].as<int>() < internal::kSchemaVersion) {
        // The schema above created what the older version lacked (IF NOT EXISTS).
        w.exec_params("UPDATE hub_schema SET version = $1", internal::kSchemaVersion);
      }
      return Status::Ok();
    });
  }

  Status PutSetting(std::string_view key, std::span<const uint8_t> value) override {
    return Run("save a setting", [&](pqxx::work& w) {
      w.exec_params("INSERT INTO settings(key, value) VALUES($1, $2) ON CONFLICT(key) DO UPDATE SET value = EXCLUDED.value",
                    std::string(key), Binary(value));
      return Status::Ok();
    });
  }

  Result<std::optional<std::vector<uint8_t>>> GetSetting(std::string_view key) override {
    std::optional<std::vector<uint8_t>> out;
    PASSERELLE_RETURN_IF_ERROR(Run("read a setting", [&](pqxx::work& w) {
      const pqxx::result r = w.exec_params("SELECT value FROM settings WHERE key = $1", std::string(key));
      if (!r.empty()) out = Bytes(r[0][0]);
      return Status::Ok();
    }));
    return out;
  }

  Status BindOrgFingerprint(const std::string& org, const std::string& card_fingerprint) override {
    return Run("save an organisation", [&](pqxx::work& w) -> Status {
      w.exec_params("INSERT INTO orgs(org, card_fingerprint) VALUES($1, $2) ON CONFLICT DO NOTHING", org, card_fingerprint);
      const pqxx::row r = w.exec_params1("SELECT card_fingerprint FROM orgs WHERE org = $1", org);
      if (r[0].as<std::string>() != card_fingerprint) {
        return Conflict("The organisation " + org + " is already bound to another organisation card.");
      }
      return Status::Ok();
    });
  }

  Result<std::optional<std::string>> OrgFingerprint(const std::string& org) override {
    std::optional<std::string> out;
    PASSERELLE_RETURN_IF_ERROR(Run("read an organisation", [&](pqxx::work& w) {
      const pqxx::result r = w.exec_params("SELECT card_fingerprint FROM orgs WHERE org = $1", org);
      if (!r.empty()) out = r[0][0].as<std::string>();
      return Status::Ok();
    }));
    return out;
  }

  Status AddEnrolment(const Enrolment& e) override {
    return Run("save an enrolment code", [&](pqxx::work& w) -> Status {
      const pqxx::result r = w.exec_params(
          "INSERT INTO enrolments(code_hash, org, worker, expires_at_ms, used) VALUES($1, $2, $3, $4, $5) "
          "ON CONFLICT DO NOTHING",
          e.code_hash_hex, e.org, e.worker, e.expires_at_ms, e.used ? 1 : 0);
      if (r.affected_rows() == 0) return Conflict("This enrolment code already exists.");
      return Status::Ok();
    });
  }

  Result<Enrolment> RedeemEnrolment(const std::string& code_hash_hex, int64_t now_ms) override {
    Enrolment e;
    PASSERELLE_RETURN_IF_ERROR(Run("use an enrolment code", [&](pqxx::work& w) -> Status {
      const pqxx::result r = w.exec_params(
          "SELECT org, worker, expires_at_ms, used FROM enrolments WHERE code_hash = $1 FOR UPDATE", code_hash_hex);
      if (r.empty()) return NotFound("This enrolment code is unknown.");
      e = Enrolment{code_hash_hex, r[0][0].as<std::string>(), r[0][1].as<std::string>(), r[0][2].as<int64_t>(),
                    r[0][3].as<int64_t>() != 0};
      if (e.used) return Conflict("This enrolment code was already used.");
      if (now_ms >= e.expires_at_ms) return InvalidInput("This enrolment code has expired.");
      w.exec_params("UPDATE enrolments SET used = 1 WHERE code_hash = $1", code_hash_hex);
      e.used = true;
      return Status::Ok();
    }));
    return e;
  }

  Status RecordFailedAttempt(const std::string& source, int64_t now_ms) override {
    return Run("record a failed enrolment attempt", [&](pqxx::work& w) {
      w.exec_params("INSERT INTO failed_attempts(source, at_ms) VALUES($1, $2)", source, now_ms);
      return Status::Ok();
    });
  }

  Result<int> FailedAttemptsSince(const std::string& source, int64_t since_ms) override {
    int out = 0;
    PASSERELLE_RETURN_IF_ERROR(Run("count failed enrolment attempts", [&](pqxx::work& w) {
      out = w.exec_params1("SELECT COUNT(*) FROM failed_attempts WHERE at_ms >= $1 AND ($2 = '' OR source = $2)",
                           since_ms, source)[0].as<int>();
      return Status::Ok();
    }));
    return out;
  }

  Status AddDevice(const DeviceRecord& d) override {
    return Run("save a device", [&](pqxx::work& w) -> Status {
      const pqxx::result r = w.exec_params(
          "INSERT INTO devices(device_id, org, worker, cert_fingerprint, enrolled_at_ms, last_seen_ms, revoked) "
          "VALUES($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
          d.device_id, d.org, d.worker, d.cert_fingerprint_hex, d.enrolled_at_ms, d.last_seen_ms, d.revoked ? 1 : 0);
      if (r.affected_rows() == 0) return Conflict("A device with this id or certificate is already enrolled.");
      return Status::Ok();
    });
  }

  Result<std::optional<DeviceRecord>> DeviceByFingerprint(const std::string& fp) override {
    std::optional<DeviceRecord> out;
    PASSERELLE_RETURN_IF_ERROR(Run("read a device", [&](pqxx::work& w) {
      const pqxx::result r = w.exec_params(std::string(kDeviceColumns) + " WHERE cert_fingerprint = $1", fp);
      if (!r.empty()) out = ReadDevice(r[0]);
      return Status::Ok();
    }));
    return out;
  }

  Result<std::vector<DeviceRecord>> Devices() override {
    std::vector<DeviceRecord> out;
    PASSERELLE_RETURN_IF_ERROR(Run("list the devices", [&](pqxx::work& w) {
      out.clear();
      for (const pqxx::row& row : w.exec(std::string(kDeviceColumns) + " ORDER BY org, worker, device_id")) {
        out.push_back(ReadDevice(row));
      }
      return Status::Ok();
    }));
    return out;
  }

  Status Revoke(const std::string& device_id) override {
    return Run("revoke a device", [&](pqxx::work& w) -> Status {
      if (w.exec_params("UPDATE devices SET revoked = 1 WHERE device_id = $1", device_id).affected_rows() == 0) {
        return NotFound("No device " + device_id + " is enrolled at this hub.");
      }
      return Status::Ok();
    });
  }

  Status Touch(const std::string& device_id, int64_t now_ms) override {
    return Run("update a device", [&](pqxx::work& w) -> Status {
      if (w.exec_params("UPDATE devices SET last_seen_ms = GREATEST(last_seen_ms, $2) WHERE device_id = $1", device_id,
                        now_ms).affected_rows() == 0) {
        return NotFound("No device " + device_id + " is enrolled at this hub.");
      }
      return Status::Ok();
    });
  }

  Status PutBundle(const BundleMeta& m, std::span<const uint8_t> sealed) override {
    return Run("store a bundle", [&](pqxx::work& w) -> Status {
      const pqxx::result r = w.exec_params(
          "INSERT INTO bundles(bundle_id, org, uploader_device, ranges, size, stored_at_ms, sealed) "
          "VALUES($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (bundle_id) DO NOTHING",
          m.bundle_id_hex, m.org, m.uploader_device, internal::EncodeRanges(m.ranges), static_cast<int64_t>(sealed.size()),
          m.stored_at_ms, Binary(sealed));
      if (r.affected_rows() == 0 &&
          w.exec_params1("SELECT org FROM bundles WHERE bundle_id = $1", m.bundle_id_hex)[0].as<std::string>() != m.org) {
        return Conflict("A bundle with this id is already stored for another organisation.");
      }
      return Status::Ok();
    });
  }

  Result<std::vector<BundleMeta>> BundlesOf(const std::string& org) override {
    return ListBundles("SELECT bundle_id, org, uploader_device, ranges, size, stored_at_ms, seq FROM bundles WHERE org = $1 "
                       "ORDER BY seq",
                       {org});
  }

  // A device's own uploads count as applied by it.
  Result<std::vector<BundleMeta>> BundlesNotAppliedBy(const std::string& org, const std::string& device_id) override {
    return ListBundles("SELECT bundle_id, org, uploader_device, ranges, size, stored_at_ms, seq FROM bundles b "
                       "WHERE org = $1 AND uploader_device <> $2 AND NOT EXISTS (SELECT 1 FROM applied a "
                       "WHERE a.device_id = $2 AND a.bundle_id = b.bundle_id) ORDER BY seq",
                       {org, device_id});
  }

  Result<std::vector<uint8_t>> GetBundle(const std::string& org, const std::string& bundle_id_hex) override {
    std::vector<uint8_t> out;
    PASSERELLE_RETURN_IF_ERROR(Run("read a bundle", [&](pqxx::work& w) -> Status {
      const pqxx::result r = w.exec_params("SELECT sealed FROM bundles WHERE org = $1 AND bundle_id = $2", org, bundle_id_hex);
      if (r.empty()) return NotFound("The hub holds no such bundle for this organisation.");
      out = Bytes(r[0][0]);
      return Status::Ok();
    }));
    return out;
  }

  Result<std::vector<std::optional<std::vector<uint8_t>>>> GetBundles(const std::string& org,
                                                                       const std::vector<std::string>& ids,
                                                                       uint64_t max_bytes) override {
    std::vector<std::optional<std::vector<uint8_t>>> out;
    PASSERELLE_RETURN_IF_ERROR(Run("read bundles", [&](pqxx::work& w) -> Status {
      out.clear();
      uint64_t total = 0;
      for (const std::string& id : ids) {
        // The size first: a bundle that would pass the bound is not read at all.
        const pqxx::result r = w.exec_params("SELECT size FROM bundles WHERE org = $1 AND bundle_id = $2", org, id);
        if (r.empty()) {
          out.emplace_back();
          continue;
        }
        const auto size = r[0][0].as<uint64_t>();
        if (!out.empty() && total + size > max_bytes) break;
        total += size;
        out.emplace_back(Bytes(w.exec_params1("SELECT sealed FROM bundles WHERE org = $1 AND bundle_id = $2", org, id)[0]));
      }
      return Status::Ok();
    }));
    return out;
  }

  Result<int64_t> BundleSeq(const std::string& org, const std::string& bundle_id_hex) override {
    int64_t seq = 0;
    PASSERELLE_RETURN_IF_ERROR(Run("read a bundle", [&](pqxx::work& w) -> Status {
      const pqxx::result r = w.exec_params("SELECT seq FROM bundles WHERE org = $1 AND bundle_id = $2", org, bundle_id_hex);
      if (r.empty()) return NotFound("The hub holds no such bundle for this organisation.");
      seq = r[0][0].as<int64_t>();
      return Status::Ok();
    }));
    return seq;
  }

  Status MarkApplied(const std::string& device_id, const std::vector<std::string>& bundle_ids) override {
    return Run("record applied bundles", [&](pqxx::work& w) {
      for (const std::string& id : bundle_ids) {
        w.exec_params("INSERT INTO applied(device_id, bundle_id) VALUES($1, $2) ON CONFLICT DO NOTHING", device_id, id);
      }
      return Status::Ok();
    });
  }

  Status PutPacket(const PacketMeta& m, std::span<const uint8_t> sealed) override {
    return Run("store a packet", [&](pqxx::work& w) -> Status {
      const pqxx::result r = w.exec_params(
          "INSERT INTO packets(packet_id, from_org, to_org_fingerprint, size, stored_at_ms, sealed) "
          "VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT (packet_id) DO NOTHING",
          m.packet_id_hex, m.from_org, m.to_org_fingerprint, static_cast<int64_t>(sealed.size()), m.stored_at_ms,
          Binary(sealed));
      if (r.affected_rows() == 0 &&
          w.exec_params1("SELECT to_org_fingerprint FROM packets WHERE packet_id = $1", m.packet_id_hex)[0]
                  .as<std::string>() != m.to_org_fingerprint) {
        return Conflict("A packet with this id is already stored for another recipient.");
      }
      return Status::Ok();
    });
  }

  Result<std::vector<PacketMeta>> PacketsFor(const std::string& to) override {
    return ListPackets(PASSERELLE_HUB_PACKET_COLUMNS " WHERE to_org_fingerprint = $1 ORDER BY stored_at_ms, packet_id", {to});
  }

  Result<std::vector<uint8_t>> GetPacket(const std::string& to, const std::string& packet_id_hex) override {
    std::vector<uint8_t> out;
    PASSERELLE_RETURN_IF_ERROR(Run("read a packet", [&](pqxx::work& w) -> Status {
      const pqxx::result r =
          w.exec_params("SELECT sealed FROM packets WHERE to_org_fingerprint = $1 AND packet_id = $2", to, packet_id_hex);
      if (r.empty()) return NotFound("The hub holds no such packet for this organisation.");
      out = Bytes(r[0][0]);
      return Status::Ok();
    }));
    return out;
  }

  Result<std::vector<PacketMeta>> PacketsNotReceivedBy(const std::string& to, const std::string& device_id) override {
    return ListPackets(PASSERELLE_HUB_PACKET_COLUMNS " p WHERE to_org_fingerprint = $1 AND NOT EXISTS (SELECT 1 FROM packet_receipts r "
                                      "WHERE r.device_id = $2 AND r.packet_id = p.packet_id) ORDER BY stored_at_ms, packet_id",
                       {to, device_id});
  }

  Status MarkPacketsReceived(const std::string& device_id, const std::vector<std::string>& packet_ids) override {
    return Run("record received packets", [&](pqxx::work& w) {
      for (const std::string& id : packet_ids) {
        w.exec_params("INSERT INTO packet_receipts(device_id, packet_id) VALUES($1, $2) ON CONFLICT DO NOTHING",
                      device_id, id);
      }
      return Status::Ok();
    });
  }

  // TableAccess (migrate-storage)
  Status ScanTable(const TableSpec& table, const internal::RowVisitor& visit) override {
    return Run("read a table", [&](pqxx::work& w) -> Status {
      std::string sql = "SELECT ";
      for (size_t i = 0; i < table.columns.size(); ++i) sql += (i ? ", " : "") + std::string(table.columns[i].name);
      sql += std::string(" FROM ") + table.name + " ORDER BY " + table.order_by;
      // Through a cursor, a batch at a time: a hub's bundles need not fit in memory at once.
      w.exec("DECLARE hub_scan NO SCROLL CURSOR FOR " + sql);
      for (;;) {
        const pqxx::result batch = w.exec("FETCH 256 FROM hub_scan");
        if (batch.empty()) break;
        for (const pqxx::row& r : batch) {
          Row row;
          for (size_t i = 0; i < table.columns.size(); ++i) {
            if (table.columns[i].type == ColumnType::kBlob) {
              pqxx::binarystring b(r[static_cast<pqxx::row::size_type>(i)]);
              row.emplace_back(reinterpret_cast<const char*>(b.data()), b.size());
            } else {
              row.push_back(r[static_cast<pqxx::row::size_type>(i)].as<std::string>());
            }
          }
          PASSERELLE_RETURN_IF_ERROR(visit(row));
        }
      }
      w.exec("CLOSE hub_scan");
      return Status::Ok();
    });
  }

  Result<int64_t> CountRows(const TableSpec& table) override {
    int64_t out = 0;
    PASSERELLE_RETURN_IF_ERROR(Run("count a table's rows", [&](pqxx::work& w) {
      out = w.exec1(std::string("SELECT COUNT(*) FROM ") + table.name)[0].as<int64_t>();
      return Status::Ok();
    }));
    return out;
  }

  Status ImportAll(internal::TableAccess& source) override {
    return Run("receive the migrated hub", [&](pqxx::work& w) -> Status {
      w.exec("SELECT pg_advisory_xact_lock(7283627)");
      for (const TableSpec& table : internal::Tables()) {
        if (!w.exec(std::string("SELECT 1 FROM ") + table.name + " LIMIT 1").empty()) {
          return Conflict("The PostgreSQL database already holds a hub's data; migrate only into an empty one.");
        }
      }
      for (const TableSpec& table : internal::Tables()) {
        std::string sql = std::string("INSERT INTO ") + table.name + "(";
        std::string values;
        for (size_t i = 0; i < table.columns.size(); ++i) {
          sql += (i ? ", " : "") + std::string(table.columns[i].name);
          values += (i ? ", $" : "$") + std::to_string(i + 1);
        }
        sql += ") VALUES(" + values + ")";
        PASSERELLE_RETURN_IF_ERROR(source.ScanTable(table, [&](const Row& row) {
          std::vector<std::string> params;
          for (size_t i = 0; i < row.size(); ++i) {
            // Text-format parameters: bytea in its hex input form.
            params.push_back(table.columns[i].type == ColumnType::kBlob
                                 ? "\\x" + internal::Hex(reinterpret_cast<const uint8_t*>(row[i].data()), row[i].size())
                                 : row[i]);
          }
          w.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
          return Status::Ok();
        }));
      }
      // The serial columns continue after the copied rows.
      for (const char* seq : {"bundles.seq", "failed_attempts.id"}) {
        const std::string t(seq, std::string_view(seq).find('.'));
        const std::string c(std::string_view(seq).substr(t.size() + 1));
        w.exec("SELECT setval(pg_get_serial_sequence('" + t + "', '" + c + "'), COALESCE(MAX(" + c + "), 0) + 1, false) FROM " + t);
      }
      return Status::Ok();
    });
  }

 private:
  static constexpr const char* kDeviceColumns =
      "SELECT device_id, org, worker, cert_fingerprint, enrolled_at_ms, last_seen_ms, revoked FROM devices";

  static DeviceRecord ReadDevice(const pqxx::row& r) {
    return DeviceRecord{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(),
                        r[4].as<int64_t>(), r[5].as<int64_t>(), r[6].as<int64_t>() != 0};
  }

  Result<std::vector<BundleMeta>> ListBundles(const char* sql, const std::vector<std::string>& params) {
    std::vector<BundleMeta> out;
    PASSERELLE_RETURN_IF_ERROR(Run("list bundles", [&](pqxx::work& w) -> Status {
      out.clear();
      for (const pqxx::row& r : w.exec_params(sql, pqxx::prepare::make_dynamic_params(params))) {
        auto ranges = internal::DecodeRanges(r[3].as<std::string>());
        if (!ranges.ok()) return ranges.status();
        out.push_back(BundleMeta{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                                 std::move(ranges).value(), r[4].as<uint64_t>(), r[5].as<int64_t>(), r[6].as<int64_t>()});
      }
      return Status::Ok();
    }));
    return out;
  }

  // Packets in PacketMeta's column order (PASSERELLE_HUB_PACKET_COLUMNS): both listings read rows the same way.
  Result<std::vector<PacketMeta>> ListPackets(const char* sql, const std::vector<std::string>& params) {
    std::vector<PacketMeta> out;
    PASSERELLE_RETURN_IF_ERROR(Run("list packets", [&](pqxx::work& w) {
      out.clear();
      for (const pqxx::row& row : w.exec_params(sql, pqxx::prepare::make_dynamic_params(params))) {
        out.push_back(PacketMeta{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                                 row[3].as<uint64_t>(), row[4].as<int64_t>()});
      }
      return Status::Ok();
    }));
    return out;
  }

  std::unique_ptr<pqxx::connection> Acquire() {
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return c;
      }
    }
    return std::make_unique<pqxx::connection>(conninfo_);  // throws broken_connection when unreachable
  }

  void Release(std::unique_ptr<pqxx::connection> c) {
    std::lock_guard lock(mu_);
    if (idle_.size() < kIdleConnections && c->is_open()) idle_.push_back(std::move(c));
  }

  void DropIdle() {
    std::lock_guard lock(mu_);
    idle_.clear();  // after one broken connection the others predate the same restart
  }

  // One transaction: `body` runs its statements, and the transaction commits when it returns OK
  // (rolled back otherwise).
  Status Run(const char* what, const std::function<Status(pqxx::work&)>& body) {
    for (int attempt = 0;; ++attempt) {
      std::unique_ptr<pqxx::connection> conn;
      bool committing = false;
      try {
        conn = Acquire();
        Status st;
        {
          pqxx::work w(*conn);
          st = body(w);
          if (st.ok()) {
            committing = true;
            w.commit();
          }
        }
        Release(std::move(conn));
        return st;
      } catch (const pqxx::in_doubt_error&) {
        DropIdle();
        return IoError(std::string("The connection to PostgreSQL was lost while the hub tried to ") + what +
                       "; it may not have been saved: try again.");
      } catch (const pqxx::broken_connection& e) {
        DropIdle();
        if (committing) {
          return IoError(std::string("The connection to PostgreSQL was lost while the hub tried to ") + what +
                         "; it may not have been saved: try again.");
        }
        if (attempt == 0) continue;  // a connection from before a server restart: one fresh try
        return IoError(std::string("The hub's PostgreSQL database cannot be reached to ") + what + ": " + OneLine(e.what()) + ".");
      } catch (const pqxx::sql_error& e) {
        if (conn && conn->is_open()) Release(std::move(conn));
        return IoError(std::string("PostgreSQL refused to ") + what + ": " + OneLine(e.what()) + ".");
      } catch (const std::exception& e) {
        return IoError(std::string("The hub could not ") + what + " in PostgreSQL: " + OneLine(e.what()) + ".");
      }
    }
  }

  static std::string OneLine(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '.' || s.back() == ' ')) s.pop_back();
    for (char& c : s) if (c == '\n') c = ' ';
    return s;
  }

  std::string conninfo_;
  std::mutex mu_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& conninfo) {
  auto store = std::make_unique<PostgresStore>(conninfo);
  PASSERELLE_RETURN_IF_ERROR(store->Init());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace passerelle::hub
