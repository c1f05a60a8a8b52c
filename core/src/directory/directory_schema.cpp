// Schema version 2: the service directory's tables (owned by the directory module; design in
// docs/directory.md). Reference data, written only by directory::Import in one transaction:
// no CRDT metadata and no op log. Annotations are private, device-local notes keyed by entry id,
// deliberately without a foreign key so that they outlive the entry's removal from the directory.
namespace passerelle::core::schema {
extern const char* const kSchemaV2Directory;
const char* const kSchemaV2Directory = R"sql(
CREATE TABLE dir_meta (
  singleton          INTEGER PRIMARY KEY CHECK (singleton = 1),
  format             INTEGER NOT NULL,
  version            INTEGER NOT NULL,
  published          TEXT NOT NULL,
  imported_at        TEXT NOT NULL,
  entry_count        INTEGER NOT NULL,
  vocabulary_version INTEGER NOT NULL,
  vocabulary_json    TEXT NOT NULL
);
-- The vocabulary installed with the directory: labels for display and filters, and every word
-- of every label and synonym, folded (lowercase, no accents), for query expansion.
CREATE TABLE dir_vocab (
  list TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, sector TEXT NOT NULL,
  label_fr TEXT NOT NULL, label_nl TEXT NOT NULL, label_en TEXT NOT NULL,
  PRIMARY KEY (list, id)
) WITHOUT ROWID;
CREATE TABLE dir_synonym (
  word TEXT NOT NULL, list TEXT NOT NULL, id TEXT NOT NULL,
  PRIMARY KEY (word, list, id)
) WITHOUT ROWID;
-- rid is assigned in name order at import, so rid order is alphabetical order: the order of
-- results within a rank class. position keeps the file's order for export. The columns are what a
-- search result shows and explains; the whole entry, as canonical JSON, is in dir_entry_data, so
-- the rows searches read stay small and their pages stay in the (decrypted) page cache.
CREATE TABLE dir_entry (
  rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, position INTEGER NOT NULL, kind TEXT NOT NULL,
  name TEXT NOT NULL, name_nl TEXT NOT NULL, aliases TEXT NOT NULL, organisation TEXT NOT NULL,
  commune TEXT NOT NULL, postcode TEXT NOT NULL, description_fr TEXT NOT NULL,
  description_nl TEXT NOT NULL, sectors TEXT NOT NULL, themes TEXT NOT NULL, regions TEXT NOT NULL,
  languages TEXT NOT NULL, inside_prison INTEGER, verified INTEGER NOT NULL
);
CREATE TABLE dir_entry_data (rid INTEGER PRIMARY KEY, data TEXT NOT NULL);
-- Three nested indexes, one per rank class (names; + organisation, place, vocabulary; + the
-- descriptions), each with the facet tokens filters use. Contentless: the text is in dir_entry,
-- and a search only asks the index "which rows".
CREATE VIRTUAL TABLE dir_fts_name USING fts5(
  text, content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
CREATE VIRTUAL TABLE dir_fts_about USING fts5(
  text, content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
CREATE VIRTUAL TABLE dir_fts_all USING fts5(
  text, content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
CREATE TABLE dir_annotation (
  id TEXT PRIMARY KEY, entry_id TEXT NOT NULL, author TEXT NOT NULL, created_at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX dir_annotation_entry ON dir_annotation(entry_id, created_at);
)sql";
}  // namespace passerelle::core::schema
