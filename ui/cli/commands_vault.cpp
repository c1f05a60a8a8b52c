// Vault-level commands: init, passwd, dump, check, demo.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "demo_vault.h"
#include "passerelle/core/directory.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/organisation.h"
#include "passerelle/platform/file.h"
#include "records_json.h"

namespace passerelle::cli {
namespace {

Status Init(Context& ctx) {
  core::VaultOptions opts;
  opts.worker = ctx.args.Get("worker");
  opts.service = ctx.args.Get("service");
  opts.organisation_kind = ctx.args.Get("org-kind", "service");
  if (!core::ParseOrganisationKind(opts.organisation_kind))
    return InvalidInput("The organisation kind " + core::QuotedForMessage(opts.organisation_kind) +
                        " is not known (allowed: service, maison_de_justice).");
  if (opts.worker.empty()) return InvalidInput("Say who works in this vault with --worker NAME.");
  if (ctx.args.Has("low-cost-kdf")) opts.kdf = core::KdfParams::LowCostForTests();
  opts.shipped_directory = core::directory::AssetsDir(PASSERELLE_ASSETS_DIR);  // the R.A.J. directory
  PASSERELLE_ASSIGN_OR_RETURN(auto pass, ctx.NewPassphrase("PASSERELLE_PASSPHRASE", "passphrase-file"));
  PASSERELLE_ASSIGN_OR_RETURN(auto vault, core::Vault::Create(ctx.vault_path, pass, opts));
  PASSERELLE_ASSIGN_OR_RETURN(auto directory, core::directory::InstalledVersion(*vault));
  std::printf("Created vault %s for %s, with the service directory (version %lld, %lld services).\n",
              ctx.vault_path.c_str(), vault->worker().c_str(), static_cast<long long>(directory.version),
              static_cast<long long>(directory.entry_count));
  if (auto org = core::OwnOrganisation(*vault); org.ok())
    std::printf("Organisation: %s (%s), fingerprint %s.\n", org->name.c_str(), std::string(core::OrganisationKindId(org->kind)).c_str(),
                org->Fingerprint().c_str());
  return Status::Ok();
}

Status Passwd(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto old_pass, ctx.Passphrase("Current passphrase: "));
  PASSERELLE_ASSIGN_OR_RETURN(auto new_pass, ctx.NewPassphrase("PASSERELLE_NEW_PASSPHRASE", "new-passphrase-file"));
  core::KdfParams kdf = ctx.args.Has("low-cost-kdf") ? core::KdfParams::LowCostForTests() : core::KdfParams::Default();
  PASSERELLE_RETURN_IF_ERROR(core::Vault::ChangePassphrase(ctx.vault_path, old_pass, new_pass, kdf));
  std::puts("Passphrase changed.");
  return Status::Ok();
}

Status Dump(Context& ctx) {
  if (!ctx.args.Has("canonical")) return InvalidInput("Only the canonical dump exists: pass --canonical.");
  PASSERELLE_ASSIGN_OR_RETURN(auto vault, ctx.OpenVault());
  core::DumpOptions opts;
  opts.shared_only = ctx.args.Has("shared-only");
  // Streamed: a five-year vault's dump is tens of megabytes.
  return core::CanonicalDumpTo(*vault, opts, [](std::string_view piece) { std::fwrite(piece.data(), 1, piece.size(), stdout); });
}

Status Check(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto vault, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto problems, vault->Check());
  if (ctx.args.Has("json")) {
    PrintJson(JsonText(nlohmann::json{{"ok", problems.empty()}, {"problems", problems}}));
  } else {
    for (const auto& p : problems) std::printf("%s\n", p.c_str());
    if (problems.empty()) std::puts("The vault is healthy.");
  }
  if (!problems.empty()) return Corrupt("The vault failed its integrity check (" + std::to_string(problems.size()) + " problems).");
  return Status::Ok();
}

// The demo never replaces anything: PASSERELLE_VAULT may well name the worker's real vault.
Status Demo(Context& ctx) {
  for (const char* suffix : {"", ".key", "-wal"})
    if (platform::FileExists(ctx.vault_path + suffix))
      return Conflict("There is already a vault at " + ctx.vault_path +
                      "; the demo never replaces a vault, so give it a new path with --vault.");
  PASSERELLE_ASSIGN_OR_RETURN(auto vault, demo::CreateDemoVault(ctx.vault_path));
  std::printf("Demo vault created at %s (passphrase: %s).\n", ctx.vault_path.c_str(), demo::kDemoPassphrase);
  return Status::Ok();
}

}  // namespace

void RegisterVaultCommands(std::vector<CommandSpec>& out) {
  out.push_back({{"init"}, "init --worker NAME [--service NAME] [--org-kind service|maison_de_justice] [--low-cost-kdf]", Init, {"worker", "service", "org-kind"}, {"low-cost-kdf"}});
  out.push_back({{"passwd"}, "passwd [--low-cost-kdf]   (new passphrase from PASSERELLE_NEW_PASSPHRASE, --new-passphrase-file or prompt)",
                 Passwd, {"new-passphrase-file"}, {"low-cost-kdf"}});
  out.push_back({{"dump"}, "dump --canonical [--shared-only]", Dump, {}, {"canonical", "shared-only"}});
  out.push_back({{"check"}, "check [--json]", Check, {}, {"json"}});
  out.push_back({{"demo"}, "demo   (creates a fictional demo vault at a new vault path; never replaces a vault)", Demo});
}

}  // namespace passerelle::cli
