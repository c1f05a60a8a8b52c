// Directory commands: import, export, search, show, annotate, annotations, refer, version.
// The bundled vocabulary is read from $PASSERELLE_ASSETS or the build's assets folder.
// Import prints one line per problem as "FILE: entries[INDEX] (id=ID) FIELD: CODE – message"
// (docs/directory-data.md §5), then the difference from the installed version.
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "passerelle/core/directory.h"
#include "passerelle/platform/file.h"
#include "records_json.h"

#ifndef PASSERELLE_ASSETS_DIR
#define PASSERELLE_ASSETS_DIR "assets"
#endif

namespace passerelle::cli {
namespace {

namespace dir = core::directory;
using nlohmann::json;
using nlohmann::ordered_json;

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

Result<std::string> Positional(const Args& a, size_t i, const char* what) {
  if (a.positional.size() <= i) return InvalidInput(std::string("Name the ") + what + ".");
  return a.positional[i];
}

Result<dir::Vocabulary> BundledVocabulary() {
  return dir::LoadVocabulary(dir::BundledVocabularyPath(dir::AssetsDir(PASSERELLE_ASSETS_DIR)));
}

void PrintIds(const char* what, const std::vector<std::string>& ids) {
  if (ids.empty()) return;
  std::printf("  %s:", what);
  for (const auto& id : ids) std::printf(" %s", id.c_str());
  std::printf("\n");
}

Status Import(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto file, Positional(ctx.args, 0, "directory file to import"));
  PASSERELLE_ASSIGN_OR_RETURN(auto bytes, platform::ReadFile(file));
  PASSERELLE_ASSIGN_OR_RETURN(auto vocab, BundledVocabulary());
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  bool dry_run = ctx.args.Has("dry-run");
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());  // no copy of a big file
  PASSERELLE_ASSIGN_OR_RETURN(auto r, dir::Import(*v, text, vocab, dry_run));
  size_t errors = 0;
  for (const auto& issue : r.issues) {
    errors += issue.error ? 1 : 0;
    std::printf("%s: %s\n", file.c_str(), dir::FormatIssue(issue).c_str());
  }
  if (r.outcome == dir::ImportOutcome::kRejected) {
    if (r.refused_by_version) return Conflict("The file was refused because of its version; nothing was imported.");
    return InvalidInput("The file has " + Counted(errors, "error", "errors") + "; nothing was imported.");
  }
  if (r.outcome == dir::ImportOutcome::kAlreadyInstalled) {
    std::printf("Version %lld is already installed with the same content; nothing to do.\n", static_cast<long long>(r.file_version));
    return Status::Ok();
  }
  if (r.installed_version == 0)
    std::printf("No directory is installed yet: version %lld adds %zu entries.\n", static_cast<long long>(r.file_version), r.entries);
  else
    std::printf("Compared with the installed version %lld: %zu added, %zu removed, %zu changed.\n",
                static_cast<long long>(r.installed_version), r.diff.added.size(), r.diff.removed.size(), r.diff.changed.size());
  if (r.installed_version != 0) {
    PrintIds("added", r.diff.added);
    PrintIds("removed (workers' annotations are kept)", r.diff.removed);
    PrintIds("changed", r.diff.changed);
  }
  if (dry_run)
    std::printf("The file is valid (version %lld, published %s, %zu entries); nothing was imported (--dry-run).\n",
                static_cast<long long>(r.file_version), r.published.c_str(), r.entries);
  else
    std::printf("Imported directory version %lld (published %s): %zu entries.\n", static_cast<long long>(r.file_version),
                r.published.c_str(), r.entries);
  return Status::Ok();
}

Status Export(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto text, dir::Export(*v));
  std::string out = ctx.args.Get("out");
  if (out.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return Status::Ok();
  }
  PASSERELLE_RETURN_IF_ERROR(platform::WriteFileAtomic(out, std::vector<uint8_t>(text.begin(), text.end())));
  std::fprintf(stderr, "Exported the directory to %s.\n", out.c_str());
  return Status::Ok();
}

// The directory must be installed before it can be searched; say how to install it.
Status RequireDirectory(const core::Vault& v) {
  PASSERELLE_ASSIGN_OR_RETURN(auto installed, dir::InstalledVersion(v));
  if (installed.version == 0)
    return NotFound("The directory is empty: run passerelle-cli directory import assets/directory/services.json first.");
  return Status::Ok();
}

std::string EnglishLabel(const dir::Vocabulary& vocab, const std::string& field, const std::string& id) {
  const char* list = field == "theme" ? "themes" : field == "sector" ? "sectors" : "regions";
  const dir::VocabItem* item = vocab.Find(list, id);
  return item ? item->labels.en : id;
}

ordered_json HitJson(const dir::Hit& h) {
  ordered_json matched = ordered_json::array();
  for (const auto& m : h.matched) {
    ordered_json j = {{"field", m.field}};
    if (!m.value.empty()) j["value"] = m.value;
    j["terms"] = m.terms;
    matched.push_back(std::move(j));
  }
  return {{"id", h.id}, {"name", h.name}, {"name_nl", h.name_nl}, {"kind", h.kind}, {"commune", h.commune},
          {"themes", h.themes}, {"regions", h.regions}, {"languages", h.languages},
          {"inside_prison", h.inside_prison ? ordered_json(*h.inside_prison) : ordered_json(nullptr)},
          {"verified", h.verified}, {"rank_class", h.best_field}, {"matched", std::move(matched)}};
}

Status Search(Context& ctx) {
  std::string query;
  for (const auto& w : ctx.args.positional) query += (query.empty() ? "" : " ") + w;
  dir::Filters f;
  f.themes = SplitCommas(ctx.args.Get("theme"));
  f.sectors = SplitCommas(ctx.args.Get("sector"));
  f.regions = SplitCommas(ctx.args.Get("region"));
  f.languages = SplitCommas(ctx.args.Get("lang"));
  f.publics = SplitCommas(ctx.args.Get("public"));
  f.kinds = SplitCommas(ctx.args.Get("kind"));
  f.commune = ctx.args.Get("commune");
  if (ctx.args.Has("inside-prison")) f.inside_prison = dir::PrisonFilter::kYes;
  std::string limit = ctx.args.Get("limit");
  if (!limit.empty()) {
    if (limit.find_first_not_of("0123456789") != std::string::npos || limit.size() > 6)
      return InvalidInput("--limit takes a whole number (0 for no limit).");
    f.limit = static_cast<size_t>(std::stoul(limit));
  }
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_RETURN_IF_ERROR(RequireDirectory(*v));
  PASSERELLE_ASSIGN_OR_RETURN(auto results, dir::Search(*v, query, f));
  if (ctx.args.Has("json")) {
    ordered_json arr = ordered_json::array();
    for (const auto& h : results.hits) arr.push_back(HitJson(h));
    PrintJson(JsonText(arr));
    return Status::Ok();
  }
  if (results.hits.empty()) {
    std::printf("No directory entry matches this search.\n");
    return Status::Ok();
  }
  PASSERELLE_ASSIGN_OR_RETURN(auto vocab, dir::InstalledVocabulary(*v));
  for (const auto& h : results.hits) {
    std::string why;
    for (const auto& m : h.matched) {
      why += why.empty() ? "" : "; ";
      why += m.value.empty() ? m.field : m.field + " \"" + EnglishLabel(vocab, m.field, m.value) + "\"";
      for (size_t i = 0; i < m.terms.size(); ++i) why += (i ? ", " : " (") + m.terms[i];
      if (!m.terms.empty()) why += ")";
    }
    std::printf("%-34s %s%s%s%s\n", h.id.c_str(), h.name.c_str(), h.inside_prison.value_or(false) ? "  [inside prison]" : "",
                h.verified ? "" : "  [unverified]", why.empty() ? "" : ("  — matched " + why).c_str());
  }
  if (results.more) std::printf("Showing the first %zu matches; --limit 0 shows them all.\n", results.hits.size());
  return Status::Ok();
}

Status Show(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto id, Positional(ctx.args, 0, "directory entry id"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto notes, dir::Annotations(*v, id));
  auto entry = dir::Get(*v, id);
  if (!entry.ok() && !(entry.status().code() == Code::kNotFound && !notes.empty())) return entry.status();
  if (ctx.args.Has("json")) {
    ordered_json j = entry.ok() ? ordered_json::parse(dir::ToJson(*entry), nullptr, false) : ordered_json{{"id", id}};
    j["in_directory"] = entry.ok();
    ordered_json arr = ordered_json::array();
    for (const auto& n : notes) arr.push_back({{"id", n.id}, {"author", n.author}, {"created_at", n.created_at}, {"text", n.text}});
    j["annotations"] = std::move(arr);
    PrintJson(JsonText(j));
    return Status::Ok();
  }
  if (!entry.ok()) {
    std::printf("%s is no longer in the directory; your annotations on it are kept.\n", id.c_str());
  } else {
    const auto& e = *entry;
    auto line = [](const char* label, const std::string& value) {
      if (!value.empty()) std::printf("%-18s %s\n", label, value.c_str());
    };
    auto list = [](const std::vector<std::string>& items) {
      std::string out;
      for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
      return out;
    };
    std::printf("%s — %s%s\n", e.id.c_str(), e.name.c_str(), e.verified ? "" : "  [unverified: check the details before relying on them]");
    line("Dutch name:", e.name_nl);
    line("Organisation:", e.organisation);
    line("Kind:", e.kind);
    line("Sector:", list(e.sector));
    line("Themes:", list(e.themes));
    line("Description (fr):", e.description_fr);
    line("Description (nl):", e.description_nl);
    line("Address:", e.address + (e.postcode.empty() ? "" : ", " + e.postcode) + (e.commune.empty() ? "" : " " + e.commune));
    line("Region:", list(e.region));
    line("Phone:", e.phone);
    line("E-mail:", e.email);
    line("Website:", e.website);
    line("Links:", list(e.links));
    line("Languages:", list(e.languages));
    line("Public:", list(e.publics));
    line("Access:", e.access_conditions);
    line("Inside prison:", !e.inside_prison ? "unknown" : *e.inside_prison ? "yes" : "no");
    line("Waiting list:", e.waiting_list.value_or(""));
    line("Opening hours:", e.opening_hours.value_or(""));
    line("Last verified:", e.last_verified.value_or(""));
    line("Source:", e.source);
  }
  for (const auto& n : notes) std::printf("  note %s %s %s: %s\n", n.id.c_str(), n.created_at.c_str(), n.author.c_str(), n.text.c_str());
  return Status::Ok();
}

Status Annotate(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto id, Positional(ctx.args, 0, "directory entry id"));
  std::string text = ctx.args.Get("text");
  if (text.empty()) return InvalidInput("Give the annotation's text with --text T.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto note, dir::Annotate(*v, id, text));
  if (ctx.args.Has("json")) PrintJson(JsonText(json{{"id", note}}));
  else std::printf("annotation %s\n", note.c_str());
  return Status::Ok();
}

Status ListAnnotations(Context& ctx) {
  std::string id = ctx.args.positional.empty() ? "" : ctx.args.positional[0];
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto notes, dir::Annotations(*v, id));
  if (ctx.args.Has("json")) {
    ordered_json arr = ordered_json::array();
    for (const auto& n : notes)
      arr.push_back({{"id", n.id}, {"entry_id", n.entry_id}, {"author", n.author}, {"created_at", n.created_at},
                     {"text", n.text}, {"withdrawn", n.withdrawn}});
    PrintJson(JsonText(arr));
    return Status::Ok();
  }
  for (const auto& n : notes)
    std::printf("%s  %s%s  %s: %s\n", n.id.c_str(), n.entry_id.c_str(), n.withdrawn ? " (withdrawn from the directory)" : "",
                n.created_at.c_str(), n.text.c_str());
  return Status::Ok();
}

Status Refer(Context& ctx) {
  std::string plan_item = ctx.args.Get("plan-item");
  if (plan_item.empty()) return InvalidInput("Name the plan item with --plan-item ID.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, dir::Refer(*v, plan_item, ctx.args.Get("service-id"), ctx.args.Get("status"),
                                                  ctx.args.Get("comment")));
  if (ctx.args.Has("json")) PrintJson(JsonText(json{{"id", id}}));
  else std::printf("referral %s\n", id.c_str());
  return Status::Ok();
}

Status Version(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto i, dir::InstalledVersion(*v));
  if (ctx.args.Has("json")) {
    PrintJson(JsonText(json{{"version", i.version}, {"published", i.published}, {"imported_at", i.imported_at},
                            {"entries", i.entry_count}, {"vocabulary_version", i.vocabulary_version}}));
  } else if (i.version == 0) {
    std::printf("No directory is installed; run passerelle-cli directory import assets/directory/services.json.\n");
  } else {
    std::printf("Directory version %lld, published %s, imported %s, %lld entries.\n", static_cast<long long>(i.version),
                i.published.c_str(), i.imported_at.c_str(), static_cast<long long>(i.entry_count));
  }
  return Status::Ok();
}

}  // namespace

void RegisterDirectoryCommands(std::vector<CommandSpec>& out) {
  const std::vector<std::string> json = {"json"};
  out.push_back({{"directory", "import"}, "directory import FILE [--dry-run]", Import, {}, {"dry-run"}, 1});
  out.push_back({{"directory", "export"}, "directory export [--out FILE]", Export, {"out"}});
  out.push_back({{"directory", "search"},
                 "directory search QUERY [--theme T] [--sector S] [--region R] [--commune C] [--lang L] [--public P] "
                 "[--kind K] [--inside-prison] [--limit N] [--json]",
                 Search, {"theme", "sector", "region", "commune", "lang", "public", "kind", "limit"}, {"inside-prison", "json"},
                 kAnyNumber});
  out.push_back({{"directory", "show"}, "directory show ID [--json]", Show, {}, json, 1});
  out.push_back({{"directory", "annotate"}, "directory annotate ID --text T [--json]", Annotate, {"text"}, json, 1});
  out.push_back({{"directory", "annotations"}, "directory annotations [ID] [--json]", ListAnnotations, {}, json, 1});
  out.push_back({{"directory", "refer"}, "directory refer --plan-item ID --service-id ID [--status S] [--comment C] [--json]", Refer,
                 {"plan-item", "service-id", "status", "comment"}, json});
  out.push_back({{"directory", "version"}, "directory version [--json]", Version, {}, json});
}

}  // namespace passerelle::cli
