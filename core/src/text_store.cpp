#include "text_store.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <span>

#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/utf8.h"

namespace passerelle::core {
namespace {

constexpr uint8_t kZstdMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};
// Level 3: a save compresses one chunk (at most kChunkMaxBytes) every time; higher levels gain
// about 2 % on note text for twice the time (bench/RESULTS.md, session 7).
constexpr int kLevel = 3;
// Places handed out to a text written whole: room for 255 chunks, and for text inserted between
// any two of them.
constexpr uint32_t kSeqStep = 4096;
// A chunk left smaller than this by an edit is rewritten with a neighbour.
constexpr size_t kChunkMinBytes = kChunkMaxBytes / 4;
constexpr uint32_t kSeqMask = kChunkSeqLimit - 1;

int64_t Key(int64_t entity_ref, uint32_t seq) { return (entity_ref << kChunkSeqBits) | seq; }

bool Compressed(std::span<const uint8_t> b) {
  return b.size() >= 4 && std::equal(kZstdMagic, kZstdMagic + 4, b.begin());
}

// Appends the text one stored chunk holds to `out`. A chunk is either a zstd frame (recognised by
// its magic, which UTF-8 text cannot start with: B5 is a continuation byte after '(') or, when
// compressing did not make it smaller, the text itself. False if it is damaged.
bool InflateChunk(ZSTD_DCtx* dctx, std::span<const uint8_t> data, std::string* out) {
  if (!Compressed(data)) {
    if (data.size() > kChunkMaxBytes) return false;
    out->append(reinterpret_cast<const char*>(data.data()), data.size());
    return true;
  }
  const unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kChunkMaxBytes) return false;
  const size_t at = out->size();
  out->resize(at + static_cast<size_t>(size));
  const size_t got = ZSTD_decompressDCtx(dctx, out->data() + at, static_cast<size_t>(size), data.data(), data.size());
  if (ZSTD_isError(got) || got != size) {
    out->resize(at);
    return false;
  }
  return true;
}

Status DamagedText() { return Corrupt("A note's text is damaged (one of its chunks does not inflate)."); }

// passerelle_text(k, data): the chunks of one text in key order. SQLite hands an aggregate its rows
// in the order of the scan, which for a rowid range is key order; the pieces are sorted anyway, so
// the result never depends on a query plan.
struct Assembly {
  std::vector<std::pair<int64_t, std::string>> pieces;
  bool failed = false;
};

void TextStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto** slot = static_cast<Assembly**>(sqlite3_aggregate_context(ctx, sizeof(Assembly*)));
  if (slot == nullptr) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if (*slot == nullptr) *slot = new Assembly;
  Assembly& a = **slot;
  if (a.failed) return;
  const auto* p = static_cast<const uint8_t*>(sqlite3_value_blob(argv[1]));
  const std::span<const uint8_t> data(p, static_cast<size_t>(sqlite3_value_bytes(argv[1])));
  std::string piece;
  if (!InflateChunk(static_cast<ZSTD_DCtx*>(sqlite3_user_data(ctx)), data, &piece)) {
    a.failed = true;
    sqlite3_result_error(ctx, "A note's text is damaged (one of its chunks does not inflate).", -1);
    sqlite3_result_error_code(ctx, SQLITE_CORRUPT);
    return;
  }
  a.pieces.emplace_back(sqlite3_value_int64(argv[0]), std::move(piece));
}

void Wipe(std::string& s) {
  if (!s.empty()) platform::SecureWipe(s.data(), s.size());
}

void TextFinal(sqlite3_context* ctx) {
  auto** slot = static_cast<Assembly**>(sqlite3_aggregate_context(ctx, 0));
  if (slot == nullptr || *slot == nullptr) {  // no chunk: an empty text
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    return;
  }
  std::unique_ptr<Assembly> a(*slot);
  *slot = nullptr;
  if (a->failed) return;
  if (!std::is_sorted(a->pieces.begin(), a->pieces.end(),
                      [](const auto& x, const auto& y) { return x.first < y.first; }))
    std::sort(a->pieces.begin(), a->pieces.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::string text;
  if (a->pieces.size() == 1) {
    text = std::move(a->pieces.front().second);
  } else {
    size_t total = 0;
    for (const auto& [k, piece] : a->pieces) total += piece.size();
    text.reserve(total);
    for (auto& [k, piece] : a->pieces) {
      text += piece;
      Wipe(piece);
    }
  }
  // Decrypted text is wiped before it is freed, like every block SQLite itself frees (docs/vault.md).
  sqlite3_result_text64(ctx, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  Wipe(text);
}

void FreeDctx(void* p) { ZSTD_freeDCtx(static_cast<ZSTD_DCtx*>(p)); }

// Cut points of `text` into `pieces` nearly equal parts, each at a code point's start.
std::vector<size_t> Cuts(std::string_view text, size_t from, size_t to, size_t pieces) {
  std::vector<size_t> cuts{from};
  for (size_t j = 1; j < pieces; ++j) {
    size_t at = from + (to - from) * j / pieces;
    while (at < to && (static_cast<uint8_t>(text[at]) & 0xC0) == 0x80) ++at;
    cuts.push_back(std::max(at, cuts.back()));
  }
  cuts.push_back(to);
  return cuts;
}

size_t PiecesFor(size_t bytes) { return (bytes + kChunkMaxBytes - 1) / kChunkMaxBytes; }

}  // namespace

Status RegisterTextFunctions(sqlite3* db) {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  if (dctx == nullptr) return Internal("The decompressor could not start.");
  // SQLITE_DIRECTONLY: never callable from the schema (a view or trigger planted in a file).
  const int rc = sqlite3_create_function_v2(db, "passerelle_text", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, dctx, nullptr,
                                            TextStep, TextFinal, FreeDctx);
  if (rc != SQLITE_OK) return sql::FromSqlite(db, rc, "register passerelle_text");
  return Status::Ok();
}

std::string ReadColumnSql(const EntitySpec& entity, const FieldSpec& field) {
  const std::string column = std::string(entity.name) + "." + std::string(field.name);
  if (field.merge != FieldMerge::kText) return std::string(field.name);
  const std::string lo = "pt_e.ref * " + std::to_string(kChunkSeqLimit);
  return "(CASE WHEN " + column + " IS NULL THEN NULL ELSE (SELECT passerelle_text(pt_c.k, pt_c.data) FROM ref_entity pt_e "
         "JOIN text_chunk pt_c ON pt_c.k BETWEEN " + lo + " AND " + lo + " + " + std::to_string(kSeqMask) +
         " WHERE pt_e.id = " + std::string(entity.name) + ".id) END)";
}

TextStore::TextStore(sqlite3* db) : db_(db) {}

TextStore::~TextStore() {
  if (cctx_) ZSTD_freeCCtx(cctx_);
  if (dctx_) ZSTD_freeDCtx(dctx_);
}

sql::Stmt& TextStore::Prepared(std::unique_ptr<sql::Stmt>& slot, const std::string& text) {
  if (!slot) slot = std::make_unique<sql::Stmt>(db_, text);
  slot->Reset();
  return *slot;
}

Result<std::optional<StoredText>> TextStore::Load(std::string_view entity_id, std::string_view field,
                                                  crdt::ReplicaId local) {
  const EntitySpec* entity = SpecForId(entity_id);
  const FieldSpec* spec = entity ? entity->Find(field) : nullptr;
  if (spec == nullptr || spec->merge != FieldMerge::kText) return Internal("A text change names a field that holds no text.");
  // One text field per record (ReadColumnSql), so one statement.
  auto& q = Prepared(state_get_, "SELECT s.state, (SELECT " + std::string(spec->name) + " IS NOT NULL FROM " +
                                     std::string(entity->name) +
                                     " WHERE id = ?1), (SELECT ref FROM ref_entity WHERE id = ?1) "
                                     "FROM text_state s WHERE s.entity_id = ?1 AND s.field = ?2");
  q.Bind(1, entity_id).Bind(2, field);
  if (!q.Step()) {
    Status st = q.status();
    q.Reset();
    PASSERELLE_RETURN_IF_ERROR(st);
    return std::optional<StoredText>();
  }
  const auto blob = q.Blob(0);
  const std::vector<uint8_t> state(blob.begin(), blob.end());
  const bool exists = q.Int(1) != 0;
  const int64_t ref = q.IsNull(2) ? 0 : q.Int(2);
  q.Reset();
  std::string saved;
  std::vector<TextChunk> chunks;
  if (ref != 0) {
    if (!dctx_) dctx_ = ZSTD_createDCtx();
    auto& c = Prepared(chunks_get_, "SELECT k, data FROM text_chunk WHERE k BETWEEN ? AND ? ORDER BY k");
    c.Bind(1, Key(ref, 0)).Bind(2, Key(ref, kSeqMask));
    while (c.Step()) {
      const size_t before = saved.size();
      if (dctx_ == nullptr || !InflateChunk(dctx_, c.Blob(1), &saved)) {
        c.Reset();
        return DamagedText();
      }
      chunks.push_back({static_cast<uint32_t>(c.Int(0) & kSeqMask), static_cast<uint32_t>(saved.size() - before)});
    }
    Status st = c.status();
    c.Reset();
    PASSERELLE_RETURN_IF_ERROR(st);
  }
  if (!exists && !chunks.empty()) return DamagedText();
  PASSERELLE_ASSIGN_OR_RETURN(crdt::TextDoc doc, crdt::TextDoc::DecodeState(state, local, saved));
  StoredText text(std::move(doc));
  text.saved = std::move(saved);
  text.chunks = std::move(chunks);
  text.exists = exists;
  text.entity_ref = ref;
  return std::optional<StoredText>(std::move(text));
}

Status TextStore::PutChunk(int64_t entity_ref, uint32_t seq, std::string_view text) {
  if (!cctx_) cctx_ = ZSTD_createCCtx();
  if (!cctx_) return Internal("The compressor could not start.");
  packed_.resize(ZSTD_compressBound(text.size()));
  const size_t n = ZSTD_compressCCtx(cctx_, packed_.data(), packed_.size(), text.data(), text.size(), kLevel);
  std::span<const uint8_t> data(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  if (!ZSTD_isError(n) && n < text.size()) data = std::span<const uint8_t>(packed_.data(), n);
  return Prepared(chunk_put_, "INSERT INTO text_chunk(k, data) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET data = excluded.data")
      .Bind(1, Key(entity_ref, seq))
      .BindBlobRef(2, data)
      .Run();
}

Status TextStore::SaveAllChunks(int64_t entity_ref, std::string_view text, std::vector<TextChunk>* chunks) {
  PASSERELLE_RETURN_IF_ERROR(Prepared(chunk_del_all_, "DELETE FROM text_chunk WHERE k BETWEEN ? AND ?")
                                 .Bind(1, Key(entity_ref, 0))
                                 .Bind(2, Key(entity_ref, kSeqMask))
                                 .Run());
  chunks->clear();
  const size_t pieces = PiecesFor(text.size());
  const uint32_t step = static_cast<uint32_t>(std::min<size_t>(kSeqStep, kChunkSeqLimit / (pieces + 1)));
  const auto cuts = Cuts(text, 0, text.size(), pieces);
  for (size_t j = 0; j < pieces; ++j) {
    const uint32_t seq = step * static_cast<uint32_t>(j + 1);
    PASSERELLE_RETURN_IF_ERROR(PutChunk(entity_ref, seq, text.substr(cuts[j], cuts[j + 1] - cuts[j])));
    chunks->push_back({seq, static_cast<uint32_t>(cuts[j + 1] - cuts[j])});
  }
  return Status::Ok();
}

// Only the chunks holding the bytes the edit changed are rewritten: the common prefix and suffix
// of the stored and the new text are left where they are. Typing at the end of a long note
// rewrites its last chunk alone.
Status TextStore::Save(std::string_view entity_id, std::string_view field, StoredText& t) {
  const EntitySpec* entity = SpecForId(entity_id);
  const FieldSpec* spec = entity ? entity->Find(field) : nullptr;
  if (spec == nullptr || spec->merge != FieldMerge::kText) return Internal("A text change names a field that holds no text.");
  const auto state = t.doc.EncodeStateWithoutText();
  PASSERELLE_RETURN_IF_ERROR(Prepared(state_put_,
                                      "INSERT INTO text_state(entity_id, field, state) VALUES (?, ?, ?) "
                                      "ON CONFLICT DO UPDATE SET state = excluded.state")
                                 .Bind(1, entity_id)
                                 .Bind(2, field)
                                 .BindBlob(3, state)
                                 .Run());
  if (t.entity_ref == 0) {
    auto& q = Prepared(ref_get_, "SELECT ref FROM ref_entity WHERE id = ?");
    q.Bind(1, entity_id);
    if (q.Step()) t.entity_ref = q.Int(0);
    Status st = q.status();
    q.Reset();
    PASSERELLE_RETURN_IF_ERROR(st);
    if (t.entity_ref == 0) return Internal("A text was saved for a record the log does not name.");
  }
  if (!t.exists) {
    PASSERELLE_RETURN_IF_ERROR(Prepared(mark_put_, "UPDATE " + std::string(entity->name) + " SET " +
                                                       std::string(spec->name) + " = '' WHERE id = ?")
                                   .Bind(1, entity_id)
                                   .Run());
    t.exists = true;
  }
  std::string now = t.doc.Text();
  const std::string& old = t.saved;
  const size_t n = t.chunks.size();
  if (now == old) return Status::Ok();
  if (n == 0) {
    PASSERELLE_RETURN_IF_ERROR(SaveAllChunks(t.entity_ref, now, &t.chunks));
    t.saved = std::move(now);
    return Status::Ok();
  }
  const size_t common = std::min(old.size(), now.size());
  size_t prefix = 0;
  while (prefix < common && old[prefix] == now[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < common - prefix && old[old.size() - 1 - suffix] == now[now.size() - 1 - suffix]) ++suffix;
  std::vector<size_t> start(n + 1, 0);
  for (size_t i = 0; i < n; ++i) start[i + 1] = start[i] + t.chunks[i].bytes;
  // The chunks that hold the changed bytes [prefix, old.size() - suffix) of the stored text; an
  // insertion at the very end extends the last chunk.
  size_t i0 = 0;
  while (i0 + 1 < n && start[i0 + 1] <= prefix) ++i0;
  const size_t changed_end = old.size() - suffix;
  size_t i1 = i0;
  while (i1 + 1 < n && start[i1 + 1] < changed_end) ++i1;
  auto new_length = [&] { return start[i1 + 1] - start[i0] + now.size() - old.size(); };
  if (new_length() < kChunkMinBytes) {  // too small a chunk: rewritten with a neighbour
    if (i1 + 1 < n)
      ++i1;
    else if (i0 > 0)
      --i0;
  }
  const size_t from = start[i0], to = start[i1 + 1] + now.size() - old.size();
  const size_t pieces = PiecesFor(to - from);
  const uint32_t lo = i0 > 0 ? t.chunks[i0 - 1].seq : 0;
  const uint32_t hi = i1 + 1 < n ? t.chunks[i1 + 1].seq : kChunkSeqLimit;
  std::vector<uint32_t> seqs;
  const size_t had = i1 - i0 + 1;
  if (pieces <= had) {
    for (size_t j = 0; j < pieces; ++j) seqs.push_back(t.chunks[i0 + j].seq);
  } else if (hi - lo - 1 >= pieces) {
    // New places between the neighbours; at the end, the usual step (room for more typing).
    const uint32_t gap = hi - lo;
    const uint32_t step = hi == kChunkSeqLimit ? std::min<uint32_t>(kSeqStep, (gap - 1) / static_cast<uint32_t>(pieces))
                                               : gap / static_cast<uint32_t>(pieces + 1);
    for (size_t j = 0; j < pieces; ++j) seqs.push_back(lo + step * static_cast<uint32_t>(j + 1));
  } else {  // no room left between them: the text is written again whole (rare)
    PASSERELLE_RETURN_IF_ERROR(SaveAllChunks(t.entity_ref, now, &t.chunks));
    t.saved = std::move(now);
    return Status::Ok();
  }
  for (size_t i = i0; i <= i1; ++i) {
    if (std::find(seqs.begin(), seqs.end(), t.chunks[i].seq) != seqs.end()) continue;
    PASSERELLE_RETURN_IF_ERROR(Prepared(chunk_del_, "DELETE FROM text_chunk WHERE k = ?")
                                   .Bind(1, Key(t.entity_ref, t.chunks[i].seq))
                                   .Run());
  }
  const auto cuts = Cuts(now, from, to, pieces);
  std::vector<TextChunk> replaced;
  for (size_t j = 0; j < pieces; ++j) {
    const std::string_view piece = std::string_view(now).substr(cuts[j], cuts[j + 1] - cuts[j]);
    PASSERELLE_RETURN_IF_ERROR(PutChunk(t.entity_ref, seqs[j], piece));
    replaced.push_back({seqs[j], static_cast<uint32_t>(piece.size())});
  }
  t.chunks.erase(t.chunks.begin() + static_cast<ptrdiff_t>(i0), t.chunks.begin() + static_cast<ptrdiff_t>(i1 + 1));
  t.chunks.insert(t.chunks.begin() + static_cast<ptrdiff_t>(i0), replaced.begin(), replaced.end());
  t.saved = std::move(now);
  return Status::Ok();
}

Result<TextCache::Stamp> TextCache::Now(sqlite3* db) {
  sql::Stmt q(db, "PRAGMA data_version");
  if (!q.Step()) return q.status().ok() ? Internal("PRAGMA data_version returned nothing.") : q.status();
  return Stamp{q.Int(0), static_cast<int64_t>(sqlite3_total_changes64(db))};
}

std::optional<StoredText> TextCache::Take(std::string_view entity_id, std::string_view field, const Stamp& now) {
  if (!kept_) return std::nullopt;
  if (kept_->at != now) {  // something wrote since: it may be stale, and stays so
    kept_.reset();
    return std::nullopt;
  }
  if (kept_->entity_id != entity_id || kept_->field != field) return std::nullopt;
  std::optional<StoredText> out(std::move(kept_->text));
  kept_.reset();
  return out;
}

void TextCache::Keep(std::string entity_id, std::string field, StoredText text, const Stamp& at) {
  kept_.reset();
  kept_.emplace(Kept{std::move(entity_id), std::move(field), std::move(text), at});
}

namespace {
std::mutex& CachesMutex() {
  static std::mutex m;
  return m;
}
std::map<sqlite3*, std::unique_ptr<TextCache>>& Caches() {
  static std::map<sqlite3*, std::unique_ptr<TextCache>> caches;
  return caches;
}
}  // namespace

// A connection is used from one thread at a time (docs/vault.md): only the map needs the mutex.
TextCache& TextCacheFor(sqlite3* db) {
  std::lock_guard lock(CachesMutex());
  auto& slot = Caches()[db];
  if (!slot) slot = std::make_unique<TextCache>();
  return *slot;
}

void ForgetTextCache(sqlite3* db) {
  std::unique_ptr<TextCache> gone;  // destroyed outside the lock
  std::lock_guard lock(CachesMutex());
  auto it = Caches().find(db);
  if (it == Caches().end()) return;
  gone = std::move(it->second);
  Caches().erase(it);
}

Status VerifyTextChunks(sqlite3* db, std::vector<std::string>* problems) {
  for (const auto& entity : AllEntities()) {
    for (const auto& field : entity.fields) {
      if (field.merge != FieldMerge::kText) continue;
      const std::string table(entity.name), column(field.name);
      sql::Stmt outside(db, "SELECT id FROM " + table + " WHERE " + column + " <> ''");
      while (outside.Step()) problems->push_back("the text of " + outside.Text(0) + " is outside its chunks");
      PASSERELLE_RETURN_IF_ERROR(outside.status());
    }
  }
  // Every chunk belongs to a record whose column says it has text (one text field per record).
  std::string owners;
  for (const auto& entity : AllEntities())
    for (const auto& field : entity.fields)
      if (field.merge == FieldMerge::kText)
        owners += (owners.empty() ? "" : " OR ") + std::string("EXISTS (SELECT 1 FROM ") + std::string(entity.name) +
                  " r WHERE r.id = e.id AND r." + std::string(field.name) + " IS NOT NULL)";
  if (owners.empty()) owners = "0";
  sql::Stmt q(db, "SELECT c.k, c.data, e.id, coalesce(" + owners +
                      ", 0) FROM text_chunk c LEFT JOIN ref_entity e ON e.ref = c.k >> " + std::to_string(kChunkSeqBits));
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  if (dctx == nullptr) return Internal("The decompressor could not start.");
  std::string text;
  text.reserve(kChunkMaxBytes);  // never reallocated: no copy of a text is freed unwiped
  // Named only when a problem is found: 50,000 chunks at five years.
  auto what = [&q] { return q.IsNull(2) ? "chunk " + std::to_string(q.Int(0)) : "a chunk of the text of " + q.Text(2); };
  while (q.Step()) {
    text.clear();
    if (!InflateChunk(dctx, q.Blob(1), &text)) {
      problems->push_back(what() + " does not inflate");
      continue;
    }
    bool valid = !text.empty();
    for (size_t i = 0; valid && i < text.size();) {
      if (static_cast<uint8_t>(text[i]) < 0x80) {
        ++i;
        continue;
      }
      valid = platform::utf8::DecodeNext(text, i).valid;
    }
    if (!valid) problems->push_back(what() + " is not well-formed text");
    if (q.Int(3) == 0) problems->push_back(what() + " belongs to no record with text");
  }
  Wipe(text);
  ZSTD_freeDCtx(dctx);
  return q.status();
}

Status MoveTextsIntoChunks(sqlite3* db) {
  TextStore store(db);
  for (const auto& entity : AllEntities()) {
    for (const auto& field : entity.fields) {
      if (field.merge != FieldMerge::kText) continue;
      const std::string table(entity.name), column(field.name);
      const std::string where = " WHERE " + column + " IS NOT NULL AND " + column + " <> ''";
      PASSERELLE_RETURN_IF_ERROR(sql::Exec(db, "INSERT OR IGNORE INTO ref_entity(id) SELECT id FROM " + table + where));
      sql::Stmt q(db, "SELECT e.ref, t." + column + " FROM " + table + " t JOIN ref_entity e ON e.id = t.id" + where);
      std::vector<TextChunk> chunks;
      while (q.Step()) PASSERELLE_RETURN_IF_ERROR(store.SaveAllChunks(q.Int(0), q.Text(1), &chunks));
      PASSERELLE_RETURN_IF_ERROR(q.status());
      PASSERELLE_RETURN_IF_ERROR(sql::Exec(db, "UPDATE " + table + " SET " + column + " = ''" + where));
    }
  }
  return Status::Ok();
}

}  // namespace passerelle::core
