// The monthly review and the participants of a visit (issue 13): `review add`, `review list`,
// `visit participants`. The same core calls as the app's "Review done" form and its visit forms
// (core/reviews.h), so both accept and refuse the same input. Participants are given as one
// argument, separated by ";" (a name may hold a comma: "Dubois, Marie").
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "passerelle/core/reviews.h"
#include "records_json.h"

namespace passerelle::cli {
namespace {

using nlohmann::json;

std::vector<std::string> SplitParticipants(const std::string& s) {
  std::vector<std::string> out;
  size_t from = 0;
  while (from <= s.size()) {
    size_t end = s.find(';', from);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(from, end - from));
    from = end + 1;
  }
  return out;
}

json ReviewJson(const core::Review& r) {
  return {{"id", r.id},           {"dossier_id", r.dossier_id}, {"held_on", r.held_on},
          {"next_review", r.next_review}, {"comment", r.comment}, {"author", r.author},
          {"participants", r.participants}};
}

Status ReviewAdd(Context& ctx) {
  const Args& a = ctx.args;
  core::FieldValues fields;
  if (a.HasOption("dossier")) fields["dossier_id"] = a.Get("dossier");
  if (a.HasOption("held-on")) fields["held_on"] = a.Get("held-on");
  if (a.HasOption("next-review")) fields["next_review"] = a.Get("next-review");
  if (a.HasOption("comment")) fields["comment"] = a.Get("comment");
  std::vector<std::string> participants;
  if (a.HasOption("participants")) participants = SplitParticipants(a.Get("participants"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::RecordReview(*v, fields, participants));
  if (a.Has("json")) {
    PrintJson(JsonText(json{{"id", id}}));
  } else {
    std::printf("review %s\n", id.c_str());
  }
  return Status::Ok();
}

Status ReviewList(Context& ctx) {
  const std::string dossier = ctx.args.Get("dossier");
  if (dossier.empty()) return InvalidInput("Name the dossier with --dossier ID.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_RETURN_IF_ERROR(core::ShowDossier(*v, dossier).status());
  PASSERELLE_ASSIGN_OR_RETURN(auto reviews, core::ListReviews(*v, dossier));
  if (ctx.args.Has("json")) {
    json list = json::array();
    for (const auto& r : reviews) list.push_back(ReviewJson(r));
    PrintJson(JsonText(list));
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : reviews) {
    std::string who;
    for (const auto& p : r.participants) who += (who.empty() ? "" : "; ") + p;
    rows.push_back({r.id, r.held_on, "next " + r.next_review, who});
  }
  PrintTable(rows);
  return Status::Ok();
}

Status VisitParticipants(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the visit id.");
  const std::string id = ctx.args.positional[0];
  const core::EntitySpec* spec = core::SpecForId(id);
  if (spec == nullptr || spec->type != core::EntityType::kVisit)
    return InvalidInput(core::QuotedForMessage(id) + " is not a visit id.");
  const bool clear = ctx.args.Has("clear");
  if (clear == ctx.args.HasOption("names"))
    return InvalidInput("Give the participants with --names \"A;B\", or remove them all with --clear.");
  std::vector<std::string> names;
  if (!clear) names = SplitParticipants(ctx.args.Get("names"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  return core::SetParticipants(*v, id, names);
}

}  // namespace

void RegisterRecordsCommands(std::vector<CommandSpec>& out) {
  out.push_back({{"review", "add"},
                 "review add --dossier ID [--held-on D] [--next-review D] [--participants \"A;B\"] [--comment C] [--json]"
                 "   (the monthly review: next review one month later by default; sets the dossier's next review)",
                 ReviewAdd, {"dossier", "held-on", "next-review", "participants", "comment"}, {"json"}});
  out.push_back({{"review", "list"}, "review list --dossier ID [--json]", ReviewList, {"dossier"}, {"json"}});
  out.push_back({{"visit", "participants"}, "visit participants ID (--names \"A;B\" | --clear)   (who took part)",
                 VisitParticipants, {"names"}, {"clear"}, 1});
}

}  // namespace passerelle::cli
