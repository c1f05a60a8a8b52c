// Small file helpers with the durability rules the vault needs: a file that replaces another is
// written beside it, fsync'ed, renamed over it, and the directory fsync'ed, so a crash leaves
// either the old or the new content, never a mix. Thread-safety: none needed (no shared state).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "passerelle/platform/status.h"

namespace passerelle::platform {

bool FileExists(const std::string& path);
Result<std::vector<uint8_t>> ReadFile(const std::string& path);
// Atomically replaces (or creates) `path` with `bytes`; on failure the old file is untouched.
Status WriteFileAtomic(const std::string& path, const std::vector<uint8_t>& bytes);
// Removes a file if it exists; missing is not an error.
Status RemoveFile(const std::string& path);
// Measures one write+fdatasync of `bytes` bytes in `dir`; used by benchmarks for the sync floor.
Result<double> MeasureFdatasyncMicros(const std::string& dir, size_t bytes, int rounds,
                                      std::vector<double>* samples);

}  // namespace passerelle::platform
