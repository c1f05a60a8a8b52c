#include "file_picker.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace passerelle::ui {

namespace fs = std::filesystem;

bool FilePicker::Open(const std::string& folder) {
  std::error_code ec;
  fs::path p = fs::absolute(folder.empty() ? fs::path(".") : fs::path(folder), ec).lexically_normal();
  std::vector<FileEntry> listing;
  fs::directory_iterator it(p, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    error_ = true;
    return false;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const auto& e = *it;
    std::string name = e.path().filename().string();
    if (name.empty() || name[0] == '.') continue;  // hidden files and folders
    std::error_code type_ec;
    if (e.is_directory(type_ec)) {
      listing.push_back({name, true, 0});
    } else if (e.path().extension() == kBundleExtension) {
      std::error_code size_ec;
      listing.push_back({name, false, e.file_size(size_ec)});
    }
  }
  std::sort(listing.begin(), listing.end(), [](const FileEntry& a, const FileEntry& b) {
    return a.folder != b.folder ? a.folder : a.name < b.name;
  });
  std::string text = p.string();
  if (text.size() > 1 && text.back() == '/') text.pop_back();
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
