// THE one path out of the service (issue 12; docs/disclosures.md). A document leaves only through
// Disclose(), which (a) asks the one consent check (consent.h CheckDisclosureBasis) for a basis,
// (b) composes the content from an allow-list per document kind: every field is named one by one
// in core/src/disclosure_compose.cpp and nothing is included by default, (c) writes one disclosure
// log entry (a grow-only record kind) in one Vault::Apply transaction, (d) produces the signed PDF
// and, for a recipient organisation whose card this vault holds, a sealed packet. A refused
// disclosure writes nothing. PreviewDisclosure() composes exactly what Disclose() would send and
// writes nothing, so a screen can show it before the worker confirms.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "passerelle/core/vault.h"

namespace passerelle::core {

enum class DocumentKind { kAttendance, kReferral, kExitReport, kCoReport, kAccessCopy };
// Stable ids, as stored in the log: "attendance", "referral", "exit_report", "co_report", "access_copy".
std::string_view DocumentKindId(DocumentKind kind);
std::optional<DocumentKind> ParseDocumentKind(std::string_view id);

// The document as data: what will leave, block by block. The renderer (seal's platform PDF) draws
// it; the content hash is taken over it, so the preview, the PDF and the log agree.
struct DocumentBlock {
  enum class Kind { kTitle, kHeading, kParagraph, kField /*label: text*/, kPersonWords /*set apart*/,
                    kNotice /*red*/, kTableRow, kTableHeader /*column titles of the rows that follow*/ };
  Kind kind = Kind::kParagraph;
  std::string label;
  std::string text;
  std::vector<std::string> cells;
};
struct DisclosureDocument {
  std::string language;  // fr, nl, en
  std::string title;
  std::vector<std::pair<std::string, std::string>> header;  // service, recipient, legal basis, date
  std::vector<DocumentBlock> blocks;
  std::string footer;  // the verification code line
};

// The words of the document (titles, labels, vocabulary labels) in a language (fr, nl, en). The
// front ends pass their translations (assets/i18n "disclosure_document" and "vocab" sections);
// without it the stable keys themselves appear. The core picks the language (the request's, or
// the person's own for an access copy), so the provider is asked with it.
using DocumentWords = std::function<std::string(std::string_view language, std::string_view key)>;

struct DisclosureRequest {
  DocumentKind kind = DocumentKind::kAttendance;
  std::string dossier_id;
  std::string recipient;           // the consent's partner as named, or a recipient organisation (id or name)
  std::string from_date, to_date;  // attendance: the period (YYYY-MM-DD or typed); "" = open
  std::string referral_id;         // referral: the plan item's referral record
  std::vector<std::string> ticked_fields;  // referral: ReferralOptionalFields() the worker ticked
  std::vector<std::string> note_ids;       // referral: note excerpts (each needs shared_notes)
  std::string report_id;                   // co_report: which report ("" = the dossier's only one)
  std::optional<std::string> necessity_reason;  // "état de nécessité": explicit, written, logged
  std::string language;  // fr, nl, en; "" = the person's language for an access copy, else fr
  DocumentWords words;
};

// The closed list of fields a worker may tick on a referral sheet, beyond the minimum.
const std::vector<std::string_view>& ReferralOptionalFields();

struct DisclosurePreview {
  DisclosureDocument document;  // exactly what will leave
  std::string basis_sentence;   // "Consent con-... given on 2026-11-02", "Judicial mandate", "État de nécessité: ..."
  bool necessity = false;       // shown in red
  std::vector<std::string> record_ids;       // the records whose fields are included
  std::vector<std::string> field_categories; // e.g. "person.name", "visit.date", "visit.outcome"
};
Result<DisclosurePreview> PreviewDisclosure(Vault& v, const DisclosureRequest& request);  // writes nothing

struct DisclosureResult {
  std::string log_entry_id;
  std::vector<uint8_t> pdf;     // signed
  std::vector<uint8_t> packet;  // sealed to the recipient organisation; empty when it has no card here
  std::string verification_code;
  std::string content_hash;
};
Result<DisclosureResult> Disclose(Vault& v, const DisclosureRequest& request);  // the ONE path out

struct DisclosureLogEntry {
  std::string id, dossier_id, at, worker, device, recipient, kind, basis, content_hash;
  std::string consent_id, basis_text, verification_code, referral_id;
  std::vector<std::string> record_ids, field_categories;
  bool basis_since_withdrawn = false;  // "disclosed under a consent since withdrawn"
};
// Newest first; all dossiers when dossier_id is nullopt.
Result<std::vector<DisclosureLogEntry>> DisclosureLog(const Vault& v, std::optional<std::string> dossier_id);

}  // namespace passerelle::core
