// Fuzz target: the vault key-file decoder (core/src/key_file.cpp). Arbitrary bytes must be
// rejected cleanly; costs are bounded before Argon2id runs, so no input can exhaust memory.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "key_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> file(data, data + size);
  // Keep Argon2id cheap for the fuzzer: the smallest memory cost a key file may hold (8 KiB,
  // keyfile::kMinMemlimit), so inputs still reach the tag check; the cost bound itself is tested in
  // tests/core/key_file_test.cpp.
  if (file.size() >= 32) {
    file[24] = 0; file[25] = 0x20; file[26] = 0; file[27] = 0;  // memlimit = 8 KiB, little-endian
    for (int i = 28; i < 32; ++i) file[i] = 0;
    if (file[16] > 2) file[16] = 1;
    for (int i = 17; i < 24; ++i) file[i] = 0;
  }
  auto pass = passerelle::platform::SecureBuffer::FromString("fuzz");
  auto r = passerelle::core::keyfile::Unwrap(file, pass);
  (void)r;
  return 0;
}
