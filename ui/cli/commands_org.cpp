// Organisation commands: org card export / import / list (docs/cli.md, docs/disclosures.md
// "Organisations"). A card is public; importing one records a recipient as verified only once its
// fingerprint has been confirmed, read aloud with the organisation.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "passerelle/core/organisation.h"
#include "passerelle/platform/file.h"
#include "passerelle/platform/terminal.h"
#include "records_json.h"

namespace passerelle::cli {
namespace {

using nlohmann::json;

std::string KindWords(core::OrganisationKind kind) {
  return kind == core::OrganisationKind::kService ? "service" : "maison de justice";
}

Status CardExport(Context& ctx) {
  const std::string out = ctx.args.Get("out");
  if (out.empty()) return InvalidInput("Say where to write the card with --out FILE.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(core::OrganisationCard card, core::OwnOrganisation(*v));
  const std::string text = core::EncodeCard(card);
  PASSERELLE_RETURN_IF_ERROR(platform::WriteFileAtomic(out, std::vector<uint8_t>(text.begin(), text.end())));
  std::printf("Wrote the card of %s (%s) to %s.\nFingerprint, to read aloud to whoever imports it: %s\n",
              card.name.c_str(), KindWords(card.kind).c_str(), out.c_str(), card.Fingerprint().c_str());
  return Status::Ok();
}

Status CardImport(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the card file to import.");
  PASSERELLE_ASSIGN_OR_RETURN(auto bytes, platform::ReadFile(ctx.args.positional[0]));
  const std::string text(bytes.begin(), bytes.end());
  // Decoded before the vault opens: a file that is not a card is refused without a passphrase.
  PASSERELLE_ASSIGN_OR_RETURN(core::OrganisationCard card, core::DecodeCard(text));
  std::string confirmed = ctx.args.Get("fingerprint");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  if (confirmed.empty()) {
    // Shown here, confirmed by what the organisation reads aloud: a card swapped on the way has
    // another fingerprint.
    std::printf("Card of %s (%s), fingerprint %s.\n", card.name.c_str(), KindWords(card.kind).c_str(),
                card.Fingerprint().c_str());
    auto typed = platform::ReadSecretFromTerminal("Type the fingerprint the organisation reads to you: ");
    if (!typed.ok())
      return InvalidInput("Confirm the card's fingerprint with --fingerprint F, as the organisation reads it to you.");
    confirmed = std::string(typed->view());
    if (confirmed.empty()) return InvalidInput("No fingerprint was typed; the card was not recorded.");
  }
  PASSERELLE_ASSIGN_OR_RETURN(auto recorded, core::AddVerifiedRecipient(*v, text, confirmed));
  std::printf("Recorded %s (%s) as a verified recipient, fingerprint %s, id %s.\n", recorded.name.c_str(),
              KindWords(recorded.kind).c_str(), recorded.Fingerprint().c_str(), recorded.id.c_str());
  return Status::Ok();
}

Status CardList(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(core::OrganisationCard own, core::OwnOrganisation(*v));
  PASSERELLE_ASSIGN_OR_RETURN(auto recipients, core::VerifiedRecipients(*v));
  if (ctx.args.Has("json")) {
    json list = json::array();
    for (const auto& c : recipients)
      list.push_back(json{{"id", c.id}, {"name", c.name}, {"kind", std::string(core::OrganisationKindId(c.kind))},
                          {"fingerprint", c.Fingerprint()}});
    PrintJson(JsonText(list));
    return Status::Ok();
  }
  std::printf("This vault's organisation: %s (%s), fingerprint %s, id %s.\n", own.name.c_str(),
              KindWords(own.kind).c_str(), own.Fingerprint().c_str(), own.id.c_str());
  if (recipients.empty()) {
    std::puts("No verified recipients yet: import a card with org card import FILE.");
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows{{"id", "name", "kind", "fingerprint"}};
  for (const auto& c : recipients) rows.push_back({c.id, c.name, KindWords(c.kind), c.Fingerprint()});
  PrintTable(rows);
  return Status::Ok();
}

}  // namespace

void RegisterOrgCommands(std::vector<CommandSpec>& out) {
  out.push_back({{"org", "card", "export"}, "org card export --out FILE   (this vault's organisation's public card)",
                 CardExport, {"out"}});
  out.push_back({{"org", "card", "import"},
                 "org card import FILE [--fingerprint F]   (records a recipient as verified once its fingerprint is confirmed)",
                 CardImport, {"fingerprint"}, {}, 1});
  out.push_back({{"org", "card", "list"}, "org card list [--json]   (this vault's organisation and its verified recipients)",
                 CardList, {}, {"json"}});
}

}  // namespace passerelle::cli
