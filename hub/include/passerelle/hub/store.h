// hub::Store: everything the office hub keeps, behind one interface with two implementations,
// SQLite (embedded, the default: `serve --data DIR`) and PostgreSQL (`serve --postgres CONNINFO`,
// several hubs of a federation sharing one cluster). See docs/hub.md, "Storage".
// The hub stores only sealed bytes (bundles sealed with a team key it never holds, packets sealed
// to a recipient organisation) and the routing metadata it needs; nothing here can open them.
// Durability: every write returns only after its transaction committed (SQLite WAL with
// synchronous=FULL; PostgreSQL commit), so an acknowledgement the hub sends is never lost.
// Thread-safety: every implementation may be called from several server threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/platform/status.h"

namespace passerelle::hub {

struct OpRange { uint64_t replica; uint64_t first; uint64_t last; };   // declared by the uploader
struct DeviceRecord { std::string device_id, org, worker, cert_fingerprint_hex; int64_t enrolled_at_ms = 0, last_seen_ms = 0; bool revoked = false; };
struct BundleMeta { std::string bundle_id_hex; std::string org; std::string uploader_device; std::vector<OpRange> ranges; uint64_t size = 0; int64_t stored_at_ms = 0; int64_t seq = 0; };
struct PacketMeta { std::string packet_id_hex; std::string from_org; std::string to_org_fingerprint; uint64_t size = 0; int64_t stored_at_ms = 0; };
struct Enrolment { std::string code_hash_hex; std::string org, worker; int64_t expires_at_ms = 0; bool used = false; };

class Store {
 public:
  virtual ~Store() = default;
  // Hub identity (CA cert + key PEM, hub name): one row; key material is the hub's own, never case data.
  virtual Status PutSetting(std::string_view key, std::span<const uint8_t> value) = 0;
  virtual Result<std::optional<std::vector<uint8_t>>> GetSetting(std::string_view key) = 0;
  // Organisations
  virtual Status BindOrgFingerprint(const std::string& org, const std::string& card_fingerprint) = 0;  // kConflict if bound to another
  virtual Result<std::optional<std::string>> OrgFingerprint(const std::string& org) = 0;
  // Enrolment codes (only the hash of the secret is stored)
  virtual Status AddEnrolment(const Enrolment&) = 0;
  virtual Result<Enrolment> RedeemEnrolment(const std::string& code_hash_hex, int64_t now_ms) = 0; // atomically marks used; kNotFound / kConflict(used) / kExpired->kInvalidInput
  virtual Status RecordFailedAttempt(const std::string& source, int64_t now_ms) = 0;
  virtual Result<int> FailedAttemptsSince(const std::string& source, int64_t since_ms) = 0; // source "" = all
  // Devices
  virtual Status AddDevice(const DeviceRecord&) = 0;
  virtual Result<std::optional<DeviceRecord>> DeviceByFingerprint(const std::string& cert_fingerprint_hex) = 0;
  virtual Result<std::vector<DeviceRecord>> Devices() = 0;
  virtual Status Revoke(const std::string& device_id) = 0;            // kNotFound if unknown
  virtual Status Touch(const std::string& device_id, int64_t now_ms) = 0;
  // Bundles: PutBundle is idempotent by id and returns only after the row is durable (commit).
  virtual Status PutBundle(const BundleMeta&, std::span<const uint8_t> sealed) = 0;
  virtual Result<std::vector<BundleMeta>> BundlesOf(const std::string& org) = 0;           // ordered by seq
  virtual Result<std::vector<BundleMeta>> BundlesNotAppliedBy(const std::string& org, const std::string& device_id) = 0;
  virtual Result<std::vector<uint8_t>> GetBundle(const std::string& org, const std::string& bundle_id_hex) = 0; // kNotFound for another org's
  // The sealed bytes of `ids` of `org`, in the order asked (nullopt: no such bundle for `org`), in
  // one call: a session's downloads are one request (POST /v1/bundles/fetch). Stops before the
  // bundle that would bring the total past `max_bytes`, but always answers the first id.
  virtual Result<std::vector<std::optional<std::vector<uint8_t>>>> GetBundles(const std::string& org,
                                                                               const std::vector<std::string>& ids,
                                                                               uint64_t max_bytes) = 0;
  // The arrival order of a stored bundle of `org` (kNotFound otherwise): the upload's reply.
  virtual Result<int64_t> BundleSeq(const std::string& org, const std::string& bundle_id_hex) = 0;
  virtual Status MarkApplied(const std::string& device_id, const std::vector<std::string>& bundle_ids) = 0; // idempotent
  // Sealed disclosure packets (encrypted to the recipient organisation)
  virtual Status PutPacket(const PacketMeta&, std::span<const uint8_t> sealed) = 0;
  virtual Result<std::vector<PacketMeta>> PacketsFor(const std::string& to_org_fingerprint) = 0;
  virtual Result<std::vector<uint8_t>> GetPacket(const std::string& to_org_fingerprint, const std::string& packet_id_hex) = 0;
  // The packets addressed to `to_org_fingerprint` that `device_id` has not said it received (hubpackets).
  virtual Result<std::vector<PacketMeta>> PacketsNotReceivedBy(const std::string& to_org_fingerprint,
                                                               const std::string& device_id) = 0;
  // The device imported these packets durably: idempotent, like MarkApplied.
  virtual Status MarkPacketsReceived(const std::string& device_id, const std::vector<std::string>& packet_ids) = 0;
};

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& data_dir);     // creates DIR/hub.sqlite
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& conninfo);   // creates tables if missing

}  // namespace passerelle::hub
