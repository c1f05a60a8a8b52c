// Inside the one path out (disclosure.h): the request checked and normalised, and the allow-list
// composition. Split from disclosure.cpp so the allow-lists read as one table per document kind.
#pragma once

#include <string>
#include <vector>

#include "passerelle/core/case_files.h"
#include "passerelle/core/disclosure.h"

namespace passerelle::core::disclosure_internal {

// The request after its checks: ISO dates, the records it names found in the dossier.
struct Checked {
  DisclosureRequest request;
  DossierDetail detail;
  std::string language;  // fr, nl, en
  std::string recipient_display;
};
// kInvalidInput / kNotFound for a request that names nothing valid; writes nothing.
Result<Checked> CheckRequest(const Vault& v, const DisclosureRequest& request);
// A referral sheet's request ticks the care handover (issue 15 part 6).
bool TicksCareHandover(const DisclosureRequest& r);
// kRefused unless the care handover records the person's agreement to share it with the service
// the referral is to (its first appointment's service).
Status CheckCareSharing(const Vault& v, const Checked& c);

struct Composition {
  DisclosureDocument document;
  std::vector<std::string> record_ids;        // sorted, unique
  std::vector<std::string> field_categories;  // sorted, unique
};
// The allow-list per kind: only the fields named in disclosure_compose.cpp, nothing by default.
// `basis_line` is the legal basis as the header shows it; `issued_on` the date of the document.
Result<Composition> Compose(const Vault& v, const Checked& c, const std::string& service,
                            const std::string& basis_line, bool necessity, const std::string& issued_on);

// The word for `key` in the request's language (the key itself without a words provider).
std::string Word(const Checked& c, std::string_view key);
std::string DateText(std::string_view iso);  // "2026-11-04" -> "04/11/2026"

}  // namespace passerelle::core::disclosure_internal
