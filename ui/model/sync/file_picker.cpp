#include "file_picker.h"

#include <algorithm>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "passerelle/platform/file.h"

namespace passerelle::ui {

namespace fs = std::filesystem;

bool FilePicker::Open(const std::string& folder) {
  std::error_code ec;
  fs::path p = fs::absolute(folder.empty() ? fs::path(".") : fs::path(folder), ec).lexically_normal();
  std::string text = p.string();
  if (text.size() > 1 && text.back() == '/') text.pop_back();
  auto listed = platform::ListDirectory(text);
  if (!listed.ok()) {
    error_ = true;
    return false;
  }
  std::vector<FileEntry> listing;
  for (const platform::DirEntry& e : *listed) {
    if (e.name.empty() || e.name[0] == '.') continue;  // hidden files and folders
    if (e.is_dir) {
      listing.push_back({e.name, true, 0});
    } else if (std::string_view(e.name).ends_with(kBundleExtension)) {
      listing.push_back({e.name, false, e.bytes});
    }
  }
  // Folders first, each group by name (the platform listing is already by name).
  std::stable_partition(listing.begin(), listing.end(), [](const FileEntry& e) { return e.folder; });
  folder_ = text;
  entries_ = std::move(listing);
  error_ = false;
  return true;
}

bool FilePicker::Up() { return Open(fs::path(folder_).parent_path().string()); }

bool FilePicker::Enter(const std::string& name) { return Open((fs::path(folder_) / name).string()); }

void FilePicker::SetFileName(const std::string& name_or_path) {
  fs::path p(name_or_path);
  if (p.has_parent_path()) {
    Open(p.parent_path().string());
    file_name_ = p.filename().string();
  } else {
    file_name_ = name_or_path;
  }
}

std::string FilePicker::path() const {
  if (file_name_.empty()) return {};
  return (fs::path(folder_) / file_name_).string();
}

}  // namespace passerelle::ui
