// Fonts and style of the field app. Fonts: DejaVu Sans (Debian fonts-dejavu-core: full Latin
// coverage) regular for the body and bold for headings, rasterised at the exact pixel size of the
// current scale (crisper than scaling the texture) with the glyph ranges of glyph_ranges.h.
// Style: a light theme readable in a bright visiting room, with touch-sized padding and
// ImGui's TouchExtraPadding enlarging every hit box. Thread-safety: UI thread only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "i18n.h"
#include "imgui.h"

namespace passerelle::ui {

inline constexpr float kBodyFontPx = 18.0f;
inline constexpr float kTitleFontPx = 25.0f;

struct FontSet {
  ImFont* body = nullptr;
  ImFont* title = nullptr;
};

class FontStore {
 public:
  // Reads both TrueType files; false with a message when one is missing or unreadable.
  bool Load(const std::string& regular_path, const std::string& bold_path, std::string* error);
  // Clears `atlas` and adds the body and title fonts at `scale`; the atlas still has to be built
  // (GetTexDataAsRGBA32) and uploaded by the renderer. The font bytes stay owned by this store.
  FontSet Build(ImFontAtlas& atlas, const I18n& i18n, float scale);
  const std::vector<uint16_t>& ranges() const { return ranges_; }

 private:
  std::vector<uint8_t> regular_, bold_;
  std::vector<uint16_t> ranges_;
};

// Resets ImGui's style to the app's theme at `scale`.
void ApplyTheme(float scale);

}  // namespace passerelle::ui
