// UTF-8 decoding (ASCII fast path over the shared platform decoder), and encoding. See text_utf8.h.
#include "text_utf8.h"

#include <algorithm>
#include <cstdint>

#include "passerelle/platform/utf8.h"

namespace passerelle::crdt::internal {

bool DecodeUtf8(std::string_view utf8, std::u32string& out) {
  const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
  const size_t n = utf8.size();
  bool clean = true;
  out.reserve(out.size() + n);  // at most one code point per byte
  size_t i = 0;
  while (i < n) {
    // ASCII runs dominate notes; take them eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t w = 0;
      for (size_t k = 0; k < 8; ++k) w |= static_cast<uint64_t>(s[i + k]) << (8 * k);
      if (w & 0x8080808080808080ULL) break;
      for (size_t k = 0; k < 8; ++k) out.push_back(s[i + k]);
      i += 8;
    }
    if (i >= n) break;
    if (s[i] < 0x80) {
      out.push_back(s[i]);
      ++i;
      continue;
    }
    const platform::utf8::Decoded d = platform::utf8::DecodeNext(utf8, i);
    out.push_back(d.cp);
    clean = clean && d.valid;
  }
  return clean;
}

void EncodeUtf8(const char32_t* cps, size_t count, std::string& out) {
  // Encoded into a small buffer and appended: resizing `out` for the worst case first zero-filled
  // four bytes per code point, on every save of a long note (issue 14).
  char buf[1024];
  for (size_t at = 0; at < count;) {
    const size_t chunk = std::min<size_t>(count - at, sizeof buf / 4);
    char* p = buf;
    for (size_t i = at; i < at + chunk; ++i) {
      const char32_t c = cps[i];
      if (c < 0x80) {
        *p++ = static_cast<char>(c);
      } else if (c < 0x800) {
        *p++ = static_cast<char>(0xC0 | (c >> 6));
        *p++ = static_cast<char>(0x80 | (c & 0x3F));
      } else if (c < 0x10000) {
        *p++ = static_cast<char>(0xE0 | (c >> 12));
        *p++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        *p++ = static_cast<char>(0x80 | (c & 0x3F));
      } else {
        *p++ = static_cast<char>(0xF0 | (c >> 18));
        *p++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        *p++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        *p++ = static_cast<char>(0x80 | (c & 0x3F));
      }
    }
    out.append(buf, static_cast<size_t>(p - buf));
    at += chunk;
  }
}

}  // namespace passerelle::crdt::internal
