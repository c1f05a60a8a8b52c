// Fuzz target: every decoder the hub runs on what a device sends (hub/src/request_decoding.h) and
// the enrolment code parser. The first byte picks the decoder, the rest is its input. A refusal
// must be kInvalidInput with one line of text; an acceptance must be in canonical form (ids lower
// hex of the right length, ranges ordered, the secret eight base32 characters, bounded counts).
// Corpus: tests/fuzz/hub_request/ (one valid input per decoder, and broken ones).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "passerelle/sync/hub_identity.h"
#include "passerelle/sync/hub_protocol.h"
#include "request_decoding.h"

namespace {

using namespace passerelle;

void CheckRefusal(const Status& st) {
  if (st.code() != Code::kInvalidInput) __builtin_trap();
  const std::string& m = st.message();
  if (m.empty() || m.find('\n') != std::string::npos) __builtin_trap();
}

bool IsLowerHex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool IsBase32(std::string_view s) {
  for (char c : s)
    if (std::string_view("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(c) == std::string_view::npos) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 10) {
    case 0: {
      auto r = hub::DecodeEnrolRequest(in);
      if (!r.ok()) return CheckRefusal(r.status()), 0;
      if (r->code_secret.size() != sync::kEnrolmentSecretChars || !IsBase32(r->code_secret)) __builtin_trap();
      if (r->csr_pem.empty() || r->org_card_fingerprint.empty() || r->org_card_fingerprint.size() > 64) __builtin_trap();
      break;
    }
    case 1: {
      auto r = hub::DecodeAppliedRequest(in);
      if (!r.ok()) return CheckRefusal(r.status()), 0;
      if (r->size() > hub::kMaxAppliedIds) __builtin_trap();
      for (const auto& id : *r)
        if (id.size() != 32 || !IsLowerHex(id)) __builtin_trap();
      break;
    }
    case 2: {
      Status st = hub::DecodeHoldingsRequest(in);
      if (!st.ok()) CheckRefusal(st);
      break;
    }
    case 3: {
      auto r = hub::DecodeRanges(in);
      if (!r.ok()) return CheckRefusal(r.status()), 0;
      if (r->size() > hub::kMaxDeclaredRanges) __builtin_trap();
      for (const auto& range : *r)
        if (range.first > range.last) __builtin_trap();
      break;
    }
    case 4: {
      auto r = hub::DecodeBundleId(in);
      if (!r.ok()) return CheckRefusal(r.status()), 0;
      if (r->size() != 32 || !IsLowerHex(*r)) __builtin_trap();
      break;
    }
    case 5: {
      auto r = hub::DecodePacketId(in);
      if (!r.ok()) return CheckRefusal(r.status()), 0;
      if (r->size() < 16 || r->size() > 64 || !IsLowerHex(*r)) __builtin_trap();
      break;
    }
    case 6: {
      auto r = hub::DecodeCardFingerprint(in);
      if (!r.ok()) return CheckRefusal(r.status()), 0;
      if (r->empty() || r->size() > 64) __builtin_trap();
      for (char c : *r)
        if (c >= 'a' && c <= 'z') __builtin_trap();
      break;
    }
    case 8: {
      auto r = hub::DecodePacketsReceivedRequest(in);
      if (!r.ok()) return CheckRefusal(r.status()), 0;
      if (r->size() > hub::kMaxAppliedIds) __builtin_trap();
      for (const auto& id : *r)
        if (id.size() < 16 || id.size() > 64 || !IsLowerHex(id)) __builtin_trap();
      break;
    }
    case 9: {
      auto r = hub::DecodeFetchRequest(in);
      if (!r.ok()) return CheckRefusal(r.status()), 0;
      if (r->size() > sync::hubproto::kMaxFetchIds) __builtin_trap();
      for (const auto& id : *r)
        if (id.size() != 32 || !IsLowerHex(id)) __builtin_trap();
      break;
    }
    default: {
      auto code = sync::ParseEnrolmentCode(in);
      if (!code) return 0;
      if (code->secret.size() != sync::kEnrolmentSecretChars || code->pin.size() != sync::kEnrolmentPinChars ||
          !IsBase32(code->secret) || !IsBase32(code->pin))
        __builtin_trap();
      auto again = sync::ParseEnrolmentCode(sync::FormatEnrolmentCode(*code));
      if (!again || again->secret != code->secret || again->pin != code->pin) __builtin_trap();
      break;
    }
  }
  return 0;
}
