// The exit checklist and the care handover (issue 15, core/exit_plan.h): `exit list`, `exit set`,
// `care show`, `care set`. The same core calls as the app's Release tab, so both accept and refuse
// the same input. The care handover is health data: its output says so on every text listing.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "passerelle/core/exit_plan.h"
#include "records_json.h"

namespace passerelle::cli {
namespace {

using nlohmann::json;

json StepJson(const core::ExitStep& s) {
  return {{"id", s.id},
          {"dossier_id", s.dossier_id},
          {"step", s.step},
          {"status", s.status},
          {"open", s.Open()},
          {"member_id", s.member_id},
          {"days_before", s.days_before},
          {"custom_offset", s.custom_offset},
          {"due_date", s.due_date},
          {"service_id", s.service_id},
          {"commune", s.commune},
          {"housing_route", s.housing_route},
          {"comment", s.comment}};
}

Status NeedDossier(const Context& ctx, std::string& dossier) {
  dossier = ctx.args.Get("dossier");
  if (dossier.empty()) return InvalidInput("Name the dossier with --dossier ID.");
  return Status::Ok();
}

Status ExitList(Context& ctx) {
  std::string dossier;
  PASSERELLE_RETURN_IF_ERROR(NeedDossier(ctx, dossier));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto steps, core::ListExitSteps(*v, dossier));
  if (ctx.args.Has("json")) {
    json list = json::array();
    for (const auto& s : steps) list.push_back(StepJson(s));
    PrintJson(JsonText(list));
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : steps)
    rows.push_back({s.step, s.status, s.due_date.empty() ? "-" : "due " + s.due_date,
                    s.member_id.empty() ? "-" : s.member_id, s.service_id});
  PrintTable(rows);
  return Status::Ok();
}

Status ExitSet(Context& ctx) {
  std::string dossier;
  PASSERELLE_RETURN_IF_ERROR(NeedDossier(ctx, dossier));
  if (ctx.args.positional.empty()) return InvalidInput("Name the step to change (for example identity_card).");
  core::FieldValues fields;
  const std::pair<const char*, const char*> kOptions[] = {
      {"status", "status"},           {"member", "member_id"},   {"days-before", "days_before"},
      {"due-date", "due_date"},       {"service", "service_id"}, {"commune", "commune"},
      {"housing-route", "housing_route"}, {"comment", "comment"}};
  for (const auto& [option, field] : kOptions)
    if (ctx.args.HasOption(option)) fields[field] = ctx.args.Get(option);
  if (fields.empty()) return InvalidInput("Say what to change, for example --status in_progress.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  return core::SetExitStep(*v, dossier, ctx.args.positional[0], fields);
}

Status CareShow(Context& ctx) {
  std::string dossier;
  PASSERELLE_RETURN_IF_ERROR(NeedDossier(ctx, dossier));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto c, core::GetCareHandover(*v, dossier));
  if (ctx.args.Has("json")) {
    PrintJson(JsonText(json{{"id", c.id},
                            {"dossier_id", c.dossier_id},
                            {"written", c.written},
                            {"treatment_continues", c.treatment_continues},
                            {"treatment", c.treatment},
                            {"prescriber", c.prescriber},
                            {"first_appointment", c.first_appointment},
                            {"service_id", c.service_id},
                            {"sharing_agreed", c.sharing_agreed}}));
    return Status::Ok();
  }
  std::printf("Health data: stays within the service; shared only with the person's agreement.\n");
  PrintTable({{"treatment continues", c.treatment_continues.empty() ? "-" : c.treatment_continues},
              {"treatment", c.treatment},
              {"prescriber outside", c.prescriber},
              {"first appointment", c.first_appointment},
              {"service", c.service_id},
              {"agreed to share", c.sharing_agreed.empty() ? "-" : c.sharing_agreed}});
  return Status::Ok();
}

Status CareSet(Context& ctx) {
  std::string dossier;
  PASSERELLE_RETURN_IF_ERROR(NeedDossier(ctx, dossier));
  core::FieldValues fields;
  const std::pair<const char*, const char*> kOptions[] = {
      {"continues", "treatment_continues"}, {"treatment", "treatment"}, {"prescriber", "prescriber"},
      {"first-appointment", "first_appointment"}, {"service", "service_id"}, {"sharing", "sharing_agreed"}};
  for (const auto& [option, field] : kOptions)
    if (ctx.args.HasOption(option)) fields[field] = ctx.args.Get(option);
  if (fields.empty()) return InvalidInput("Say what to change, for example --continues yes.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  return core::SetCareHandover(*v, dossier, fields);
}

}  // namespace

void RegisterExitCommands(std::vector<CommandSpec>& out) {
  out.push_back({{"exit", "list"}, "exit list --dossier ID [--json]   (the exit checklist: every step, due dates counted back from the release)",
                 ExitList, {"dossier"}, {"json"}});
  out.push_back({{"exit", "set"},
                 "exit set STEP --dossier ID [--status S] [--member TEAM_MEMBER_ID] [--days-before N | --due-date D] "
                 "[--service DIRECTORY_ID] [--commune C] [--housing-route R] [--comment C]   (\"\" clears)",
                 ExitSet, {"dossier", "status", "member", "days-before", "due-date", "service", "commune", "housing-route", "comment"},
                 {}, 1});
  out.push_back({{"care", "show"}, "care show --dossier ID [--json]   (the care handover: health data, within the service)",
                 CareShow, {"dossier"}, {"json"}});
  out.push_back({{"care", "set"},
                 "care set --dossier ID [--continues yes|no|unknown] [--treatment T] [--prescriber P] "
                 "[--first-appointment D] [--service DIRECTORY_ID] [--sharing yes|no|not_asked]   (\"\" clears)",
                 CareSet, {"dossier", "continues", "treatment", "prescriber", "first-appointment", "service", "sharing"}});
}

}  // namespace passerelle::cli
