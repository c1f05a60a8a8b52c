#include "text_fold.h"

#include <algorithm>

#include "passerelle/platform/utf8.h"

namespace passerelle::ui {
namespace {

// Base letters for U+00C0..U+017F ('\0' = keep as-is). Two-letter folds (æ, œ, ß, ĳ) are below.
constexpr char kLatin1[] =
    "AAAAAAACEEEEIIII"   // C0-CF  (C6 Æ handled separately)
    "DNOOOOO\0OUUUUYTs"  // D0-DF  (D7 ×, DE Þ, DF ß handled separately)
    "aaaaaaaceeeeiiii"   // E0-EF
    "dnooooo\0ouuuuyty"; // F0-FF
constexpr char kLatinExtA[] =
    "AaAaAaCcCcCcCcDd"  // 100-10F
    "DdEeEeEeEeEeGgGg"  // 110-11F
    "GgGgHhHhIiIiIiIi"  // 120-12F
    "Ii\0\0JjKkkLlLlLlL"  // 130-13F (132/133 ĳ separately)
    "lLlNnNnNnnNnOoOo"  // 140-14F
    "Oo\0\0RrRrRrSsSsSs"  // 150-15F (152/153 œ separately)
    "SsTtTtTtUuUuUuUu"  // 160-16F
    "UuUuWwYyYZzZzZzs";  // 170-17F

void AppendFolded(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    char c = static_cast<char>(cp);
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return;
  }
  switch (cp) {
    case 0xC6: case 0xE6: out += "ae"; return;
    case 0xDF: out += "ss"; return;
    case 0x132: case 0x133: out += "ij"; return;
    case 0x152: case 0x153: out += "oe"; return;
    case 0x2019: case 0x2018: case 0x2032: out += '\''; return;  // typographic apostrophes
    case 0x2010: case 0x2011: case 0x2013: case 0x2014: out += '-'; return;
    default: break;
  }
  char base = '\0';
  if (cp >= 0xC0 && cp <= 0xFF) base = kLatin1[cp - 0xC0];
  if (cp >= 0x100 && cp <= 0x17F) base = kLatinExtA[cp - 0x100];
  if (base != '\0') {
    out += (base >= 'A' && base <= 'Z') ? static_cast<char>(base - 'A' + 'a') : base;
    return;
  }
  platform::utf8::AppendUtf8(out, cp);  // not foldable: keep the character
}

}  // namespace

char32_t NextCodePoint(std::string_view text, size_t& i) {
  return platform::utf8::DecodeNext(text, i).cp;
}

std::string FoldForSearch(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) AppendFolded(NextCodePoint(utf8, i), out);
  return out;
}

bool MatchesQuery(std::string_view query, const std::vector<std::string_view>& fields) {
  std::string q = FoldForSearch(query);
  std::vector<std::string> haystacks;
  haystacks.reserve(fields.size());
  for (auto f : fields) haystacks.push_back(FoldForSearch(f));
  size_t pos = 0;
  while (pos < q.size()) {
    size_t end = q.find(' ', pos);
    if (end == std::string::npos) end = q.size();
    std::string_view word(q.data() + pos, end - pos);
    if (!word.empty() && std::none_of(haystacks.begin(), haystacks.end(), [&](const std::string& h) {
          return h.find(word) != std::string::npos;
        }))
      return false;
    pos = end + 1;
  }
  return true;
}

}  // namespace passerelle::ui
