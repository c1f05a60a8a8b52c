// Which characters the font atlas must contain. Dear ImGui's default ranges stop at U+00FF, which
// misses œ (U+0153), ’ (U+2019), … (U+2026), € (U+20AC) and the narrow no-break space French puts
// before « ; : ! ? » (U+202F). The ranges below cover French, Dutch, German and the names met in
// Belgian case files, plus every character actually used in the translation files (so a new
// translation can never show "?" boxes). Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "i18n.h"

namespace passerelle::ui {

// Inclusive [first, last] code point pairs, sorted, non-overlapping, all within the BMP.
struct GlyphRange {
  uint16_t first;
  uint16_t last;
};

// The fixed base set (Latin, Latin-1, Latin Extended-A, typographic punctuation, €, arrows used
// by the UI) merged with every code point in `tables`.
std::vector<GlyphRange> BuildGlyphRanges(const std::vector<const StringTable*>& tables);

// Dear ImGui's format: first, last, first, last, ..., 0.
std::vector<uint16_t> ToImGuiRanges(const std::vector<GlyphRange>& ranges);

bool Covers(const std::vector<GlyphRange>& ranges, char32_t code_point);

}  // namespace passerelle::ui
