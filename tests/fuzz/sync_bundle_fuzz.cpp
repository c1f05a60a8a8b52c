// Fuzz target: the sync bundle decoder (sync/src/bundle.cpp, op_codec.cpp). Arbitrary bytes must
// be refused with a Status, never a crash, an overread or an unbounded allocation. The first byte
// picks what the rest is:
//   even: a whole bundle file, opened with the fixed fuzz team key (header parsing, chunking,
//         truncation, authentication);
//   odd:  a bundle body sealed with that key first, so the fuzzer gets past authentication and
//         reaches decompression (bit 1: marked zstd) and payload/op decoding.
// Corpus: tests/fuzz/sync_bundle/.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "passerelle/sync/bundle.h"

namespace {

const passerelle::platform::SecureBuffer& FuzzKey() {
  static passerelle::platform::SecureBuffer key = [] {
    passerelle::platform::SecureBuffer k(passerelle::sync::kTeamKeyBytes);
    for (size_t i = 0; i < k.size(); ++i) k.data()[i] = static_cast<uint8_t>(0x42 + i);
    return k;
  }();
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace passerelle::sync;
  if (size == 0) return 0;
  const OpenLimits limits{size_t{16} << 20};  // keeps decompression bombs within the fuzzer's RSS limit
  std::vector<uint8_t> rest(data + 1, data + size);
  if ((data[0] & 1) == 0) {
    auto r = OpenBundle(rest, FuzzKey(), limits);
    (void)r;
    return 0;
  }
  BundleHeader h;
  h.sender = 7;
  h.recipient = 9;
  auto sealed = detail::SealBody(rest, (data[0] & 2) ? 1 : 0, h, FuzzKey());
  if (!sealed.ok()) __builtin_trap();  // sealing valid arguments cannot fail
  auto r = OpenBundle(*sealed, FuzzKey(), limits);
  (void)r;
  return 0;
}
