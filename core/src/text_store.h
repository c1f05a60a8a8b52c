// Where a record's long text lives (issue 14; docs/vault.md "Text stored once", "The body in
// compressed chunks"). A note's visible text is stored once, zstd-compressed, in chunks of at most
// kChunkMaxBytes of text (`text_chunk`, schema v16), so a save rewrites only the chunks its edit
// touched; the record's column (`note.body`) only says whether the text exists (NULL: no text op
// ever reached the note; '': its text is in its chunks). `text_state` holds the text CRDT's state
// without that text (TextDoc::EncodeStateWithoutText), and the op log's text insertions carry no
// characters either (log_value.h): they are read back from the state.
//
// Every reader of the text goes through this file: queries over a record's table select
// ReadColumnSql() (which assembles the chunks with the SQL function passerelle_text, registered on
// every vault connection), and the merge, the outbox and the history load documents with
// TextStore::Load. Written by the Merger only (Vault::Apply), through TextStore::Save, in the
// same transaction as the state.
#pragma once

#include <sqlite3.h>
#include <zstd.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "passerelle/core/crdt/text.h"
#include "passerelle/core/model.h"
#include "passerelle/platform/status.h"
#include "sql.h"

namespace passerelle::core {

// A chunk's key: the record's ref (ref_entity) in the high bits, its place in the text in the low
// kChunkSeqBits. A record has one text field at most (model.cpp; tested), so the field is not in
// the key. Places are spread out so that text inserted in the middle gets chunks of its own
// between its neighbours' without renumbering them.
inline constexpr int kChunkSeqBits = 20;
inline constexpr uint32_t kChunkSeqLimit = uint32_t{1} << kChunkSeqBits;
// At most this much text per chunk: a save compresses and writes one chunk of this size (the
// typing cost stays flat), and a chunk compresses to well under a page (no overflow page).
inline constexpr size_t kChunkMaxBytes = 4096;

// Registers passerelle_text(k, data), the aggregate that assembles a text from its chunks (in
// key order, whatever order they come in), on a vault connection. Damaged chunks fail the
// statement with SQLITE_CORRUPT (the vault then refuses writes, like any damage).
Status RegisterTextFunctions(sqlite3* db);

// The SQL expression that reads `field` in a query over `entity`'s table (written as its own
// name, unaliased): the column itself, or for a text field the text its chunks hold (NULL when the
// column is NULL).
std::string ReadColumnSql(const EntitySpec& entity, const FieldSpec& field);

// One chunk as stored: its place, and how many bytes of the text it holds.
struct TextChunk {
  uint32_t seq = 0;
  uint32_t bytes = 0;
};

// A record's text as a merge holds it: the document, the text as its chunks hold it, and the
// chunks, so a save knows which ones its edit touched.
struct StoredText {
  explicit StoredText(crdt::TextDoc d) : doc(std::move(d)) {}
  crdt::TextDoc doc;
  std::string saved;              // the visible text as stored
  std::vector<TextChunk> chunks;  // in order; their bytes add up to saved.size()
  bool exists = false;            // the record's column is not NULL
  int64_t entity_ref = 0;         // 0 until known
};

class TextStore {
 public:
  explicit TextStore(sqlite3* db);
  ~TextStore();
  TextStore(const TextStore&) = delete;
  TextStore& operator=(const TextStore&) = delete;

  // The saved document of `entity_id`'s text `field`, for a replica editing as `local`; nullopt if
  // it has none yet (no text op ever reached it). kCorrupt if the state, the column and the chunks
  // disagree, or a chunk does not inflate.
  Result<std::optional<StoredText>> Load(std::string_view entity_id, std::string_view field, crdt::ReplicaId local);

  // Writes `text.doc`: its state, the chunks its text changed since `text.saved`, and the column's
  // mark; then `text` describes what is stored. Inside the caller's transaction.
  Status Save(std::string_view entity_id, std::string_view field, StoredText& text);

  // Rewrites every chunk of `text` (the migration to v16, and a text whose places ran out).
  Status SaveAllChunks(int64_t entity_ref, std::string_view text, std::vector<TextChunk>* chunks);

 private:
  sql::Stmt& Prepared(std::unique_ptr<sql::Stmt>& slot, const std::string& text);
  Status PutChunk(int64_t entity_ref, uint32_t seq, std::string_view text);

  sqlite3* db_;
  ZSTD_CCtx* cctx_ = nullptr;
  ZSTD_DCtx* dctx_ = nullptr;
  std::vector<uint8_t> packed_;
  std::unique_ptr<sql::Stmt> state_get_, chunks_get_, ref_get_, chunk_put_, chunk_del_, chunk_del_all_, state_put_;
  std::unique_ptr<sql::Stmt> mark_put_;
};

// The last text a local save wrote, kept between saves so the next save of the same note neither
// reads nor decodes it (issue 14, typing cost). Valid only while nothing else wrote: no other
// connection committed (PRAGMA data_version) and this connection changed no row
// (sqlite3_total_changes64) since that save. One per vault connection: TextCacheFor.
class TextCache {
 public:
  struct Stamp {
    int64_t data_version = -1;
    int64_t changes = -1;
    friend bool operator==(const Stamp&, const Stamp&) = default;
  };
  // Read inside the write transaction.
  static Result<Stamp> Now(sqlite3* db);

  // The kept text of (entity_id, field) if it is still what the vault holds at `now`.
  std::optional<StoredText> Take(std::string_view entity_id, std::string_view field, const Stamp& now);
  void Keep(std::string entity_id, std::string field, StoredText text, const Stamp& at);
  void Clear() { kept_.reset(); }

 private:
  struct Kept {
    std::string entity_id, field;
    StoredText text;
    Stamp at;
  };
  std::optional<Kept> kept_;
};

// The cache of connection `db`, made on first use; ForgetTextCache(db) before the connection
// closes (Vault's destructor). Keyed by the connection, since SQLite 3.42 has no per-connection
// data (like sql.cpp's guards).
TextCache& TextCacheFor(sqlite3* db);
void ForgetTextCache(sqlite3* db);

// `check`: every chunk inflates to well-formed UTF-8 of at most kChunkMaxBytes, and belongs to a
// record whose column says it has text. Appends what is wrong to `problems`.
Status VerifyTextChunks(sqlite3* db, std::vector<std::string>* problems);

// The migration to v16: every text column's text moves into chunks (the column keeps '').
Status MoveTextsIntoChunks(sqlite3* db);

}  // namespace passerelle::core
