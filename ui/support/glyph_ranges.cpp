#include "glyph_ranges.h"

#include <algorithm>

#include "text_fold.h"

namespace passerelle::ui {
namespace {

constexpr GlyphRange kBase[] = {
    {0x0020, 0x007E},  // Basic Latin
    {0x00A0, 0x00FF},  // Latin-1 Supplement: é è ç ë ï « » ± nbsp
    {0x0100, 0x017F},  // Latin Extended-A: œ Œ ğ ş ł ...
    {0x0218, 0x021B},  // ș ț (Romanian names)
    {0x2010, 0x2027},  // dashes, ‘ ’ ‚ “ ” „ • …
    {0x202F, 0x202F},  // narrow no-break space (French typography)
    {0x2030, 0x203A},  // ‰ ′ ″ ‹ ›
    {0x20AC, 0x20AC},  // €
    {0x2190, 0x2193},  // ← ↑ → ↓ (timeline, navigation)
    {0x25B8, 0x25B8},  // ▸ (folders in the file picker)
    {0x2713, 0x2713},  // ✓ (saved, consent given)
    {0x2715, 0x2715},  // ✕ (close)
    {0xFFFD, 0xFFFD},  // replacement character
};

}  // namespace

std::vector<GlyphRange> BuildGlyphRanges(const std::vector<const StringTable*>& tables) {
  std::vector<GlyphRange> ranges(std::begin(kBase), std::end(kBase));
  for (const StringTable* table : tables)
    for (const auto& [key, text] : *table)
      for (size_t i = 0; i < text.size();) {
        char32_t cp = NextCodePoint(text, i);
        if (cp >= 0x20 && cp <= 0xFFFF && !Covers(ranges, cp))
          ranges.push_back({static_cast<uint16_t>(cp), static_cast<uint16_t>(cp)});
      }
  std::sort(ranges.begin(), ranges.end(), [](const GlyphRange& a, const GlyphRange& b) { return a.first < b.first; });
  // Merge adjacent or overlapping ranges.
  std::vector<GlyphRange> merged;
  for (const auto& r : ranges) {
    if (!merged.empty() && r.first <= merged.back().last + 1)
      merged.back().last = std::max(merged.back().last, r.last);
    else
      merged.push_back(r);
  }
  return merged;
}

std::vector<uint16_t> ToImGuiRanges(const std::vector<GlyphRange>& ranges) {
  std::vector<uint16_t> out;
  for (const auto& r : ranges) {
    out.push_back(r.first);
    out.push_back(r.last);
  }
  out.push_back(0);
  return out;
}

bool Covers(const std::vector<GlyphRange>& ranges, char32_t code_point) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const GlyphRange& r) { return code_point >= r.first && code_point <= r.last; });
}

}  // namespace passerelle::ui
