// The person's relatives (issue 15 part 5): minimal records, whether the person agrees that they
// be contacted and by whom, linked to plan items of the family domain. The same core calls as the
// app's "Family" tab (core/needs.h). A relative followed as a person of their own is a person
// (`person add`, no detention status needed) named with --person.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "passerelle/core/needs.h"
#include "records_json.h"

namespace passerelle::cli {
namespace {

using nlohmann::json;

std::vector<std::string> SplitIds(const std::string& s) {
  std::vector<std::string> out;
  size_t from = 0;
  while (from <= s.size()) {
    size_t end = s.find(',', from);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(from, end - from));
    from = end + 1;
  }
  return out;
}

core::FieldValues RelativeFields(const Args& a) {
  core::FieldValues f;
  const std::pair<const char*, const char*> map[] = {{"dossier", "dossier_id"},
                                                     {"name", "name"},
                                                     {"relation", "relation"},
                                                     {"contact-consent", "contact_consent"},
                                                     {"contact-by", "contact_by"},
                                                     {"person", "person_id"}};
  for (const auto& [option, field] : map)
    if (a.HasOption(option)) f[field] = a.Get(option);
  return f;
}

Status RelativeAdd(Context& ctx) {
  std::vector<std::string> items;
  if (ctx.args.HasOption("plan-items")) items = SplitIds(ctx.args.Get("plan-items"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddRelative(*v, RelativeFields(ctx.args), items));
  if (ctx.args.Has("json"))
    PrintJson(JsonText(json{{"id", id}}));
  else
    std::printf("relative %s\n", id.c_str());
  return Status::Ok();
}

Status RelativeSet(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the relative id.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  return core::UpdateRelative(*v, ctx.args.positional[0], RelativeFields(ctx.args));
}

Status RelativeLink(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the relative id.");
  const bool clear = ctx.args.Has("clear");
  if (clear == ctx.args.HasOption("plan-items"))
    return InvalidInput("Give the linked plan items with --plan-items ID1,ID2, or unlink them all with --clear.");
  std::vector<std::string> items;
  if (!clear) items = SplitIds(ctx.args.Get("plan-items"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  return core::SetRelativePlanItems(*v, ctx.args.positional[0], items);
}

Status RelativeList(Context& ctx) {
  const std::string dossier = ctx.args.Get("dossier");
  if (dossier.empty()) return InvalidInput("Name the dossier with --dossier ID.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_RETURN_IF_ERROR(core::ShowDossier(*v, dossier).status());
  PASSERELLE_ASSIGN_OR_RETURN(auto list, core::ListRelatives(*v, dossier));
  if (ctx.args.Has("json")) {
    json out = json::array();
    for (const auto& r : list)
      out.push_back({{"id", r.id},
                     {"dossier_id", r.dossier_id},
                     {"name", r.name},
                     {"relation", r.relation},
                     {"contact_consent", r.contact_consent},
                     {"contact_by", r.contact_by},
                     {"person_id", r.person_id},
                     {"plan_item_ids", r.plan_item_ids}});
    PrintJson(JsonText(out));
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : list) {
    std::string items;
    for (const auto& p : r.plan_item_ids) items += (items.empty() ? "" : ",") + p;
    rows.push_back({r.id, r.name, r.relation, "contact: " + r.contact_consent + (r.contact_by.empty() ? "" : " by " + r.contact_by),
                    items});
  }
  PrintTable(rows);
  return Status::Ok();
}

}  // namespace

void RegisterRelativesCommands(std::vector<CommandSpec>& out) {
  const std::vector<std::string> json_flag = {"json"};
  const std::vector<std::string> fields = {"name", "relation", "contact-consent", "contact-by", "person"};
  std::vector<std::string> add_options = fields;
  add_options.push_back("dossier");
  add_options.push_back("plan-items");
  out.push_back({{"relative", "add"},
                 "relative add --dossier ID --name N --relation partner|parent|child|sibling|other_family|friend|other "
                 "[--contact-consent agrees|refuses|not_asked] [--contact-by WHO] [--person ID] [--plan-items ID1,ID2] [--json]",
                 RelativeAdd, add_options, json_flag});
  out.push_back({{"relative", "set"},
                 "relative set ID [--name N] [--relation R] [--contact-consent C] [--contact-by WHO] [--person ID]",
                 RelativeSet, fields, {}, 1});
  out.push_back({{"relative", "link"}, "relative link ID (--plan-items ID1,ID2 | --clear)   (plan items of the family domain)",
                 RelativeLink, {"plan-items"}, {"clear"}, 1});
  out.push_back({{"relative", "list"}, "relative list --dossier ID [--json]", RelativeList, {"dossier"}, json_flag});
}

}  // namespace passerelle::cli
