// Organisation cards (organisation.h): the public identity file, its fingerprint and its codec.
#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "passerelle/core/model.h"
#include "passerelle/core/organisation.h"
#include "passerelle/platform/secure_buffer.h"

namespace passerelle::core {
namespace {

using sv = std::string_view;

constexpr sv kCardFirstLine = "Passerelle organisation card v1";
constexpr sv kKindIds[] = {"service", "maison_de_justice"};
// 32 symbols a person can read aloud without confusion: no O, I, L or 1 (0 stays: with no O
// beside it, it is unambiguous).
constexpr sv kFingerprintAlphabet = "023456789ABCDEFGHJKMNPQRSTUVWXYZ";
// A card is a handful of short lines; anything much bigger is not one.
constexpr size_t kMaxCardBytes = 4096;
constexpr size_t kMaxNameCodePoints = kMaxLineCodePoints;  // as the vault's service name

std::string Hex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

bool FromHex(sv text, PublicKey* out) {
  if (text.size() != out->size() * 2) return false;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t i = 0; i < out->size(); ++i) {
    int hi = digit(text[2 * i]), lo = digit(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    (*out)[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return true;
}

Status Bad(const std::string& why) { return InvalidInput("This is not a valid organisation card: " + why); }

}  // namespace

std::string_view OrganisationKindId(OrganisationKind kind) { return kKindIds[static_cast<size_t>(kind)]; }

std::optional<OrganisationKind> ParseOrganisationKind(std::string_view id) {
  for (size_t i = 0; i < std::size(kKindIds); ++i)
    if (kKindIds[i] == id) return static_cast<OrganisationKind>(i);
  return std::nullopt;
}

bool SameOrganisationName(std::string_view a, std::string_view b) {
  auto norm = [](std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
      if (c == ' ' || c == '\t') {
        space = !out.empty();
        continue;
      }
      if (space) out += ' ';
      space = false;
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return out;
  };
  return norm(a) == norm(b);
}

std::string DescribeOrganisation(std::string_view name, OrganisationKind kind) {
  return std::string(name) + (kind == OrganisationKind::kService ? " (a service)" : " (a maison de justice)");
}

std::string OrganisationIdOf(const PublicKey& signing_key) {
  static constexpr sv kContext = "passerelle organisation id v1";
  uint8_t h[8];
  (void)platform::InitCrypto();
  crypto_generichash(h, sizeof h, signing_key.data(), signing_key.size(),
                     reinterpret_cast<const uint8_t*>(kContext.data()), kContext.size());
  return "org-" + Hex(h);
}

std::string OrganisationCard::Fingerprint() const {
  // Over everything a recipient relies on: a changed name, kind or key changes it.
  std::string material = "passerelle card fingerprint v1\n";
  material += name;
  material += '\n';
  material += OrganisationKindId(kind);
  material += '\n';
  material.append(reinterpret_cast<const char*>(encryption_key.data()), encryption_key.size());
  material.append(reinterpret_cast<const char*>(signing_key.data()), signing_key.size());
  uint8_t h[10];  // 80 bits: 16 symbols of 5 bits
  (void)platform::InitCrypto();
  crypto_generichash(h, sizeof h, reinterpret_cast<const uint8_t*>(material.data()), material.size(), nullptr, 0);
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (uint8_t b : h) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      if (out.size() == 4 || out.size() == 9 || out.size() == 14) out += '-';
      out += kFingerprintAlphabet[(acc >> bits) & 31];
    }
  }
  return out;
}

std::string EncodeCard(const OrganisationCard& card) {
  std::string out(kCardFirstLine);
  out += "\nid: " + card.id;
  out += "\nname: " + card.name;
  out += "\nkind: " + std::string(OrganisationKindId(card.kind));
  out += "\nencryption-key: " + Hex(card.encryption_key);
  out += "\nsigning-key: " + Hex(card.signing_key);
  out += "\nfingerprint: " + card.Fingerprint();
  out += "\n";
  return out;
}

Result<OrganisationCard> DecodeCard(std::string_view text) {
  if (text.size() > kMaxCardBytes) return Bad("the file is far too long for a card.");
  std::vector<sv> lines;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    if (nl == sv::npos) nl = text.size();
    lines.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  for (auto& l : lines)
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);  // a card saved on Windows
  if (lines.empty() || lines[0] != kCardFirstLine) return Bad("its first line is not \"Passerelle organisation card v1\".");
  static constexpr sv kKeys[] = {"id", "name", "kind", "encryption-key", "signing-key", "fingerprint"};
  if (lines.size() != 1 + std::size(kKeys)) return Bad("it should have exactly seven lines.");
  sv values[std::size(kKeys)];
  for (size_t i = 0; i < std::size(kKeys); ++i) {
    const sv line = lines[i + 1];
    const std::string prefix = std::string(kKeys[i]) + ": ";
    if (line.substr(0, prefix.size()) != prefix) return Bad("line " + std::to_string(i + 2) + " should start with \"" + prefix + "\".");
    values[i] = line.substr(prefix.size());
  }
  OrganisationCard card;
  std::string why;
  if (!ValidateText("The organisation's name", values[1], false, kMaxNameCodePoints, kMaxNameCodePoints * 4, &why))
    return Bad(why);
  if (IsBlank(values[1])) return Bad("the organisation has no name.");
  card.name = std::string(values[1]);
  auto kind = ParseOrganisationKind(values[2]);
  if (!kind) return Bad("the kind must be service or maison_de_justice.");
  card.kind = *kind;
  if (!FromHex(values[3], &card.encryption_key)) return Bad("the encryption key is not 64 lowercase hex digits.");
  if (!FromHex(values[4], &card.signing_key)) return Bad("the signing key is not 64 lowercase hex digits.");
  (void)platform::InitCrypto();
  static constexpr PublicKey kZero{};
  if (card.encryption_key == kZero) return Bad("the encryption key is all zeros.");
  if (crypto_core_ed25519_is_valid_point(card.signing_key.data()) != 1) return Bad("the signing key is not a valid Ed25519 key.");
  card.id = OrganisationIdOf(card.signing_key);
  if (values[0] != card.id) return Bad("its id does not belong to its signing key (the card was altered).");
  if (values[5] != card.Fingerprint()) return Bad("its fingerprint does not match its contents (the card was altered).");
  return card;
}

}  // namespace passerelle::core
