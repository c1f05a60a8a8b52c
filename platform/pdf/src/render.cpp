// The renderer in three steps: every block becomes an Item made of Bands (one line of text, or
// one line of each column side by side) measured by pango; the bands are placed on A4 pages
// (headings kept with what follows, table rows and fields kept whole when they fit, the table
// header repeated after a break); then each page is drawn with cairo, footer and "page n / N"
// included (N is known because placing comes before drawing).
#include "passerelle/platform/pdf/render.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include "fonts.h"
#include "passerelle/platform/utf8.h"

namespace passerelle::platform::pdf {
namespace {

constexpr double kPageWidth = 595.2756;   // A4, points
constexpr double kPageHeight = 841.8898;
constexpr double kMargin = 56.6929;       // 2 cm
constexpr double kTextWidth = kPageWidth - 2 * kMargin;
constexpr double kTop = kMargin;
constexpr double kBottom = kPageHeight - kMargin;
constexpr double kLineGap = 1.6;          // added to every line's own height
constexpr double kIndent = 14.0;          // the person's words and notices, right of their rule
constexpr double kCellPadding = 4.0;
constexpr size_t kMaxColumns = 12;

struct Rgb {
  double r, g, b;
};
constexpr Rgb kInk{0.07, 0.07, 0.07};
constexpr Rgb kGrey{0.38, 0.38, 0.38};
constexpr Rgb kRed{0.72, 0.05, 0.05};
constexpr Rgb kWordsRule{0.20, 0.36, 0.62};
constexpr Rgb kWordsShade{0.93, 0.95, 0.99};
constexpr Rgb kRule{0.75, 0.75, 0.75};

struct GObjectUnref {
  void operator()(void* p) const { g_object_unref(p); }
};
struct FontDescFree {
  void operator()(PangoFontDescription* p) const { pango_font_description_free(p); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectUnref>;
using FontPtr = std::unique_ptr<PangoFontDescription, FontDescFree>;

struct Font {
  double size;
  bool bold;
  bool italic;
};
constexpr Font kBody{10.0, false, false};
constexpr Font kBodyBold{10.0, true, false};
constexpr Font kTitleFont{17.0, true, false};
constexpr Font kSubtitleFont{14.0, true, false};
constexpr Font kHeadingFont{12.0, true, false};
constexpr Font kWordsFont{10.0, false, true};
constexpr Font kWordsLabelFont{8.5, false, true};
constexpr Font kTableFont{9.5, false, false};
constexpr Font kTableHeadFont{9.5, true, false};
constexpr Font kFooterFont{8.0, false, false};

// How a band is decorated when drawn.
enum class Deco { kNone, kWords, kNotice, kTableHead, kTableRow, kHeaderEnd };

struct Piece {
  PangoLayoutLine* line;  // owned by its layout, which the Composer keeps alive
  double x;
  double ascent;
  Rgb color;
};
struct Band {
  double height = 0;
  double ascent = 0;  // the tallest piece's, so pieces share one baseline
  Deco deco = Deco::kNone;
  std::vector<Piece> pieces;
};
struct Item {
  std::vector<Band> bands;
  double space_before = 0;
  bool keep_with_next = false;  // headings: never last on a page
  bool keep_together = false;   // moved whole to the next page when it fits on one
  bool table_header = false;
  bool table_row = false;
};

double Height(const Item& item) {
  double h = 0;
  for (const Band& b : item.bands) h += b.height;
  return h;
}

// Builds items; owns every layout the pieces point into.
class Composer {
 public:
  explicit Composer(PangoContext* context) : context_(context) {}

  // One layout of `text` in `font`, `width` points wide.
  PangoLayout* Layout(std::string_view text, const Font& font, double width) {
    LayoutPtr layout(pango_layout_new(context_));
    FontPtr desc(pango_font_description_new());
    pango_font_description_set_family(desc.get(), internal::kFamily);
    pango_font_description_set_size(desc.get(), static_cast<int>(font.size * PANGO_SCALE));
    pango_font_description_set_weight(desc.get(), font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(desc.get(), font.italic ? PANGO_STYLE_OBLIQUE : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(layout.get(), desc.get());
    pango_layout_set_width(layout.get(), static_cast<int>(std::max(width, 8.0) * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    layouts_.push_back(std::move(layout));
    return layouts_.back().get();
  }

  // Columns side by side: band k holds line k of every column.
  struct Column {
    PangoLayout* layout;
    double x;
    Rgb color;
  };
  std::vector<Band> Bands(const std::vector<Column>& columns, Deco deco) {
    std::vector<Band> bands;
    for (const Column& c : columns) {
      const int lines = pango_layout_get_line_count(c.layout);
      for (int i = 0; i < lines; ++i) {
        if (static_cast<size_t>(i) >= bands.size()) bands.emplace_back().deco = deco;
        PangoLayoutLine* line = pango_layout_get_line_readonly(c.layout, i);
        PangoRectangle logical;
        pango_layout_line_get_extents(line, nullptr, &logical);
        const double ascent = -static_cast<double>(logical.y) / PANGO_SCALE;
        const double height = static_cast<double>(logical.height) / PANGO_SCALE + kLineGap;
        Band& band = bands[static_cast<size_t>(i)];
        band.pieces.push_back({line, c.x, ascent, c.color});
        band.ascent = std::max(band.ascent, ascent);
        band.height = std::max(band.height, height);
      }
    }
    return bands;
  }

  Item Text(std::string_view text, const Font& font, Rgb color, double x, double space_before,
            Deco deco = Deco::kNone) {
    Item item;
    item.space_before = space_before;
    item.bands = Bands({{Layout(text, font, kTextWidth - x), x, color}}, deco);
    return item;
  }

  Item Field(std::string_view label, std::string_view text, double space_before) {
    const double label_width = kTextWidth * 0.32;
    Item item;
    item.space_before = space_before;
    item.keep_together = true;
    item.bands = Bands({{Layout(label, kBodyBold, label_width - 8), 0, kInk},
                        {Layout(text, kBody, kTextWidth - label_width), label_width, kInk}},
                       Deco::kNone);
    return item;
  }

  Item Row(const std::vector<std::string>& cells, bool header) {
    Item item;
    item.keep_together = true;
    item.table_header = header;
    item.table_row = !header;
    item.space_before = header ? 6 : 0;
    const double width = kTextWidth / static_cast<double>(cells.size());
    std::vector<Column> columns;
    for (size_t i = 0; i < cells.size(); ++i) {
      columns.push_back({Layout(cells[i], header ? kTableHeadFont : kTableFont, width - 2 * kCellPadding),
                         width * static_cast<double>(i) + kCellPadding, kInk});
    }
    item.bands = Bands(columns, header ? Deco::kTableHead : Deco::kTableRow);
    // Room above and below the text inside the row's rules.
    item.bands.front().height += 2;
    item.bands.front().ascent += 2;
    item.bands.back().height += 2;
    return item;
  }

 private:
  PangoContext* context_;
  std::vector<LayoutPtr> layouts_;
};

std::vector<Item> Compose(Composer& c, const Document& doc) {
  std::vector<Item> items;
  items.push_back(c.Text(doc.title, kTitleFont, kInk, 0, 0));
  for (size_t i = 0; i < doc.header.size(); ++i) {
    items.push_back(c.Field(doc.header[i].first, doc.header[i].second, i == 0 ? 10 : 1));
  }
  if (!items.empty() && !items.back().bands.empty()) items.back().bands.back().deco = Deco::kHeaderEnd;
  for (const Block& b : doc.blocks) {
    using K = Block::Kind;
    switch (b.kind) {
      case K::kTitle:
        items.push_back(c.Text(b.text, kSubtitleFont, kInk, 0, 18));
        items.back().keep_with_next = true;
        break;
      case K::kHeading:
        items.push_back(c.Text(b.text, kHeadingFont, kInk, 0, 14));
        items.back().keep_with_next = true;
        break;
      case K::kParagraph:
        items.push_back(c.Text(b.text, kBody, kInk, 0, 5));
        break;
      case K::kField:
        items.push_back(c.Field(b.label, b.text, 3));
        break;
      case K::kPersonWords: {
        Item item;
        item.space_before = 7;
        if (!b.label.empty()) {
          item = c.Text(b.label, kWordsLabelFont, kGrey, kIndent, 7, Deco::kWords);
        }
        Item words = c.Text(b.text, kWordsFont, kInk, kIndent, 0, Deco::kWords);
        item.bands.insert(item.bands.end(), words.bands.begin(), words.bands.end());
        item.keep_together = true;
        items.push_back(std::move(item));
        break;
      }
      case K::kNotice:
        items.push_back(c.Text(b.text, kBodyBold, kRed, kIndent, 7, Deco::kNotice));
        items.back().keep_together = true;
        break;
      case K::kTableHeader:
      case K::kTableRow:
        if (!b.cells.empty()) items.push_back(c.Row(b.cells, b.kind == K::kTableHeader));
        break;
    }
  }
  return items;
}

struct Placed {
  const Band* band;
  double y;
};
using Page = std::vector<Placed>;

// Places every band on a page, top to bottom.
std::vector<Page> Paginate(const std::vector<Item>& items) {
  std::vector<Page> pages(1);
  double y = kTop;
  const Item* table_header = nullptr;
  auto new_page = [&](bool in_table) {
    pages.emplace_back();
    y = kTop;
    if (in_table && table_header != nullptr) {
      for (const Band& b : table_header->bands) {
        pages.back().push_back({&b, y});
        y += b.height;
      }
    }
  };
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& item = items[i];
    if (item.bands.empty()) continue;
    if (item.table_header) table_header = &item;
    if (!item.table_header && !item.table_row) table_header = nullptr;
    const double space = y > kTop ? item.space_before : 0;
    double need = Height(item);
    if (item.keep_with_next && i + 1 < items.size() && !items[i + 1].bands.empty()) {
      const Item& next = items[i + 1];
      need += next.space_before + (next.keep_together ? Height(next) : next.bands.front().height);
    }
    const bool whole = item.keep_together || item.keep_with_next;
    if (whole && y > kTop && y + space + need > kBottom && need <= kBottom - kTop) new_page(item.table_row);
    y += y > kTop ? item.space_before : 0;
    for (const Band& band : item.bands) {
      if (y + band.height > kBottom && y > kTop) new_page(item.table_row);
      pages.back().push_back({&band, y});
      y += band.height;
    }
  }
  return pages;
}

void SetColor(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

void HLine(cairo_t* cr, double y, double width, Rgb color) {
  SetColor(cr, color);
  cairo_set_line_width(cr, width);
  cairo_move_to(cr, kMargin, y);
  cairo_line_to(cr, kMargin + kTextWidth, y);
  cairo_stroke(cr);
}

void DrawBand(cairo_t* cr, const Band& band, double y) {
  switch (band.deco) {
    case Deco::kWords:
      SetColor(cr, kWordsShade);
      cairo_rectangle(cr, kMargin, y, kTextWidth, band.height);
      cairo_fill(cr);
      SetColor(cr, kWordsRule);
      cairo_rectangle(cr, kMargin, y, 3, band.height);
      cairo_fill(cr);
      break;
    case Deco::kNotice:
      SetColor(cr, kRed);
      cairo_rectangle(cr, kMargin, y, 3, band.height);
      cairo_fill(cr);
      break;
    default:
      break;
  }
  for (const Piece& p : band.pieces) {
    SetColor(cr, p.color);
    cairo_move_to(cr, kMargin + p.x, y + band.ascent);
    pango_cairo_show_layout_line(cr, p.line);
  }
  if (band.deco == Deco::kTableHead) HLine(cr, y + band.height, 0.9, kInk);
  if (band.deco == Deco::kTableRow) HLine(cr, y + band.height, 0.4, kRule);
  if (band.deco == Deco::kHeaderEnd) HLine(cr, y + band.height + 5, 0.6, kRule);
}

std::string PageLabel(std::string label, size_t page, size_t pages) {
  for (auto [key, value] : {std::pair<std::string_view, size_t>{"{page}", page}, {"{pages}", pages}}) {
    for (size_t at = label.find(key); at != std::string::npos; at = label.find(key, at)) {
      const std::string number = std::to_string(value);
      label.replace(at, key.size(), number);
      at += number.size();
    }
  }
  return label;
}

void DrawFooter(cairo_t* cr, Composer& c, const Document& doc, size_t page, size_t pages) {
  const double y = kBottom + 18;
  HLine(cr, y - 6, 0.4, kRule);
  PangoLayout* left = c.Layout(doc.footer, kFooterFont, kTextWidth * 0.75);
  pango_layout_set_ellipsize(left, PANGO_ELLIPSIZE_END);
  pango_layout_set_height(left, 0);  // one line
  SetColor(cr, kGrey);
  cairo_move_to(cr, kMargin, y);
  pango_cairo_show_layout(cr, left);
  PangoLayout* right = c.Layout(PageLabel(doc.page_label, page, pages), kFooterFont, kTextWidth * 0.25);
  pango_layout_set_alignment(right, PANGO_ALIGN_RIGHT);
  pango_layout_set_height(right, 0);
  cairo_move_to(cr, kMargin + kTextWidth * 0.75, y);
  pango_cairo_show_layout(cr, right);
}

// UTF-8, and no control character but line feed and tab (they would print as boxes).
bool Printable(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const utf8::Decoded d = utf8::DecodeNext(text, i);
    if (!d.valid) return false;
    if ((d.cp < 0x20 && d.cp != '\n' && d.cp != '\t') || (d.cp >= 0x7f && d.cp < 0xa0)) return false;
  }
  return true;
}

Status Validate(const Document& doc) {
  std::vector<std::string_view> texts{doc.language, doc.title, doc.footer, doc.page_label, doc.created_at, doc.author};
  for (const auto& [label, value] : doc.header) {
    texts.push_back(label);
    texts.push_back(value);
  }
  for (const Block& b : doc.blocks) {
    texts.push_back(b.label);
    texts.push_back(b.text);
    if (b.cells.size() > kMaxColumns) {
      return InvalidInput("A table row of the document has more than " + std::to_string(kMaxColumns) + " cells.");
    }
    for (const std::string& cell : b.cells) texts.push_back(cell);
  }
  for (std::string_view t : texts) {
    if (!Printable(t)) return InvalidInput("The document holds text that is not printable UTF-8.");
  }
  // "2026-12-04T10:15:00Z": what cairo writes as the creation date.
  const std::string_view d = doc.created_at;
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  bool dated = d.size() == kShape.size();
  for (size_t i = 0; dated && i < d.size(); ++i) {
    dated = kShape[i] == 'd' ? (d[i] >= '0' && d[i] <= '9') : d[i] == kShape[i];
  }
  if (!d.empty() && !dated) return InvalidInput("The document's creation date is not of the form 2026-12-04T10:15:00Z.");
  return Status::Ok();
}

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  auto* out = static_cast<std::vector<uint8_t>*>(closure);
  out->insert(out->end(), data, data + length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Result<std::vector<uint8_t>> Render(const Document& doc) {
  PASSERELLE_RETURN_IF_ERROR(Validate(doc));
  std::lock_guard<std::mutex> hold(internal::RenderLock());
  PangoFontMap* fonts = internal::DejaVuFontMap();
  if (fonts == nullptr) return Internal("The DejaVu fonts needed to print documents cannot be loaded.");

  ContextPtr context(pango_font_map_create_context(fonts));
  // Unhinted metrics, unrounded positions: what is measured is what the PDF shows at any zoom.
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context.get(), options);
  cairo_font_options_destroy(options);
  pango_context_set_round_glyph_positions(context.get(), FALSE);
  pango_context_set_language(context.get(), pango_language_from_string(doc.language.empty() ? "fr" : doc.language.c_str()));

  Composer composer(context.get());
  const std::vector<Item> items = Compose(composer, doc);
  const std::vector<Page> pages = Paginate(items);

  std::vector<uint8_t> out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Append, &out, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
  if (!doc.author.empty()) cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, doc.author.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Passerelle");
  if (!doc.created_at.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, doc.created_at.c_str());
  }
  cairo_t* cr = cairo_create(surface);
  for (size_t p = 0; p < pages.size(); ++p) {
    for (const Placed& placed : pages[p]) DrawBand(cr, *placed.band, placed.y);
    DrawFooter(cr, composer, doc, p + 1, pages.size());
    cairo_show_page(cr);
  }
  const cairo_status_t drawn = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t finished = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (drawn != CAIRO_STATUS_SUCCESS || finished != CAIRO_STATUS_SUCCESS) {
    return Internal(std::string("The PDF could not be written: ") + cairo_status_to_string(drawn != CAIRO_STATUS_SUCCESS ? drawn : finished) + ".");
  }
  return out;
}

}  // namespace passerelle::platform::pdf
