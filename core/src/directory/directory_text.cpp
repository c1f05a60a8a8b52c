// Text helpers of the directory: UTF-8 decoding, accent folding, word splitting, FTS quoting.
// Written by hand rather than with ICU: the directory's languages are French, Dutch, German and
// English, whose letters all sit in Latin-1 and Latin Extended-A.
#include <cstdint>
#include <string>

#include "directory_internal.h"
#include "passerelle/platform/utf8.h"

namespace passerelle::core::directory::internal {
namespace {

constexpr uint32_t kInvalid = 0xFFFFFFFF;

// Decodes one code point at s[i], advancing i (platform/utf8.h). An ill-formed sequence yields
// kInvalid and is skipped by its maximal subpart.
uint32_t Next(std::string_view s, size_t& i) {
  const platform::utf8::Decoded d = platform::utf8::DecodeNext(s, i);
  return d.valid ? static_cast<uint32_t>(d.cp) : kInvalid;
}

// Base letter of U+00C0..U+017F; '*' keeps the letter (only lowercased).
constexpr std::string_view kLatin1 = "aaaaaa*ceeeeiiiidnooooo*ouuuuy**aaaaaa*ceeeeiiiidnooooo*ouuuuy*y";
constexpr std::string_view kLatinExtA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnn**oooooo**rrrrrrsssssssstttttt"
    "uuuuuuuuuuuuwwyyyzzzzzzs";
static_assert(kLatin1.size() == 64 && kLatinExtA.size() == 128);

uint32_t FoldCodePoint(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC) return '\'';
  if (cp >= 0xC0 && cp <= 0xFF) {
    char base = kLatin1[cp - 0xC0];
    if (base != '*') return static_cast<uint32_t>(base);
    return (cp == 0xC6 || cp == 0xDE) ? cp + 0x20 : cp;  // Æ -> æ, Þ -> þ; ×, ß, ÷ stay
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    char base = kLatinExtA[cp - 0x100];
    if (base != '*') return static_cast<uint32_t>(base);
    return cp | 1;  // Ĳ Ŋ Œ -> ĳ ŋ œ (upper case at the even code point)
  }
  return cp;
}

bool IsSpace(uint32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

// Letters and digits as FTS5's unicode61 sees them, close enough for Latin scripts: Latin-1
// punctuation, general punctuation and currency signs separate words; other non-ASCII is a letter.
bool IsWordChar(uint32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  if (cp == kInvalid) return false;
  if (cp >= 0xA0 && cp <= 0xBF)
    return cp == 0xAA || cp == 0xB2 || cp == 0xB3 || cp == 0xB5 || cp == 0xB9 || cp == 0xBA || cp >= 0xBC;
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x206F) return false;  // general punctuation: dashes, quotes, ellipsis
  if (cp >= 0x20A0 && cp <= 0x20CF) return false;  // currency signs
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  // Private use: reserved for our facet tokens (FacetToken), so never part of a query word.
  if ((cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000) return false;
  return true;
}

}  // namespace

std::string Fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (static_cast<uint8_t>(c) < 0x80) {  // ASCII fast path: most of the text
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
      ++i;
      continue;
    }
    uint32_t cp = Next(text, i);
    if (cp == kInvalid) continue;
    platform::utf8::AppendUtf8(out, FoldCodePoint(cp));
  }
  return out;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  size_t start = std::string_view::npos;
  for (size_t i = 0; i < text.size();) {
    size_t at = i;
    uint32_t cp = Next(text, i);
    // A combining mark extends a word (FTS5 drops it) but cannot start one.
    bool word = IsWordChar(cp) && !(start == std::string_view::npos && cp >= 0x300 && cp <= 0x36F);
    if (word && start == std::string_view::npos) start = at;
    if (!word && start != std::string_view::npos) {
      out.emplace_back(text.substr(start, at - start));
      start = std::string_view::npos;
    }
  }
  if (start != std::string_view::npos) out.emplace_back(text.substr(start));
  return out;
}

bool HasWordStartingWith(std::string_view folded_text, std::string_view folded_prefix) {
  if (folded_prefix.empty()) return false;
  // Find each occurrence, then check it starts a word: the code point before it is not a word
  // character. Most fields do not contain the prefix at all, so this is mostly one find().
  for (size_t at = folded_text.find(folded_prefix); at != std::string_view::npos;
       at = folded_text.find(folded_prefix, at + 1)) {
    if (at == 0) return true;
    size_t prev = at - 1;
    while (prev > 0 && (static_cast<uint8_t>(folded_text[prev]) & 0xC0) == 0x80) --prev;
    size_t i = prev;
    if (!IsWordChar(Next(folded_text, i))) return true;
  }
  return false;
}

size_t CodePoints(std::string_view text) {
  size_t n = 0;
  for (size_t i = 0; i < text.size(); ++n) Next(text, i);
  return n;
}

bool IsBlank(std::string_view text) {
  for (size_t i = 0; i < text.size();)
    if (!IsSpace(Next(text, i))) return false;
  return true;
}

std::string FtsQuote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {

std::string_view FacetPrefix(std::string_view list) {
  if (list == "themes") return "th";
  if (list == "sectors") return "se";
  if (list == "regions") return "rg";
  if (list == "languages") return "lg";
  if (list == "publics") return "pu";
  if (list == "kinds") return "ki";
  if (list == "inside_prison") return "ip";
  return "xx";
}

constexpr std::string_view kPrivateUse = "\xEE\x80\x80";  // U+E000

}  // namespace

std::string FacetToken(std::string_view list, std::string_view id) {
  std::string out(kPrivateUse);
  out += FacetPrefix(list);
  for (char c : id)
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;  // "social_admin_rights" -> one token
  return out;
}

std::string CommuneToken(std::string_view folded_word) {
  return std::string(kPrivateUse) + "cm" + std::string(folded_word);
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view joined) {
  std::vector<std::string> out;
  while (!joined.empty()) {
    size_t comma = joined.find(',');
    out.emplace_back(joined.substr(0, comma));
    if (comma == std::string_view::npos) break;
    joined.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace passerelle::core::directory::internal
