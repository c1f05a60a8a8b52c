#include "log_value.h"

#include <zstd.h>

#include "passerelle/core/model.h"
#include "passerelle/platform/bytes.h"
#include "text_store.h"

namespace passerelle::core {
namespace {

constexpr uint8_t kZstdMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};
// Level 3: a save compresses its own insertion (one note's text at most) on every save.
constexpr int kLevel = 3;
// A text op carries at most one note's text (kMaxLongTextBytes) plus its ids: refuse to inflate
// anything larger, so damaged bytes cannot ask for gigabytes.
constexpr uint64_t kMaxInflated = 4 * static_cast<uint64_t>(kMaxLongTextBytes) + 4096;
// Docs a LoggedValueReader keeps: the log holds a record's ops close together.
constexpr size_t kReaderDocs = 32;

bool Compressed(std::span<const uint8_t> b) {
  return b.size() >= 4 && b[0] == kZstdMagic[0] && b[1] == kZstdMagic[1] && b[2] == kZstdMagic[2] &&
         b[3] == kZstdMagic[3];
}

bool Stripped(OpKind kind, std::span<const uint8_t> b) { return kind == OpKind::kText && !b.empty() && b[0] == kTextInState; }

Status Damaged() { return Corrupt("A logged text change is damaged (its text is missing from the note)."); }

}  // namespace

std::span<const uint8_t> StoredLogValue(OpKind kind, std::string_view value, std::vector<uint8_t>* scratch) {
  const std::span<const uint8_t> plain(reinterpret_cast<const uint8_t*>(value.data()), value.size());
  if (kind != OpKind::kText) return plain;
  // The op's header only: its text is what this leaves out, so it is counted, not copied.
  std::string_view text;
  uint64_t count = 0;
  auto op = crdt::DecodeTextOpView(plain, &text, &count);
  if (op.ok() && op->kind == crdt::TextOp::Kind::kInsert && !text.empty()) {
    scratch->clear();
    scratch->push_back(kTextInState);
    platform::PutVarint(*scratch, count);
    const auto header = crdt::EncodeTextOp(*op);
    scratch->insert(scratch->end(), header.begin(), header.end());
    return *scratch;
  }
  if (value.size() < kLogCompressFrom) return plain;
  scratch->resize(ZSTD_compressBound(value.size()));
  const size_t n = ZSTD_compress(scratch->data(), scratch->size(), value.data(), value.size(), kLevel);
  if (ZSTD_isError(n) || n >= value.size()) return plain;  // incompressible: stored as it is
  scratch->resize(n);
  return *scratch;
}

bool NeedsTextState(OpKind kind, std::span<const uint8_t> stored) { return Stripped(kind, stored); }

Result<std::string> LoggedValue(OpKind kind, std::span<const uint8_t> stored, const LoggedTextSource& source) {
  if (Stripped(kind, stored)) {
    platform::ByteReader in(stored.subspan(1), platform::Varints::kCanonical);
    uint64_t count = 0;
    std::span<const uint8_t> header;
    if (!in.Varint(&count) || !in.Bytes(in.Remaining(), &header)) return Damaged();
    auto op = crdt::DecodeTextOp(header);
    if (!op.ok() || op->kind != crdt::TextOp::Kind::kInsert || !op->text.empty()) return Damaged();
    auto text = source(op->id, count);
    if (!text) return Damaged();
    op->text = std::move(*text);
    const auto bytes = crdt::EncodeTextOp(*op);
    return std::string(bytes.begin(), bytes.end());
  }
  if (kind != OpKind::kText || !Compressed(stored)) return std::string(stored.begin(), stored.end());
  const unsigned long long size = ZSTD_getFrameContentSize(stored.data(), stored.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxInflated)
    return Corrupt("A logged text change is damaged (it does not inflate).");
  std::string out(static_cast<size_t>(size), '\0');
  const size_t got = ZSTD_decompress(out.data(), out.size(), stored.data(), stored.size());
  if (ZSTD_isError(got) || got != out.size()) return Corrupt("A logged text change is damaged (it does not inflate).");
  return out;
}

Result<std::string> LoggedValueReader::Value(OpKind kind, std::span<const uint8_t> stored,
                                             const std::string& entity_id, const std::string& field) {
  const crdt::TextDoc* doc = nullptr;
  if (Stripped(kind, stored)) {
    auto key = std::make_pair(entity_id, field);
    auto it = docs_.find(key);
    if (it == docs_.end()) {
      PASSERELLE_ASSIGN_OR_RETURN(auto loaded, store_.Load(entity_id, field, 0));
      if (docs_.size() >= kReaderDocs) docs_.clear();
      std::optional<crdt::TextDoc> doc_only;
      if (loaded) doc_only.emplace(std::move(loaded->doc));
      it = docs_.emplace(std::move(key), std::move(doc_only)).first;
    }
    if (it->second) doc = &*it->second;
  }
  return LoggedValue(kind, stored, [doc](crdt::CharId first, uint64_t count) -> std::optional<std::string> {
    if (count == 0) return std::string();
    if (doc == nullptr) return std::nullopt;
    return doc->TextOf(first, count);
  });
}

}  // namespace passerelle::core
