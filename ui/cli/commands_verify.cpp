// `verify FILE`: is this disclosure (a signed PDF or a sealed packet) exactly what an organisation
// signed, who signed it, when, for whom. It needs no vault: anyone holding the file can check it
// (an AJ, a court clerk, the person). With a vault (--vault or PASSERELLE_VAULT) it also says
// whether the signer is this vault's own organisation or a recipient it has verified, and opens a
// packet addressed to this vault's organisation to check its content against the signature.
// A file that is not authentic has its own exit code (docs/cli.md), so scripts can tell it from a
// missing file or a wrong passphrase.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "passerelle/core/disclosure_seal.h"
#include "passerelle/core/organisation.h"
#include "passerelle/platform/file.h"
#include "records_json.h"

namespace passerelle::cli {
namespace {

using nlohmann::json;

constexpr size_t kMaxFileBytes = 256u << 20;  // far above any disclosure; a bound on what is read

const char* StandingId(core::Standing s) {
  switch (s) {
    case core::Standing::kOwnOrganisation: return "own";
    case core::Standing::kVerifiedRecipient: return "verified";
    case core::Standing::kUnknown: break;
  }
  return "unknown";
}

const char* StandingSentence(core::Standing s) {
  switch (s) {
    case core::Standing::kOwnOrganisation: return "This vault's own organisation.";
    case core::Standing::kVerifiedRecipient: return "An organisation this vault has verified.";
    case core::Standing::kUnknown: break;
  }
  return "Not an organisation this vault knows: compare the fingerprint with the one the organisation gives you.";
}

std::string KindWords(std::string_view kind_id) {
  std::string words(kind_id);
  for (char& c : words) c = c == '_' ? ' ' : c;
  return words;
}

// Failures of the file itself (altered, unsigned, sealed wrong) get the "not authentic" exit;
// the vault's own failures keep theirs.
Status NotAuthentic(Context& ctx, const Status& st) {
  if (st.code() == Code::kCorrupt) ctx.exit_code = kExitNotAuthentic;
  return st;
}

Status Verify(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the PDF or packet file to verify.");
  const std::string path = ctx.args.positional[0];
  PASSERELLE_ASSIGN_OR_RETURN(std::vector<uint8_t> file, platform::ReadFile(path));
  if (file.size() > kMaxFileBytes) {
    ctx.exit_code = kExitNotAuthentic;
    return Corrupt(path + " is far larger than any Passerelle document.");
  }
  auto verified = core::VerifyFile(file);
  if (!verified.ok()) return NotAuthentic(ctx, Status::Error(verified.status().code(), path + ": " + verified.status().message()));

  std::optional<core::Standing> standing;
  bool opened = false;
  VaultRef vault;
  if (!ctx.vault_path.empty() || ctx.batch_vault != nullptr) {
    PASSERELLE_ASSIGN_OR_RETURN(vault, ctx.OpenVault());
    PASSERELLE_ASSIGN_OR_RETURN(core::Standing s, core::StandingOf(*vault, verified->issuer));
    standing = s;
    PASSERELLE_ASSIGN_OR_RETURN(core::OrganisationCard own, core::OwnOrganisation(*vault));
    if (verified->kind == core::FileKind::kPacket && verified->statement.recipient_id == own.id) {
      auto open = core::OpenPacket(*vault, file);
      if (!open.ok()) return NotAuthentic(ctx, Status::Error(open.status().code(), path + ": " + open.status().message()));
      opened = true;
    }
  }

  const core::SignedStatement& st = verified->statement;
  const core::OrganisationCard& issuer = verified->issuer;
  const bool pdf = verified->kind == core::FileKind::kPdf;
  if (ctx.args.Has("json")) {
    json out = {{"authentic", true},
                {"file", pdf ? "pdf" : "packet"},
                {"kind", st.kind},
                {"issuer", {{"id", issuer.id}, {"name", issuer.name},
                            {"kind", std::string(core::OrganisationKindId(issuer.kind))},
                            {"fingerprint", issuer.Fingerprint()},
                            {"standing", standing ? json(StandingId(*standing)) : json(nullptr)}}},
                {"issued_at", st.issued_at},
                {"recipient", {{"id", st.recipient_id.empty() ? json(nullptr) : json(st.recipient_id)},
                               {"name", st.recipient_name}}},
                {"verification_code", st.verification_code},
                {"content_hash", st.content_hash},
                {"content_opened", pdf ? json(nullptr) : json(opened)}};
    PrintJson(JsonText(out));
    return Status::Ok();
  }
  std::printf("Authentic: this %s is exactly what was signed.\n", pdf ? "PDF" : "packet");
  std::vector<std::vector<std::string>> rows = {
      {"Document:", KindWords(st.kind)},
      {"Signed by:", issuer.name + " (" + KindWords(core::OrganisationKindId(issuer.kind)) + ")"},
      {"Fingerprint:", issuer.Fingerprint() + "  (" + issuer.id + ")"},
      {"Signed at:", st.issued_at},
      {"For:", st.recipient_name + (st.recipient_id.empty() ? "" : " (" + st.recipient_id + ")")},
      {"Verification code:", st.verification_code},
      {"Content hash:", st.content_hash}};
  if (standing) rows.push_back({"Known here:", StandingSentence(*standing)});
  if (!pdf) {
    rows.push_back({"Content:", opened ? "opened with this vault's key; it is what was signed."
                                       : "sealed to " + st.recipient_name + "; only that organisation can open it."});
  }
  PrintTable(rows);
  return Status::Ok();
}

}  // namespace

void RegisterVerifyCommands(std::vector<CommandSpec>& out) {
  CommandSpec verify{{"verify"}, "verify FILE [--json]", Verify, {}, {"json"}, 1};
  verify.needs_vault_path = false;
  out.push_back(std::move(verify));
}

}  // namespace passerelle::cli
