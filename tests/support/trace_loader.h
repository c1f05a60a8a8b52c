// Editing traces (josephg/editing-traces format) for the text CRDT's tests (tests/data/traces)
// and benchmark (the directory PASSERELLE_BENCH_TRACES names): loading only, no replay policy.
// Positions and lengths are in code points.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/platform/status.h"

namespace passerelle::testing {

struct TracePatch {
  size_t pos = 0;
  size_t deleted = 0;
  std::string inserted;  // UTF-8
};

struct TraceTxn {
  std::vector<TracePatch> patches;
  std::vector<size_t> parents;  // indices of earlier txns (concurrent traces only)
  size_t agent = 0;
};

struct EditTrace {
  std::string start_content;
  std::string end_content;
  std::vector<TraceTxn> txns;
  size_t patch_count = 0;
};

// `name` without directory or extension, e.g. "automerge-paper".
inline std::string TracePath(std::string_view dir, std::string_view name) {
  return std::string(dir) + "/" + std::string(name) + ".json.gz";
}

// Reads and parses a gzipped trace. kNotFound if the file is missing, kCorrupt if it is not a
// trace.
Result<EditTrace> LoadTrace(const std::string& path);

}  // namespace passerelle::testing
