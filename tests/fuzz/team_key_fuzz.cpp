// Fuzz target: the team key-file decoder (sync/src/team.cpp over core/src/sealed_key.cpp).
// Arbitrary bytes must be refused with a Status (kCorrupt, kUnsupported or kWrongPassphrase),
// never a crash; costs are bounded before Argon2id runs, so no input can exhaust memory; and a
// file that opens seals again into one that opens to the same key. Corpus: tests/fuzz/team_key/
// (valid_low_cost.bin opens with the passphrase "fuzz").
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "passerelle/sync/team.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace passerelle;
  std::vector<uint8_t> file(data, data + size);
  // Keep Argon2id cheap for the fuzzer: a big cost is legitimate input but slow to try. The
  // cheapest cost stays as it is, so a low-cost file in the corpus still opens.
  if (file.size() >= 32) {
    uint64_t ops = 0, mem = 0;
    for (int i = 7; i >= 0; --i) ops = (ops << 8) | file[16 + static_cast<size_t>(i)];
    for (int i = 7; i >= 0; --i) mem = (mem << 8) | file[24 + static_cast<size_t>(i)];
    if (ops > 2) {
      file[16] = 1;
      std::memset(&file[17], 0, 7);
    }
    if (mem > (64u << 10)) {
      file[24] = 0; file[25] = 0x20;  // memlimit = 8 KiB, little-endian
      std::memset(&file[26], 0, 6);
    }
  }
  auto pass = platform::SecureBuffer::FromString("fuzz");
  auto key = sync::UnwrapTeamKey(file, pass);
  if (!key.ok()) {
    const Code c = key.status().code();
    if (c != Code::kCorrupt && c != Code::kUnsupported && c != Code::kWrongPassphrase) __builtin_trap();
    return 0;
  }
  auto again = sync::WrapTeamKey(*key, pass, core::KdfParams{1, 8u << 10});
  if (!again.ok()) __builtin_trap();
  auto reopened = sync::UnwrapTeamKey(*again, pass);
  if (!reopened.ok() || reopened->size() != key->size() ||
      std::memcmp(reopened->data(), key->data(), key->size()) != 0)
    __builtin_trap();
  return 0;
}
