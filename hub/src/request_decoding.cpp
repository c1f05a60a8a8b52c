#include "request_decoding.h"

#include <nlohmann/json.hpp>

#include "passerelle/sync/hub_identity.h"

namespace passerelle::hub {
namespace {

Result<nlohmann::json> ParseObject(std::string_view body) {
  if (body.size() > kMaxJsonBodyBytes) return InvalidInput("The request is too large.");
  auto json = nlohmann::json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return InvalidInput("The request is not a JSON object.");
  return json;
}

Result<std::string> StringField(const nlohmann::json& json, const char* name, size_t max_bytes) {
  auto it = json.find(name);
  if (it == json.end() || !it->is_string()) return InvalidInput(std::string("The request lacks its ") + name + ".");
  std::string value = it->get<std::string>();
  if (value.empty() || value.size() > max_bytes) return InvalidInput(std::string("The request's ") + name + " is not valid.");
  return value;
}

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

Result<std::string> HexId(std::string_view text, size_t min_len, size_t max_len, const char* what) {
  if (text.size() < min_len || text.size() > max_len || text.size() % 2 != 0)
    return InvalidInput(std::string("The ") + what + " is not valid.");
  std::string out;
  for (char c : text) {
    if (!IsHex(c)) return InvalidInput(std::string("The ") + what + " is not valid.");
    out += (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

bool ParseU64(std::string_view text, uint64_t& out) {
  if (text.empty() || text.size() > 20) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

}  // namespace

Result<EnrolRequest> DecodeEnrolRequest(std::string_view body) {
  PASSERELLE_ASSIGN_OR_RETURN(nlohmann::json json, ParseObject(body));
  EnrolRequest req;
  PASSERELLE_ASSIGN_OR_RETURN(std::string secret, StringField(json, "code_secret", 64));
  // The secret may come with the pin or hyphens: only its first eight characters count.
  std::string padded = secret;
  while (padded.size() < sync::kEnrolmentSecretChars) padded += '!';  // refused below
  auto code = sync::ParseEnrolmentCode(padded.substr(0, sync::kEnrolmentSecretChars) + "000000000000");
  if (!code) return InvalidInput("The enrolment code is not valid.");
  req.code_secret = code->secret;
  PASSERELLE_ASSIGN_OR_RETURN(req.csr_pem, StringField(json, "csr_pem", 8192));
  PASSERELLE_ASSIGN_OR_RETURN(std::string card, StringField(json, "org_card_fingerprint", 64));
  PASSERELLE_ASSIGN_OR_RETURN(req.org_card_fingerprint, DecodeCardFingerprint(card));
  PASSERELLE_ASSIGN_OR_RETURN(req.worker, StringField(json, "worker", 200));
  return req;
}

Result<std::vector<std::string>> DecodeAppliedRequest(std::string_view body) {
  PASSERELLE_ASSIGN_OR_RETURN(nlohmann::json json, ParseObject(body));
  auto it = json.find("bundle_ids");
  if (it == json.end() || !it->is_array()) return InvalidInput("The request lacks its bundle_ids.");
  if (it->size() > kMaxAppliedIds) return InvalidInput("The request names too many bundles.");
  std::vector<std::string> ids;
  for (const auto& id : *it) {
    if (!id.is_string()) return InvalidInput("The bundle id is not valid.");
    PASSERELLE_ASSIGN_OR_RETURN(std::string hex, DecodeBundleId(id.get<std::string>()));
    ids.push_back(std::move(hex));
  }
  return ids;
}

Status DecodeHoldingsRequest(std::string_view body) {
  if (body.empty()) return Status::Ok();
  auto json = ParseObject(body);
  return json.ok() ? Status::Ok() : json.status();
}

Result<std::vector<OpRange>> DecodeRanges(std::string_view text) {
  std::vector<OpRange> out;
  if (text.empty()) return out;
  size_t at = 0;
  while (at <= text.size()) {
    size_t comma = text.find(',', at);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view item = text.substr(at, comma - at);
    const size_t colon = item.find(':');
    const size_t dash = item.find('-', colon == std::string_view::npos ? 0 : colon);
    OpRange r{};
    if (colon == std::string_view::npos || dash == std::string_view::npos || !ParseU64(item.substr(0, colon), r.replica) ||
        !ParseU64(item.substr(colon + 1, dash - colon - 1), r.first) || !ParseU64(item.substr(dash + 1), r.last) ||
        r.first > r.last)
      return InvalidInput("The declared op ranges are not valid.");
    if (out.size() >= kMaxDeclaredRanges) return InvalidInput("The upload declares too many op ranges.");
    out.push_back(r);
    at = comma + 1;
  }
  return out;
}

Result<std::string> DecodeBundleId(std::string_view text) { return HexId(text, 32, 32, "bundle id"); }

Result<std::string> DecodePacketId(std::string_view text) { return HexId(text, 16, 64, "packet id"); }

Result<std::string> DecodeCardFingerprint(std::string_view text) {
  if (text.empty() || text.size() > 64) return InvalidInput("The organisation card fingerprint is not valid.");
  std::string out;
  for (char c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
      return InvalidInput("The organisation card fingerprint is not valid.");
    out += c;
  }
  return out;
}

}  // namespace passerelle::hub
