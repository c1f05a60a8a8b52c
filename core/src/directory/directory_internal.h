// Private to the directory module: text folding shared by import and search, the FTS tables,
// facet tokens, and the entry <-> JSON mapping. See docs/directory.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "passerelle/core/directory.h"

namespace passerelle::core::directory::internal {

// ---- Text ----

// Lowercase and strip Latin diacritics (é -> e, Ë -> e, ç -> c), fold ’ and ‘ to '. Used on both
// sides of every vocabulary comparison, so it only has to agree with itself; FTS5 does its own
// folding (unicode61 remove_diacritics 2) for the indexed text.
std::string Fold(std::string_view text);
// Splits text into words the way the FTS tokenizer does (letters and digits; everything else
// separates). Returns the words as written. Invalid UTF-8 bytes and private-use characters
// (reserved for facet tokens) separate words.
std::vector<std::string> Words(std::string_view text);
// True when a word of `folded_text` (already folded) starts with `folded_prefix`.
bool HasWordStartingWith(std::string_view folded_text, std::string_view folded_prefix);
// Unicode code points in valid UTF-8 (invalid bytes count one each).
size_t CodePoints(std::string_view text);
// True when the text is empty or only whitespace (ASCII and Unicode spaces).
bool IsBlank(std::string_view text);
// A string literal for an FTS5 query: "..." with inner quotes doubled.
std::string FtsQuote(std::string_view text);

// ---- FTS layout ----

// Three nested full-text tables, one per rank class; an entry's class for a query is the first
// table in which all the query's words match (docs/directory.md, "Ranking"):
//   dir_fts_name  : names and aliases
//   dir_fts_about : + organisation, commune, postcode
//   dir_fts_all   : + the French and Dutch descriptions
// Each also holds the entry's facet tokens (themes, sectors, regions, languages...), which filters
// use in every class and query words reach through the vocabulary from class 1 on.
inline constexpr const char* kFtsTables[] = {"dir_fts_name", "dir_fts_about", "dir_fts_all"};

// A single FTS token standing for a vocabulary value, e.g. U+E000 "th" "housing". It starts with a
// private-use character, which Words() never lets into a query word, so what a worker types can
// never match a facet token and facet tokens need no column filter.
std::string FacetToken(std::string_view list, std::string_view id);
// The facet token of one (folded) word of the commune, for the free-text commune filter.
std::string CommuneToken(std::string_view folded_word);

// ---- Entries ----

// The entry as a JSON object with the keys in the documented order (docs/directory-data.md §2.1).
nlohmann::ordered_json EntryJson(const Entry& e);
// Reads an entry from our own stored JSON (written by EntryJson). False if it is not an object.
bool EntryFromJson(const nlohmann::json& j, Entry* out);

// Comma-joined list, for the small list columns of dir_entry.
std::string JoinList(const std::vector<std::string>& items);
std::vector<std::string> SplitList(std::string_view joined);

}  // namespace passerelle::core::directory::internal
