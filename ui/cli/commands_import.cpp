// `import FILE`: a service's existing case files, from the JSON format of docs/import.md, through
// the core's one import call (core/case_import.h): checked whole first, each problem listed with
// its JSON path on standard output and nothing written; then one transaction per case file.
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "passerelle/core/case_import.h"
#include "passerelle/platform/file.h"
#include "records_json.h"

namespace passerelle::cli {
namespace {

using nlohmann::json;

Status Import(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the file to import: import FILE.");
  const std::string path = ctx.args.positional[0];
  if (!platform::FileExists(path)) return NotFound("There is no file " + path + " to import.");
  PASSERELLE_ASSIGN_OR_RETURN(auto bytes, platform::ReadFile(path));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  core::ImportOptions options;
  options.check_only = ctx.args.Has("check-only");
  std::vector<core::ImportProblem> problems;
  auto summary = core::ImportCaseFiles(
      *v, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), options, &problems);
  const bool as_json = ctx.args.Has("json");
  if (!summary.ok()) {
    if (as_json) {
      json list = json::array();
      for (const auto& p : problems) list.push_back({{"path", p.path}, {"message", p.message}});
      PrintJson(JsonText(json{{"ok", false}, {"problems", list}}));
    } else {
      for (const auto& p : problems) std::printf("%s: %s\n", p.path.c_str(), p.message.c_str());
    }
    return summary.status();
  }
  const core::ImportSummary& s = *summary;
  if (as_json) {
    json files = json::array();
    for (const auto& c : s.case_files)
      files.push_back({{"external_id", c.external_id}, {"person_id", c.person_id}, {"dossier_id", c.dossier_id},
                       {"status", c.skipped ? "skipped" : options.check_only ? "would_import" : "imported"}});
    PrintJson(JsonText(json{{"ok", true},
                            {"check_only", options.check_only},
                            {"imported", s.imported},
                            {"skipped", s.skipped},
                            {"records", {{"persons", s.persons}, {"dossiers", s.dossiers}, {"visits", s.visits},
                                         {"notes", s.notes}, {"plan_items", s.plan_items}, {"consents", s.consents}}},
                            {"case_files", files}}));
    return Status::Ok();
  }
  std::printf("%s %zu case files (%zu persons, %zu dossiers, %zu visits, %zu notes, %zu plan items, %zu consents); "
              "%zu already imported, skipped.\n",
              options.check_only ? "Checked: would import" : "Imported", s.imported, s.persons, s.dossiers, s.visits,
              s.notes, s.plan_items, s.consents, s.skipped);
  return Status::Ok();
}

}  // namespace

void RegisterImportCommands(std::vector<CommandSpec>& out) {
  out.push_back({{"import"}, "import FILE [--check-only] [--json]   (case files: docs/import.md)", Import, {},
                 {"check-only", "json"}, 1});
}

}  // namespace passerelle::cli
