// How the canonical dump turns its document into text, apart from the vault so that it can be
// fuzzed (tests/fuzz/json_output_fuzz.cpp). Internal to core.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace passerelle::core {

// Sorted keys, one-space indentation, UTF-8 text as is (canonical JSON needs no \u escapes for
// non-ASCII: "Zoë" stays readable and the bytes are still deterministic; control characters are
// still escaped), and a final newline. Stored text that is not valid UTF-8 (written before input
// was validated, or received from an older device) becomes U+FFFD instead of throwing: the dump
// never aborts and is always valid UTF-8.
inline std::string CanonicalDumpText(const nlohmann::json& dump) {
  return dump.dump(1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace passerelle::core
