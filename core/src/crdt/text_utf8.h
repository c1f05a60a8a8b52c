// UTF-8 <-> code points for the text CRDT, which counts positions and ids in code points.
// Private to the CRDT target.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace passerelle::crdt::internal {

// Appends the code points of `utf8` (platform::utf8::DecodeNext behind an ASCII fast path). Each
// maximal ill-formed subsequence (Unicode 15 §3.9, the WHATWG decoder's choice) becomes one
// U+FFFD. Returns false if any replacement was made.
bool DecodeUtf8(std::string_view utf8, std::u32string& out);

// What DecodeUtf8 would append, counted without storing it: the number of code points in
// `*count`; false exactly when DecodeUtf8 would return false. A decoded op's text is checked and
// counted on every merge, and building the code points there only to drop them cost an
// allocation of four bytes per character (issue 14).
bool CountUtf8(std::string_view utf8, uint64_t* count);

// Appends the UTF-8 form of `count` code points. The input must be valid scalar values.
void EncodeUtf8(const char32_t* cps, size_t count, std::string& out);

}  // namespace passerelle::crdt::internal
