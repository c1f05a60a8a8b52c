// UTF-8 decoding with maximal-subpart replacement, and encoding. See text_utf8.h.
#include "text_utf8.h"

#include <cstdint>

namespace passerelle::crdt::internal {

namespace {
constexpr char32_t kReplacement = 0xFFFD;
}

bool DecodeUtf8(std::string_view utf8, std::u32string& out) {
  const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
  const size_t n = utf8.size();
  bool clean = true;
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
    const unsigned char b0 = s[i];
    if (b0 < 0x80) {
      out.push_back(b0);
      ++i;
      continue;
    }
    // Table 3-7 of the Unicode standard: the lead byte fixes the length and the allowed range
    // of the second byte (which is what excludes overlongs and surrogates).
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    char32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2, cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3, cp = b0 & 0x0F;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4, cp = b0 & 0x07;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    } else {
      out.push_back(kReplacement);
      clean = false;
      ++i;
      continue;
    }
    size_t k = 1;
    for (; k < len; ++k) {
      if (i + k >= n) break;
      const unsigned char b = s[i + k];
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) break;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (k == len) {
      out.push_back(cp);
    } else {
      out.push_back(kReplacement);
      clean = false;
    }
    i += k;
  }
  return clean;
}

void EncodeUtf8(const char32_t* cps, size_t count, std::string& out) {
  // Sized for the worst case up front and trimmed after: one bounds-free pass per run.
  const size_t start = out.size();
  out.resize(start + 4 * count);
  char* p = out.data() + start;
  for (size_t i = 0; i < count; ++i) {
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
  out.resize(static_cast<size_t>(p - out.data()));
}

}  // namespace passerelle::crdt::internal
