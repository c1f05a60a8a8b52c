// Directory search: a few small FTS5 queries per keystroke. Design: docs/directory.md.
//
// Ranking is by rank class, then alphabetical (rid order): the entries whose names match every
// word, then those matched by organisation, place or vocabulary, then by description. Each class
// has its own nested FTS table (see directory_internal.h), so a class is one query in rowid order
// with a LIMIT: FTS5 stops as soon as enough rows are found, and a two-letter prefix that matches
// all 10,000 descriptions costs no more than one that matches ten.
//
// Every word w becomes a group that the entry must satisfy (the groups are ANDed):
//   class 0 (names):        "w"*
//   classes 1-2:           ("w"* OR <U+E000>thhousing OR <U+E000>rgbrussels ...)
// where the facet tokens are the themes, sectors and regions having a label or synonym word that
// starts with w (folded). Filters are facet tokens ANDed in front. No column filters are needed:
// a query word can never match a facet token (see FacetToken).
#include <algorithm>
#include <set>

#include "directory_internal.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core::directory {

namespace {

constexpr size_t kMaxWords = 12;  // a longer query is a paste, not a search; the rest is ignored

// Function words dropped from a query unless they are its last word (which may still be growing:
// "de" is the start of "dettes"). Kept, they match nearly every entry and drown the ranking.
bool IsStopWord(const std::string& folded) {
  static constexpr std::string_view kStop[] = {
      "a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "pour", "un", "une",  // fr
      "een", "het", "in", "met", "op", "te", "van", "voor",                                             // nl
      "and", "for", "of", "the", "to"};                                                                // en
  return std::find(std::begin(kStop), std::end(kStop), folded) != std::end(kStop);
}

struct Word {
  std::string typed, folded;
  std::vector<std::string> themes, sectors, regions;  // vocabulary reached through labels/synonyms
};

// A filter value is an id of the list, or a label of it in any language ("Logement").
Result<std::vector<std::string>> Resolve(sqlite3* db, const char* list, const char* what,
                                         const std::vector<std::string>& values) {
  std::vector<std::string> out;
  if (values.empty()) return out;
  struct Row {
    std::string id, fr, nl, en;
  };
  std::vector<Row> rows;
  sql::Stmt q(db, "SELECT id, label_fr, label_nl, label_en FROM dir_vocab WHERE list = ? ORDER BY position");
  q.Bind(1, list);
  while (q.Step()) rows.push_back({q.Text(0), internal::Fold(q.Text(1)), internal::Fold(q.Text(2)), internal::Fold(q.Text(3))});
  PASSERELLE_RETURN_IF_ERROR(q.status());
  for (const auto& value : values) {
    std::string folded = internal::Fold(value);
    auto it = std::find_if(rows.begin(), rows.end(), [&](const Row& r) {
      return r.id == value || r.fr == folded || r.nl == folded || r.en == folded;
    });
    if (it == rows.end()) {
      std::string known;
      for (const auto& r : rows) known.append(known.empty() ? "" : ", ").append(r.id);
      return InvalidInput(std::string("Unknown ") + what + " \"" + value + "\"; use one of: " + known + ".");
    }
    if (std::find(out.begin(), out.end(), it->id) == out.end()) out.push_back(it->id);
  }
  return out;
}

std::string AnyOf(const char* list, const std::vector<std::string>& ids) {
  std::string out = "(";
  for (size_t i = 0; i < ids.size(); ++i) out.append(i ? " OR " : "").append(internal::FtsQuote(internal::FacetToken(list, ids[i])));
  return out + ")";
}

Result<std::string> FilterExpr(sqlite3* db, const Filters& f) {
  struct Spec {
    const std::vector<std::string>* values;
    const char* list;
    const char* what;
  };
  const Spec specs[] = {{&f.themes, "themes", "theme"},          {&f.sectors, "sectors", "sector"},
                        {&f.regions, "regions", "region"},       {&f.languages, "languages", "language"},
                        {&f.publics, "publics", "public"},       {&f.kinds, "kinds", "kind"}};
  std::vector<std::string> parts;
  for (const auto& s : specs) {
    PASSERELLE_ASSIGN_OR_RETURN(auto ids, Resolve(db, s.list, s.what, *s.values));
    if (!ids.empty()) parts.push_back(AnyOf(s.list, ids));
  }
  if (f.inside_prison == PrisonFilter::kYes) parts.push_back(AnyOf("inside_prison", {"yes"}));
  if (f.inside_prison == PrisonFilter::kYesOrUnknown) parts.push_back(AnyOf("inside_prison", {"yes", "unknown"}));
  auto commune = internal::Words(f.commune);
  for (size_t i = 0; i < commune.size(); ++i)  // every word of the commune; the last one may be partial
    parts.push_back(internal::FtsQuote(internal::CommuneToken(internal::Fold(commune[i]))) + (i + 1 == commune.size() ? "*" : ""));
  std::string out;
  for (const auto& p : parts) out.append(out.empty() ? "" : " AND ").append(p);
  return out;
}

Status ExpandWords(sqlite3* db, std::vector<Word>& words) {
  sql::Stmt q(db, "SELECT list, id FROM dir_synonym WHERE word >= ? AND word < ? GROUP BY list, id ORDER BY list, id");
  for (auto& w : words) {
    // A single letter would reach half the vocabulary and tell the worker nothing.
    if (internal::CodePoints(w.folded) < 2) continue;
    // Every folded word starting with w sorts in [w, w + 0xFF): no UTF-8 byte is 0xFF.
    q.Bind(1, w.folded).Bind(2, w.folded + '\xFF');
    while (q.Step()) {
      std::string list = q.Text(0);
      (list == "themes" ? w.themes : list == "sectors" ? w.sectors : w.regions).push_back(q.Text(1));
    }
    PASSERELLE_RETURN_IF_ERROR(q.status());
    q.Reset();
  }
  return Status::Ok();
}

std::string WordsExpr(const std::vector<Word>& words, bool with_vocabulary) {
  std::string out;
  for (const auto& w : words) {
    std::string group = internal::FtsQuote(w.typed) + "*";
    if (with_vocabulary) {
      for (const auto& [list, ids] : {std::pair{"themes", &w.themes}, std::pair{"sectors", &w.sectors},
                                      std::pair{"regions", &w.regions}})
        for (const auto& id : *ids) group.append(" OR ").append(internal::FtsQuote(internal::FacetToken(list, id)));
    }
    out.append(out.empty() ? "(" : " AND (").append(group).append(")");
  }
  return out;
}

void AddMatch(std::vector<Match>& out, const std::string& field, const std::string& value, const std::string& term) {
  auto it = std::find_if(out.begin(), out.end(), [&](const Match& m) { return m.field == field && m.value == value; });
  if (it == out.end()) {
    out.push_back({field, value, {term}});
  } else if (std::find(it->terms.begin(), it->terms.end(), term) == it->terms.end()) {
    it->terms.push_back(term);
  }
}

constexpr const char* kHitQuery =
    "SELECT id, kind, name, name_nl, aliases, organisation, commune, postcode, description_fr, description_nl, "
    "themes, sectors, regions, languages, inside_prison, verified FROM dir_entry WHERE rid = ?";

// Loads a hit and explains it: for each word, the text fields where one of the field's words
// starts with it, and the entry's themes, sectors and regions the word reached.
Status FillHit(sql::Stmt& q, int64_t rid, const std::vector<Word>& words, Hit& h) {
  q.Reset();
  q.Bind(1, rid);
  if (!q.Step()) return q.status().ok() ? Internal("A directory search row has no entry.") : q.status();
  h.id = q.Text(0);
  h.kind = q.Text(1);
  h.name = q.Text(2);
  h.name_nl = q.Text(3);
  h.commune = q.Text(6);
  h.themes = internal::SplitList(q.Text(10));
  std::vector<std::string> sectors = internal::SplitList(q.Text(11));
  h.regions = internal::SplitList(q.Text(12));
  h.languages = internal::SplitList(q.Text(13));
  if (!q.IsNull(14)) h.inside_prison = q.Int(14) != 0;
  h.verified = q.Int(15) != 0;
  if (words.empty()) return Status::Ok();
  const char* text_fields[] = {"name", "name_nl", "aliases", "organisation", "description_fr", "description_nl", "commune"};
  const int text_cols[] = {2, 3, 4, 5, 8, 9, 6};
  std::string folded[7];
  for (int f = 0; f < 7; ++f) folded[f] = internal::Fold(q.Text(text_cols[f]));
  folded[6].append(" ").append(q.Text(7));  // the postcode counts as the commune
  for (const auto& w : words) {
    for (int f = 0; f < 6; ++f)
      if (internal::HasWordStartingWith(folded[f], w.folded)) AddMatch(h.matched, text_fields[f], "", w.typed);
    for (const auto& id : w.themes)
      if (std::find(h.themes.begin(), h.themes.end(), id) != h.themes.end()) AddMatch(h.matched, "theme", id, w.typed);
    for (const auto& id : w.sectors)
      if (std::find(sectors.begin(), sectors.end(), id) != sectors.end()) AddMatch(h.matched, "sector", id, w.typed);
    if (internal::HasWordStartingWith(folded[6], w.folded)) AddMatch(h.matched, "commune", "", w.typed);
    for (const auto& id : w.regions)
      if (std::find(h.regions.begin(), h.regions.end(), id) != h.regions.end()) AddMatch(h.matched, "region", id, w.typed);
  }
  // Strongest reasons first, in the order of the rank classes.
  auto tier = [](const std::string& field) {
    if (field == "name" || field == "name_nl" || field == "aliases") return 0;
    return field == "description_fr" || field == "description_nl" ? 2 : 1;
  };
  std::stable_sort(h.matched.begin(), h.matched.end(), [&](const Match& a, const Match& b) { return tier(a.field) < tier(b.field); });
  return Status::Ok();
}

// One read transaction around a search's handful of statements: without it each statement takes
// and releases the file and WAL locks itself, and those system calls cost more than the search.
// Nested inside a caller's transaction it does nothing.
class ReadTransaction {
 public:
  explicit ReadTransaction(sqlite3* db) : db_(sqlite3_get_autocommit(db) ? db : nullptr) {
    if (db_ != nullptr && sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) db_ = nullptr;
  }
  ~ReadTransaction() {
    if (db_ != nullptr) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  sqlite3* db_;
};

}  // namespace

Result<SearchResults> Search(const Vault& v, std::string_view query, const Filters& filters) {
  sqlite3* db = core::internal::Db(v);
  ReadTransaction read(db);
  PASSERELLE_ASSIGN_OR_RETURN(auto installed, InstalledVersion(v));
  if (installed.version == 0) return NotFound("The service directory is empty; import it first (directory import).");

  PASSERELLE_ASSIGN_OR_RETURN(std::string filter_expr, FilterExpr(db, filters));
  std::vector<Word> words;
  {
    std::vector<std::string> all = internal::Words(query);
    for (size_t i = 0; i < all.size() && words.size() < kMaxWords; ++i) {
      std::string folded = internal::Fold(all[i]);
      if (i + 1 == all.size() || !IsStopWord(folded)) words.push_back({all[i], folded, {}, {}, {}});
    }
  }
  PASSERELLE_RETURN_IF_ERROR(ExpandWords(db, words));

  // (rid, rank class) in result order.
  std::vector<std::pair<int64_t, int>> found;
  std::set<int64_t> seen;
  SearchResults out;
  const size_t limit = filters.limit;
  if (words.empty() && filter_expr.empty()) {  // the whole directory, alphabetically
    sql::Stmt q(db, limit ? "SELECT rid FROM dir_entry ORDER BY rid LIMIT ?" : "SELECT rid FROM dir_entry ORDER BY rid");
    if (limit) q.Bind(1, static_cast<int64_t>(limit) + 1);
    while (q.Step()) found.push_back({q.Int(0), 0});
    PASSERELLE_RETURN_IF_ERROR(q.status());
  } else {
    for (int cls = 0; cls < 3; ++cls) {
      std::string words_expr = WordsExpr(words, /*with_vocabulary=*/cls > 0);
      std::string expr = filter_expr;
      if (!words_expr.empty()) expr.append(expr.empty() ? "" : " AND ").append(words_expr);
      // Class k's rows include class k-1's (nested tables): ask for enough to find `limit` + 1 new ones.
      std::string text = std::string("SELECT rowid FROM ") + internal::kFtsTables[cls] + " WHERE " +
                         internal::kFtsTables[cls] + " MATCH ?1 ORDER BY rowid" + (limit ? " LIMIT ?2" : "");
      sql::Stmt q(db, text);
      q.Bind(1, expr);
      if (limit) q.Bind(2, static_cast<int64_t>(limit + 1 - std::min(limit, found.size()) + seen.size()));
      while (q.Step())
        if (seen.insert(q.Int(0)).second) found.push_back({q.Int(0), cls});
      PASSERELLE_RETURN_IF_ERROR(q.status());
      if (words.empty() || (limit && found.size() > limit)) break;  // filters only: one class is all
    }
  }
  if (limit && found.size() > limit) {
    out.more = true;
    found.resize(limit);
  }
  sql::Stmt hit_query(db, kHitQuery);
  for (const auto& [rid, cls] : found) {
    Hit h;
    PASSERELLE_RETURN_IF_ERROR(FillHit(hit_query, rid, words, h));
    h.best_field = cls;
    out.hits.push_back(std::move(h));
  }
  return out;
}

}  // namespace passerelle::core::directory
