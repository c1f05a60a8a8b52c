#include "passerelle/sync/hub_identity.h"

#include <vector>

namespace passerelle::sync {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// Crockford decoding is forgiving of what people misread: O is 0, I and L are 1.
std::optional<char> Canonical(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') return '0';
  if (c == 'I' || c == 'L') return '1';
  if (c == 'U') return std::nullopt;
  if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) return c;
  return std::nullopt;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string Base32(std::span<const uint8_t> bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (uint8_t byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  return out;
}

std::string PinOfFingerprintHex(std::string_view fingerprint_hex) {
  if (fingerprint_hex.size() != 64) return {};
  std::vector<uint8_t> bytes;
  for (size_t i = 0; i < 64; i += 2) {
    const int hi = HexValue(fingerprint_hex[i]), lo = HexValue(fingerprint_hex[i + 1]);
    if (hi < 0 || lo < 0) return {};
    bytes.push_back(static_cast<uint8_t>(hi * 16 + lo));
  }
  return Base32(bytes).substr(0, kEnrolmentPinChars);
}

std::optional<EnrolmentCode> ParseEnrolmentCode(std::string_view typed) {
  std::string chars;
  for (char c : typed) {
    if (c == '-' || c == ' ' || c == '\t') continue;
    const auto canonical = Canonical(c);
    if (!canonical) return std::nullopt;
    chars += *canonical;
    if (chars.size() > kEnrolmentSecretChars + kEnrolmentPinChars) return std::nullopt;
  }
  if (chars.size() != kEnrolmentSecretChars + kEnrolmentPinChars) return std::nullopt;
  return EnrolmentCode{chars.substr(0, kEnrolmentSecretChars), chars.substr(kEnrolmentSecretChars)};
}

std::string FormatEnrolmentCode(const EnrolmentCode& code) {
  const std::string all = code.secret + code.pin;
  std::string out;
  for (size_t i = 0; i < all.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += all[i];
  }
  return out;
}

}  // namespace passerelle::sync
