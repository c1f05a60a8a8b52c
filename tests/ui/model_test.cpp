// View-model building blocks, without a window and without a vault: dates, accent-insensitive
// search, passphrase strength, the autosave and auto-lock timers, translations, glyph ranges,
// the case list's urgency order, and the bundle file picker.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "../support/temp_dir.h"
#include "case_list_model.h"
#include "file_picker.h"
#include "dates.h"
#include "glyph_ranges.h"
#include "i18n.h"
#include "passphrase.h"
#include "text_fold.h"
#include "timers.h"
#include "ui_state.h"

using namespace passerelle::ui;

TEST_CASE("dates: parsing, day arithmetic, leap years") {
  CHECK(ParseIsoDate("2026-11-23").has_value());
  CHECK(ParseIsoDate("2026-11-23T10:00:00Z").has_value());
  CHECK_FALSE(ParseIsoDate("2026-02-29").has_value());
  CHECK(ParseIsoDate("2028-02-29").has_value());
  CHECK_FALSE(ParseIsoDate("23/11/2026").has_value());
  CHECK_FALSE(ParseIsoDate("").has_value());
  CHECK(DaysBetween("2026-11-23", "2026-12-02") == 9);
  CHECK(DaysBetween("2026-11-23", "2026-11-15") == -8);
  CHECK(DaysBetween("2026-12-31", "2027-01-01") == 1);
  CHECK_FALSE(DaysBetween("2026-11-23", "").has_value());
  CHECK(AddDays("2026-02-27", 2) == "2026-03-01");
  CHECK(AddDays("2028-02-27", 2) == "2028-02-29");
  for (int64_t d = -800000; d < 800000; d += 997) CHECK(DaysFromCivil(CivilFromDays(d)) == d);
}

TEST_CASE("search folds case and accents, every word must match") {
  CHECK(FoldForSearch("École") == "ecole");
  CHECK(FoldForSearch("Œuvre") == "oeuvre");
  CHECK(FoldForSearch("Noël ÇA") == "noel ca");
  CHECK(FoldForSearch("l’aide") == "l'aide");
  CHECK(FoldForSearch("Gülşen Łukasz") == "gulsen lukasz");
  CHECK(MatchesQuery("", {"anything"}));
  CHECK(MatchesQuery("mehdi", {"Mehdi (fictif) A."}));
  CHECK(MatchesQuery("MEHDI lantin", {"Mehdi (fictif) A.", "Prison de Lantin"}));
  CHECK_FALSE(MatchesQuery("mehdi haren", {"Mehdi (fictif) A.", "Prison de Lantin"}));
  CHECK(MatchesQuery("gevangenis brugge", {"Gevangenis van Brugge"}));
  // Invalid UTF-8 never crashes the search.
  CHECK(FoldForSearch(std::string("\xC3", 1)) == "\xEF\xBF\xBD");
  CHECK(FoldForSearch(std::string("a\xE2\x82", 3)).size() > 0);
}

TEST_CASE("passphrase strength hint") {
  CHECK(RatePassphrase("") == PassphraseStrength::kEmpty);
  CHECK(RatePassphrase("court") == PassphraseStrength::kTooShort);
  CHECK(RatePassphrase("aaaaaaaaaaaa") == PassphraseStrength::kWeak);
  CHECK(RatePassphrase("1234567890") == PassphraseStrength::kWeak);
  CHECK(RatePassphrase("Bruxelles2026") != PassphraseStrength::kStrong);
  CHECK(RatePassphrase("cheval agrafe batterie correcte") == PassphraseStrength::kStrong);
  CHECK(RatePassphrase("paard nietje batterij juist") == PassphraseStrength::kStrong);
  // Code points, not bytes: ten accented letters are long enough.
  CHECK(RatePassphrase("éèàùçéèàùç") != PassphraseStrength::kTooShort);
  CHECK(std::string(StrengthKey(PassphraseStrength::kFair)) == "unlock.strength.fair");
}

TEST_CASE("autosave: due after a pause, and at most kMaxUnsavedMs after the first unsaved keystroke") {
  AutosavePolicy p;
  CHECK_FALSE(p.Deadline().has_value());
  p.Edited(1000);
  CHECK(p.Deadline() == 1000 + AutosavePolicy::kPauseMs);
  CHECK_FALSE(p.Due(1000 + AutosavePolicy::kPauseMs - 1));
  CHECK(p.Due(1000 + AutosavePolicy::kPauseMs));
  // Continuous typing (a key every 50 ms) never pauses: the cap still forces a save.
  AutosavePolicy typing;
  int64_t t = 0;
  int64_t first_due = -1;
  for (; t < 5000; t += 50) {
    typing.Edited(t);
    if (typing.Due(t + 1)) {
      first_due = t;
      break;
    }
  }
  CHECK(first_due >= 0);
  CHECK(first_due <= AutosavePolicy::kMaxUnsavedMs);
  typing.Saved();
  CHECK_FALSE(typing.dirty());
  // A failed save is retried later, not in a tight loop.
  AutosavePolicy failing;
  failing.Edited(0);
  failing.Failed(500);
  CHECK_FALSE(failing.Due(600));
  CHECK(failing.Due(500 + AutosavePolicy::kRetryMs));
  // The promise of the SIGKILL test: pause and cap are below one second with margin for the save.
  CHECK(AutosavePolicy::kPauseMs < 1000);
  CHECK(AutosavePolicy::kMaxUnsavedMs <= 800);
}

TEST_CASE("auto-lock after N idle minutes, default 5, clamped") {
  IdleLock lock;
  CHECK(lock.minutes() == 5);
  lock.Activity(0);
  CHECK_FALSE(lock.Due(5 * 60'000 - 1));
  CHECK(lock.Due(5 * 60'000));
  lock.Activity(100'000);
  CHECK_FALSE(lock.Due(5 * 60'000));
  lock.SetMinutes(0);
  CHECK(lock.minutes() == IdleLock::kMinMinutes);
  lock.SetMinutes(1000);
  CHECK(lock.minutes() == IdleLock::kMaxMinutes);
}

TEST_CASE("translations: lookup, fallback to English, placeholders, plurals, dates") {
  std::map<std::string, StringTable, std::less<>> tables;
  tables["fr"] = ParseStringTable(R"({"a": {"b": "Bonjour {name}"}, "n": {"days": {"one": "{n} jour",
      "other": "{n} jours"}}, "date": {"long": "{d} {month} {y}", "short": "{dd}/{mm}/{y}",
      "month": {"11": "novembre"}}, "vocab": {"life_domain": {"housing": "Logement"}}})")
                     .value();
  tables["en"] = ParseStringTable(R"({"only_en": "English", "date": {"long": "{d} {month} {y}"}})").value();
  I18n t = I18n::FromTables(std::move(tables), "fr");
  CHECK(std::string(t.T("a.b")) == "Bonjour {name}");
  CHECK(t.Format("a.b", {{"name", "Karim"}}) == "Bonjour Karim");
  CHECK(std::string(t.T("only_en")) == "English");
  CHECK(std::string(t.T("missing.key")) == "missing.key");
  CHECK(t.Plural("n.days", 1) == "1 jour");
  CHECK(t.Plural("n.days", 8) == "8 jours");
  CHECK(t.DateLong("2026-11-04") == "4 novembre 2026");
  CHECK(t.DateShort("2026-11-04") == "04/11/2026");
  CHECK(t.DateLong("") == "");
  CHECK(std::string(t.Vocab("life_domain", "housing")) == "Logement");
  CHECK(std::string(t.Vocab("life_domain", "unknown_id")) == "unknown_id");
  CHECK_FALSE(t.SetLanguage("de"));
  CHECK(t.language() == "fr");
  CHECK_FALSE(ParseStringTable("[1, 2]").ok());
  CHECK_FALSE(ParseStringTable(R"({"a": 3})").ok());
  CHECK_FALSE(ParseStringTable("{not json").ok());
}

TEST_CASE("glyph ranges cover French and Dutch typography and every translated character") {
  StringTable extra{{"k", "Ω and ✓"}};
  auto ranges = BuildGlyphRanges({&extra});
  for (char32_t cp : {U'é', U'è', U'ç', U'ë', U'ï', U'œ', U'Œ', U'€', U'«', U'»', U'’', U'…', U'\u202F', U'Ω', U'✓'})
    CHECK(Covers(ranges, cp));
  auto imgui = ToImGuiRanges(ranges);
  CHECK(imgui.back() == 0);
  CHECK(imgui.size() % 2 == 1);
  for (size_t i = 2; i + 1 < imgui.size(); i += 2) CHECK(imgui[i] > imgui[i - 1] + 1);  // sorted, merged
}

TEST_CASE("screen names round-trip") {
  for (auto s : {Screen::kUnlock, Screen::kCases, Screen::kDossier, Screen::kVisit, Screen::kDirectory, Screen::kSync})
    CHECK(ScreenFromName(ScreenName(s)) == s);
  CHECK_FALSE(ScreenFromName("nope").has_value());
}

namespace {
passerelle::core::DossierSummary Summary(const char* id, const char* name, const char* review, const char* release,
                                         const char* hearing = "", const char* referent = "Camille",
                                         const char* status = "sentenced") {
  passerelle::core::DossierSummary s;
  s.dossier.id = id;
  s.dossier.referent = referent;
  s.dossier.service = "SAJ";
  s.dossier.next_review = review;
  s.dossier.expected_release = release;
  s.dossier.next_hearing = hearing;
  s.person.name = name;
  s.person.status = status;
  s.person.establishment = "Prison de Haren";
  return s;
}
}  // namespace

TEST_CASE("case list: urgency order, filters, search as you type") {
  const std::string today = "2026-11-23";
  std::vector<CaseRow> rows = {
      MakeCaseRow(Summary("d1", "Zoé", "2026-12-30", ""), today),                   // nothing soon
      MakeCaseRow(Summary("d2", "Yann", "2026-11-20", ""), today),                  // review overdue 3 days
      MakeCaseRow(Summary("d3", "Xavier", "2026-11-01", ""), today),                // review overdue 22 days
      MakeCaseRow(Summary("d4", "Willem", "2027-01-30", "2026-12-10"), today),      // release in 17 days
      MakeCaseRow(Summary("d5", "Véronique", "2026-11-26", ""), today),             // review in 3 days
      MakeCaseRow(Summary("d6", "Ursule", "2027-02-01", "", "2026-11-30"), today),  // hearing in 7 days
      MakeCaseRow(Summary("d7", "Théo", "2026-11-10", "", "", "Someone else", "pretrial_detention"), today),
  };
  CHECK(rows[2].urgency == Urgency::kReviewOverdue);
  CHECK(rows[2].urgency_days == 22);
  CHECK(rows[3].urgency == Urgency::kReleaseSoon);
  CHECK(rows[3].urgency_days == 17);

  CaseFilters all;
  all.owner = CaseOwner::kAll;
  auto order = FilterAndSort(rows, all, "Camille", "SAJ");
  std::vector<std::string> ids;
  for (size_t i : order) ids.push_back(rows[i].dossier_id);
  CHECK(ids == std::vector<std::string>{"d3", "d7", "d2", "d4", "d5", "d6", "d1"});

  CaseFilters mine;
  mine.owner = CaseOwner::kMine;
  CHECK(FilterAndSort(rows, mine, "Camille", "SAJ").size() == 6);

  CaseFilters status = all;
  status.status = "pretrial_detention";
  CHECK(FilterAndSort(rows, status, "Camille", "SAJ").size() == 1);

  CaseFilters soon = all;
  soon.coming_soon = true;  // overdue reviews, reviews and releases within 30 days
  ids.clear();
  for (size_t i : FilterAndSort(rows, soon, "Camille", "SAJ")) ids.push_back(rows[i].dossier_id);
  CHECK(ids == std::vector<std::string>{"d3", "d7", "d2", "d4", "d5"});

  CaseFilters query = all;
  query.query = SecretText("veroni");
  auto found = FilterAndSort(rows, query, "Camille", "SAJ");
  REQUIRE(found.size() == 1);
  CHECK(rows[found[0]].dossier_id == "d5");
  query.query = SecretText("haren xav");
  CHECK(FilterAndSort(rows, query, "Camille", "SAJ").size() == 1);
}

TEST_CASE("file picker: folders first, then *.bundle files by name; hidden entries left out") {
  passerelle::testing::TempDir dir;
  namespace fs = std::filesystem;
  fs::create_directory(dir.path() / "b-folder");
  fs::create_directory(dir.path() / "A-folder");
  fs::create_directory(dir.path() / ".hidden-folder");
  for (const char* name : {"z.bundle", "a.bundle", ".hidden.bundle", "notes.txt", "bundle"})
    std::ofstream(dir.File(name)) << "1234";
  FilePicker picker;
  REQUIRE(picker.Open(dir.path().string() + "/./"));
  CHECK(picker.folder() == fs::path(dir.path()).lexically_normal().string());
  CHECK_FALSE(picker.error());
  std::vector<std::string> names;
  for (const FileEntry& e : picker.entries()) {
    names.push_back(e.name);
    names.back() += e.folder ? std::string(1, '/') : ':' + std::to_string(e.bytes);
  }
  CHECK(names == std::vector<std::string>{"A-folder/", "b-folder/", "a.bundle:4", "z.bundle:4"});

  REQUIRE(picker.Enter("b-folder"));
  CHECK(picker.entries().empty());
  REQUIRE(picker.Up());
  CHECK(picker.entries().size() == 4);
  // A folder that cannot be listed: error, and the previous listing is kept.
  CHECK_FALSE(picker.Enter("missing"));
  CHECK(picker.error());
  CHECK(picker.entries().size() == 4);
  CHECK_FALSE(picker.Enter("notes.txt"));
  CHECK(picker.folder() == fs::path(dir.path()).lexically_normal().string());

  picker.SetFileName(dir.File("b-folder/out.bundle"));
  CHECK(picker.file_name() == "out.bundle");
  CHECK(picker.path() == dir.File("b-folder") + "/out.bundle");
}
