#include "log_value.h"

#include <zstd.h>

#include "passerelle/core/model.h"

namespace passerelle::core {
namespace {

constexpr uint8_t kZstdMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};
// Level 3: a save compresses its own insertion (one note's text at most) on every save.
constexpr int kLevel = 3;
// A text op carries at most one note's text (kMaxLongTextBytes) plus its ids: refuse to inflate
// anything larger, so damaged bytes cannot ask for gigabytes.
constexpr uint64_t kMaxInflated = 4 * static_cast<uint64_t>(kMaxLongTextBytes) + 4096;

bool Compressed(std::span<const uint8_t> b) {
  return b.size() >= 4 && b[0] == kZstdMagic[0] && b[1] == kZstdMagic[1] && b[2] == kZstdMagic[2] &&
         b[3] == kZstdMagic[3];
}

}  // namespace

std::span<const uint8_t> StoredLogValue(OpKind kind, std::string_view value, std::vector<uint8_t>* scratch) {
  const std::span<const uint8_t> plain(reinterpret_cast<const uint8_t*>(value.data()), value.size());
  if (kind != OpKind::kText || value.size() < kLogCompressFrom) return plain;
  scratch->resize(ZSTD_compressBound(value.size()));
  const size_t n = ZSTD_compress(scratch->data(), scratch->size(), value.data(), value.size(), kLevel);
  if (ZSTD_isError(n) || n >= value.size()) return plain;  // incompressible: stored as it is
  scratch->resize(n);
  return *scratch;
}

Result<std::string> LoggedValue(OpKind kind, std::span<const uint8_t> stored) {
  if (kind != OpKind::kText || !Compressed(stored)) return std::string(stored.begin(), stored.end());
  const unsigned long long size = ZSTD_getFrameContentSize(stored.data(), stored.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxInflated)
    return Corrupt("A logged text change is damaged (it does not inflate).");
  std::string out(static_cast<size_t>(size), '\0');
  const size_t got = ZSTD_decompress(out.data(), out.size(), stored.data(), stored.size());
  if (ZSTD_isError(got) || got != out.size()) return Corrupt("A logged text change is damaged (it does not inflate).");
  return out;
}

}  // namespace passerelle::core
