// The office hub from the command line (docs/hub.md): hub join / status / leave, sync now, and the
// device setting "never use the network" (network on|off). Everything goes through
// sync/hub_client.h, the same calls as the app's "Sync with the office" screen, so both accept and
// refuse exactly the same things. Progress goes to stderr, the result in plain words to stdout.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "passerelle/core/packet_outbox.h"
#include "passerelle/sync/hub_client.h"
#include "passerelle/sync/hub_transport.h"
#include "records_json.h"

namespace passerelle::cli {
namespace {

using nlohmann::json;

// "never use the network" is on: its own exit code, so a script can tell it from a hub refusal.
Status RefuseIfNetworkOff(Context& ctx, core::Vault& v) {
  PASSERELLE_ASSIGN_OR_RETURN(bool allowed, sync::NetworkAllowed(v));
  if (allowed) return Status::Ok();
  ctx.exit_code = kExitNetworkOff;
  return Refused("This device is set to never use the network; turn it back on with network on to reach the office hub.");
}

// The hub could not be reached at all: its own exit code (12), so a script can tell "try again
// from the office" from a sync cut half-way (5) or a refusal.
Status Unreachable(Context& ctx, Status st) {
  if (sync::IsHubUnreachable(st)) ctx.exit_code = kExitHubUnreachable;
  return st;
}

std::string KindWords(const std::string& kind) {
  if (kind == "attendance") return "attendance attestation";
  if (kind == "referral") return "referral sheet";
  if (kind == "exit_report") return "exit report";
  if (kind == "co_report") return "co-constructed report";
  return kind;
}

json PacketsJson(const std::vector<sync::HubPacketNote>& notes, bool received) {
  json out = json::array();
  for (const auto& n : notes) {
    json o = {{"kind", n.kind}, {"organisation", n.organisation}};
    if (received) {
      o["person"] = n.person;
      o["visits"] = n.visits;
    }
    out.push_back(std::move(o));
  }
  return out;
}

void PrintPackets(const sync::HubSyncResult& r) {
  for (const auto& p : r.packets_sent)
    std::printf("Sealed document sent: %s to %s.\n", KindWords(p.kind).c_str(), p.organisation.c_str());
  for (const auto& p : r.packets_received)
    std::printf("Attendance received: %s, %s, signed by %s.\n", p.person.c_str(),
                Counted(p.visits, "visit", "visits").c_str(), p.organisation.c_str());
  if (r.packets_already_held > 0)
    std::printf("%s already in this vault; the hub was told.\n",
                Counted(r.packets_already_held, "sealed document was", "sealed documents were").c_str());
  if (r.packets_unreadable > 0)
    std::printf("%s: %s\n",
                Counted(r.packets_unreadable, "sealed document could not be imported and was left at the hub",
                        "sealed documents could not be imported and were left at the hub")
                    .c_str(),
                r.packet_unreadable_reason.c_str());
  if (r.packets_refused > 0)
    std::printf("%s (%s); %s\n",
                Counted(r.packets_refused, "sealed document was refused by the hub and will not be sent again",
                        "sealed documents were refused by the hub and will not be sent again")
                    .c_str(),
                r.packet_refused_reason.c_str(),
                r.packets_refused == 1 ? "produce it again if it is still needed." : "produce them again if they are still needed.");
}

json InfoJson(const sync::HubInfo& i) {
  return json{{"enrolled", i.enrolled},        {"hub_name", i.hub_name},         {"address", i.address},
              {"organisation", i.organisation}, {"device_id", i.device_id},      {"fingerprint", i.fingerprint},
              {"enrolled_at", i.enrolled_at},  {"last_sync_at", i.last_sync_at}, {"network", i.network_allowed ? "on" : "off"}};
}

Status HubJoin(Context& ctx) {
  if (ctx.args.positional.size() != 2)
    return InvalidInput("Give the hub's address and the enrolment code: hub join ADDRESS CODE.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_RETURN_IF_ERROR(RefuseIfNetworkOff(ctx, *v));
  auto joined = sync::JoinHub(*v, ctx.args.positional[0], ctx.args.positional[1]);
  if (!joined.ok()) return Unreachable(ctx, joined.status());
  const sync::HubInfo& info = *joined;
  if (ctx.args.Has("json")) {
    PrintJson(JsonText(InfoJson(info)));
    return Status::Ok();
  }
  std::printf("This device joined the office hub \"%s\" at %s for %s.\n", info.hub_name.c_str(), info.address.c_str(),
              info.organisation.c_str());
  std::printf("Hub fingerprint: %s\n", info.fingerprint.c_str());
  return Status::Ok();
}

Status HubStatusCmd(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(sync::HubInfo info, sync::GetHubInfo(*v));
  if (ctx.args.Has("json")) {
    PrintJson(JsonText(InfoJson(info)));
    return Status::Ok();
  }
  if (!info.enrolled) {
    std::puts("This device has joined no office hub.");
  } else {
    std::printf("Office hub: %s (%s), for %s\n", info.hub_name.c_str(), info.address.c_str(), info.organisation.c_str());
    std::printf("Last sync: %s\n", info.last_sync_at.empty() ? "never" : info.last_sync_at.c_str());
    std::printf("Hub fingerprint: %s\n", info.fingerprint.c_str());
  }
  std::printf("Network: %s\n", info.network_allowed ? "on (used only when you sync with the office hub)"
                                                    : "off (this device never uses the network)");
  return Status::Ok();
}

Status HubLeave(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_RETURN_IF_ERROR(sync::LeaveHub(*v));
  std::puts("This device left the office hub; its case files stay as they are.");
  return Status::Ok();
}

const char* StageWords(sync::HubSyncStage s) {
  switch (s) {
    case sync::HubSyncStage::kConnecting: return "connecting";
    case sync::HubSyncStage::kSending: return "sending";
    case sync::HubSyncStage::kReceiving: return "receiving";
    case sync::HubSyncStage::kFinishing: return "finishing";
    case sync::HubSyncStage::kDone: return "done";
  }
  return "";
}

Status SyncNow(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_RETURN_IF_ERROR(RefuseIfNetworkOff(ctx, *v));
  auto progress = [](const sync::HubSyncProgress& p) {
    std::fprintf(stderr, "%s: sent %zu of %zu changes, received %zu of %zu\n", StageWords(p.stage), p.sent, p.to_send,
                 p.received, p.to_receive);
  };
  auto synced = sync::SyncWithHub(*v, progress);
  if (!synced.ok()) return Unreachable(ctx, synced.status());
  const sync::HubSyncResult& r = *synced;
  if (ctx.args.Has("json")) {
    json changes = json::array();
    for (const auto& c : r.changes)
      changes.push_back({{"dossier_id", c.dossier_id}, {"person", c.person_name}, {"records", c.records},
                         {"authors", c.authors}});
    PrintJson(JsonText(json{{"hub_name", r.hub_name}, {"sent", r.sent}, {"withheld", r.withheld},
                            {"received", r.received}, {"duplicates", r.duplicates}, {"buffered", r.buffered},
                            {"bundles_imported", r.bundles_imported}, {"bundles_already_held", r.bundles_already_held},
                            {"bundles_unreadable", r.bundles_unreadable}, {"packets_waiting", r.packets_waiting},
                            {"packets_sent", PacketsJson(r.packets_sent, false)},
                            {"packets_received", PacketsJson(r.packets_received, true)},
                            {"packets_already_held", r.packets_already_held},
                            {"packets_unreadable", r.packets_unreadable},
                            {"packets_refused", r.packets_refused},
                            {"finished_at", r.finished_at},
                            {"changes", changes}}));
    return Status::Ok();
  }
  std::printf("Synced with the office hub \"%s\": sent %s, received %s.\n", r.hub_name.c_str(),
              Counted(r.sent, "change", "changes").c_str(), Counted(r.received, "new change", "new changes").c_str());
  if (r.withheld > 0) std::printf("%s on this device.\n", WithheldWords(r.withheld).c_str());
  constexpr size_t kShown = 50;
  for (size_t i = 0; i < r.changes.size() && i < kShown; ++i) {
    const auto& c = r.changes[i];
    std::string who;
    for (const auto& a : c.authors) who += (who.empty() ? "" : ", ") + a;
    const std::string about = c.person_name.empty() ? (c.dossier_id.empty() ? "outside any case file" : "case file " + c.dossier_id)
                                                    : "case file of " + c.person_name;
    std::printf("  %s: %s changed by %s\n", about.c_str(), Counted(c.records, "record", "records").c_str(), who.c_str());
  }
  if (r.changes.size() > kShown) std::printf("  ... and %zu more case files.\n", r.changes.size() - kShown);
  if (r.bundles_unreadable > 0)
    std::printf("%s: %s\n",
                Counted(r.bundles_unreadable, "package from a colleague could not be read and was left at the hub",
                        "packages from colleagues could not be read and were left at the hub")
                    .c_str(),
                r.unreadable_reason.c_str());
  PrintPackets(r);
  if (r.packets_waiting > 0)
    std::printf("%s for your organisation %s at the hub.\n",
                Counted(r.packets_waiting, "sealed document", "sealed documents").c_str(),
                r.packets_waiting == 1 ? "waits" : "wait");
  return Status::Ok();
}

// "sync outbox": the sealed documents made here for another organisation, sent or waiting.
Status SyncOutbox(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto packets, core::OutboxPackets(*v, false, false));
  if (ctx.args.Has("json")) {
    json out = json::array();
    for (const auto& p : packets)
      out.push_back({{"id", p.packet_id},
                     {"kind", p.kind},
                     {"organisation", p.to_org_name},
                     {"queued_at", p.queued_at},
                     {"sent_at", p.sent_at.empty() ? json(nullptr) : json(p.sent_at)},
                     {"refused", p.refused.empty() ? json(nullptr) : json(p.refused)}});
    PrintJson(JsonText(out));
    return Status::Ok();
  }
  if (packets.empty()) std::puts("No sealed document was made here for another organisation.");
  for (const auto& p : packets) {
    const std::string state = !p.refused.empty() ? "refused by the office hub, not sent again (" + p.refused + ")"
                              : p.sent_at.empty() ? std::string("waiting for the next sync with the office hub")
                                                  : "handed to the office hub at " + p.sent_at;
    std::printf("%s  %s to %s: %s\n", p.queued_at.c_str(), KindWords(p.kind).c_str(), p.to_org_name.c_str(),
                state.c_str());
  }
  return Status::Ok();
}

Status Network(Context& ctx) {
  if (ctx.args.positional.size() != 1 || (ctx.args.positional[0] != "on" && ctx.args.positional[0] != "off"))
    return InvalidInput("Say network on or network off.");
  const bool on = ctx.args.positional[0] == "on";
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_RETURN_IF_ERROR(sync::SetNetworkAllowed(*v, on));
  std::puts(on ? "Network on: this device connects only to its office hub, and only when you sync."
               : "Network off: this device will not use the network at all, not even to sync.");
  return Status::Ok();
}

}  // namespace

void RegisterHubCommands(std::vector<CommandSpec>& out) {
  const std::vector<std::string> json = {"json"};
  out.push_back({{"hub", "join"}, "hub join ADDRESS CODE [--json]   (the code the office's administrator gives you)", HubJoin,
                 {}, json, 2});
  out.push_back({{"hub", "status"}, "hub status [--json]   (the office hub, last sync, network setting)", HubStatusCmd, {}, json});
  out.push_back({{"hub", "leave"}, "hub leave   (forget the office hub; case files stay)", HubLeave});
  out.push_back({{"sync", "now"}, "sync now [--json]   (sync with the office hub; progress on stderr)", SyncNow, {}, json});
  out.push_back({{"sync", "outbox"}, "sync outbox [--json]   (sealed documents for other organisations: sent or waiting)",
                 SyncOutbox, {}, json});
  out.push_back({{"network"}, "network on|off   (off: this device never uses the network)", Network, {}, {}, 1});
}

}  // namespace passerelle::cli
