// Translation files and the "no user-visible literal in code" rule:
//  - fr, nl and en have exactly the same keys, none empty, with the same {placeholders};
//  - every id of every closed vocabulary of the core has a label in each language;
//  - no text makes a plural with brackets ("(s)", "(en)"): counts go through plural keys;
//  - the screens' source files contain no user-visible text literal (only ImGui ids "###x",
//    translation keys and ids in lower_snake.dotted form, format strings and punctuation).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "i18n.h"
#include "passerelle/core/model.h"
#include "text_fold.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

I18n Load() {
  auto i18n = I18n::Load(std::string(PASSERELLE_SOURCE_DIR) + "/assets/i18n");
  REQUIRE(i18n.ok());
  return std::move(i18n).value();
}

std::set<std::string> Placeholders(const std::string& text) {
  std::set<std::string> out;
  static const std::regex kPlaceholder(R"(\{[a-z_]+\})");
  for (std::sregex_iterator it(text.begin(), text.end(), kPlaceholder), end; it != end; ++it) out.insert(it->str());
  return out;
}

// String literals of a C++ source, with escapes decoded; comments and #include lines skipped.
std::vector<std::pair<int, std::string>> Literals(const std::string& source) {
  std::vector<std::pair<int, std::string>> out;
  int line = 1;
  for (size_t i = 0; i < source.size(); ++i) {
    char c = source[i];
    if (c == '\n') ++line;
    if (c == '/' && i + 1 < source.size() && source[i + 1] == '/') {
      while (i < source.size() && source[i] != '\n') ++i;
      ++line;
      continue;
    }
    if (c == '#' && (i == 0 || source[i - 1] == '\n')) {  // preprocessor line
      while (i < source.size() && source[i] != '\n') ++i;
      ++line;
      continue;
    }
    if (c == '\'') {  // character literal
      i += source[i + 1] == '\\' ? 3 : 2;
      continue;
    }
    if (c != '"') continue;
    std::string lit;
    for (++i; i < source.size() && source[i] != '"'; ++i) {
      if (source[i] == '\\') {
        char e = source[++i];
        if (e == 'x') {
          int v = std::stoi(source.substr(i + 1, 2), nullptr, 16);
          lit += static_cast<char>(v);
          i += 2;
        } else {
          lit += e == 'n' ? '\n' : e;
        }
      } else {
        lit += source[i];
      }
    }
    out.emplace_back(line, lit);
  }
  return out;
}

// True when a literal would show words to a worker.
bool LooksLikeText(std::string lit) {
  if (auto id = lit.find("###"); id != std::string::npos) lit = lit.substr(0, id);  // ImGui id part
  if (lit.rfind("##", 0) == 0) return false;
  lit = std::regex_replace(lit, std::regex(R"(%[-0-9.]*(ll|l|z)?[sdufxX])"), "");  // printf formats
  static const std::regex kKeyOrId(R"(^[a-z0-9_]+(\.[a-z0-9_]*)*$)");
  if (std::regex_match(lit, kKeyOrId)) return false;
  for (size_t i = 0; i < lit.size();) {
    char32_t cp = NextCodePoint(lit, i);
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp <= 0x24F)) return true;
  }
  return false;  // punctuation, separators, symbols
}

}  // namespace

TEST_CASE("fr, nl and en have the same keys, no empty text, the same placeholders") {
  I18n i18n = Load();
  const auto& en = i18n.table("en");
  REQUIRE(en.size() > 200);
  for (std::string lang : {"fr", "nl"}) {
    CAPTURE(lang);
    const auto& t = i18n.table(lang);
    for (const auto& [key, text] : en) {
      CAPTURE(key);
      auto it = t.find(key);
      REQUIRE(it != t.end());
      CHECK_FALSE(it->second.empty());
      CHECK(Placeholders(it->second) == Placeholders(text));
    }
    for (const auto& [key, text] : t) {
      CAPTURE(key);
      CHECK(en.count(key) == 1);
    }
  }
}

TEST_CASE("every closed-vocabulary id of the core has a label in every language") {
  I18n i18n = Load();
  const core::Vocabulary* vocabularies[] = {
      &core::PersonStatuses(), &core::Languages(),     &core::FollowUpBases(),    &core::VisitKinds(),
      &core::AttendanceOutcomes(), &core::NoteScopes(), &core::LifeDomains(),      &core::PlanStatuses(),
      &core::ConsentScopes(),  &core::ReferralStatuses(), &core::PracticeCodes(),
      // Issue 15
      &core::NeedsStages(),    &core::NeedLevels(),       &core::AssessmentScopes(), &core::RelativeRelations(),
      &core::ContactConsents()};
  for (auto lang : I18n::kLanguages)
    for (const auto* voc : vocabularies)
      for (auto id : voc->values) {
        std::string key = "vocab." + std::string(voc->name) + "." + std::string(id);
        CAPTURE(key);
        CHECK(i18n.table(lang).count(key) == 1);
      }
}

TEST_CASE("French and Dutch use the field's words") {
  I18n i18n = Load();
  auto all = [&](std::string_view lang) {
    std::string text;
    for (const auto& [k, v] : i18n.table(lang)) text += v + "\n";
    return text;
  };
  std::string fr = all("fr"), nl = all("nl");
  for (const char* word : {"entretien", "justiciable", "assistant·e de justice", "Entretien en vain", "Assuétudes"})
    CHECK_MESSAGE(fr.find(word) != std::string::npos, word);
  for (const char* word : {"gesprek", "Justitiabele", "justitieassistent", "Sociale kaart", "SURB", "OCMW"})
    CHECK_MESSAGE(nl.find(word) != std::string::npos, word);
  // French typography: a (narrow) space before « ; : ? » is the translator's business, but the
  // apostrophe is always the typographic one.
  CHECK(fr.find('\'') == std::string::npos);
}

// A count is said with a plural key (I18n::Plural: zero, one, other), never with "(s)" or "(en)"
// glued to a word ("1 modification(s)", "verzegeld(e) document(en) kon(den)"), which a worker has
// to untangle. Brackets after a space ("Under a mandate (conditions)") are prose and allowed.
TEST_CASE("no text makes a plural with brackets") {
  I18n i18n = Load();
  // Any byte but a space or punctuation before the bracket: UTF-8 letters ("scellé(s)") included.
  static const std::regex kBracketPlural(R"([^[:space:][:punct:]]\((s|e|en|n|den|ken)\))");
  for (std::string lang : {"fr", "nl", "en"}) {
    CAPTURE(lang);
    for (const auto& [key, text] : i18n.table(lang)) {
      CAPTURE(key);
      CHECK_MESSAGE(!std::regex_search(text, kBracketPlural), text);
    }
  }
}

TEST_CASE("the screens contain no user-visible text literal") {
  const std::filesystem::path dir = std::filesystem::path(PASSERELLE_SOURCE_DIR) / "ui" / "screens";
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".cpp") continue;
    ++files;
    std::ifstream in(entry.path());
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::vector<std::string> lines{""};
    for (char c : buffer.str()) {
      if (c == '\n') lines.emplace_back();
      else lines.back().push_back(c);
    }
    for (const auto& [line, lit] : Literals(buffer.str())) {
      if (lines[static_cast<size_t>(line) - 1].find("static_assert") != std::string::npos) continue;  // for developers
      INFO(entry.path().filename().string() << ":" << line << " \"" << lit << "\"");
      CHECK_FALSE(LooksLikeText(lit));
    }
  }
  CHECK(files >= 9);
  // The rule itself.
  CHECK(LooksLikeText("Déverrouiller"));
  CHECK(LooksLikeText("Unlock###unlock"));
  CHECK(LooksLikeText("UTC"));
  CHECK_FALSE(LooksLikeText("unlock.submit"));
  CHECK_FALSE(LooksLikeText("###passerelle"));
  CHECK_FALSE(LooksLikeText("%s"));
  CHECK_FALSE(LooksLikeText(" \xC2\xB7 "));
  CHECK_FALSE(LooksLikeText("%04llx"));
}
