// The shared UTF-8 codec (platform/utf8.h): table-driven over well-formed and ill-formed input.
#include "passerelle/platform/utf8.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using passerelle::platform::utf8::AppendUtf8;
using passerelle::platform::utf8::DecodeNext;
using passerelle::platform::utf8::kReplacement;

namespace {

struct Step {
  char32_t cp;
  bool valid;
  size_t bytes;  // how far DecodeNext advanced
};

std::vector<Step> DecodeAll(std::string_view s) {
  std::vector<Step> out;
  for (size_t i = 0; i < s.size();) {
    size_t before = i;
    auto d = DecodeNext(s, i);
    REQUIRE(i > before);
    REQUIRE(i <= s.size());
    out.push_back({d.cp, d.valid, i - before});
  }
  return out;
}

bool operator==(const Step& a, const Step& b) { return a.cp == b.cp && a.valid == b.valid && a.bytes == b.bytes; }

constexpr char32_t R = kReplacement;

}  // namespace

TEST_CASE("DecodeNext: well-formed and ill-formed sequences") {
  struct Case {
    const char* name;
    std::string bytes;
    std::vector<Step> want;
  };
  const std::vector<Case> cases = {
      {"empty", "", {}},
      {"ascii", "aZ\x7F", {{'a', true, 1}, {'Z', true, 1}, {0x7F, true, 1}}},
      {"nul", std::string("\0", 1), {{0, true, 1}}},
      {"2-byte", "\xC3\xA9", {{0xE9, true, 2}}},
      {"2-byte lowest", "\xC2\x80", {{0x80, true, 2}}},
      {"2-byte highest", "\xDF\xBF", {{0x7FF, true, 2}}},
      {"3-byte", "\xE2\x82\xAC", {{0x20AC, true, 3}}},
      {"3-byte lowest", "\xE0\xA0\x80", {{0x800, true, 3}}},
      {"3-byte before surrogates", "\xED\x9F\xBF", {{0xD7FF, true, 3}}},
      {"3-byte after surrogates", "\xEE\x80\x80", {{0xE000, true, 3}}},
      {"literal U+FFFD is valid", "\xEF\xBF\xBD", {{0xFFFD, true, 3}}},
      {"4-byte", "\xF0\x9F\x98\x80", {{0x1F600, true, 4}}},
      {"4-byte lowest", "\xF0\x90\x80\x80", {{0x10000, true, 4}}},
      {"4-byte highest", "\xF4\x8F\xBF\xBF", {{0x10FFFF, true, 4}}},
      {"mixed", "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z",
       {{'a', true, 1}, {0xE9, true, 2}, {0x20AC, true, 3}, {0x1F600, true, 4}, {'z', true, 1}}},
      // Overlong forms: C0 and C1 never start a sequence; E0 and F0 bound the second byte.
      {"overlong 2-byte C0", "\xC0\x80", {{R, false, 1}, {R, false, 1}}},
      {"overlong 2-byte C1", "\xC1\xBF", {{R, false, 1}, {R, false, 1}}},
      {"overlong 3-byte", "\xE0\x80\xAF", {{R, false, 1}, {R, false, 1}, {R, false, 1}}},
      {"overlong 4-byte", "\xF0\x8F\xBF\xBF", {{R, false, 1}, {R, false, 1}, {R, false, 1}, {R, false, 1}}},
      // Surrogates (ED A0..BF) and values past U+10FFFF (F4 90.., F5..FF).
      {"surrogate high", "\xED\xA0\x80", {{R, false, 1}, {R, false, 1}, {R, false, 1}}},
      {"surrogate low", "\xED\xBF\xBF", {{R, false, 1}, {R, false, 1}, {R, false, 1}}},
      {"past U+10FFFF", "\xF4\x90\x80\x80", {{R, false, 1}, {R, false, 1}, {R, false, 1}, {R, false, 1}}},
      {"F5 lead", "\xF5\x80", {{R, false, 1}, {R, false, 1}}},
      {"FF byte", "\xFF" "a", {{R, false, 1}, {'a', true, 1}}},
      // Truncated: the maximal subpart is consumed whole and yields one replacement.
      {"truncated 2-byte at end", "\xC3", {{R, false, 1}}},
      {"truncated 3-byte at end", "\xE2\x82", {{R, false, 2}}},
      {"truncated 4-byte at end", "\xF0\x9F\x98", {{R, false, 3}}},
      {"truncated 3-byte before ascii", "\xE2\x82" "a", {{R, false, 2}, {'a', true, 1}}},
      {"truncated 4-byte before 2-byte", "\xF0\x9F\xC3\xA9", {{R, false, 2}, {0xE9, true, 2}}},
      // Invalid continuation bytes.
      {"lone continuation", "\x80", {{R, false, 1}}},
      {"continuation run", "\x80\xBF" "a", {{R, false, 1}, {R, false, 1}, {'a', true, 1}}},
      {"lead then ascii", "\xC3" "a", {{R, false, 1}, {'a', true, 1}}},
      {"3-byte bad third", "\xE2\x82\x41", {{R, false, 2}, {'A', true, 1}}},
      {"4-byte bad fourth", "\xF0\x9F\x98\x41", {{R, false, 3}, {'A', true, 1}}},
      {"lead then lead", "\xE2\xE2\x82\xAC", {{R, false, 1}, {0x20AC, true, 3}}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(DecodeAll(c.bytes) == c.want);
  }
}

TEST_CASE("AppendUtf8: round trip and non-scalar values") {
  for (char32_t cp : {char32_t{0}, char32_t{'a'}, char32_t{0x7F}, char32_t{0x80}, char32_t{0x7FF}, char32_t{0x800},
                      char32_t{0xD7FF}, char32_t{0xE000}, char32_t{0xFFFD}, char32_t{0xFFFF}, char32_t{0x10000},
                      char32_t{0x10FFFF}}) {
    CAPTURE(static_cast<uint32_t>(cp));
    std::string s;
    AppendUtf8(s, cp);
    size_t i = 0;
    auto d = DecodeNext(s, i);
    CHECK(d.valid);
    CHECK(d.cp == cp);
    CHECK(i == s.size());
  }
  std::string s = "x";
  AppendUtf8(s, 0xE9);
  AppendUtf8(s, 0x20AC);
  AppendUtf8(s, 0x1F600);
  CHECK(s == "x\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  for (char32_t bad : {char32_t{0xD800}, char32_t{0xDFFF}, char32_t{0x110000}, char32_t{0xFFFFFFFF}}) {
    std::string out;
    AppendUtf8(out, bad);
    CHECK(out == "\xEF\xBF\xBD");
  }
}
