// Bundle container (bundle.h): seal = encode, maybe compress, secretstream-encrypt in chunks;
// open = the same checks in reverse, with a distinct message per way a file can be wrong.
#include "passerelle/sync/bundle.h"

#include <sodium.h>
#include <zstd.h>

#include <algorithm>
#include <memory>
#include <cstring>
#include <string_view>

#include "passerelle/platform/bytes.h"

namespace passerelle::sync {
namespace {

constexpr std::string_view kMagic = "PSRLSYNC";
constexpr uint16_t kFlagZstd = 1;
constexpr size_t kAbytes = crypto_secretstream_xchacha20poly1305_ABYTES;
constexpr size_t kStreamHeaderOffset = 64;
constexpr size_t kAdBytes = kStreamHeaderOffset;  // everything before the stream header
constexpr int kZstdLevel = 3;

static_assert(crypto_secretstream_xchacha20poly1305_HEADERBYTES == 24);
static_assert(kStreamHeaderOffset + 24 == kBundleHeaderBytes);
static_assert(crypto_secretstream_xchacha20poly1305_KEYBYTES == kTeamKeyBytes);

Status Truncated() {
  return Corrupt("The sync bundle is incomplete (the file was cut short); export it again and copy it whole.");
}
Status Damaged() {
  return Corrupt("The sync bundle is damaged or has been altered; it was not imported.");
}
Status WrongKey() {
  return Corrupt("The sync bundle was sealed with another team's key; join the sender's team first.");
}
Status NotABundle() { return Corrupt("This file is not a Passerelle sync bundle."); }

}  // namespace

TeamKeyId KeyIdOf(const platform::SecureBuffer& team_key) {
  static constexpr std::string_view kContext = "passerelle team key id v1";
  TeamKeyId id{};
  crypto_generichash(id.data(), id.size(), reinterpret_cast<const uint8_t*>(kContext.data()), kContext.size(),
                     team_key.data(), team_key.size());
  return id;
}

Result<std::vector<uint8_t>> SealBundle(const Payload& payload, const platform::SecureBuffer& team_key) {
  std::vector<uint8_t> body = EncodePayload(payload);
  uint16_t flags = 0;
  {
    std::vector<uint8_t> packed(ZSTD_compressBound(body.size()));
    size_t n = ZSTD_compress(packed.data(), packed.size(), body.data(), body.size(), kZstdLevel);
    if (!ZSTD_isError(n) && n < body.size()) {
      packed.resize(n);
      sodium_memzero(body.data(), body.size());
      body.swap(packed);
      flags |= kFlagZstd;
    }
  }
  BundleHeader h;
  h.sender = payload.sender.replica;
  h.recipient = payload.recipient;
  h.id = payload.id;
  return detail::SealBody(std::move(body), flags, h, team_key);
}

Result<std::vector<uint8_t>> detail::SealBody(std::vector<uint8_t> body, uint16_t flags, const BundleHeader& header,
                                              const platform::SecureBuffer& team_key) {
  if (team_key.size() != kTeamKeyBytes) return InvalidInput("A team key is 32 bytes.");
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  platform::ByteWriter w;
  w.Raw({reinterpret_cast<const uint8_t*>(kMagic.data()), kMagic.size()});
  w.FixedLE(kBundleFormatVersion, 2);
  w.FixedLE(flags, 2);
  w.FixedLE(0, 4);
  w.Raw(KeyIdOf(team_key));
  w.FixedLE(header.sender, 8);
  w.FixedLE(header.recipient, 8);
  w.Raw(header.id);
  crypto_secretstream_xchacha20poly1305_state st;
  uint8_t stream_header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  crypto_secretstream_xchacha20poly1305_init_push(&st, stream_header, team_key.data());
  w.Raw(stream_header);
  std::vector<uint8_t>& out = w.bytes();
  const std::vector<uint8_t> ad(out.begin(), out.begin() + static_cast<long>(kAdBytes));

  size_t pos = 0;
  bool first = true;
  do {
    size_t n = std::min(kBundleChunkBytes, body.size() - pos);
    bool last = pos + n == body.size();
    size_t at = out.size();
    out.resize(at + 4 + n + kAbytes);
    unsigned long long clen = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &st, out.data() + at + 4, &clen, body.data() + pos, n, first ? ad.data() : nullptr, first ? ad.size() : 0,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    platform::StoreFixedLE(std::span(out).subspan(at, 4), clen);
    pos += n;
    first = false;
  } while (pos < body.size());
  sodium_memzero(&st, sizeof st);
  sodium_memzero(body.data(), body.size());
  return w.Take();
}

Result<BundleHeader> ReadBundleHeader(std::span<const uint8_t> file) {
  if (file.empty()) return Truncated();
  const size_t magic_seen = std::min(file.size(), kMagic.size());
  if (std::memcmp(file.data(), kMagic.data(), magic_seen) != 0) return NotABundle();
  if (file.size() < kBundleHeaderBytes) return Truncated();
  platform::ByteReader r(file.first(kBundleHeaderBytes));
  r.Raw(kMagic.size());
  BundleHeader h;
  h.version = static_cast<uint16_t>(r.FixedLE(2));
  h.flags = static_cast<uint16_t>(r.FixedLE(2));
  uint64_t reserved = r.FixedLE(4);
  auto key_id = r.Raw(h.key_id.size());
  std::copy(key_id.begin(), key_id.end(), h.key_id.begin());
  h.sender = r.FixedLE(8);
  h.recipient = r.FixedLE(8);
  auto id = r.Raw(h.id.size());
  std::copy(id.begin(), id.end(), h.id.begin());
  if (h.version > kBundleFormatVersion)
    return Status::Error(Code::kUnsupported, "The sync bundle was made by a newer version of Passerelle; update the app.");
  if (h.version == 0 || reserved != 0 || (h.flags & ~kFlagZstd) != 0) return Damaged();
  return h;
}

namespace {

// Verifies and decrypts every chunk, then decompresses: the payload's plain bytes. `*header` is
// the clear header, which the caller compares with the payload.
Result<std::vector<uint8_t>> OpenPlain(std::span<const uint8_t> file, const platform::SecureBuffer& team_key,
                                       const OpenLimits& limits, BundleHeader* header) {
  PASSERELLE_ASSIGN_OR_RETURN(BundleHeader h, ReadBundleHeader(file));
  *header = h;
  if (team_key.size() != kTeamKeyBytes) return InvalidInput("A team key is 32 bytes.");
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  if (sodium_memcmp(h.key_id.data(), KeyIdOf(team_key).data(), h.key_id.size()) != 0) return WrongKey();

  crypto_secretstream_xchacha20poly1305_state st;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&st, file.data() + kStreamHeaderOffset, team_key.data()) != 0)
    return Damaged();
  std::vector<uint8_t> body;
  size_t pos = kBundleHeaderBytes;
  bool first = true, final_seen = false;
  Status failure = Status::Ok();
  while (!final_seen) {
    if (pos == file.size() || file.size() - pos < 4) {
      failure = Truncated();
      break;
    }
    const auto clen = static_cast<uint32_t>(platform::LoadFixedLE(file.subspan(pos, 4)));
    pos += 4;
    if (clen < kAbytes || clen > kBundleChunkBytes + kAbytes) {
      failure = Damaged();
      break;
    }
    if (file.size() - pos < clen) {
      failure = Truncated();
      break;
    }
    size_t at = body.size();
    if (at + clen - kAbytes > limits.max_payload_bytes) {
      failure = Damaged();
      break;
    }
    body.resize(at + clen - kAbytes);
    unsigned long long mlen = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&st, body.data() + at, &mlen, &tag, file.data() + pos, clen,
                                                   first ? file.data() : nullptr, first ? kAdBytes : 0) != 0) {
      failure = Damaged();
      break;
    }
    pos += clen;
    first = false;
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) final_seen = true;
    else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) failure = Damaged();
    if (!failure.ok()) break;
  }
  sodium_memzero(&st, sizeof st);
  if (failure.ok() && pos != file.size()) failure = Damaged();  // bytes after the final chunk
  if (!failure.ok()) {
    sodium_memzero(body.data(), body.size());
    return failure;
  }

  if (h.flags & kFlagZstd) {
    unsigned long long size = ZSTD_getFrameContentSize(body.data(), body.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > limits.max_payload_bytes)
      return Damaged();
    std::vector<uint8_t> plain(static_cast<size_t>(size));
    size_t n = ZSTD_decompress(plain.data(), plain.size(), body.data(), body.size());
    sodium_memzero(body.data(), body.size());
    if (ZSTD_isError(n) || n != plain.size()) return Damaged();
    body.swap(plain);
  }
  return body;
}

// The clear header must say what the authenticated payload says.
bool HeaderMatches(const Payload& p, const BundleHeader& h) {
  return p.sender.replica == h.sender && p.recipient == h.recipient && p.id == h.id;
}

}  // namespace

Result<Payload> OpenBundle(std::span<const uint8_t> file, const platform::SecureBuffer& team_key,
                           const OpenLimits& limits) {
  BundleHeader h;
  PASSERELLE_ASSIGN_OR_RETURN(std::vector<uint8_t> body, OpenPlain(file, team_key, limits, &h));
  auto payload = DecodePayload(body);
  sodium_memzero(body.data(), body.size());
  if (!payload.ok()) return payload.status().code() == Code::kUnsupported ? payload.status() : Damaged();
  if (!HeaderMatches(*payload, h)) return Damaged();
  return payload;
}

OpenedBundle::~OpenedBundle() {
  if (!plain_.empty()) sodium_memzero(plain_.data(), plain_.size());
}

Status OpenedBundle::NextOps(size_t max, std::vector<core::Op>* out) {
  Status st = reader_->Next(max, out);
  if (!st.ok()) return st.code() == Code::kUnsupported ? st : Damaged();
  return st;
}

Result<std::unique_ptr<OpenedBundle>> OpenBundleStream(std::span<const uint8_t> file,
                                                       const platform::SecureBuffer& team_key,
                                                       const OpenLimits& limits) {
  BundleHeader h;
  auto opened = std::unique_ptr<OpenedBundle>(new OpenedBundle());
  PASSERELLE_ASSIGN_OR_RETURN(opened->plain_, OpenPlain(file, team_key, limits, &h));
  size_t ops_at = 0;
  auto head = DecodePayloadHead(opened->plain_, &ops_at);
  if (!head.ok()) return head.status().code() == Code::kUnsupported ? head.status() : Damaged();
  if (!HeaderMatches(*head, h)) return Damaged();
  auto reader = OpsReader::Open(std::span<const uint8_t>(opened->plain_).subspan(ops_at));
  if (!reader.ok()) return reader.status().code() == Code::kUnsupported ? reader.status() : Damaged();
  opened->payload_ = std::move(head).value();
  opened->reader_.emplace(std::move(reader).value());
  return opened;
}

}  // namespace passerelle::sync
