// Report commands: the exit report (seed 004's headings) and the co-constructed report (passages
// in the person's or the worker's words, and the person's agreement). Records in the dossier,
// written through the core (reports.h); they leave the service only through `disclose`.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "passerelle/core/reports.h"
#include "records_json.h"

namespace passerelle::cli {
namespace {

using nlohmann::json;

// --residual-risk for residual_risk, ...
std::string OptionName(std::string_view field) {
  std::string s(field);
  for (auto& c : s)
    if (c == '_') c = '-';
  return s;
}

Result<std::string> Required(const Args& a, const char* name, const char* what) {
  std::string v = a.Get(name);
  if (v.empty()) return InvalidInput(std::string("Name ") + what + " with --" + name + ".");
  return v;
}

json ExitReportJson(const core::ExitReport& r) {
  json j{{"id", r.id}, {"dossier_id", r.dossier_id}, {"author", r.author}, {"created_at", r.created_at}};
  for (size_t i = 0; i < core::kExitReportSections.size(); ++i) j[std::string(core::kExitReportSections[i])] = r.sections[i];
  return j;
}

json CoReportJson(const core::CoReport& r) {
  json passages = json::array();
  for (const auto& p : r.passages) passages.push_back({{"id", p.id}, {"voice", p.voice}, {"text", p.text}});
  return {{"id", r.id},
          {"dossier_id", r.dossier_id},
          {"title", r.title},
          {"author", r.author},
          {"created_at", r.created_at},
          {"agreed_on", r.agreed_on},
          {"agreement_how", r.agreement_how},
          {"agreement_current", r.AgreementCurrent()},
          {"passages", passages}};
}

Status ExitReportSet(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto dossier, Required(ctx.args, "dossier", "the dossier"));
  core::FieldValues sections;
  for (auto s : core::kExitReportSections)
    if (ctx.args.HasOption(OptionName(s))) sections[std::string(s)] = ctx.args.Get(OptionName(s));
  if (sections.empty())
    return InvalidInput("Give at least one section, e.g. --residual-risk TEXT (see help exit-report set).");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::SetExitReport(*v, dossier, sections));
  if (ctx.args.Has("json"))
    PrintJson(JsonText(json{{"id", id}}));
  else
    std::printf("Exit report %s saved.\n", id.c_str());
  return Status::Ok();
}

Status ExitReportShow(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto dossier, Required(ctx.args, "dossier", "the dossier"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto report, core::GetExitReport(*v, dossier));
  if (!report) return NotFound("This dossier has no exit report yet: write it with exit-report set.");
  if (ctx.args.Has("json")) {
    PrintJson(JsonText(ExitReportJson(*report)));
    return Status::Ok();
  }
  std::printf("Exit report %s (%s, %s)\n", report->id.c_str(), report->author.c_str(), report->created_at.c_str());
  for (size_t i = 0; i < core::kExitReportSections.size(); ++i)
    std::printf("\n%s:\n%s\n", std::string(core::kExitReportSections[i]).c_str(),
                report->sections[i].empty() ? "-" : report->sections[i].c_str());
  return Status::Ok();
}

Status CoReportAdd(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto dossier, Required(ctx.args, "dossier", "the dossier"));
  core::FieldValues fields{{"dossier_id", dossier}};
  if (ctx.args.HasOption("title")) fields["title"] = ctx.args.Get("title");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddCoReport(*v, fields));
  if (ctx.args.Has("json"))
    PrintJson(JsonText(json{{"id", id}}));
  else
    std::printf("Co-constructed report %s\n", id.c_str());
  return Status::Ok();
}

Status CoReportPassage(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the co-constructed report.");
  PASSERELLE_ASSIGN_OR_RETURN(auto voice, Required(ctx.args, "voice", "whose words these are (person or worker)"));
  PASSERELLE_ASSIGN_OR_RETURN(auto text, Required(ctx.args, "text", "the passage's text"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddCoReportPassage(*v, ctx.args.positional[0], voice, text));
  if (ctx.args.Has("json"))
    PrintJson(JsonText(json{{"id", id}}));
  else
    std::printf("Passage %s\n", id.c_str());
  return Status::Ok();
}

Status CoReportPassageSet(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the passage.");
  core::FieldValues fields;
  if (ctx.args.HasOption("text")) fields["text"] = ctx.args.Get("text");
  if (ctx.args.HasOption("voice")) fields["voice"] = ctx.args.Get("voice");
  if (fields.empty()) return InvalidInput("Give the new --text or --voice of the passage.");
  const std::string& id = ctx.args.positional[0];
  const auto* spec = core::SpecForId(id);
  if (spec == nullptr || spec->type != core::EntityType::kCoReportPassage)
    return InvalidInput(core::QuotedForMessage(id) + " is not a passage id.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_RETURN_IF_ERROR(core::UpdateRecord(*v, id, fields));
  std::printf("Passage %s changed; the person's agreement must be given again before the report is sent.\n", id.c_str());
  return Status::Ok();
}

Status CoReportAgree(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the co-constructed report.");
  PASSERELLE_ASSIGN_OR_RETURN(auto on, Required(ctx.args, "on", "the date the person agreed"));
  PASSERELLE_ASSIGN_OR_RETURN(auto how, Required(ctx.args, "how", "how the person agreed (signed, oral or written)"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_RETURN_IF_ERROR(core::RecordCoReportAgreement(*v, ctx.args.positional[0], on, how));
  std::printf("The person's agreement to %s is recorded.\n", ctx.args.positional[0].c_str());
  return Status::Ok();
}

Status CoReportShow(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the co-constructed report.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto report, core::GetCoReport(*v, ctx.args.positional[0]));
  if (ctx.args.Has("json")) {
    PrintJson(JsonText(CoReportJson(report)));
    return Status::Ok();
  }
  std::printf("%s %s\n", report.id.c_str(), report.title.c_str());
  for (const auto& p : report.passages)
    std::printf("%s[%s] %s\n", p.voice == "person" ? "  > " : "", p.voice.c_str(), p.text.c_str());
  if (report.AgreementCurrent())
    std::printf("Agreed by the person on %s (%s).\n", report.agreed_on.c_str(), report.agreement_how.c_str());
  else
    std::printf("The person has not agreed to the report as it stands.\n");
  return Status::Ok();
}

Status CoReportList(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto dossier, Required(ctx.args, "dossier", "the dossier"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto reports, core::ListCoReports(*v, dossier));
  if (ctx.args.Has("json")) {
    json arr = json::array();
    for (const auto& r : reports) arr.push_back(CoReportJson(r));
    PrintJson(JsonText(arr));
    return Status::Ok();
  }
  if (reports.empty()) std::printf("No co-constructed report in this dossier.\n");
  for (const auto& r : reports)
    std::printf("%s  %s  %zu passages  %s\n", r.id.c_str(), r.title.c_str(), r.passages.size(),
                r.AgreementCurrent() ? "agreed" : "not agreed");
  return Status::Ok();
}

}  // namespace

void RegisterReportCommands(std::vector<CommandSpec>& out) {
  const std::vector<std::string> json = {"json"};
  std::vector<std::string> sections = {"dossier"};
  for (auto s : core::kExitReportSections) sections.push_back(OptionName(s));
  out.push_back({{"exit-report", "set"},
                 "exit-report set --dossier D [--residual-risk T] [--service-strategies T] [--return-risk T] "
                 "[--self-assessment-plan T] [--concerning-behaviours T] [--help-and-contact T] [--json]",
                 ExitReportSet, sections, json});
  out.push_back({{"exit-report", "show"}, "exit-report show --dossier D [--json]", ExitReportShow, {"dossier"}, json});
  out.push_back({{"co-report", "add"}, "co-report add --dossier D [--title T] [--json]", CoReportAdd,
                 {"dossier", "title"}, json});
  out.push_back({{"co-report", "passage"}, "co-report passage REPORT --voice person|worker --text T [--json]",
                 CoReportPassage, {"voice", "text"}, json, 1});
  out.push_back({{"co-report", "passage-set"}, "co-report passage-set PASSAGE [--text T] [--voice person|worker]",
                 CoReportPassageSet, {"voice", "text"}, {}, 1});
  out.push_back({{"co-report", "agree"}, "co-report agree REPORT --on DATE --how signed|oral|written", CoReportAgree,
                 {"on", "how"}, {}, 1});
  out.push_back({{"co-report", "show"}, "co-report show REPORT [--json]", CoReportShow, {}, json, 1});
  out.push_back({{"co-report", "list"}, "co-report list --dossier D [--json]", CoReportList, {"dossier"}, json});
}

}  // namespace passerelle::cli
