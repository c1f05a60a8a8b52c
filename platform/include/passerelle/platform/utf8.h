// UTF-8 decoding and encoding shared by every module that walks text one code point at a time
// (the text CRDT, the directory's folding and word splitting, the field app's search folding and
// scripted typing). Pure functions, no allocation except in AppendUtf8; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace passerelle::platform::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

struct Decoded {
  char32_t cp;  // the code point; kReplacement when !valid
  bool valid;   // false for an ill-formed sequence (a literal U+FFFD in the text is valid)
};

// Decodes the code point that starts at text[i] and advances i past it. Requires i < text.size().
//
// Well-formed means Unicode 15 §3.9 Table 3-7: no overlong forms, no surrogates (U+D800..U+DFFF),
// nothing above U+10FFFF, lead bytes C2..F4 only. On an ill-formed sequence it returns
// {kReplacement, false} and advances i past its *maximal subpart*: the longest prefix of a
// well-formed sequence found there, or one byte when there is none (a stray continuation byte,
// C0, C1, F5..FF, or a lead byte followed by a byte that cannot continue it). A sequence cut off
// by the end of the text is a maximal subpart too: it is consumed whole and yields one
// replacement. This is the W3C/WHATWG "U+FFFD substitution of maximal subparts" practice, so the
// same bytes always decode to the same code points, whoever decodes them.
Decoded DecodeNext(std::string_view text, size_t& i);

// Appends the UTF-8 encoding of `cp`. A value that is not a Unicode scalar value (a surrogate or
// above U+10FFFF) is written as U+FFFD, so the output is always well-formed.
void AppendUtf8(std::string& out, char32_t cp);

}  // namespace passerelle::platform::utf8
