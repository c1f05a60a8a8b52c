// Sync and team-key commands: sync export / import / status, team init / export / join.
// The team passphrase (protecting an exported team key file) comes from PASSERELLE_TEAM_PASSPHRASE,
// --team-passphrase-file FILE, or the terminal; it is never the vault's passphrase.
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "passerelle/platform/clock.h"
#include "passerelle/platform/file.h"
#include "passerelle/platform/terminal.h"
#include "passerelle/sync/engine.h"
#include "records_json.h"

namespace passerelle::cli {
namespace {

using nlohmann::json;

std::string UtcFromMillis(int64_t millis) { return platform::FormatUtc(millis, platform::UtcStyle::kMinutes); }

// The team passphrase: environment, file, or terminal (asked twice when `confirm`).
Result<platform::SecureBuffer> TeamPassphrase(const Context& ctx, bool confirm) {
  if (auto env = platform::TakeSecretFromEnvironment("PASSERELLE_TEAM_PASSPHRASE"); env.ok()) return env;
  std::string file = ctx.args.Get("team-passphrase-file");
  if (!file.empty()) return platform::ReadSecretFromFile(file);
  PASSERELLE_ASSIGN_OR_RETURN(auto first, platform::ReadSecretFromTerminal("Team passphrase: "));
  if (!confirm) return first;
  PASSERELLE_ASSIGN_OR_RETURN(auto again, platform::ReadSecretFromTerminal("Repeat the team passphrase: "));
  if (first.view() != again.view()) return InvalidInput("The two team passphrases differ; nothing was written.");
  return first;
}

Result<std::string> RequiredOption(const Args& a, const char* name, const char* what) {
  std::string v = a.Get(name);
  if (v.empty()) return InvalidInput(std::string("Say ") + what + " with --" + name + ".");
  return v;
}

Status SyncExport(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto peer, RequiredOption(ctx.args, "to", "which device the bundle is for"));
  PASSERELLE_ASSIGN_OR_RETURN(auto out, RequiredOption(ctx.args, "out", "where to write the bundle"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto s, sync::ExportBundleFile(*v, peer, out));
  if (ctx.args.Has("json")) {
    PrintJson(JsonText(json{{"file", out}, {"peer", s.peer_label},
                            {"recipient", s.recipient ? core::ReplicaHex(s.recipient) : ""},
                            {"first_contact", s.first_contact}, {"ops", s.ops}, {"withheld", s.withheld},
                            {"bytes", s.bytes}}));
    return Status::Ok();
  }
  std::printf("Wrote %s for %s: %s, %s.\n", out.c_str(), s.peer_label.c_str(), Counted(s.ops, "change", "changes").c_str(),
              Counted(s.bytes, "byte", "bytes").c_str());
  if (s.first_contact)
    std::printf("No acknowledgement from %s yet, so every shareable change is included.\n", s.peer_label.c_str());
  if (s.withheld > 0) std::printf("%s on this device.\n", WithheldWords(s.withheld).c_str());
  return Status::Ok();
}

Status SyncImport(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the bundle file to import.");
  const std::string file = ctx.args.positional[0];
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  auto result = sync::ImportBundleFile(*v, file);
  if (!result.ok()) return Status::Error(result.status().code(), file + ": " + result.status().message());
  const auto& s = result.value();
  if (ctx.args.Has("json")) {
    json changes = json::array();
    for (const auto& c : s.changes)
      changes.push_back({{"dossier_id", c.dossier_id}, {"person", c.person_name}, {"records", c.records},
                         {"authors", c.authors}});
    PrintJson(JsonText(json{{"from", sync::ReplicaLabel(s.sender)}, {"sender", core::ReplicaHex(s.sender.replica)},
                            {"created_at", UtcFromMillis(s.created_at_millis)}, {"applied", s.applied},
                            {"duplicates", s.duplicates}, {"buffered", s.buffered}, {"changes", changes}}));
    return Status::Ok();
  }
  std::printf("Imported %s from %s (bundle made %s); %zu %s already here.\n",
              Counted(s.applied, "new change", "new changes").c_str(), sync::ReplicaLabel(s.sender).c_str(),
              UtcFromMillis(s.created_at_millis).c_str(), s.duplicates, s.duplicates == 1 ? "was" : "were");
  constexpr size_t kShown = 50;  // a first import can touch thousands of dossiers
  for (size_t i = 0; i < s.changes.size(); ++i) {
    if (i == kShown) {
      std::printf("  ... and %zu more dossiers (--json lists them all)\n", s.changes.size() - kShown);
      break;
    }
    const auto& c = s.changes[i];
    std::string authors;
    for (const auto& a : c.authors) authors += (authors.empty() ? "" : ", ") + a;
    if (c.dossier_id.empty())
      std::printf("  %s outside any dossier, by %s\n", Counted(c.records, "record", "records").c_str(), authors.c_str());
    else
      std::printf("  dossier %s%s%s: %s changed by %s\n", c.dossier_id.c_str(), c.person_name.empty() ? "" : " — ",
                  c.person_name.c_str(), Counted(c.records, "record", "records").c_str(), authors.c_str());
  }
  if (s.buffered > 0)
    std::printf("%s for earlier edits that another bundle will bring.\n",
                Counted(s.buffered, "text edit waits", "text edits wait").c_str());
  return Status::Ok();
}

Status SyncStatusCmd(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto s, sync::GetSyncStatus(*v));
  if (ctx.args.Has("json")) {
    json peers = json::array();
    for (const auto& p : s.peers)
      peers.push_back({{"replica", core::ReplicaHex(p.name.replica)}, {"worker", p.name.worker},
                       {"service", p.name.service}, {"pending", p.pending}, {"withheld", p.withheld},
                       {"last_import_at", p.last_import_at}, {"last_export_at", p.last_export_at}});
    PrintJson(JsonText(json{{"replica", core::ReplicaHex(s.self.replica)}, {"worker", s.self.worker},
                            {"service", s.self.service}, {"team_key", s.has_team_key},
                            {"team_key_id", s.team_key_id}, {"peers", peers}}));
    return Status::Ok();
  }
  std::printf("This device: %s, %s.\n", core::ReplicaHex(s.self.replica).c_str(), sync::ReplicaLabel(s.self).c_str());
  if (s.has_team_key)
    std::printf("Team key: %s.\n", s.team_key_id.c_str());
  else
    std::puts("No team key yet: run team init, or team join with a colleague's team key file.");
  if (s.peers.empty()) std::puts("No exchange with another device yet.");
  for (const auto& p : s.peers)
    std::printf("  %s %s  pending %zu  (last import %s, last export %s)\n", PadRight(sync::ReplicaLabel(p.name), 28).c_str(),
                core::ReplicaHex(p.name.replica).c_str(), p.pending,
                p.last_import_at.empty() ? "never" : p.last_import_at.c_str(),
                p.last_export_at.empty() ? "never" : p.last_export_at.c_str());
  return Status::Ok();
}

Status TeamInit(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_RETURN_IF_ERROR(sync::InitTeam(*v));
  std::puts("Created a new team key. Give it to colleagues with team export --out FILE.");
  return Status::Ok();
}

Status TeamExport(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto out, RequiredOption(ctx.args, "out", "where to write the team key file"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto pass, TeamPassphrase(ctx, /*confirm=*/true));
  core::KdfParams kdf = ctx.args.Has("low-cost-kdf") ? core::KdfParams::LowCostForTests() : core::KdfParams::Default();
  PASSERELLE_RETURN_IF_ERROR(sync::ExportTeamKey(*v, out, pass, kdf));
  std::printf("Wrote the team key to %s; give the team passphrase separately.\n", out.c_str());
  return Status::Ok();
}

Status TeamJoin(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the team key file to join with.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto pass, TeamPassphrase(ctx, /*confirm=*/false));
  PASSERELLE_RETURN_IF_ERROR(sync::JoinTeam(*v, ctx.args.positional[0], pass));
  std::puts("Joined the team: this vault can now exchange sync bundles with it.");
  return Status::Ok();
}

}  // namespace

void RegisterSyncCommands(std::vector<CommandSpec>& out) {
  const std::vector<std::string> json = {"json"};
  out.push_back({{"sync", "export"}, "sync export --to PEER --out FILE [--json]   (PEER: a colleague's name or device id)",
                 SyncExport, {"to", "out"}, json});
  out.push_back({{"sync", "import"}, "sync import FILE [--json]", SyncImport, {}, json, 1});
  out.push_back({{"sync", "status"}, "sync status [--json]   (pending changes per peer)", SyncStatusCmd, {}, json});
  out.push_back({{"team", "init"}, "team init   (creates this team's shared key in the vault)", TeamInit});
  out.push_back({{"team", "export"}, "team export --out FILE [--low-cost-kdf]   (team passphrase: PASSERELLE_TEAM_PASSPHRASE, --team-passphrase-file or prompt)",
                 TeamExport, {"out", "team-passphrase-file"}, {"low-cost-kdf"}});
  out.push_back({{"team", "join"}, "team join FILE   (team passphrase as for team export)", TeamJoin, {"team-passphrase-file"}, {}, 1});
}

}  // namespace passerelle::cli
