// UTF-8 <-> code points for the text CRDT, which counts positions and ids in code points.
// Private to the CRDT target.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace passerelle::crdt::internal {

// Appends the code points of `utf8` (platform::utf8::DecodeNext behind an ASCII fast path). Each
// maximal ill-formed subsequence (Unicode 15 §3.9, the WHATWG decoder's choice) becomes one
// U+FFFD. Returns false if any replacement was made.
bool DecodeUtf8(std::string_view utf8, std::u32string& out);

// Appends the UTF-8 form of `count` code points. The input must be valid scalar values.
void EncodeUtf8(const char32_t* cps, size_t count, std::string& out);

}  // namespace passerelle::crdt::internal
