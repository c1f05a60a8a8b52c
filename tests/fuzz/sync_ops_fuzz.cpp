// Fuzz target: operation decoding (sync/src/op_codec.cpp). Arbitrary bytes must be refused with a
// Status, never a crash; and whatever decodes must survive a round trip: decoding the re-encoded
// ops gives the same ops. Corpus: tests/fuzz/sync_ops/.
#include <cstddef>
#include <cstdint>

#include "passerelle/sync/op_codec.h"

namespace {

bool Same(const passerelle::core::Op& a, const passerelle::core::Op& b) {
  return a.id == b.id && a.hlc == b.hlc && a.entity_id == b.entity_id && a.field == b.field && a.kind == b.kind &&
         a.value == b.value && a.removed_tags == b.removed_tags;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace passerelle::sync;
  auto ops = DecodeOps({data, size});
  if (!ops.ok()) return 0;
  auto again = DecodeOps(EncodeOps(*ops));
  if (!again.ok() || again->size() != ops->size()) __builtin_trap();
  for (size_t i = 0; i < ops->size(); ++i)
    if (!Same((*ops)[i], (*again)[i])) __builtin_trap();
  return 0;
}
