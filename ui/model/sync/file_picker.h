// An in-app file picker for sync bundles: a folder listing (sub-folders and *.bundle files) and
// a file name. The app has no portal or native dialog to rely on (and must not open anything
// network-backed), so it lists folders itself (platform::ListDirectory); nothing here is read from
// a file's content. Thread-safety: UI thread only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace passerelle::ui {

inline constexpr const char* kBundleExtension = ".bundle";

struct FileEntry {
  std::string name;
  bool folder = false;
  uintmax_t bytes = 0;
};

class FilePicker {
 public:
  // Lists `folder` (made absolute); false (and the previous listing kept) if it cannot be read.
  bool Open(const std::string& folder);
  bool Up();
  bool Enter(const std::string& name);
  const std::string& folder() const { return folder_; }
  const std::vector<FileEntry>& entries() const { return entries_; }
  const std::string& file_name() const { return file_name_; }
  // Accepts a bare name or a path (then the folder changes too).
  void SetFileName(const std::string& name_or_path);
  // folder/file_name, or "" when no file name is set.
  std::string path() const;
  bool error() const { return error_; }

 private:
  std::string folder_, file_name_;
  std::vector<FileEntry> entries_;
  bool error_ = false;
};

}  // namespace passerelle::ui
