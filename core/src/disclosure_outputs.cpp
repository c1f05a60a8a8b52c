// Rendering, signing and sealing a composed disclosure (disclosure_outputs.h), over seal's PDF
// renderer (platform/pdf) and envelope codec (disclosure_seal.h) and orgs' organisation keys.
#include "disclosure_outputs.h"

#include "organisation_keys.h"
#include "passerelle/core/disclosure_seal.h"
#include "passerelle/core/organisation.h"
#include "passerelle/platform/pdf/render.h"

namespace passerelle::core::disclosure_outputs {
namespace {

platform::pdf::Document ToPdf(const DisclosureDocument& d, const Statement& s, const std::string& author) {
  platform::pdf::Document out;
  out.language = d.language;
  out.title = d.title;
  out.header = d.header;
  out.footer = d.footer;
  out.created_at = s.issued_at;
  out.author = author;
  for (const auto& b : d.blocks) {
    using K = DocumentBlock::Kind;
    using P = platform::pdf::Block::Kind;
    P kind = P::kParagraph;
    switch (b.kind) {
      case K::kTitle: kind = P::kTitle; break;
      case K::kHeading: kind = P::kHeading; break;
      case K::kParagraph: kind = P::kParagraph; break;
      case K::kField: kind = P::kField; break;
      case K::kPersonWords: kind = P::kPersonWords; break;
      case K::kNotice: kind = P::kNotice; break;
      case K::kTableRow: kind = P::kTableRow; break;
      case K::kTableHeader: kind = P::kTableHeader; break;
    }
    // The first title is the document's own (Document::title): not repeated as a block.
    if (b.kind == K::kTitle && b.text == d.title && out.blocks.empty()) continue;
    out.blocks.push_back({kind, b.label, b.text, b.cells});
  }
  return out;
}

}  // namespace

Result<Outputs> Produce(Vault& v, const DisclosureDocument& document, const Statement& s,
                        const std::string& payload_json, bool packet_wanted) {
  PASSERELLE_ASSIGN_OR_RETURN(OrganisationCard own, OwnOrganisation(v));
  Outputs out;
  std::optional<OrganisationCard> recipient;
  if (packet_wanted) {
    auto found = FindRecipient(v, s.recipient);
    if (found.ok()) {
      recipient = *found;
      out.recipient_org_id = found->id;
    } else if (found.status().code() != Code::kNotFound) {
      return found.status();
    }
  }
  SignedStatement statement;
  statement.kind = s.kind;
  statement.issuer_card = EncodeCard(own);
  statement.recipient_id = out.recipient_org_id;
  statement.recipient_name = recipient ? recipient->name : s.recipient;
  statement.issued_at = s.issued_at;
  statement.verification_code = s.verification_code;
  Signer sign = [&v](std::span<const uint8_t> message) { return SignAsOrganisation(v, message); };

  PASSERELLE_ASSIGN_OR_RETURN(auto pdf, platform::pdf::Render(ToPdf(document, s, own.name)));
  out.pdf_hash = ContentHash(std::span<const uint8_t>(pdf));
  statement.content_hash = out.pdf_hash;
  PASSERELLE_ASSIGN_OR_RETURN(out.pdf, SignPdf(std::move(pdf), statement, sign));
  if (recipient) {
    statement.content_hash.clear();  // the packet's is its payload's (SealPacket fills it in)
    PASSERELLE_ASSIGN_OR_RETURN(out.packet, SealPacket(payload_json, statement, sign, recipient->encryption_key));
  }
  return out;
}

}  // namespace passerelle::core::disclosure_outputs
