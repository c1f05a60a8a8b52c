// The installed directory in the vault: import (validate, compare versions, replace in one
// transaction), export, reads, annotations and referrals. Tables: directory_schema.cpp.
//
// Import bypasses Vault::Apply on purpose: the directory is reference data published by a
// coordinator, identical on every device and never edited locally, so it needs neither CRDT
// merge nor the op log; a newer version simply replaces the old one. See docs/directory.md.
#include <algorithm>
#include <map>

#include "directory_internal.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/model.h"
#include "passerelle/platform/file.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core::directory {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

// id -> canonical JSON of every installed entry.
Result<std::map<std::string, std::string>> InstalledData(sqlite3* db) {
  std::map<std::string, std::string> out;
  sql::Stmt q(db, "SELECT e.id, d.data FROM dir_entry e JOIN dir_entry_data d ON d.rid = e.rid");
  while (q.Step()) out[q.Text(0)] = q.Text(1);
  PASSERELLE_RETURN_IF_ERROR(q.status());
  return out;
}

// Facet tokens of everything a filter can ask for: in all three FTS tables.
std::string FacetText(const Entry& e) {
  std::string out = internal::FacetToken("kinds", e.kind);
  auto add = [&out](const char* list, const std::vector<std::string>& ids) {
    for (const auto& id : ids) out.append(" ").append(internal::FacetToken(list, id));
  };
  add("themes", e.themes);
  add("sectors", e.sector);
  add("regions", e.region);
  add("languages", e.languages);
  add("publics", e.publics);
  const char* prison = !e.inside_prison ? "unknown" : *e.inside_prison ? "yes" : "no";
  out.append(" ").append(internal::FacetToken("inside_prison", prison));
  for (const auto& w : internal::Words(e.commune)) out.append(" ").append(internal::CommuneToken(internal::Fold(w)));
  return out;
}

std::string Joined(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

Status WriteVocabulary(sqlite3* db, const Vocabulary& vocab) {
  PASSERELLE_RETURN_IF_ERROR(sql::Exec(db, "DELETE FROM dir_vocab; DELETE FROM dir_synonym;"));
  sql::Stmt item(db, "INSERT INTO dir_vocab(list, id, position, sector, label_fr, label_nl, label_en) VALUES (?,?,?,?,?,?,?)");
  sql::Stmt word(db, "INSERT OR IGNORE INTO dir_synonym(word, list, id) VALUES (?,?,?)");
  for (const char* list : {"sectors", "themes", "regions", "languages", "publics", "kinds"}) {
    int64_t pos = 0;
    for (const auto& v : *vocab.List(list)) {
      item.Bind(1, list).Bind(2, v.id).Bind(3, pos++).Bind(4, v.sector).Bind(5, v.labels.fr).Bind(6, v.labels.nl).Bind(7, v.labels.en);
      PASSERELLE_RETURN_IF_ERROR(item.Run());
      // Query words expand through the themes, sectors and regions only: those are what a worker
      // types ("logement", "Brussel"); publics and kinds are filters.
      std::string_view l(list);
      if (l != "themes" && l != "sectors" && l != "regions") continue;
      std::vector<std::string> phrases = {v.labels.fr, v.labels.nl, v.labels.en};
      for (const auto* syn : {&v.synonyms_fr, &v.synonyms_nl, &v.synonyms_en}) phrases.insert(phrases.end(), syn->begin(), syn->end());
      for (const auto& phrase : phrases)
        for (const auto& w : internal::Words(phrase)) {
          word.Bind(1, internal::Fold(w)).Bind(2, list).Bind(3, v.id);
          PASSERELLE_RETURN_IF_ERROR(word.Run());
        }
    }
  }
  return Status::Ok();
}

Status WriteEntries(sqlite3* db, const DirectoryFile& file) {
  PASSERELLE_RETURN_IF_ERROR(sql::Exec(db,
                                       "DELETE FROM dir_entry; DELETE FROM dir_entry_data; INSERT INTO dir_fts_name(dir_fts_name) VALUES ('delete-all'); "
                                       "INSERT INTO dir_fts_about(dir_fts_about) VALUES ('delete-all'); "
                                       "INSERT INTO dir_fts_all(dir_fts_all) VALUES ('delete-all');"));
  std::vector<size_t> order(file.entries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::vector<std::string> keys;
  for (const auto& e : file.entries) keys.push_back(internal::Fold(e.name) + '\x01' + e.id);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  sql::Stmt entry(db,
                  "INSERT INTO dir_entry(rid, id, position, kind, name, name_nl, aliases, organisation, commune, "
                  "postcode, description_fr, description_nl, sectors, themes, regions, languages, inside_prison, "
                  "verified) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  sql::Stmt data(db, "INSERT INTO dir_entry_data(rid, data) VALUES (?,?)");
  sql::Stmt fts_name(db, "INSERT INTO dir_fts_name(rowid, text) VALUES (?,?)");
  sql::Stmt fts_about(db, "INSERT INTO dir_fts_about(rowid, text) VALUES (?,?)");
  sql::Stmt fts_all(db, "INSERT INTO dir_fts_all(rowid, text) VALUES (?,?)");
  int64_t rid = 0;
  for (size_t i : order) {
    const Entry& e = file.entries[i];
    ++rid;
    const std::string aliases = Joined(e.aliases, " ; ");
    entry.Bind(1, rid).Bind(2, e.id).Bind(3, static_cast<int64_t>(i)).Bind(4, e.kind).Bind(5, e.name).Bind(6, e.name_nl);
    entry.Bind(7, aliases).Bind(8, e.organisation).Bind(9, e.commune).Bind(10, e.postcode);
    entry.Bind(11, e.description_fr).Bind(12, e.description_nl).Bind(13, internal::JoinList(e.sector));
    entry.Bind(14, internal::JoinList(e.themes)).Bind(15, internal::JoinList(e.region)).Bind(16, internal::JoinList(e.languages));
    if (e.inside_prison) entry.Bind(17, int64_t{*e.inside_prison ? 1 : 0}); else entry.BindNull(17);
    entry.Bind(18, int64_t{e.verified ? 1 : 0});
    PASSERELLE_RETURN_IF_ERROR(entry.Run());
    data.Bind(1, rid).Bind(2, internal::EntryJson(e).dump(-1, ' ', false, json::error_handler_t::replace));
    PASSERELLE_RETURN_IF_ERROR(data.Run());
    // " ; " keeps fields apart; the nested texts make each table a superset of the previous one.
    const std::string facets = FacetText(e);
    const std::string names = e.name + " ; " + e.name_nl + " ; " + aliases;
    const std::string about = names + " ; " + e.organisation + " ; " + e.commune + " " + e.postcode;
    PASSERELLE_RETURN_IF_ERROR(fts_name.Bind(1, rid).Bind(2, names + " ; " + facets).Run());
    PASSERELLE_RETURN_IF_ERROR(fts_about.Bind(1, rid).Bind(2, about + " ; " + facets).Run());
    PASSERELLE_RETURN_IF_ERROR(
        fts_all.Bind(1, rid).Bind(2, about + " ; " + e.description_fr + " ; " + e.description_nl + " ; " + facets).Run());
  }
  return Status::Ok();
}

// The vocabulary we validated with, stored with the directory so that search and
// InstalledVocabulary work offline, without the asset files.
std::string VocabularyJson(const Vocabulary& vocab) {
  ordered_json vj = ordered_json::object();
  vj["format"] = vocab.format;
  vj["version"] = vocab.version;
  for (const char* list : {"sectors", "themes", "regions", "languages", "publics", "kinds"}) {
    bool theme = std::string_view(list) == "themes";
    ordered_json arr = ordered_json::array();
    for (const auto& item : *vocab.List(list)) {
      ordered_json o = {{"id", item.id}};
      if (theme) o["sector"] = item.sector;
      o["labels"] = {{"fr", item.labels.fr}, {"nl", item.labels.nl}, {"en", item.labels.en}};
      if (theme) o["synonyms"] = {{"fr", item.synonyms_fr}, {"nl", item.synonyms_nl}, {"en", item.synonyms_en}};
      arr.push_back(std::move(o));
    }
    vj[list] = std::move(arr);
  }
  return vj.dump(-1, ' ', false, json::error_handler_t::replace);
}

Issue VersionIssue(const char* code, std::string message) { return Issue{true, code, -1, "", "version", std::move(message)}; }

Status NeedsDirectory(const Vault& v) {
  PASSERELLE_ASSIGN_OR_RETURN(auto installed, InstalledVersion(v));
  if (installed.version == 0) return NotFound("The service directory is empty; import it first (directory import).");
  return Status::Ok();
}

}  // namespace

Result<Installed> InstalledVersion(const Vault& v) {
  Installed out;
  sql::Stmt q(core::internal::Db(v), "SELECT version, published, imported_at, vocabulary_version, entry_count FROM dir_meta");
  if (q.Step()) {
    out.version = q.Int(0);
    out.published = q.Text(1);
    out.imported_at = q.Text(2);
    out.vocabulary_version = q.Int(3);
    out.entry_count = q.Int(4);
  }
  PASSERELLE_RETURN_IF_ERROR(q.status());
  return out;
}

Result<ImportReport> Import(Vault& v, std::string_view json_text, const Vocabulary& vocab, bool dry_run) {
  sqlite3* db = core::internal::Db(v);
  ImportReport r;
  Validation val = Validate(json_text, vocab);
  r.issues = val.issues;
  r.file_version = val.file.version;
  r.published = val.file.published;
  r.entries = val.file.entries.size();
  PASSERELLE_ASSIGN_OR_RETURN(auto installed, InstalledVersion(v));
  r.installed_version = installed.version;
  if (!val.ok()) return r;  // kRejected: nothing is compared or written

  PASSERELLE_ASSIGN_OR_RETURN(auto current, InstalledData(db));
  // Each entry's JSON is compared as it is made and not kept: with 100,000 entries, keeping them
  // all cost more memory than the entries themselves.
  std::vector<std::string> next_ids;
  next_ids.reserve(val.file.entries.size());
  for (const auto& e : val.file.entries) {
    next_ids.push_back(e.id);
    auto it = current.find(e.id);
    if (it == current.end())
      r.diff.added.push_back(e.id);
    else if (it->second != internal::EntryJson(e).dump(-1, ' ', false, json::error_handler_t::replace))
      r.diff.changed.push_back(e.id);
  }
  std::sort(next_ids.begin(), next_ids.end());
  std::sort(r.diff.added.begin(), r.diff.added.end());
  std::sort(r.diff.changed.begin(), r.diff.changed.end());
  for (const auto& [id, data] : current)
    if (!std::binary_search(next_ids.begin(), next_ids.end(), id)) r.diff.removed.push_back(id);

  int64_t file_v = val.file.version, inst_v = installed.version;
  if (inst_v > 0 && file_v < inst_v) {
    r.issues.push_back(VersionIssue("older_version", "This file is version " + std::to_string(file_v) + " but version " +
                                                         std::to_string(inst_v) + " is installed; publish old content under a new, higher version."));
    r.refused_by_version = true;
    return r;
  }
  if (inst_v > 0 && file_v == inst_v) {
    bool same = r.diff.added.empty() && r.diff.removed.empty() && r.diff.changed.empty() && val.file.published == installed.published;
    if (same) {
      r.outcome = ImportOutcome::kAlreadyInstalled;
      return r;
    }
    r.issues.push_back(VersionIssue("same_version_different_content",
                                    "Version " + std::to_string(file_v) + " is installed with different content; the coordinator must raise the version number."));
    r.refused_by_version = true;
    return r;
  }
  if (dry_run) {
    r.outcome = ImportOutcome::kValid;
    return r;
  }

  std::string vocab_json = VocabularyJson(vocab);
  sql::Transaction tx(db);
  PASSERELLE_RETURN_IF_ERROR(tx.Begin());
  PASSERELLE_RETURN_IF_ERROR(WriteEntries(db, val.file));
  PASSERELLE_RETURN_IF_ERROR(WriteVocabulary(db, vocab));
  sql::Stmt meta(db,
                 "INSERT OR REPLACE INTO dir_meta(singleton, format, version, published, imported_at, entry_count, "
                 "vocabulary_version, vocabulary_json) VALUES (1,?,?,?,?,?,?,?)");
  meta.Bind(1, val.file.format).Bind(2, file_v).Bind(3, val.file.published).Bind(4, NowUtc(v));
  meta.Bind(5, static_cast<int64_t>(val.file.entries.size())).Bind(6, vocab.version).Bind(7, vocab_json);
  PASSERELLE_RETURN_IF_ERROR(meta.Run());
  PASSERELLE_RETURN_IF_ERROR(tx.Commit());
  r.outcome = ImportOutcome::kImported;
  return r;
}

Result<ImportReport> ImportBundled(Vault& v, const std::string& assets_dir) {
  PASSERELLE_ASSIGN_OR_RETURN(auto vocab, LoadVocabulary(BundledVocabularyPath(assets_dir)));
  PASSERELLE_ASSIGN_OR_RETURN(auto bytes, platform::ReadFile(BundledServicesPath(assets_dir)));
  return Import(v, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), vocab,
                /*dry_run=*/false);
}

Result<ShippedUpdate> UpdateFromShipped(Vault& v, const std::string& assets_dir) {
  PASSERELLE_ASSIGN_OR_RETURN(auto report, ImportBundled(v, assets_dir));
  switch (report.outcome) {
    case ImportOutcome::kImported:
      return report.installed_version == 0 ? ShippedUpdate::kInstalled : ShippedUpdate::kUpdated;
    case ImportOutcome::kAlreadyInstalled:
    case ImportOutcome::kValid:
      return ShippedUpdate::kUpToDate;
    case ImportOutcome::kRejected:
      // Older than what a coordinator installed, or the same number: theirs stays.
      if (report.refused_by_version) return ShippedUpdate::kUpToDate;
      break;
  }
  std::string first;
  for (const auto& issue : report.issues)
    if (issue.error) {
      first = FormatIssue(issue);
      break;
    }
  return InvalidInput("The service directory shipped with the app is invalid (" + first + "); reinstall the app.");
}

Result<std::string> Export(const Vault& v) {
  sqlite3* db = core::internal::Db(v);
  sql::Stmt meta(db, "SELECT format, version, published FROM dir_meta");
  if (!meta.Step()) {
    PASSERELLE_RETURN_IF_ERROR(meta.status());
    return NotFound("The service directory is empty; there is nothing to export.");
  }
  DirectoryFile file;
  file.format = meta.Int(0);
  file.version = meta.Int(1);
  file.published = meta.Text(2);
  sql::Stmt q(db, "SELECT d.data FROM dir_entry e JOIN dir_entry_data d ON d.rid = e.rid ORDER BY e.position");
  while (q.Step()) {
    Entry e;
    if (!internal::EntryFromJson(json::parse(q.Text(0), nullptr, false), &e))
      return Corrupt("A directory entry stored in the vault is damaged.");
    file.entries.push_back(std::move(e));
  }
  PASSERELLE_RETURN_IF_ERROR(q.status());
  return ToJson(file);
}

Result<Vocabulary> InstalledVocabulary(const Vault& v) {
  sql::Stmt q(core::internal::Db(v), "SELECT vocabulary_json FROM dir_meta");
  if (!q.Step()) {
    PASSERELLE_RETURN_IF_ERROR(q.status());
    return NotFound("The service directory is empty; import it first (directory import).");
  }
  return ParseVocabulary(q.Text(0));
}

Result<Entry> Get(const Vault& v, const std::string& id) {
  sql::Stmt q(core::internal::Db(v), "SELECT d.data FROM dir_entry e JOIN dir_entry_data d ON d.rid = e.rid WHERE e.id = ?");
  q.Bind(1, id);
  if (!q.Step()) {
    PASSERELLE_RETURN_IF_ERROR(q.status());
    PASSERELLE_RETURN_IF_ERROR(NeedsDirectory(v));
    return NotFound("The directory has no entry \"" + id + "\".");
  }
  Entry e;
  if (!internal::EntryFromJson(json::parse(q.Text(0), nullptr, false), &e))
    return Corrupt("A directory entry stored in the vault is damaged.");
  return e;
}

Result<std::string> Annotate(Vault& v, const std::string& entry_id, const std::string& text) {
  if (internal::IsBlank(text)) return InvalidInput("An annotation needs some text.");
  // The same text rules as a note: an annotation is the worker's own free text.
  if (std::string why; !ValidateText("The annotation", text, /*multi_line=*/true, kMaxLineCodePoints,
                                     kMaxLongTextBytes, &why))
    return InvalidInput(why);
  PASSERELLE_RETURN_IF_ERROR(Get(v, entry_id).status());
  std::string id = Vault::NewEntityId("ann");
  sql::Stmt q(core::internal::Db(v), "INSERT INTO dir_annotation(id, entry_id, author, created_at, body) VALUES (?,?,?,?,?)");
  q.Bind(1, id).Bind(2, entry_id).Bind(3, v.worker()).Bind(4, NowUtc(v)).Bind(5, text);
  PASSERELLE_RETURN_IF_ERROR(q.Run());
  return id;
}

Result<std::vector<Annotation>> Annotations(const Vault& v, const std::string& entry_id) {
  std::string where = entry_id.empty() ? "" : " WHERE a.entry_id = ?";
  sql::Stmt q(core::internal::Db(v),
              "SELECT a.id, a.entry_id, a.author, a.created_at, a.body, e.id IS NULL FROM dir_annotation a "
              "LEFT JOIN dir_entry e ON e.id = a.entry_id" + where + " ORDER BY a.entry_id, a.created_at, a.rowid");
  if (!entry_id.empty()) q.Bind(1, entry_id);
  std::vector<Annotation> out;
  while (q.Step()) out.push_back({q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.Int(5) != 0});
  PASSERELLE_RETURN_IF_ERROR(q.status());
  return out;
}

Status DeleteAnnotation(Vault& v, const std::string& annotation_id) {
  sql::Stmt q(core::internal::Db(v), "DELETE FROM dir_annotation WHERE id = ?");
  q.Bind(1, annotation_id);
  PASSERELLE_RETURN_IF_ERROR(q.Run());
  if (sqlite3_changes(core::internal::Db(v)) == 0) return NotFound("There is no annotation \"" + annotation_id + "\".");
  return Status::Ok();
}

Result<std::string> Refer(Vault& v, const std::string& plan_item_id, const std::string& service_id,
                          const std::string& status, const std::string& comment) {
  if (service_id.empty()) return InvalidInput("Name the directory service with --service-id ID.");
  auto entry = Get(v, service_id);
  if (!entry.ok()) {
    if (entry.status().code() != Code::kNotFound) return entry.status();
    PASSERELLE_RETURN_IF_ERROR(NeedsDirectory(v));
    return NotFound("The directory has no service \"" + service_id + "\"; find its id with directory search.");
  }
  FieldValues fields = {{"plan_item_id", plan_item_id}, {"service_id", service_id}};
  if (!status.empty()) fields["status"] = status;
  if (!comment.empty()) fields["comment"] = comment;
  return AddReferral(v, fields);
}

}  // namespace passerelle::core::directory
