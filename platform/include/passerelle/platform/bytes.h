// The one byte reader/writer behind every binary format of the project: the text CRDT's op and
// state codecs, the sync wire format (ops, bundles) and the sealed key files (vault and team).
// LEB128 varints, zigzag deltas, length-prefixed strings and blocks, fixed little-endian
// integers.
//
// The reader never reads past its span and never throws. Every read reports failure, and the
// first failure sticks (ok() turns false and every later read fails too), so a decoder may either
// test each read (the bool forms, `if (!in.Varint(&n)) ...`) or read a whole section with the
// value forms and check ok() once at its end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace passerelle::platform {

inline void PutVarint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

// A fixed little-endian integer in place, over the whole of `at` (a length patched in after the
// bytes it counts; a field read at a known offset).
inline void StoreFixedLE(std::span<uint8_t> at, uint64_t v) {
  for (size_t i = 0; i < at.size(); ++i) at[i] = static_cast<uint8_t>(v >> (8 * i));
}
inline uint64_t LoadFixedLE(std::span<const uint8_t> at) {
  uint64_t v = 0;
  for (size_t i = 0; i < at.size(); ++i) v |= static_cast<uint64_t>(at[i]) << (8 * i);
  return v;
}

// A length-prefixed block (read back with ByteReader::Block).
inline void PutBlock(std::vector<uint8_t>& out, std::span<const uint8_t> block) {
  PutVarint(out, block.size());
  out.insert(out.end(), block.begin(), block.end());
}

// Byte by byte rather than resize-then-store: GCC 12 at -O3 misreads the latter's bounds.
inline void PutFixedLE(std::vector<uint8_t>& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// Deltas between counters are taken modulo 2^64 and read back the same way, so any pair of
// counters round-trips and no arithmetic can overflow; small deltas of either sign stay short.
inline uint64_t ZigZag(uint64_t wrapped_delta) { return (wrapped_delta << 1) ^ (0 - (wrapped_delta >> 63)); }
inline uint64_t UnZigZag(uint64_t z) { return (z >> 1) ^ (0 - (z & 1)); }

inline void PutDelta(std::vector<uint8_t>& out, uint64_t value, uint64_t base) { PutVarint(out, ZigZag(value - base)); }

class ByteWriter {
 public:
  ByteWriter() = default;
  // A format of known size reserves it: no reallocation while writing.
  explicit ByteWriter(size_t expected_bytes) { out_.reserve(expected_bytes); }
  void U8(uint8_t v) { out_.push_back(v); }
  void Varint(uint64_t v) { PutVarint(out_, v); }
  // Signed values: small magnitudes in either direction stay one or two bytes.
  void Zigzag(int64_t v) { Varint(ZigZag(static_cast<uint64_t>(v))); }
  void Str(std::string_view s) {
    Varint(s.size());
    Raw({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
  }
  void Raw(std::span<const uint8_t> bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }
  void FixedLE(uint64_t v, int bytes) { PutFixedLE(out_, v, bytes); }
  std::vector<uint8_t>& bytes() { return out_; }
  std::vector<uint8_t> Take() { return std::move(out_); }

 private:
  std::vector<uint8_t> out_;
};

// Which varint spellings a format accepts. kCanonical refuses redundant trailing zero groups, so
// every value has exactly one encoding and encoded states compare byte for byte (the text CRDT);
// kAnyLength accepts them (the sync wire format, whose readers always did).
enum class Varints { kAnyLength, kCanonical };

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> in, Varints varints = Varints::kAnyLength)
      : in_(in), varints_(varints) {}

  bool ok() const { return ok_; }
  bool AtEnd() const { return pos_ == in_.size(); }
  size_t Remaining() const { return in_.size() - pos_; }

  // --- Bool forms: false (and ok() false from then on) when the input cannot supply the value.
  bool Byte(uint8_t* out) {
    if (!Need(1)) return false;
    *out = in_[pos_++];
    return true;
  }
  // At most 64 bits: the tenth byte may only carry the top bit.
  bool Varint(uint64_t* out) {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t b = 0;
      if (!Byte(&b)) return false;
      if (shift == 63 && b > 1) return Fail();
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (varints_ == Varints::kCanonical && b == 0 && shift > 0) return Fail();
        *out = v;
        return true;
      }
    }
    return Fail();
  }
  bool Delta(uint64_t base, uint64_t* out) {
    uint64_t z = 0;
    if (!Varint(&z)) return false;
    *out = base + UnZigZag(z);
    return true;
  }
  bool Bytes(size_t n, std::span<const uint8_t>* out) {
    if (!Need(n)) return false;
    *out = in_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  // A length-prefixed block, read as its own reader so a column cannot overrun into the next.
  bool Block(ByteReader* out) {
    uint64_t n = 0;
    std::span<const uint8_t> b;
    if (!Varint(&n) || !Need(n) || !Bytes(static_cast<size_t>(n), &b)) return false;
    *out = ByteReader(b, varints_);
    return true;
  }

  // --- Value forms: 0 / empty on failure; check ok() at the end of the section.
  uint8_t U8() {
    uint8_t b = 0;
    Byte(&b);
    return b;
  }
  uint64_t Varint() {
    uint64_t v = 0;
    return Varint(&v) ? v : 0;
  }
  int64_t Zigzag() { return static_cast<int64_t>(UnZigZag(Varint())); }
  // A length-prefixed string no longer than `max_len` bytes.
  std::string Str(size_t max_len) {
    uint64_t n = Varint();
    std::span<const uint8_t> b;
    if (!ok_ || n > max_len || !Bytes(static_cast<size_t>(n), &b)) {
      Fail();
      return {};
    }
    return std::string(AsChars(b));
  }
  std::span<const uint8_t> Raw(size_t n) {
    std::span<const uint8_t> b;
    Bytes(n, &b);
    return b;
  }
  uint64_t FixedLE(int bytes) {
    std::span<const uint8_t> b;
    return Bytes(static_cast<size_t>(bytes), &b) ? LoadFixedLE(b) : 0;
  }

  // Marks the input bad (a decoder's own check failed); returns false for `return in.Fail();`.
  bool Fail() {
    ok_ = false;
    pos_ = in_.size();
    return false;
  }
  static std::string_view AsChars(std::span<const uint8_t> b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
  }

 private:
  bool Need(uint64_t n) {
    if (!ok_ || n > in_.size() - pos_) return Fail();
    return true;
  }
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
  Varints varints_;
  bool ok_ = true;
};

}  // namespace passerelle::platform
