// Accent- and case-insensitive matching for search-as-you-type in the case list: "Medhi", "MEHDI"
// and "mehdi" find "Mehdi"; "ecole" finds "École"; "oeuvre" finds "œuvre". Latin letters with
// diacritics (Latin-1 Supplement and Latin Extended-A, which cover French, Dutch, German, Turkish
// and most names met in Belgian prisons) fold to their ASCII base. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace passerelle::ui {

// Lower-case ASCII rendering of UTF-8 text; characters it cannot fold are kept as-is.
std::string FoldForSearch(std::string_view utf8);

// True when every word of `query` (split on spaces) occurs in one of `fields`, ignoring case and
// accents. An empty query matches everything.
bool MatchesQuery(std::string_view query, const std::vector<std::string_view>& fields);

// Decodes one UTF-8 code point at `i` (which must be < text.size()), advancing it. An ill-formed
// sequence (overlong, surrogate, past U+10FFFF, truncated...) decodes as one U+FFFD per maximal
// subpart: platform::utf8::DecodeNext.
char32_t NextCodePoint(std::string_view text, size_t& i);

}  // namespace passerelle::ui
