// crdt::DecodeTextOpView (text.h), the decoder the merge uses where it only reads an insertion's
// text (validation, the log's stored form): it must accept and refuse exactly what DecodeTextOp
// does, view the same text and count it in code points; and a document must take the same
// insertions (well-formed or not) now that TryInsert counts before it decodes.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/crdt/text.h"

using namespace passerelle::crdt;  // NOLINT(google-build-using-namespace): a test of this namespace only

namespace {

// The same verdict, text and length from both decoders.
void CheckAgree(const std::vector<uint8_t>& bytes) {
  auto whole = DecodeTextOp(bytes);
  std::string_view text = "unset";
  uint64_t code_points = 99;
  auto view = DecodeTextOpView(bytes, &text, &code_points);
  REQUIRE(whole.ok() == view.ok());
  if (!whole.ok()) {
    CHECK(whole.status().code() == view.status().code());
    return;
  }
  CHECK(view->text.empty());
  if (whole->kind != TextOp::Kind::kInsert) return;
  CHECK(text == whole->text);
  uint64_t expected = 0;
  for (char c : whole->text) expected += (static_cast<uint8_t>(c) & 0xC0) != 0x80;
  CHECK(code_points == expected);
  TextOp rebuilt = *view;
  rebuilt.text = std::string(text);
  CHECK(rebuilt == *whole);
}

}  // namespace

TEST_CASE("the view decoder agrees with DecodeTextOp on well-formed, ill-formed and random bytes") {
  const std::vector<std::string> texts = {"",         "abc",          "abcdefghijklmnopq", "début ü€😀 fin",
                                          "\xC3",     "ab\xE2\x82",   "\xED\xA0\x80",      "\xF4\x90\x80\x80",
                                          "\xC0\xAF", "abcdefgh\xFF", "\x80" "abcdefghij"};
  for (const std::string& text : texts) {
    TextOp op{TextOp::Kind::kInsert, {5, 40}, CharId{5, 39}, CharId{9, 2}, text, {}};
    CheckAgree(EncodeTextOp(op));
  }
  CheckAgree(EncodeTextOp(TextOp{TextOp::Kind::kDelete, {3, 7}, {}, {}, {}, {{9, 1, 5}, {3, 2, 1}}}));
  std::mt19937 rng(11);
  for (int i = 0; i < 20000; ++i) {
    std::vector<uint8_t> junk(rng() % 40);
    for (auto& byte : junk) byte = static_cast<uint8_t>(rng());
    if (!junk.empty() && rng() % 2) junk[0] = 1;
    if (junk.size() > 1 && rng() % 2) junk[1] = 0;  // an insertion, so the text is reached more often
    CheckAgree(junk);
  }
}

TEST_CASE("a document refuses an ill-formed insertion and applies a well-formed one after a partial copy") {
  TextDoc doc(1);
  TextOp bad{TextOp::Kind::kInsert, {7, 0}, {}, {}, "ok\xFF", {}};
  CHECK_FALSE(doc.Apply(bad).ok());
  CHECK(doc.Text().empty());
  TextOp first{TextOp::Kind::kInsert, {7, 0}, {}, {}, "héllo", {}};
  REQUIRE(doc.Apply(first).ok());
  // The same run re-cut longer (ids 0..7): only its new tail is added, after what is there.
  TextOp longer{TextOp::Kind::kInsert, {7, 0}, {}, {}, "héllo wö", {}};
  REQUIRE(doc.Apply(longer).ok());
  CHECK(doc.Text() == "héllo wö");
  CHECK(doc.Apply(first).ok());  // a duplicate changes nothing
  CHECK(doc.Text() == "héllo wö");
}
