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
// Whether WriteFileAtomic(path, ...) can create its file: the folder exists and may be written.
// For callers that must refuse before they change anything else (a sync export records in the
// vault that its ops are leaving); an IoError in the words WriteFileAtomic would use.
Status CheckCanWriteFile(const std::string& path);
// Renames `from` over `to` in one atomic step, then syncs the folder so the rename is durable.
Status RenameFile(const std::string& from, const std::string& to);
// Removes a file if it exists; missing is not an error.
Status RemoveFile(const std::string& path);
// One entry of a folder listing.
struct DirEntry {
  std::string name;     // the entry's own name (never "." or "..")
  bool is_dir = false;  // a folder, or a link to one
  uint64_t bytes = 0;   // the size of a regular file (or of the file a link names); 0 otherwise
};
// Lists the folder `path`: every entry but "." and ".." (hidden ones included), sorted by name
// (byte order). Links are followed; an entry that cannot be examined (a dangling link, a
// vanished file) is listed as a non-folder of 0 bytes. Errors: NotFound when `path` does not
// exist, InvalidInput when it is not a folder, IoError when it cannot be read (permissions...).
Result<std::vector<DirEntry>> ListDirectory(const std::string& path);
// Measures one write+fdatasync of `bytes` bytes in `dir`; used by benchmarks for the sync floor.
Result<double> MeasureFdatasyncMicros(const std::string& dir, size_t bytes, int rounds,
                                      std::vector<double>* samples);

}  // namespace passerelle::platform
