#include "directory_words.h"

#include <cctype>
#include <string_view>
#include <vector>

namespace passerelle::ui {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "seed 001" or "seeds 000, 003" -> {"000", "003"}; false for anything else.
bool SeedNumbers(std::string_view text, std::vector<std::string>* numbers) {
  text = Trim(text);
  if (text.rfind("seeds ", 0) == 0) text.remove_prefix(6);
  else if (text.rfind("seed ", 0) == 0) text.remove_prefix(5);
  else return false;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view n = Trim(text.substr(0, comma));
    if (n.size() != 3 || !std::isdigit(static_cast<unsigned char>(n[0])) ||
        !std::isdigit(static_cast<unsigned char>(n[1])) || !std::isdigit(static_cast<unsigned char>(n[2])))
      return false;
    numbers->emplace_back(n);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return !numbers->empty();
}

// The documents' names in the UI language, joined ("a, b and c"); false if one is unknown.
bool DocumentList(const std::vector<std::string>& numbers, const I18n& t, std::string* list) {
  std::vector<std::string> documents;
  for (const auto& n : numbers) {
    std::string key = "directory_words.document_" + n;
    if (!t.Has(key.c_str())) return false;
    documents.emplace_back(t.T(key.c_str()));
  }
  for (size_t i = 0; i < documents.size(); ++i) {
    if (i > 0) list->append(i + 1 == documents.size() ? t.T("directory_words.and") : ", ");
    list->append(documents[i]);
  }
  return true;
}

}  // namespace

std::string SeedMentionsInWords(const std::string& text, const I18n& t) {
  std::string out;
  size_t from = 0;
  for (size_t open = text.find("(seed", from); open != std::string::npos; open = text.find("(seed", from)) {
    size_t close = text.find(')', open);
    if (close == std::string::npos) break;
    std::vector<std::string> numbers;
    std::string list;
    std::string_view inner(text.data() + open + 1, close - open - 1);
    out.append(text, from, open - from);
    if (SeedNumbers(inner, &numbers) && DocumentList(numbers, t, &list)) {
      out.append("(").append(t.Format("directory_words.according_to", {{"documents", list}})).append(")");
    } else {
      out.append(text, open, close + 1 - open);
    }
    from = close + 1;
  }
  out.append(text, from, std::string::npos);
  return out;
}

std::string SourceInWords(const std::string& source, const I18n& t) {
  std::string_view rest = source;
  size_t semicolon = rest.find(';');
  std::vector<std::string> numbers;
  if (!SeedNumbers(rest.substr(0, semicolon), &numbers)) return source;
  std::string list;
  if (!DocumentList(numbers, t, &list)) return source;  // a document this version does not know: as written
  if (!list.empty() && list.back() == '.') list.pop_back();  // "…R.A.J." then the sentence's own "."
  std::string out = t.Format("directory_words.taken_from", {{"documents", list}});
  if (semicolon != std::string_view::npos) {
    std::string_view note = Trim(rest.substr(semicolon + 1));
    if (!note.empty()) {  // appended apart: GCC 12 -O3 flags `" " + std::string` with a false -Wrestrict
      out += ' ';
      out.append(note);
    }
  }
  return out;
}

bool IsServiceType(const core::directory::Entry& e) { return e.kind == "service_type"; }

}  // namespace passerelle::ui
