// platform::ListDirectory: sorted listing, folders and links, sizes, and its errors.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "passerelle/platform/file.h"
#include "../support/temp_dir.h"

using passerelle::Code;
using passerelle::platform::DirEntry;
using passerelle::platform::ListDirectory;

namespace {

void Write(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

}  // namespace

TEST_CASE("ListDirectory lists every entry by name, with folders and sizes") {
  passerelle::testing::TempDir dir;
  namespace fs = std::filesystem;
  Write(dir.File("b.bundle"), "12345");
  Write(dir.File("a.txt"), "");
  Write(dir.File(".hidden"), "xy");
  fs::create_directory(dir.path() / "Zeta");
  fs::create_directory(dir.path() / "c-folder");
  Write(dir.File("\xC3\xA9t\xC3\xA9.bundle"), "1");  // "été": byte order puts it last
  fs::create_directory_symlink(dir.path() / "c-folder", dir.path() / "link-to-folder");
  fs::create_symlink(dir.path() / "b.bundle", dir.path() / "link-to-file");
  fs::create_symlink(dir.path() / "missing", dir.path() / "dangling");

  auto listed = ListDirectory(dir.path().string());
  REQUIRE(listed.ok());
  struct Want {
    std::string name;
    bool is_dir;
    uint64_t bytes;
  };
  const std::vector<Want> want = {
      {".hidden", false, 2},       {"Zeta", true, 0},           {"a.txt", false, 0},
      {"b.bundle", false, 5},      {"c-folder", true, 0},       {"dangling", false, 0},
      {"link-to-file", false, 5},  {"link-to-folder", true, 0}, {"\xC3\xA9t\xC3\xA9.bundle", false, 1},
  };
  REQUIRE(listed->size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    CAPTURE(want[i].name);
    const DirEntry& e = (*listed)[i];
    CHECK(e.name == want[i].name);
    CHECK(e.is_dir == want[i].is_dir);
    CHECK(e.bytes == want[i].bytes);
  }
}

TEST_CASE("ListDirectory of an empty folder, a missing path and a file") {
  passerelle::testing::TempDir dir;
  auto empty = ListDirectory(dir.path().string());
  REQUIRE(empty.ok());
  CHECK(empty->empty());

  auto missing = ListDirectory(dir.File("nope"));
  REQUIRE(!missing.ok());
  CHECK(missing.status().code() == Code::kNotFound);
  CHECK(missing.status().message().find("nope") != std::string::npos);

  Write(dir.File("file"), "x");
  auto file = ListDirectory(dir.File("file"));
  REQUIRE(!file.ok());
  CHECK(file.status().code() == Code::kInvalidInput);
}
