// The office hub's wire protocol (docs/hub.md, "Protocol"): the JSON bodies and HTTP headers a
// device and the hub exchange under /v1, as plain structs with one Encode and one Decode each.
// Sealed bundles and sealed disclosure packets travel as raw HTTP bodies and are not described
// here (bundle.h, core/disclosure_seal.h): the hub never opens them. Both sides use this one
// codec (the device in hub_client.cpp, the hub's handlers in hub/), so they cannot disagree.
//
// Decoders take untrusted bytes: they never throw, bound every count and string, refuse unknown
// shapes with one sentence (kInvalidInput), and ignore unknown JSON members (a newer peer may add
// some). Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/crdt/knowledge.h"
#include "passerelle/platform/status.h"

namespace passerelle::sync::hubproto {

// Paths and headers (all requests are under /v1).
inline constexpr std::string_view kEnrolPath = "/v1/enrol";
inline constexpr std::string_view kHoldingsPath = "/v1/holdings";
inline constexpr std::string_view kBundlesPath = "/v1/bundles";   // POST; GET kBundlesPath + "/" + id
inline constexpr std::string_view kBundlesFetchPath = "/v1/bundles/fetch";  // POST: many bundles, one reply
inline constexpr std::string_view kAppliedPath = "/v1/applied";
inline constexpr std::string_view kPacketsPath = "/v1/packets";   // POST; GET kPacketsPath + "/" + id
inline constexpr std::string_view kPacketsReceivedPath = "/v1/packets/received";  // POST
inline constexpr std::string_view kBundleIdHeader = "X-Passerelle-Bundle-Id";
inline constexpr std::string_view kRangesHeader = "X-Passerelle-Ranges";
inline constexpr std::string_view kPacketIdHeader = "X-Passerelle-Packet-Id";
inline constexpr std::string_view kToOrgHeader = "X-Passerelle-To-Org";
inline constexpr std::string_view kJsonType = "application/json";
inline constexpr std::string_view kSealedType = "application/octet-stream";

// Bounds on what a decoder accepts (a forged count cannot allocate gigabytes).
inline constexpr size_t kMaxJsonBytes = 16u << 20;     // any JSON body
inline constexpr size_t kMaxRanges = 1u << 20;         // ranges in one list
inline constexpr size_t kMaxUploadRanges = 4096;       // declared ranges the hub takes per upload
inline constexpr size_t kMaxListed = 1u << 20;         // bundles or packets in one list
inline constexpr size_t kMaxPemBytes = 16u << 10;      // a certificate or CSR
inline constexpr size_t kMaxTextBytes = 512;           // names, fingerprints, secrets
inline constexpr size_t kMaxFetchIds = 512;            // bundle ids in one fetch request
inline constexpr size_t kMaxFetchReplyBytes = 32u << 20;  // sealed bytes the hub puts in one fetch reply

// Op ids first..last (both included) of one replica, as the uploader declares them.
struct OpRange {
  uint64_t replica = 0;
  uint64_t first = 0;
  uint64_t last = 0;
  friend bool operator==(const OpRange&, const OpRange&) = default;
};

// Knowledge <-> ranges (one OpRange per counter range, sorted by replica then counter).
std::vector<OpRange> RangesOf(const crdt::Knowledge& k);
crdt::Knowledge KnowledgeOf(const std::vector<OpRange>& ranges);

// Identifiers: a bundle id is 32 lower-case hex digits (16 bytes, bundle.h), a packet id 32 or 64,
// a device id 16. Other text is refused by the decoders.
bool IsBundleIdHex(std::string_view s);
bool IsPacketIdHex(std::string_view s);
bool IsFingerprintHex(std::string_view s);  // 64 lower-case hex digits (SHA-256)

// --- POST /v1/enrol (no client certificate) ---
struct EnrolRequest {
  std::string code_secret;            // the 8 base32 characters before the pin
  std::string csr_pem;                // PKCS#10, EC P-256, made on the device
  std::string org_card_fingerprint;   // the vault's organisation card (core/organisation.h)
  std::string worker;
};
std::string EncodeEnrolRequest(const EnrolRequest& r);
Result<EnrolRequest> DecodeEnrolRequest(std::span<const uint8_t> body);

struct EnrolReply {
  std::string device_id;    // 16 hex, assigned by the hub (CN of the certificate)
  std::string cert_pem;     // the device certificate, signed by the hub CA
  std::string ca_cert_pem;  // the hub CA certificate (its fingerprint is the pin)
  std::string hub_name;
  std::string org;
};
std::string EncodeEnrolReply(const EnrolReply& r);
Result<EnrolReply> DecodeEnrolReply(std::span<const uint8_t> body);

// --- POST /v1/holdings (body "{}") ---
struct MissingBundle {
  std::string bundle_id;         // hex
  uint64_t size = 0;             // bytes of the sealed bundle
  std::vector<OpRange> ranges;   // as declared by its uploader
};
struct WaitingPacket {
  std::string packet_id;         // hex
  uint64_t size = 0;
};
struct HoldingsReply {
  std::vector<OpRange> hub_knowledge;    // union of the organisation's declared ranges
  std::vector<MissingBundle> missing;    // not applied by this device, not uploaded by it; hub order
  std::vector<WaitingPacket> packets;    // sealed packets addressed to this device's organisation
};
std::string EncodeHoldingsReply(const HoldingsReply& r);
Result<HoldingsReply> DecodeHoldingsReply(std::span<const uint8_t> body);

// --- POST /v1/bundles (headers + sealed bytes) ---
// X-Passerelle-Ranges: "replica:first-last,replica:first-last", all three decimal uint64 (the
// hub also takes it as the query parameter `ranges`); "" for a bundle of no ops.
std::string EncodeRangesHeader(const std::vector<OpRange>& ranges);
Result<std::vector<OpRange>> DecodeRangesHeader(std::string_view header);

struct UploadHeaders {
  std::string bundle_id;          // hex, must equal the id in the sealed bundle's clear header
  std::vector<OpRange> ranges;    // exactly the op ids inside
};
// Validates both header values (kInvalidInput with one sentence).
Result<UploadHeaders> DecodeUploadHeaders(std::string_view bundle_id_header, std::string_view ranges_header);

struct UploadReply {
  bool stored = false;   // true only after the hub's durable commit
  int64_t seq = 0;
};
std::string EncodeUploadReply(const UploadReply& r);
Result<UploadReply> DecodeUploadReply(std::span<const uint8_t> body);

// --- POST /v1/applied ---
struct AppliedRequest {
  std::vector<std::string> bundle_ids;   // hex; imported durably by this device
};
std::string EncodeAppliedRequest(const AppliedRequest& r);
Result<AppliedRequest> DecodeAppliedRequest(std::span<const uint8_t> body);

// --- POST /v1/bundles/fetch: the session's downloads in one request ---
// Body {"bundle_ids": ["<32 hex>", ...]} (at most kMaxFetchIds). The reply
// (application/octet-stream) is a length-prefixed sequence, one entry per id asked, in the order
// asked: "PHF1", then per entry one byte (1: a sealed bundle follows; 0: the hub holds no such
// bundle for the caller's organisation) and, after a 1, a 4-byte big-endian length and the sealed
// bytes exactly as uploaded (the hub never opens them; the device checks each as it would one
// bundle). The hub may stop before the last id (its reply stays under kMaxFetchReplyBytes, and
// always carries at least one entry): the device asks again for the rest.
struct FetchRequest {
  std::vector<std::string> bundle_ids;  // hex
};
std::string EncodeFetchRequest(const FetchRequest& r);
Result<FetchRequest> DecodeFetchRequest(std::span<const uint8_t> body);

struct FetchedBundle {
  bool held = false;
  std::span<const uint8_t> sealed;  // points into the reply (or, encoding, into the caller's bytes)
};
std::string EncodeFetchReply(const std::vector<FetchedBundle>& entries);
// At most `asked` entries, each within the reply; anything else is refused with one sentence.
Result<std::vector<FetchedBundle>> DecodeFetchReply(std::span<const uint8_t> body, size_t asked);

// --- POST /v1/packets (headers + sealed bytes) ---
struct PacketHeaders {
  std::string packet_id;            // hex
  std::string to_org_fingerprint;   // the recipient organisation's card fingerprint (hex)
};
Result<PacketHeaders> DecodePacketHeaders(std::string_view packet_id_header, std::string_view to_org_header);
// The reply is UploadReply's shape: {"stored": true} only after the hub's durable commit.

// --- POST /v1/packets/received ---
// The packets this device imported durably (or held already): the hub lists them no more to it.
struct PacketsReceivedRequest {
  std::vector<std::string> packet_ids;   // hex (IsPacketIdHex)
};
std::string EncodePacketsReceivedRequest(const PacketsReceivedRequest& r);
Result<PacketsReceivedRequest> DecodePacketsReceivedRequest(std::span<const uint8_t> body);

// --- Errors: any 4xx/5xx carries {"error": "<one sentence>"} ---
struct ErrorBody {
  std::string error;
};
std::string EncodeErrorBody(const ErrorBody& e);
// Never fails: a body that is not an error object gives a generic sentence naming `http_status`.
ErrorBody DecodeErrorBody(std::span<const uint8_t> body, int http_status);

// Helpers for std::string bodies.
inline std::span<const uint8_t> BytesOf(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace passerelle::sync::hubproto
