#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include <string>

namespace passerelle::platform::pdf::internal {

std::mutex& RenderLock() {
  static std::mutex lock;
  return lock;
}

namespace {

PangoFontMap* Build() {
  FcConfig* config = FcConfigCreate();  // empty: no system configuration, no system fonts
  if (config == nullptr) return nullptr;
  static constexpr const char* kFiles[] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
                                           "DejaVuSans-BoldOblique.ttf"};
  for (const char* file : kFiles) {
    const std::string path = std::string(PASSERELLE_PDF_FONT_DIR) + "/" + file;
    if (!FcConfigAppFontAddFile(config, reinterpret_cast<const FcChar8*>(path.c_str()))) {
      FcConfigDestroy(config);
      return nullptr;
    }
  }
  PangoFontMap* map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
  if (map == nullptr) {
    FcConfigDestroy(config);
    return nullptr;
  }
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);  // takes its own reference
  FcConfigDestroy(config);
  // Sizes in points: one user-space unit of the PDF surface is one point.
  pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(map), 72.0);
  return map;
}

}  // namespace

PangoFontMap* DejaVuFontMap() {
  static PangoFontMap* map = Build();
  return map;
}

}  // namespace passerelle::platform::pdf::internal

// Fontconfig keeps the fonts it has loaded for the life of the process in structures LeakSanitizer
// cannot follow (pointers stored as offsets), so every sanitizer run reported them as leaked,
// though they are built once and reachable. Only fontconfig's own allocations are silenced.
#if defined(__SANITIZE_ADDRESS__)
#define PASSERELLE_PDF_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PASSERELLE_PDF_LSAN 1
#endif
#endif
#ifdef PASSERELLE_PDF_LSAN
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
#endif
