// A document to print, as plain data: what a disclosure (attestation, referral sheet, report,
// access copy) looks like on paper, with no knowledge of where its content came from. The core
// composes it (by allow-list), the renderer (render.h) turns it into PDF bytes. Every string is
// UTF-8 and already in the reader's language: the renderer translates nothing.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace passerelle::platform::pdf {

struct Block {
  enum class Kind {
    kTitle,        // a second title inside the document (e.g. one per part of an access copy)
    kHeading,      // a section heading: bold, kept with what follows it
    kParagraph,    // running text, wrapped
    kField,        // "label: text" on one line, label bold, text wrapped beside it
    kPersonWords,  // the person's own words: set apart (rule at the left, italic), `label` above it
    kNotice,       // a notice in red (état de nécessité, basis since withdrawn...)
    kTableHeader,  // column titles of the table rows that follow; repeated after a page break
    kTableRow,     // one row of `cells` (a date, a kind, an outcome...), columns share the width
  };
  Kind kind = Kind::kParagraph;
  std::string label;               // kField: the label; kPersonWords: who said it / when (optional)
  std::string text;                // every kind but the table ones
  std::vector<std::string> cells;  // kTableHeader and kTableRow
};

struct Document {
  std::string language;  // "fr", "nl", "en": the PDF's language, and the shaping hint
  std::string title;     // first page, large
  // Header lines under the title, label then value: the service, the recipient, the legal basis,
  // the date (the caller decides which and in which words).
  std::vector<std::pair<std::string, std::string>> header;
  std::vector<Block> blocks;
  std::string footer;  // on every page, left: e.g. "Code de vérification : 7K3Q-9XPA-M2DE-4HRT"
  // Page number on every page, right; "{page}" and "{pages}" are replaced ("Page {page} / {pages}").
  std::string page_label = "{page} / {pages}";
  // Metadata. created_at ("2026-12-04T10:15:00Z") becomes the PDF's creation date, so the same
  // document renders to the same bytes; empty: no date is written. author: the issuing service.
  std::string created_at;
  std::string author;
};

}  // namespace passerelle::platform::pdf
