// How the canonical dump turns its document into text, apart from the vault so that it can be
// fuzzed (tests/fuzz/json_output_fuzz.cpp). Internal to core.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace passerelle::core {

// Sorted keys, one-space indentation, ASCII only (byte-stable whatever the terminal's encoding),
// and a final newline. Stored text that is not valid UTF-8 (written before input was validated,
// or received from an older device) becomes U+FFFD instead of throwing: the dump never aborts.
inline std::string CanonicalDumpText(const nlohmann::json& dump) {
  return dump.dump(1, ' ', /*ensure_ascii=*/true, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace passerelle::core
