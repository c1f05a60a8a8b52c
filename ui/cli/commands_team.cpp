// The dossier team (issue 15, core/team.h): `member list`, `member add`, `member set`, `member who`
// (the person's "who to ask for what"), `referent handover` (the one référent handover action, with
// its history). The words are not `team ...`: that is the sync team (commands_sync.cpp). The same
// core calls as the app's Team tab.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "passerelle/core/team.h"
#include "records_json.h"

namespace passerelle::cli {
namespace {

using nlohmann::json;

json MemberJson(const core::TeamMember& m) {
  return {{"id", m.id},           {"dossier_id", m.dossier_id}, {"role", m.role},
          {"name", m.name},       {"organisation", m.organisation}, {"service_id", m.service_id},
          {"contact", m.contact}, {"responsible_for", m.responsible_for}, {"since", m.since},
          {"until", m.until}};
}

const std::pair<const char*, const char*> kMemberOptions[] = {
    {"role", "role"},       {"name", "name"},   {"organisation", "organisation"}, {"service", "service_id"},
    {"contact", "contact"}, {"responsible-for", "responsible_for"}, {"since", "since"}, {"until", "until"}};

core::FieldValues MemberFields(const Context& ctx) {
  core::FieldValues fields;
  for (const auto& [option, field] : kMemberOptions)
    if (ctx.args.HasOption(option)) fields[field] = ctx.args.Get(option);
  return fields;
}

void PrintMembers(const std::vector<core::TeamMember>& members, bool json_out) {
  if (json_out) {
    json list = json::array();
    for (const auto& m : members) list.push_back(MemberJson(m));
    PrintJson(JsonText(list));
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : members)
    rows.push_back({m.id, m.role, m.name, m.organisation, m.contact,
                    m.until.empty() ? "since " + m.since : m.since + " - " + m.until, m.responsible_for});
  PrintTable(rows);
}

Status TeamList(Context& ctx) {
  const std::string dossier = ctx.args.Get("dossier");
  if (dossier.empty()) return InvalidInput("Name the dossier with --dossier ID.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto members, core::ListTeam(*v, dossier));
  PrintMembers(members, ctx.args.Has("json"));
  return Status::Ok();
}

Status TeamWho(Context& ctx) {
  const std::string dossier = ctx.args.Get("dossier");
  if (dossier.empty()) return InvalidInput("Name the dossier with --dossier ID.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto members, core::WhoToAsk(*v, dossier, core::Today(*v)));
  PrintMembers(members, ctx.args.Has("json"));
  return Status::Ok();
}

Status TeamAdd(Context& ctx) {
  core::FieldValues fields = MemberFields(ctx);
  if (ctx.args.HasOption("dossier")) fields["dossier_id"] = ctx.args.Get("dossier");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddTeamMember(*v, fields));
  if (ctx.args.Has("json"))
    PrintJson(JsonText(json{{"id", id}}));
  else
    std::printf("team member %s\n", id.c_str());
  return Status::Ok();
}

Status TeamSet(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the team member id.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  return core::UpdateTeamMember(*v, ctx.args.positional[0], MemberFields(ctx));
}

Status TeamHandover(Context& ctx) {
  const std::string dossier = ctx.args.Get("dossier");
  if (dossier.empty()) return InvalidInput("Name the dossier with --dossier ID.");
  if (ctx.args.positional.empty()) return InvalidInput("Name the worker who becomes the référent.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::HandOverReferent(*v, dossier, ctx.args.positional[0], ctx.args.Get("on"),
                                                              ctx.args.Get("contact"), ctx.args.Get("organisation")));
  if (ctx.args.Has("json"))
    PrintJson(JsonText(json{{"id", id}}));
  else
    std::printf("référent handed over: team member %s\n", id.c_str());
  return Status::Ok();
}

}  // namespace

void RegisterTeamCommands(std::vector<CommandSpec>& out) {
  out.push_back({{"member", "list"}, "member list --dossier ID [--json]   (current members first, then those who left)",
                 TeamList, {"dossier"}, {"json"}});
  out.push_back({{"member", "who"}, "member who --dossier ID [--json]   (the person's \"who to ask for what\": current members)",
                 TeamWho, {"dossier"}, {"json"}});
  out.push_back({{"member", "add"},
                 "member add --dossier ID --role R --name N [--organisation O] [--service DIRECTORY_ID] [--contact C] "
                 "[--responsible-for T] [--since D] [--until D] [--json]",
                 TeamAdd, {"dossier", "role", "name", "organisation", "service", "contact", "responsible-for", "since", "until"},
                 {"json"}});
  out.push_back({{"member", "set"},
                 "member set MEMBER_ID [--role R] [--name N] [--organisation O] [--service DIRECTORY_ID] [--contact C] "
                 "[--responsible-for T] [--since D] [--until D]   (\"\" clears)",
                 TeamSet, {"role", "name", "organisation", "service", "contact", "responsible-for", "since", "until"}, {}, 1});
  out.push_back({{"referent", "handover"},
                 "referent handover NAME --dossier ID [--on D] [--contact C] [--organisation O] [--json]   "
                 "(the référent changes: one action, the previous one's membership ends)",
                 TeamHandover, {"dossier", "on", "contact", "organisation"}, {"json"}, 1});
}

}  // namespace passerelle::cli
