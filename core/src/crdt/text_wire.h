// Byte-level building blocks shared by the text op and state codecs: LEB128 varints, zigzag
// deltas, and a bounds-checked reader that fails instead of reading past the end. Private to
// the CRDT target.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace passerelle::crdt::internal {

inline void PutVarint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

// Deltas between counters are taken modulo 2^64 and read back the same way, so any pair of
// counters round-trips and no arithmetic can overflow; small deltas of either sign stay short.
inline uint64_t ZigZag(uint64_t wrapped_delta) {
  return (wrapped_delta << 1) ^ (0 - (wrapped_delta >> 63));
}
inline uint64_t UnZigZag(uint64_t z) { return (z >> 1) ^ (0 - (z & 1)); }

inline void PutDelta(std::vector<uint8_t>& out, uint64_t value, uint64_t base) {
  PutVarint(out, ZigZag(value - base));
}

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  bool AtEnd() const { return pos_ == bytes_.size(); }
  size_t Remaining() const { return bytes_.size() - pos_; }

  bool Byte(uint8_t* out) {
    if (pos_ >= bytes_.size()) return false;
    *out = bytes_[pos_++];
    return true;
  }

  // Canonical LEB128 only (no redundant trailing zero groups, at most 64 bits), so every value
  // has exactly one encoding and encoded states compare byte for byte.
  bool Varint(uint64_t* out) {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t b = 0;
      if (!Byte(&b)) return false;
      if (shift == 63 && b > 1) return false;
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) return false;
        *out = v;
        return true;
      }
    }
    return false;
  }

  bool Delta(uint64_t base, uint64_t* out) {
    uint64_t z = 0;
    if (!Varint(&z)) return false;
    *out = base + UnZigZag(z);
    return true;
  }

  bool Bytes(size_t n, std::span<const uint8_t>* out) {
    if (n > Remaining()) return false;
    *out = bytes_.subspan(pos_, n);
    pos_ += n;
    return true;
  }

  // A length-prefixed block, read as its own reader so a column cannot overrun into the next.
  bool Block(ByteReader* out) {
    uint64_t n = 0;
    std::span<const uint8_t> b;
    if (!Varint(&n) || n > Remaining() || !Bytes(static_cast<size_t>(n), &b)) return false;
    *out = ByteReader(b);
    return true;
  }

  std::string_view AsChars(std::span<const uint8_t> b) const {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
  }

 private:
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
};

}  // namespace passerelle::crdt::internal
