// The renderer's fonts: one pango font map over a private fontconfig holding only the DejaVu
// files (regular, bold, oblique, bold oblique), built once per process. Pango's font maps are not
// safe to share between threads, so every use holds RenderLock().
#pragma once

#include <mutex>

typedef struct _PangoFontMap PangoFontMap;

namespace passerelle::platform::pdf::internal {

std::mutex& RenderLock();
// nullptr when the DejaVu files cannot be loaded. Call with RenderLock() held. Lives until exit.
PangoFontMap* DejaVuFontMap();
inline constexpr const char* kFamily = "DejaVu Sans";

}  // namespace passerelle::platform::pdf::internal
