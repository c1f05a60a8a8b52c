// Words shared by the hub and its devices about the hub's identity (docs/hub.md, "Enrolment"):
// the enrolment code `SECRET-PIN` read aloud in Crockford base32 groups of four, where SECRET is
// 8 characters (40 random bits, one use) and PIN the first 12 characters of the base32 SHA-256 of
// the hub's CA certificate. Pure functions; no sockets, no OpenSSL.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace passerelle::sync {

inline constexpr size_t kEnrolmentSecretChars = 8;
inline constexpr size_t kEnrolmentPinChars = 12;

// Crockford base32 (0-9 A-Z without I L O U), no separators.
std::string Base32(std::span<const uint8_t> bytes);
// The pin of a CA fingerprint given as 64 hex characters (SHA-256 of the certificate's DER);
// empty if `fingerprint_hex` is not that.
std::string PinOfFingerprintHex(std::string_view fingerprint_hex);

struct EnrolmentCode {
  std::string secret;  // 8 characters, canonical (upper case, O->0, I/L->1)
  std::string pin;     // 12 characters
};
// Accepts any case, spaces and hyphens; nullopt unless exactly 20 base32 characters remain.
std::optional<EnrolmentCode> ParseEnrolmentCode(std::string_view typed);
// "7K3Q-9XPA-M2DE-4HRT-KQ2V": secret then pin, in groups of four.
std::string FormatEnrolmentCode(const EnrolmentCode& code);

}  // namespace passerelle::sync
