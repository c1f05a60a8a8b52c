// Decoders of what a device sends the hub (docs/hub.md, "Protocol"): JSON bodies, upload headers,
// declared op ranges and ids. The wire format is hubsync's codec (sync/hub_protocol.h), shared with
// the devices; these add the hub's own bounds and canonical forms. Kept apart from the server so a libFuzzer target
// (tests/fuzz/hub_request_fuzz.cpp) reaches each of them with arbitrary bytes. Each is safe on any
// input and refuses with kInvalidInput and one sentence. Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/hub/store.h"
#include "passerelle/platform/status.h"

namespace passerelle::hub {

inline constexpr size_t kMaxJsonBodyBytes = 64 * 1024;
inline constexpr size_t kMaxBundleBytes = size_t{256} << 20;
inline constexpr size_t kMaxPacketBytes = size_t{64} << 20;
inline constexpr size_t kMaxDeclaredRanges = 4096;
inline constexpr size_t kMaxAppliedIds = 10000;

struct EnrolRequest {
  std::string code_secret;  // canonical Crockford base32, 8 characters
  std::string csr_pem;
  std::string org_card_fingerprint;
  std::string worker;
};

Result<EnrolRequest> DecodeEnrolRequest(std::string_view body);
// {"bundle_ids": ["<32 hex>", ...]} -> lowercase ids.
Result<std::vector<std::string>> DecodeAppliedRequest(std::string_view body);
// {"bundle_ids": ["<32 hex>", ...]} (POST /v1/bundles/fetch), at most kMaxFetchIds -> lowercase ids.
Result<std::vector<std::string>> DecodeFetchRequest(std::string_view body);
// {"packet_ids": ["<16 to 64 hex>", ...]} -> lowercase ids (POST /v1/packets/received).
Result<std::vector<std::string>> DecodePacketsReceivedRequest(std::string_view body);
// {} or any JSON object (holdings takes no parameters today).
Status DecodeHoldingsRequest(std::string_view body);
// The X-Passerelle-Ranges header (hub_protocol.h's format), first <= last; empty means none.
Result<std::vector<OpRange>> DecodeRanges(std::string_view text);
// 32 hex characters (a bundle id), returned lowercase.
Result<std::string> DecodeBundleId(std::string_view text);
// 16 to 64 hex characters (a packet id), returned lowercase.
Result<std::string> DecodePacketId(std::string_view text);
// An organisation card fingerprint ("7K3Q-9XPA-M2DE-4HRT"), returned upper case.
Result<std::string> DecodeCardFingerprint(std::string_view text);

}  // namespace passerelle::hub
