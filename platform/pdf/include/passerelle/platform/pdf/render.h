// The PDF renderer: a Document (document.h) in, PDF bytes out. Cairo lays out the pages, Pango
// shapes and wraps the text; the only fonts used are the DejaVu family Passerelle ships with
// (never whatever the machine happens to have), embedded as subsets. A4 portrait, 2 cm margins,
// footer and page numbers on every page. The same Document renders to the same bytes.
//
// Thread-safety: Render may be called from several threads; each call has its own surface.
#pragma once

#include <cstdint>
#include <vector>

#include "passerelle/platform/pdf/document.h"
#include "passerelle/platform/status.h"

namespace passerelle::platform::pdf {

// kInvalidInput when a string is not valid UTF-8 or a date is malformed; kInternal when cairo
// fails (out of memory) or the DejaVu fonts are missing.
Result<std::vector<uint8_t>> Render(const Document& document);

}  // namespace passerelle::platform::pdf
