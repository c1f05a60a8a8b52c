// Fuzz target: the organisation card decoder (core/src/organisation_card.cpp). Arbitrary bytes
// must be refused with kInvalidInput and one line of text that never echoes the refused bytes, or
// decode into a card that encodes back to text which decodes to the same card (same id, name,
// kind, keys, fingerprint). Corpus: tests/fuzz/org_card/ (a valid card, a CRLF one, broken ones).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "passerelle/core/organisation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace passerelle;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto card = core::DecodeCard(text);
  if (!card.ok()) {
    if (card.status().code() != Code::kInvalidInput) __builtin_trap();
    const std::string& m = card.status().message();
    if (m.empty() || m.find('\n') != std::string::npos || m.find('\r') != std::string::npos) __builtin_trap();
    for (unsigned char c : m)
      if (c < 0x20 || c == 0x7f) __builtin_trap();
    return 0;
  }
  auto again = core::DecodeCard(core::EncodeCard(*card));
  if (!again.ok()) __builtin_trap();
  if (again->id != card->id || again->name != card->name || again->kind != card->kind ||
      again->encryption_key != card->encryption_key || again->signing_key != card->signing_key ||
      again->Fingerprint() != card->Fingerprint() || card->id != core::OrganisationIdOf(card->signing_key))
    __builtin_trap();
  return 0;
}
