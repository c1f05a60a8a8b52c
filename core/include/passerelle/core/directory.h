// The R.A.J. service directory: which service can help with housing, debts, addiction, training...
// in which region or commune, in which language, and whether it works inside prisons.
//
// Data contract: docs/directory-data.md (the vocabulary and services.json formats, validation
// codes, versioning). Design: docs/directory.md.
//
// - Validation is pure (no vault): Validate() checks a whole services.json text against a
//   vocabulary and returns every problem with its entry index. The fuzz target drives it.
// - Import() writes reference data, not case data: it does not go through Vault::Apply (the
//   directory is published by a coordinator, never edited on the device, so it needs no CRDT). It
//   validates first and replaces the whole directory in one transaction, or changes nothing.
// - Search() runs on SQLite FTS5 inside the encrypted vault, with the vocabulary's synonyms
//   stored in the vault too, so it works offline without the asset files.
// - Annotations are a worker's private notes on an entry, keyed by entry id and kept across
//   directory versions; they stay on this device (never in the sync log).
// No function throws. Thread-safety: as the Vault.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/vault.h"
#include "passerelle/platform/status.h"

namespace passerelle::core::directory {

// ---- Vocabulary (assets/directory/vocabulary.json) ----

struct Labels {
  std::string fr, nl, en;
  const std::string& In(std::string_view lang) const { return lang == "nl" ? nl : lang == "en" ? en : fr; }
};

struct VocabItem {
  std::string id;
  Labels labels;
  std::string sector;  // themes only: the theme's sector id
  // themes only: words a worker might type, per language ("fr", "nl", "en")
  std::vector<std::string> synonyms_fr, synonyms_nl, synonyms_en;
};

struct Vocabulary {
  int64_t format = 0, version = 0;
  std::vector<VocabItem> sectors, themes, regions, languages, publics, kinds;
  // The item with this id in `list`, or nullptr. `list` is "sectors", "themes", ...
  const VocabItem* Find(std::string_view list, std::string_view id) const;
  const std::vector<VocabItem>* List(std::string_view list) const;
};

Result<Vocabulary> ParseVocabulary(std::string_view json_text);
Result<Vocabulary> LoadVocabulary(const std::string& path);

// Where the bundled assets are: $PASSERELLE_ASSETS when set, otherwise `compiled_default` (the
// build's PASSERELLE_ASSETS_DIR). The vocabulary is <dir>/directory/vocabulary.json.
std::string AssetsDir(std::string_view compiled_default);
std::string BundledVocabularyPath(const std::string& assets_dir);
std::string BundledServicesPath(const std::string& assets_dir);

// ---- Entries (services.json) ----

struct Entry {
  std::string id, kind, organisation, name, name_nl;
  std::vector<std::string> aliases, sector, themes;
  std::string description_fr, description_nl, address, postcode, commune;
  std::vector<std::string> region;
  std::string phone, email, website;
  std::vector<std::string> links, languages, publics;  // `publics` is the file's "public" key
  std::string access_conditions;
  std::optional<bool> inside_prison;  // nullopt: unknown
  std::optional<std::string> waiting_list, opening_hours, last_verified;
  bool verified = false;
  std::string source;
};

struct DirectoryFile {
  int64_t format = 0, version = 0;
  std::string published;  // YYYY-MM-DD
  std::vector<Entry> entries;
};

// One validation finding. index is the 0-based entry index, or -1 for the top level.
struct Issue {
  bool error = true;  // false: a warning, which does not block the import
  std::string code;   // docs/directory-data.md §3 (bad_phone, duplicate_id...)
  int64_t index = -1;
  std::string id;     // the entry's id when it can be read
  std::string field;  // the key concerned ("" for the whole file or entry)
  std::string message;
};
// "entries[3] (id=x) phone: bad_phone – message" (the CLI prefixes the file name).
std::string FormatIssue(const Issue& issue);

struct Validation {
  DirectoryFile file;  // the readable part; complete only when ok()
  std::vector<Issue> issues;
  bool ok() const;
  size_t ErrorCount() const;
  size_t WarningCount() const;
};

// Pure: checks every rule of docs/directory-data.md §3 and reports all problems. Never throws,
// whatever the bytes.
Validation Validate(std::string_view json_text, const Vocabulary& vocab);

// The file's JSON (format 1, keys in the documented order, 2-space indentation), as Export writes it.
std::string ToJson(const DirectoryFile& file);
// One entry as a compact JSON object with the file's keys (for the CLI's --json and the UI).
std::string ToJson(const Entry& entry);

// ---- Installed directory ----

struct Installed {
  int64_t version = 0;  // 0: no directory was ever imported
  std::string published, imported_at;
  int64_t vocabulary_version = 0;
  int64_t entry_count = 0;
};
Result<Installed> InstalledVersion(const Vault& v);

struct Diff {
  std::vector<std::string> added, removed, changed;  // entry ids, sorted
};

enum class ImportOutcome {
  kImported,          // the file is now the installed directory
  kValid,             // dry run: the file is valid and would be imported
  kAlreadyInstalled,  // same version, same content: nothing to do
  kRejected,          // validation errors, or refused by version (issues say why); nothing changed
};

struct ImportReport {
  ImportOutcome outcome = ImportOutcome::kRejected;
  std::vector<Issue> issues;  // errors and warnings; version refusals use codes older_version and
                              // same_version_different_content
  Diff diff;                  // against the installed version (empty when rejected by validation)
  // kRejected because of the version alone (older_version, same_version_different_content): the
  // file is valid but clashes with what is installed. A malformed version is a validation error.
  bool refused_by_version = false;
  int64_t installed_version = 0;  // before the import
  int64_t file_version = 0;
  std::string published;
  size_t entries = 0;
};

// Validates `json_text` against `vocab`, compares it with the installed version, and (unless
// dry_run) replaces the directory and the stored vocabulary in one transaction. A failed Result
// means the vault could not be read or written; a refused file is an ok Result with kRejected.
Result<ImportReport> Import(Vault& v, std::string_view json_text, const Vocabulary& vocab, bool dry_run);
// Import of <assets>/directory/services.json with the bundled vocabulary (demo vault, first run).
Result<ImportReport> ImportBundled(Vault& v, const std::string& assets_dir);

// ---- The directory shipped with the app (<assets>/directory/) ----
// A new vault gets it at creation (VaultOptions::shipped_directory, so `passerelle-cli init` and the
// app's first run share one path), and the app brings it up to date when it ships a newer one: the
// file's `version` is the stamp. A vault holding the same or a newer version (a coordinator's own
// import) is left as it is. Workers' annotations and referrals are keyed by entry id and never
// touched (docs/directory-data.md §5).
enum class ShippedUpdate {
  kInstalled,  // the vault had no directory: the shipped one is now installed
  kUpdated,    // the shipped version was newer than the installed one and replaced it
  kUpToDate,   // the installed version is the shipped one, or newer: nothing changed
};
// kInvalidInput when the shipped file does not validate (a packaging error: nothing is written);
// a read or write failure as such.
Result<ShippedUpdate> UpdateFromShipped(Vault& v, const std::string& assets_dir);

// The installed directory as a services.json text (entries in the order of the imported file).
// kNotFound when nothing was imported.
Result<std::string> Export(const Vault& v);
// The installed vocabulary (stored in the vault at import). kNotFound when nothing was imported.
Result<Vocabulary> InstalledVocabulary(const Vault& v);
// One entry; kNotFound when the id is not (or no longer) in the directory.
Result<Entry> Get(const Vault& v, const std::string& id);

// ---- Search ----

enum class PrisonFilter { kAny, kYes, kYesOrUnknown };

struct Filters {
  // Within one list the values are alternatives (OR); different lists all apply (AND). Values are
  // vocabulary ids, or a label in any language ("Logement", "Huisvesting").
  std::vector<std::string> themes, sectors, regions, languages, publics, kinds;
  std::string commune;  // free text, accent-insensitive, prefix of the commune's words
  PrisonFilter inside_prison = PrisonFilter::kAny;
  size_t limit = 50;  // 0: no limit
};

// Why an entry matched: a field, the query words found there, and for vocabulary matches the
// vocabulary id (a theme, sector or region the entry has, reached through its labels or synonyms).
struct Match {
  std::string field;  // name, name_nl, aliases, organisation, theme, sector, region, commune,
                      // description_fr, description_nl
  std::string value;  // theme/sector/region id; "" for text fields
  std::vector<std::string> terms;  // the query words, as typed, that matched here
};

struct Hit {
  std::string id, kind, name, name_nl, commune;
  std::vector<std::string> themes, regions, languages;
  std::optional<bool> inside_prison;
  bool verified = false;
  // Rank class: 0 every word matched the name, Dutch name or aliases; 1 the organisation, commune,
  // postcode, or a theme, sector or region through the vocabulary; 2 the descriptions.
  int best_field = 0;
  std::vector<Match> matched;
};

struct SearchResults {
  std::vector<Hit> hits;  // best first, at most Filters::limit
  bool more = false;      // more entries match than the limit let through
};

// Every word of `query` (except function words such as "de", "van", "the" before the last word)
// must match, as a word prefix ("loge" finds "logement"), accent- and case-insensitively, in the entry's text or through a vocabulary label or synonym of one of its
// themes, sectors or regions ("huisvesting" finds the housing services). Ranked by rank class
// (Hit::best_field: names first, descriptions last), then alphabetically. An empty query lists the
// entries that pass the filters, alphabetically. kNotFound when no directory was imported; kInvalidInput
// for an unknown filter value.
Result<SearchResults> Search(const Vault& v, std::string_view query, const Filters& filters = {});

// ---- Annotations (private to this worker and device) ----

struct Annotation {
  std::string id, entry_id, author, created_at, text;
  bool withdrawn = false;  // the entry is no longer in the installed directory
};
// Adds a note to an entry that is in the directory. Returns the annotation id.
Result<std::string> Annotate(Vault& v, const std::string& entry_id, const std::string& text);
// The entry's notes, oldest first ("" entry_id: all notes, by entry then date).
Result<std::vector<Annotation>> Annotations(const Vault& v, const std::string& entry_id = "");
Status DeleteAnnotation(Vault& v, const std::string& annotation_id);

// ---- Referral from a plan item ----

// Checks that `service_id` is in the installed directory, then records the referral through the
// case-file layer (core::AddReferral, so it syncs like any case data). status defaults to
// "suggested". Returns the referral id.
Result<std::string> Refer(Vault& v, const std::string& plan_item_id, const std::string& service_id,
                          const std::string& status = "", const std::string& comment = "");

}  // namespace passerelle::core::directory
