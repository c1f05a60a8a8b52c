#include "journal_check.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "passerelle/platform/file.h"

namespace passerelle::core::journal {
namespace {

// Layout of SQLite's WAL index header (https://sqlite.org/walformat.html), native byte order:
// two identical 48-byte copies, then the checkpoint info whose first word is nBackfill.
constexpr size_t kIndexHeaderBytes = 48;
constexpr size_t kIsInitOffset = 12;
constexpr size_t kPageSizeOffset = 14;
constexpr size_t kMaxFrameOffset = 16;
constexpr size_t kSaltOffset = 32;
constexpr size_t kBackfillOffset = 2 * kIndexHeaderBytes;
// The unix VFS's "dead man switch": every connection holds a read lock on this byte of PATH-shm.
constexpr off_t kDmsLockByte = 128;

constexpr size_t kWalHeaderBytes = 32;
constexpr size_t kFrameHeaderBytes = 24;

uint32_t Native32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
uint32_t Big32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
uint32_t Little32(const uint8_t* p) {
  return (uint32_t{p[3]} << 24) | (uint32_t{p[2]} << 16) | (uint32_t{p[1]} << 8) | uint32_t{p[0]};
}

// SQLite's WAL checksum: Fibonacci-weighted sums of 32-bit words, in the byte order the journal's
// magic number names.
void Checksum(bool big_endian, const uint8_t* data, size_t n, uint32_t& s1, uint32_t& s2) {
  for (size_t i = 0; i + 8 <= n; i += 8) {
    uint32_t x0 = big_endian ? Big32(data + i) : Little32(data + i);
    uint32_t x1 = big_endian ? Big32(data + i + 4) : Little32(data + i + 4);
    s1 += x0 + s2;
    s2 += x1 + s1;
  }
}

// True when another process holds the vault open: its connection keeps a lock on the DMS byte.
bool OpenElsewhere(int shm_fd) {
  struct flock lk {};
  lk.l_type = F_WRLCK;
  lk.l_whence = SEEK_SET;
  lk.l_start = kDmsLockByte;
  lk.l_len = 1;
  if (::fcntl(shm_fd, F_GETLK, &lk) != 0) return true;  // cannot tell: assume live, report nothing
  return lk.l_type != F_UNLCK;
}

// How many of the first `wanted` frames of the journal are intact and belong to this index
// (salts match), counting only up to the last whole transaction, as SQLite's recovery does.
uint32_t ReadableFrames(const std::vector<uint8_t>& wal, const uint8_t* index_salt, uint32_t page_size,
                        uint32_t wanted) {
  if (wal.size() < kWalHeaderBytes) return 0;
  uint32_t magic = Big32(wal.data());
  if ((magic & 0xFFFFFFFEu) != 0x377f0682u) return 0;
  bool big = (magic & 1u) != 0;
  if (Big32(wal.data() + 8) != (page_size == 65536 ? 65536u : page_size)) return 0;
  if (std::memcmp(wal.data() + 16, index_salt, 8) != 0) return 0;
  uint32_t s1 = 0, s2 = 0;
  Checksum(big, wal.data(), 24, s1, s2);
  if (s1 != Big32(wal.data() + 24) || s2 != Big32(wal.data() + 28)) return 0;
  uint32_t last_commit = 0;
  size_t frame_bytes = kFrameHeaderBytes + page_size;
  for (uint32_t i = 0; i < wanted; ++i) {
    size_t at = kWalHeaderBytes + static_cast<size_t>(i) * frame_bytes;
    if (at + frame_bytes > wal.size()) break;
    const uint8_t* f = wal.data() + at;
    if (std::memcmp(f + 8, wal.data() + 16, 8) != 0) break;
    Checksum(big, f, 8, s1, s2);
    Checksum(big, f + kFrameHeaderBytes, page_size, s1, s2);
    if (s1 != Big32(f + 16) || s2 != Big32(f + 20)) break;
    if (Big32(f + 4) != 0) last_commit = i + 1;  // a commit frame records the database size
  }
  return last_commit;
}

}  // namespace

std::string Loss::describe() const {
  uint32_t lost = committed_frames - readable_frames;
  return std::to_string(lost) + " of the " + std::to_string(committed_frames) +
         " most recently saved pages are missing from its journal file";
}

std::optional<Loss> FindLoss(const std::string& db_path) {
  std::string shm_path = db_path + "-shm";
  int fd = ::open(shm_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  uint8_t hdr[kBackfillOffset + 4];
  bool live = OpenElsewhere(fd);
  ssize_t n = ::pread(fd, hdr, sizeof hdr, 0);
  ::close(fd);
  if (live || n != static_cast<ssize_t>(sizeof hdr)) return std::nullopt;
  // A half-updated or never-initialised index proves nothing.
  if (std::memcmp(hdr, hdr + kIndexHeaderBytes, kIndexHeaderBytes) != 0 || hdr[kIsInitOffset] == 0)
    return std::nullopt;
  uint16_t raw_page;
  std::memcpy(&raw_page, hdr + kPageSizeOffset, 2);
  uint32_t page_size = raw_page == 1 ? 65536u : raw_page;
  uint32_t max_frame = Native32(hdr + kMaxFrameOffset);
  uint32_t backfilled = Native32(hdr + kBackfillOffset);
  if (page_size < 512 || max_frame == 0 || backfilled >= max_frame) return std::nullopt;

  std::vector<uint8_t> wal;
  if (auto bytes = platform::ReadFile(db_path + "-wal"); bytes.ok()) wal = std::move(bytes.value());
  uint32_t readable = ReadableFrames(wal, hdr + kSaltOffset, page_size, max_frame);
  if (readable >= max_frame) return std::nullopt;
  return Loss{max_frame - backfilled, readable > backfilled ? readable - backfilled : 0};
}

}  // namespace passerelle::core::journal
