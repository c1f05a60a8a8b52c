// Fuzz target: the directory import validator (core/src/directory/directory_validate.cpp) on
// arbitrary bytes, against the bundled vocabulary. Validation is pure, so no vault is needed.
// Checked beyond "no crash, no sanitizer report": every issue formats, and a file that validates
// round-trips through ToJson() to the same entries with no error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "passerelle/core/directory.h"

#ifndef PASSERELLE_ASSETS_DIR
#define PASSERELLE_ASSETS_DIR "assets"
#endif

namespace dir = passerelle::core::directory;

namespace {

const dir::Vocabulary& Vocab() {
  static const dir::Vocabulary v = [] {
    auto r = dir::LoadVocabulary(dir::BundledVocabularyPath(dir::AssetsDir(PASSERELLE_ASSETS_DIR)));
    if (!r.ok()) std::abort();  // a missing vocabulary would make every input "unknown_theme"
    return r.value();
  }();
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  dir::Validation v = dir::Validate(text, Vocab());
  for (const auto& issue : v.issues)
    if (dir::FormatIssue(issue).empty()) std::abort();
  if (v.ok()) {
    dir::Validation again = dir::Validate(dir::ToJson(v.file), Vocab());
    if (!again.ok() || again.file.entries.size() != v.file.entries.size() || dir::ToJson(again.file) != dir::ToJson(v.file))
      std::abort();
  }
  return 0;
}
