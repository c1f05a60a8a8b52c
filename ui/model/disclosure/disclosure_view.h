// The plain values the disclosure screens draw, copied out of the core's types by
// disclosure_port.cpp (the only file of the app that calls the core's disclosure functions), so
// the view-models and screens do not change when a core signature is refined. Nothing here
// decides what may leave: the core composes, checks and refuses; these only carry its answer.
// Thread-safety: plain values.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace passerelle::ui {

// The document kinds the app offers (core::DocumentKind); the id is also the i18n suffix
// ("disclosure.kind.attendance").
enum class DisclosureKind { kAttendance, kReferral, kExitReport, kCoReport };
const char* DisclosureKindId(DisclosureKind kind);

// One block of the document exactly as it will leave (platform::pdf::Block).
struct PreviewBlock {
  enum class Kind { kTitle, kHeading, kParagraph, kField, kPersonWords, kNotice, kTableRow, kTableHeader };
  Kind kind = Kind::kParagraph;
  std::string label;
  std::string text;
  std::vector<std::string> cells;
};

// What the core's PreviewDisclosure composed: the document's title, header lines (service,
// recipient, legal basis, date), blocks, and the basis in one sentence.
struct PreviewView {
  std::string title;
  std::vector<std::pair<std::string, std::string>> header;
  std::vector<PreviewBlock> blocks;
  std::string basis_sentence;
};

// One line of the disclosure log (core::DisclosureLogEntry).
struct LogRow {
  std::string id, at, worker, recipient, kind, content_hash;
  std::string basis;        // "consent", "mandate", "necessity", "right_of_access"
  std::string basis_text;   // the core's words for it (the necessity reason...), may be ""
  std::string consent_id;   // under a consent: which one
  std::string device;       // the sending device, short ("1a2b"), "" when it is this one
  bool this_device = false;
  std::vector<std::string> field_categories;
  size_t record_count = 0;
  bool basis_since_withdrawn = false;
};

// A disclosure made: where its files were written and the code the recipient can check.
struct DisclosureDone {
  std::string log_entry_id;
  std::string verification_code;
  std::string pdf_path;
  std::string packet_path;  // "" when no packet was produced (no Passerelle recipient)
};

// The exit report (seed 004): one text per heading, in 004's order.
struct ExitReportDraft {
  std::string id;  // "" until first saved
  std::vector<std::pair<std::string, std::string>> sections;  // heading id -> text
};

// A passage of the co-constructed report, written with the person; `person_words` marks their
// own words (set apart in the document).
struct CoReportPassage {
  std::string id;  // "" until saved
  std::string text;
  bool person_words = false;
};

// The report and the person's agreement to it. The agreement is tied to the passages as they
// stood when it was recorded: after an edit the core asks for a new one before it can leave.
struct CoReportDraft {
  std::string id;  // "" until first saved
  std::vector<CoReportPassage> passages;
  std::string agreed_on;      // YYYY-MM-DD, "" = the person has not agreed yet
  std::string agreement_how;  // how the agreement was given (closed list id)
  bool agreement_current = false;  // the agreement covers the passages as saved now
};

}  // namespace passerelle::ui
