#include "text_fold.h"

#include <algorithm>

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
  // Not foldable: keep the original UTF-8 bytes.
  if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

char32_t NextCodePoint(std::string_view text, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int extra = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : -1;
  if (extra < 0 || i + static_cast<size_t>(extra) >= text.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = b0 & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    unsigned char b = byte(i + static_cast<size_t>(k));
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += static_cast<size_t>(extra) + 1;
  return cp;
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
