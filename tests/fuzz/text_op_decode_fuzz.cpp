// libFuzzer target for the text CRDT's decoders (DecodeTextOp, TextDoc::DecodeState): no input
// may crash, hang or leak, and whatever decodes must behave. The first byte picks the decoder:
//   0: DecodeTextOp on the rest; a decoded op must re-encode to the same bytes and apply cleanly.
//   1: DecodeState on the rest (a complete saved state, as EncodeState writes it).
//   2: the rest is a state's inner body: the target wraps it in the header and zstd frame
//      itself, so the fuzzer explores the column parser instead of bouncing off zstd.
// A decoded state must survive Text, an edit, OpsSince, re-encoding to the same text (both formats),
// and TextOf must give back each insertion's text.
// Seeds: tests/fuzz/text_op_decode/ (valid ops and states). Build with clang and
// -fsanitize=fuzzer,address,undefined; run: text_op_decode_fuzz tests/fuzz/text_op_decode
#include <zstd.h>

#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "passerelle/core/crdt/text.h"

using passerelle::crdt::TextDoc;

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

void ExerciseState(std::span<const uint8_t> bytes) {
  auto doc = TextDoc::DecodeState(bytes, 7);
  if (!doc.ok()) return;
  const std::string text = doc->Text();
  Check(text.size() >= doc->Length());
  auto again = TextDoc::DecodeState(doc->EncodeState(), 8);
  Check(again.ok() && again->Text() == text);
  // Format 2 (the vault's: the visible text kept outside) loads back with that text, and every
  // insertion's characters read back by id (how the vault's log stores insertions).
  auto outside = TextDoc::DecodeState(doc->EncodeStateWithoutText(), 8, text);
  Check(outside.ok() && outside->Text() == text);
  TextDoc fresh(9);
  for (const auto& op : doc->OpsSince({})) {
    if (op.kind == passerelle::crdt::TextOp::Kind::kInsert && !op.text.empty()) {
      uint64_t count = 0;
      for (char c : op.text) count += (static_cast<uint8_t>(c) & 0xC0) != 0x80;
      Check(doc->TextOf(op.id, count) == op.text);
    }
    (void)fresh.Apply(op);
  }
  doc->Insert(doc->Length() / 2, "x");
  doc->Delete(0, 2);
  (void)doc->Text();
}

std::vector<uint8_t> WrapBody(std::span<const uint8_t> body) {
  std::vector<uint8_t> out = {'P', 'T', 'X', 'T', 1};
  for (uint64_t v = body.size();; v >>= 7) {
    out.push_back(static_cast<uint8_t>(v < 0x80 ? v : (v & 0x7f) | 0x80));
    if (v < 0x80) break;
  }
  const size_t header = out.size();
  out.resize(header + ZSTD_compressBound(body.size()));
  const size_t n = ZSTD_compress(out.data() + header, out.size() - header, body.data(), body.size(), 1);
  Check(!ZSTD_isError(n));
  out.resize(header + n);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::span<const uint8_t> rest(data + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      auto op = passerelle::crdt::DecodeTextOp(rest);
      if (!op.ok()) return 0;
      Check(passerelle::crdt::EncodeTextOp(*op) == std::vector<uint8_t>(rest.begin(), rest.end()));
      TextDoc doc(1);
      (void)doc.Insert(0, "seed");
      (void)doc.Apply(*op);
      (void)doc.Text();
      ExerciseState(doc.EncodeState());
      break;
    }
    case 1:
      ExerciseState(rest);
      if (auto with_text = TextDoc::DecodeState(rest, 7, "visible"); with_text.ok()) (void)with_text->Text();
      break;
    default:
      ExerciseState(WrapBody(rest));
      break;
  }
  return 0;
}
