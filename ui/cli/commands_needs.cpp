// The reintegration plan as the seeds describe it (issue 15 parts 2, 3, 7): the plan by stage of
// the hierarchy of needs, the seed's barriers and levers as picks and how often they recur, and the
// needs and risk assessment. The same core calls as the app's plan tab and "Assessment" tab
// (core/needs.h, core/plan_suggestions.h), so both accept and refuse the same input.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "passerelle/core/needs.h"
#include "passerelle/core/plan_suggestions.h"
#include "records_json.h"

namespace passerelle::cli {
namespace {

using nlohmann::json;

std::vector<std::string> SplitComma(const std::string& s) {
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

Status CheckDossier(core::Vault& v, const std::string& dossier) {
  if (dossier.empty()) return InvalidInput("Name the dossier with --dossier ID.");
  return core::ShowDossier(v, dossier).status();
}

Status CheckLanguage(const std::string& lang) {
  if (lang != "fr" && lang != "nl" && lang != "en")
    return InvalidInput(core::QuotedForMessage(lang) + " is not a language of the suggestions (fr, nl, en).");
  return Status::Ok();
}

// ---- plan by stage, suggestions ----

Status PlanStages(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  const std::string dossier = ctx.args.Get("dossier");
  PASSERELLE_RETURN_IF_ERROR(CheckDossier(*v, dossier));
  PASSERELLE_ASSIGN_OR_RETURN(auto detail, core::ShowDossier(*v, dossier));
  const auto groups = core::GroupByStage(detail.plan);
  if (ctx.args.Has("json")) {
    json list = json::array();
    for (const auto& g : groups)
      list.push_back({{"id", g.stage}, {"stage", g.stage}, {"open", g.open}, {"items", ToJsonList(g.items)}});
    PrintJson(JsonText(list));
    return Status::Ok();
  }
  for (const auto& g : groups) {
    std::printf("%s: %zu open of %zu\n", g.stage.c_str(), g.open, g.items.size());
    std::vector<std::vector<std::string>> rows;
    for (const auto& p : g.items) rows.push_back({p.id, p.domain, p.status, p.goal});
    PrintTable(rows, "  ");
  }
  return Status::Ok();
}

Status PlanSuggestions(Context& ctx) {
  const std::string domain = ctx.args.Get("domain");
  const std::string kind = ctx.args.Get("kind");
  const std::string lang = ctx.args.Get("lang", "fr");
  if (!domain.empty() && !core::LifeDomains().Contains(domain))
    return InvalidInput(core::QuotedForMessage(domain) + " is not a known life domain.");
  if (!kind.empty() && kind != "barrier" && kind != "lever")
    return InvalidInput(core::QuotedForMessage(kind) + " is not a kind of suggestion (barrier, lever).");
  PASSERELLE_RETURN_IF_ERROR(CheckLanguage(lang));
  const auto list = core::PlanSuggestionsFor(domain, kind);
  if (ctx.args.Has("json")) {
    json out = json::array();
    for (const auto* s : list)
      out.push_back({{"id", s->key}, {"key", s->key}, {"domain", s->domain}, {"kind", s->kind}, {"seed", s->seed},
                     {"pole", s->pole}, {"text", {{"fr", s->fr}, {"nl", s->nl}, {"en", s->en}}}});
    PrintJson(JsonText(out));
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto* s : list) rows.push_back({s->key, s->kind, s->Text(lang), "seed " + s->seed + ", " + s->pole});
  PrintTable(rows);
  return Status::Ok();
}

Status PlanSuggest(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the plan item id.");
  const std::string id = ctx.args.positional[0];
  const core::EntitySpec* spec = core::SpecForId(id);
  if (spec == nullptr || spec->type != core::EntityType::kPlanItem)
    return InvalidInput(core::QuotedForMessage(id) + " is not a plan item id.");
  const bool clear = ctx.args.Has("clear");
  if (clear == ctx.args.HasOption("keys"))
    return InvalidInput("Give the picked suggestions with --keys K1,K2, or remove them all with --clear.");
  std::vector<std::string> keys;
  if (!clear) keys = SplitComma(ctx.args.Get("keys"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  return core::SetPlanItemSuggestions(*v, id, keys);
}

Status BarriersRecurring(Context& ctx) {
  std::string kind = ctx.args.Get("kind", "barrier");
  if (kind != "barrier" && kind != "lever" && kind != "all")
    return InvalidInput(core::QuotedForMessage(kind) + " is not a kind of suggestion (barrier, lever, all).");
  const std::string lang = ctx.args.Get("lang", "fr");
  PASSERELLE_RETURN_IF_ERROR(CheckLanguage(lang));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto counts, core::RecurringSuggestions(*v, kind == "all" ? "" : kind));
  if (ctx.args.Has("json")) {
    json out = json::array();
    for (const auto& c : counts) {
      const auto* s = core::FindPlanSuggestion(c.key);
      out.push_back({{"id", c.key}, {"key", c.key}, {"domain", s->domain}, {"kind", s->kind}, {"dossiers", c.dossiers},
                     {"plan_items", c.plan_items}, {"text", s->Text(lang)}, {"seed", s->seed}, {"pole", s->pole}});
    }
    PrintJson(JsonText(out));
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : counts)
    rows.push_back({std::to_string(c.dossiers) + " case files", std::to_string(c.plan_items) + " items", c.key,
                    core::FindPlanSuggestion(c.key)->Text(lang)});
  PrintTable(rows);
  return Status::Ok();
}

// ---- assessments ----

json AssessmentJson(const core::Assessment& a) {
  json needs = json::object();
  for (const auto& [domain, level] : a.needs) needs[domain] = level;
  return {{"id", a.id},
          {"dossier_id", a.dossier_id},
          {"assessed_on", a.assessed_on},
          {"assessor", a.assessor},
          {"instrument", a.instrument},
          {"needs", needs},
          {"protective_factors", a.protective_factors},
          {"risk_summary", a.risk_summary},
          {"next_assessment", a.next_assessment},
          {"scope", a.scope},
          {"author", a.author},
          {"created_at", a.created_at}};
}

// --needs "housing=high,debts=moderate" (commas or line breaks).
Result<std::map<std::string, std::string>> NeedsOption(const std::string& text) {
  std::string lines = text;
  for (auto& c : lines)
    if (c == ',') c = '\n';
  return core::ParseNeeds(lines);
}

core::FieldValues AssessmentFields(const Args& a) {
  core::FieldValues f;
  const std::pair<const char*, const char*> map[] = {
      {"dossier", "dossier_id"},           {"assessed-on", "assessed_on"},   {"assessor", "assessor"},
      {"instrument", "instrument"},        {"protective-factors", "protective_factors"},
      {"risk-summary", "risk_summary"},    {"next-assessment", "next_assessment"}, {"scope", "scope"}};
  for (const auto& [option, field] : map)
    if (a.HasOption(option)) f[field] = a.Get(option);
  return f;
}

Status AssessmentAdd(Context& ctx) {
  std::map<std::string, std::string> needs;
  if (ctx.args.HasOption("needs")) {
    PASSERELLE_ASSIGN_OR_RETURN(needs, NeedsOption(ctx.args.Get("needs")));
  }
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddAssessment(*v, AssessmentFields(ctx.args), needs));
  if (ctx.args.Has("json"))
    PrintJson(JsonText(json{{"id", id}}));
  else
    std::printf("assessment %s\n", id.c_str());
  return Status::Ok();
}

Status AssessmentSet(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the assessment id.");
  const std::string id = ctx.args.positional[0];
  std::optional<std::map<std::string, std::string>> needs;
  if (ctx.args.HasOption("needs")) {
    PASSERELLE_ASSIGN_OR_RETURN(needs, NeedsOption(ctx.args.Get("needs")));
  }
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  return core::UpdateAssessment(*v, id, AssessmentFields(ctx.args), needs ? &*needs : nullptr);
}

Status AssessmentList(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  const std::string dossier = ctx.args.Get("dossier");
  PASSERELLE_RETURN_IF_ERROR(CheckDossier(*v, dossier));
  PASSERELLE_ASSIGN_OR_RETURN(auto list, core::ListAssessments(*v, dossier));
  if (ctx.args.Has("json")) {
    json out = json::array();
    for (const auto& a : list) out.push_back(AssessmentJson(a));
    PrintJson(JsonText(out));
    return Status::Ok();
  }
  for (const auto& a : list) {
    std::printf("%s  %s  by %s%s%s  [%s]  next %s\n", a.id.c_str(), a.assessed_on.c_str(), a.assessor.c_str(),
                a.instrument.empty() ? "" : ", instrument ", a.instrument.c_str(), a.scope.c_str(),
                a.next_assessment.empty() ? "-" : a.next_assessment.c_str());
    std::vector<std::vector<std::string>> rows;
    for (const auto& [domain, level] : a.needs) rows.push_back({domain, level});
    PrintTable(rows, "  ");
    if (!a.protective_factors.empty()) std::printf("  protective factors: %s\n", a.protective_factors.c_str());
    if (!a.risk_summary.empty()) std::printf("  risk: %s\n", a.risk_summary.c_str());
  }
  return Status::Ok();
}

// Two assessments side by side: each life domain's level in both.
Status AssessmentCompare(Context& ctx) {
  if (ctx.args.positional.size() != 2) return InvalidInput("Name the two assessment ids to compare.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  std::vector<core::Assessment> found;
  for (const auto& id : ctx.args.positional) {
    const core::EntitySpec* spec = core::SpecForId(id);
    if (spec == nullptr || spec->type != core::EntityType::kAssessment)
      return InvalidInput(core::QuotedForMessage(id) + " is not an assessment id.");
  }
  // Both through ListAssessments, so the visibility rule applies to the comparison too.
  for (const auto& id : ctx.args.positional) {
    bool seen = false;
    PASSERELLE_ASSIGN_OR_RETURN(auto dossiers, core::ListDossiers(*v));
    for (const auto& d : dossiers) {
      PASSERELLE_ASSIGN_OR_RETURN(auto list, core::ListAssessments(*v, d.dossier.id));
      for (const auto& a : list)
        if (a.id == id) {
          found.push_back(a);
          seen = true;
        }
    }
    if (!seen) return NotFound("There is no assessment " + id + ".");
  }
  const auto comparison = core::CompareNeeds(found[0], &found[1]);
  if (ctx.args.Has("json")) {
    json rows = json::array();
    for (const auto& r : comparison)
      rows.push_back({{"id", r.domain}, {"domain", r.domain}, {"first", r.first}, {"second", r.second}});
    PrintJson(JsonText(json{{"first", AssessmentJson(found[0])}, {"second", AssessmentJson(found[1])}, {"domains", rows}}));
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows = {{"", found[0].assessed_on, found[1].assessed_on}};
  auto shown = [](const std::string& level) { return level.empty() ? std::string("-") : level; };
  for (const auto& r : comparison) rows.push_back({r.domain, shown(r.first), shown(r.second)});
  PrintTable(rows);
  return Status::Ok();
}

}  // namespace

void RegisterNeedsCommands(std::vector<CommandSpec>& out) {
  const std::vector<std::string> json_flag = {"json"};
  out.push_back({{"plan", "stages"}, "plan stages --dossier ID [--json]   (the plan by stage of the hierarchy of needs, basic needs first)",
                 PlanStages, {"dossier"}, json_flag});
  out.push_back({{"plan", "suggestions"},
                 "plan suggestions [--domain D] [--kind barrier|lever] [--lang fr|nl|en] [--json]   (seed 001's barriers and levers)",
                 PlanSuggestions, {"domain", "kind", "lang"}, json_flag, 0, std::nullopt, false});
  out.push_back({{"plan", "suggest"}, "plan suggest ID (--keys K1,K2 | --clear)   (the barriers and levers picked for a plan item)",
                 PlanSuggest, {"keys"}, {"clear"}, 1});
  out.push_back({{"barriers", "recurring"},
                 "barriers recurring [--kind barrier|lever|all] [--lang fr|nl|en] [--json]   (picked suggestions counted across case files)",
                 BarriersRecurring, {"kind", "lang"}, json_flag});
  out.push_back({{"assessment", "add"},
                 "assessment add --dossier ID [--assessed-on D] [--assessor A] [--instrument I] [--needs housing=high,debts=low] "
                 "[--protective-factors T] [--risk-summary T] [--next-assessment D] [--scope private|service] [--json]",
                 AssessmentAdd,
                 {"dossier", "assessed-on", "assessor", "instrument", "needs", "protective-factors", "risk-summary",
                  "next-assessment", "scope"},
                 json_flag});
  out.push_back({{"assessment", "set"},
                 "assessment set ID [--assessed-on D] [--assessor A] [--instrument I] [--needs ...] [--protective-factors T] "
                 "[--risk-summary T] [--next-assessment D] [--scope private|service]",
                 AssessmentSet,
                 {"assessed-on", "assessor", "instrument", "needs", "protective-factors", "risk-summary", "next-assessment",
                  "scope"},
                 {}, 1});
  out.push_back({{"assessment", "list"}, "assessment list --dossier ID [--json]   (newest first; earlier ones are kept)",
                 AssessmentList, {"dossier"}, json_flag});
  out.push_back({{"assessment", "compare"}, "assessment compare ID1 ID2 [--json]   (levels of need side by side)",
                 AssessmentCompare, {}, json_flag, 2});
}

}  // namespace passerelle::cli
