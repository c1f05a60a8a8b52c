#include "request_decoding.h"

#include <nlohmann/json.hpp>

#include "passerelle/sync/hub_identity.h"
#include "passerelle/sync/hub_protocol.h"

namespace passerelle::hub {
namespace {

Result<nlohmann::json> ParseObject(std::string_view body) {
  if (body.size() > kMaxJsonBodyBytes) return InvalidInput("The request is too large.");
  auto json = nlohmann::json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return InvalidInput("The request is not a JSON object.");
  return json;
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

std::span<const uint8_t> Bytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

}  // namespace

Result<EnrolRequest> DecodeEnrolRequest(std::string_view body) {
  if (body.size() > kMaxJsonBodyBytes) return InvalidInput("The request is too large.");
  PASSERELLE_ASSIGN_OR_RETURN(sync::hubproto::EnrolRequest wire, sync::hubproto::DecodeEnrolRequest(Bytes(body)));
  EnrolRequest req;
  // The secret may come with the pin or hyphens: only its first eight base32 characters count.
  std::string secret;
  for (char c : wire.code_secret)
    if (c != '-' && c != ' ') secret += c;
  if (secret.size() < sync::kEnrolmentSecretChars) return InvalidInput("The enrolment code is not valid.");
  auto code = sync::ParseEnrolmentCode(secret.substr(0, sync::kEnrolmentSecretChars) + "000000000000");
  if (!code) return InvalidInput("The enrolment code is not valid.");
  req.code_secret = code->secret;
  req.csr_pem = std::move(wire.csr_pem);
  PASSERELLE_ASSIGN_OR_RETURN(req.org_card_fingerprint, DecodeCardFingerprint(wire.org_card_fingerprint));
  if (wire.worker.size() > 200) return InvalidInput("The worker's name is too long.");
  req.worker = std::move(wire.worker);
  return req;
}

Result<std::vector<std::string>> DecodeAppliedRequest(std::string_view body) {
  if (body.size() > kMaxJsonBodyBytes) return InvalidInput("The request is too large.");
  PASSERELLE_ASSIGN_OR_RETURN(sync::hubproto::AppliedRequest wire, sync::hubproto::DecodeAppliedRequest(Bytes(body)));
  if (wire.bundle_ids.size() > kMaxAppliedIds) return InvalidInput("The request names too many bundles.");
  std::vector<std::string> ids;
  for (const auto& id : wire.bundle_ids) {
    PASSERELLE_ASSIGN_OR_RETURN(std::string hex, DecodeBundleId(id));
    ids.push_back(std::move(hex));
  }
  return ids;
}

Result<std::vector<std::string>> DecodeFetchRequest(std::string_view body) {
  if (body.size() > kMaxJsonBodyBytes) return InvalidInput("The request is too large.");
  PASSERELLE_ASSIGN_OR_RETURN(sync::hubproto::FetchRequest wire, sync::hubproto::DecodeFetchRequest(Bytes(body)));
  std::vector<std::string> ids;
  for (const auto& id : wire.bundle_ids) {
    PASSERELLE_ASSIGN_OR_RETURN(std::string hex, DecodeBundleId(id));
    ids.push_back(std::move(hex));
  }
  return ids;
}

Result<std::vector<std::string>> DecodePacketsReceivedRequest(std::string_view body) {
  if (body.size() > kMaxJsonBodyBytes) return InvalidInput("The request is too large.");
  PASSERELLE_ASSIGN_OR_RETURN(sync::hubproto::PacketsReceivedRequest wire,
                              sync::hubproto::DecodePacketsReceivedRequest(Bytes(body)));
  if (wire.packet_ids.size() > kMaxAppliedIds) return InvalidInput("The request names too many packets.");
  std::vector<std::string> ids;
  for (const auto& id : wire.packet_ids) {
    PASSERELLE_ASSIGN_OR_RETURN(std::string hex, DecodePacketId(id));
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
  if (text.size() > kMaxDeclaredRanges * 64) return InvalidInput("The upload declares too many op ranges.");
  PASSERELLE_ASSIGN_OR_RETURN(auto wire, sync::hubproto::DecodeRangesHeader(text));
  if (wire.size() > kMaxDeclaredRanges) return InvalidInput("The upload declares too many op ranges.");
  std::vector<OpRange> out;
  for (const auto& r : wire) {
    if (r.first > r.last) return InvalidInput("The declared op ranges are not valid.");
    out.push_back({r.replica, r.first, r.last});
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
