// Fuzz target: the disclosure seal decoders (core/src/disclosure_seal.cpp): the PDF trailer line
// (base64 statement and signature), the packet envelope (magic, version, lengths, statement,
// recipient key, ciphertext, signature), the statement JSON and the issuer card it carries.
// Arbitrary bytes must be refused with kCorrupt or kUnsupported, never a crash, and nothing is
// accepted unless its signature holds: an accepted file verifies again to the same statement,
// and the same file with its last byte changed is refused. Corpus: tests/fuzz/disclosure_seal/
// (signed_v1.pdf and sealed_v1.packet are authentic).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "passerelle/core/disclosure_seal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace passerelle;
  const std::span<const uint8_t> file(data, size);
  auto v = core::VerifyFile(file);
  if (!v.ok()) {
    const Code c = v.status().code();
    if (c != Code::kCorrupt && c != Code::kUnsupported) __builtin_trap();
    if (v.status().message().empty() || v.status().message().back() != '.') __builtin_trap();
    return 0;
  }
  auto again = core::VerifyFile(file);
  if (!again.ok() || again->statement.content_hash != v->statement.content_hash ||
      again->statement.verification_code != v->statement.verification_code || again->issuer.id != v->issuer.id) {
    __builtin_trap();
  }
  std::vector<uint8_t> altered(file.begin(), file.end());
  altered.back() ^= 0x01;
  if (core::VerifyFile(altered).ok()) __builtin_trap();
  return 0;
}
