// UTF-8 decoding (ASCII fast path over the shared platform decoder), and encoding. See text_utf8.h.
#include "text_utf8.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "passerelle/platform/utf8.h"

namespace passerelle::crdt::internal {
namespace {

// Whether the eight bytes at `p` are all ASCII: one unaligned load (memcpy), where assembling the
// word byte by byte cost about ten instructions per byte of every note merged (issue 14).
bool Ascii8(const unsigned char* p) {
  uint64_t w = 0;
  std::memcpy(&w, p, sizeof w);
  return (w & 0x8080808080808080ULL) == 0;
}

}  // namespace

bool DecodeUtf8(std::string_view utf8, std::u32string& out) {
  const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
  const size_t n = utf8.size();
  bool clean = true;
  // Sized for the worst case (one code point per byte), written through a pointer and cut to
  // what was written: push_back per code point (and the string's range insert, which builds a
  // temporary) cost several times the decoding itself.
  const size_t base = out.size();
  out.resize(base + n);
  char32_t* o = out.data() + base;
  size_t i = 0;
  while (i < n) {
    // ASCII runs dominate notes; take them eight bytes at a time.
    while (i + 8 <= n) {
      if (!Ascii8(s + i)) break;
      for (size_t k = 0; k < 8; ++k) o[k] = s[i + k];
      o += 8;
      i += 8;
    }
    if (i >= n) break;
    if (s[i] < 0x80) {
      *o++ = s[i];
      ++i;
      continue;
    }
    const platform::utf8::Decoded d = platform::utf8::DecodeNext(utf8, i);
    *o++ = d.cp;
    clean = clean && d.valid;
  }
  out.resize(static_cast<size_t>(o - out.data()));
  return clean;
}

bool CountUtf8(std::string_view utf8, uint64_t* count) {
  const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
  const size_t n = utf8.size();
  bool clean = true;
  uint64_t cps = 0;
  size_t i = 0;
  while (i < n) {
    while (i + 8 <= n) {  // the same ASCII fast path as DecodeUtf8
      if (!Ascii8(s + i)) break;
      cps += 8;
      i += 8;
    }
    if (i >= n) break;
    ++cps;
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    clean = platform::utf8::DecodeNext(utf8, i).valid && clean;
  }
  *count = cps;
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
