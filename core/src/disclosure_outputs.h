// The outputs of a disclosure (disclosure.h step d): the PDF from the platform renderer, signed
// with the organisation's key, and for a recipient organisation whose card this vault holds, the
// sealed packet. In memory only: the caller writes the log entry once these exist.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "passerelle/core/disclosure.h"

namespace passerelle::core::disclosure_outputs {

struct Statement {
  std::string kind, recipient, issued_at, verification_code;
};
struct Outputs {
  std::vector<uint8_t> pdf, packet;
  std::string recipient_org_id;  // "" when the recipient has no card here (no packet)
  // ContentHash of the PDF as rendered (before its signed trailer): what the signed statement
  // carries, what `verify` prints, and what the log keeps, so a PDF can be matched to its entry.
  std::string pdf_hash;
};
// `packet_wanted`: false for the person's own copy (a person has no Passerelle to receive it).
Result<Outputs> Produce(Vault& v, const DisclosureDocument& document, const Statement& statement,
                        const std::string& payload_json, bool packet_wanted);

}  // namespace passerelle::core::disclosure_outputs
