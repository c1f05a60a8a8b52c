// Disclosure commands: `disclose KIND` (the one path out, core/disclosure.h), `disclosures` (the
// log), and the maison de justice side, `inbox import|list` (core/inbox.h). The document's words
// come from assets/i18n ("disclosure_document" and "vocab"), in the language the core picks.
#include <unistd.h>

#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "i18n.h"
#include "passerelle/core/directory.h"
#include "passerelle/core/disclosure.h"
#include "passerelle/core/inbox.h"
#include "passerelle/platform/file.h"
#include "records_json.h"

#ifndef PASSERELLE_ASSETS_DIR
#define PASSERELLE_ASSETS_DIR "assets"
#endif

namespace passerelle::cli {
namespace {

using nlohmann::json;

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string item; std::getline(ss, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

Result<std::string> Required(const Args& a, const char* name, const char* what) {
  std::string v = a.Get(name);
  if (v.empty()) return InvalidInput(std::string("Name ") + what + " with --" + name + ".");
  return v;
}

// A file the command will write: refused before anything happens when it exists or its folder
// cannot be written, so a disclosure is never logged without its file.
Status Writable(const std::string& path) {
  if (platform::FileExists(path)) return Status::Error(Code::kConflict, path + " already exists: choose another file name.");
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  if (access(dir.c_str(), W_OK) != 0) return Status::Error(Code::kIoError, "The folder of " + path + " cannot be written.");
  return Status::Ok();
}

Result<ui::I18n> Words() {
  auto words = ui::I18n::Load(core::directory::AssetsDir(PASSERELLE_ASSETS_DIR) + "/i18n");
  if (!words.ok()) return Internal("The document's words cannot be loaded: " + words.status().message());
  return words;
}

Status Disclose(Context& ctx, core::DocumentKind kind) {
  const Args& a = ctx.args;
  core::DisclosureRequest r;
  r.kind = kind;
  PASSERELLE_ASSIGN_OR_RETURN(r.dossier_id, Required(a, "dossier", "the dossier"));
  r.recipient = a.Get("to");
  if (kind != core::DocumentKind::kAccessCopy && r.recipient.empty())
    return InvalidInput("Name the recipient with --to.");
  r.from_date = a.Get("from");
  r.to_date = a.Get("to-date");
  r.referral_id = a.Get("referral");
  r.ticked_fields = SplitList(a.Get("tick"));
  r.note_ids = SplitList(a.Get("notes"));
  r.report_id = a.Get("report");
  r.language = a.Get("language");
  if (a.HasOption("necessity")) r.necessity_reason = a.Get("necessity");
  const bool preview = a.Has("preview");
  const std::string out = a.Get("out");
  const std::string packet = a.Get("packet");
  if (!preview && out.empty()) return InvalidInput("Say where to write the PDF with --out FILE.pdf.");
  if (!preview) PASSERELLE_RETURN_IF_ERROR(Writable(out));
  if (!packet.empty()) PASSERELLE_RETURN_IF_ERROR(Writable(packet));
  PASSERELLE_ASSIGN_OR_RETURN(ui::I18n words, Words());
  r.words = [&words](std::string_view language, std::string_view key) {
    const auto& table = words.table(language);
    if (auto it = table.find(key); it != table.end()) return it->second;
    const auto& en = words.table("en");
    if (auto it = en.find(key); it != en.end()) return it->second;
    return std::string(key);
  };
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  if (preview) {
    PASSERELLE_ASSIGN_OR_RETURN(auto p, core::PreviewDisclosure(*v, r));
    if (a.Has("json")) {
      json blocks = json::array();
      for (const auto& b : p.document.blocks) blocks.push_back({{"label", b.label}, {"text", b.text}, {"cells", b.cells}});
      PrintJson(JsonText(json{{"title", p.document.title}, {"basis", p.basis_sentence}, {"necessity", p.necessity},
                              {"blocks", blocks}, {"record_ids", p.record_ids},
                              {"field_categories", p.field_categories}}));
      return Status::Ok();
    }
    std::printf("%s\n", p.document.title.c_str());
    for (const auto& [label, value] : p.document.header) std::printf("%s: %s\n", label.c_str(), value.c_str());
    for (const auto& b : p.document.blocks) {
      if (!b.cells.empty()) {
        std::string line;
        for (const auto& c : b.cells) line += (line.empty() ? "" : "  |  ") + c;
        std::printf("  %s\n", line.c_str());
      } else if (!b.label.empty()) {
        std::printf("%s: %s\n", b.label.c_str(), b.text.c_str());
      } else {
        std::printf("%s\n", b.text.c_str());
      }
    }
    std::printf("(preview: nothing was sent or logged)\n");
    return Status::Ok();
  }
  PASSERELLE_ASSIGN_OR_RETURN(auto result, core::Disclose(*v, r));
  PASSERELLE_RETURN_IF_ERROR(platform::WriteFileAtomic(out, result.pdf));
  const bool packet_written = !packet.empty() && !result.packet.empty();
  if (packet_written) PASSERELLE_RETURN_IF_ERROR(platform::WriteFileAtomic(packet, result.packet));
  if (a.Has("json")) {
    PrintJson(JsonText(json{{"log_entry", result.log_entry_id}, {"pdf", out}, {"packet", packet_written ? packet : ""},
                            {"verification_code", result.verification_code}, {"content_hash", result.content_hash}}));
    return Status::Ok();
  }
  std::printf("Wrote %s (verification code %s); logged as %s.\n", out.c_str(), result.verification_code.c_str(),
              result.log_entry_id.c_str());
  if (packet_written) std::printf("Wrote the sealed packet %s.\n", packet.c_str());
  if (!packet.empty() && result.packet.empty())
    std::printf("No sealed packet: this vault holds no verified card for %s (org card import).\n", r.recipient.c_str());
  return Status::Ok();
}

json EntryJson(const core::DisclosureLogEntry& e) {
  return {{"id", e.id},
          {"dossier_id", e.dossier_id},
          {"at", e.at},
          {"worker", e.worker},
          {"device", e.device},
          {"recipient", e.recipient},
          {"kind", e.kind},
          {"basis", e.basis},
          {"consent_id", e.consent_id.empty() ? json(nullptr) : json(e.consent_id)},
          {"basis_text", e.basis_text.empty() ? json(nullptr) : json(e.basis_text)},
          {"basis_since_withdrawn", e.basis_since_withdrawn},
          {"record_ids", e.record_ids},
          {"field_categories", e.field_categories},
          {"content_hash", e.content_hash},
          {"verification_code", e.verification_code}};
}

Status Disclosures(Context& ctx) {
  std::optional<std::string> dossier;
  if (ctx.args.HasOption("dossier")) dossier = ctx.args.Get("dossier");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto log, core::DisclosureLog(*v, dossier));
  if (ctx.args.Has("json")) {
    json arr = json::array();
    for (const auto& e : log) arr.push_back(EntryJson(e));
    PrintJson(JsonText(arr));
    return Status::Ok();
  }
  if (log.empty()) std::printf("Nothing was disclosed%s.\n", dossier ? " from this dossier" : "");
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : log) {
    std::string basis = e.basis;
    if (!e.consent_id.empty()) basis += " " + e.consent_id;
    if (e.basis_since_withdrawn) basis += " (disclosed under a consent since withdrawn)";
    rows.push_back({e.at, e.kind, e.recipient, e.worker, basis, e.verification_code});
  }
  PrintTable(rows);
  return Status::Ok();
}

json ReceivedJson(const core::ReceivedAttestation& r) {
  json visits = json::array();
  for (const auto& v : r.visits) visits.push_back({{"date", v.date}, {"kind", v.kind}, {"outcome", v.outcome}});
  return {{"id", r.id},
          {"person_name", r.person_name},
          {"person_birth_date", r.person_birth_date},
          {"period_from", r.period_from},
          {"period_to", r.period_to},
          {"issuer_id", r.issuer_id},
          {"issuer_name", r.issuer_name},
          {"issuer_fingerprint", r.issuer_fingerprint},
          {"issued_at", r.issued_at},
          {"verification_code", r.verification_code},
          {"visits", visits}};
}

Status InboxImport(Context& ctx) {
  if (ctx.args.positional.empty()) return InvalidInput("Name the packet file to import.");
  PASSERELLE_ASSIGN_OR_RETURN(auto bytes, platform::ReadFile(ctx.args.positional[0]));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto r, core::ImportAttendancePacket(*v, bytes));
  if (ctx.args.Has("json")) {
    PrintJson(JsonText(ReceivedJson(r)));
    return Status::Ok();
  }
  std::printf("Imported the attendance of %s (%zu visits), signed by %s (%s).\n", r.person_name.c_str(), r.visits.size(),
              r.issuer_name.c_str(), r.issuer_fingerprint.c_str());
  return Status::Ok();
}

Status InboxList(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto list, core::ListReceived(*v));
  if (ctx.args.Has("json")) {
    json arr = json::array();
    for (const auto& r : list) arr.push_back(ReceivedJson(r));
    PrintJson(JsonText(arr));
    return Status::Ok();
  }
  if (list.empty()) std::printf("No attendance received.\n");
  for (const auto& r : list) {
    std::printf("%s  %s – %s  signed by %s (%s), %s\n", r.person_name.c_str(), r.period_from.c_str(), r.period_to.c_str(),
                r.issuer_name.c_str(), r.issuer_fingerprint.c_str(), r.issued_at.c_str());
    for (const auto& vis : r.visits)
      std::printf("  %s  %s  %s\n", vis.date.c_str(), vis.kind.c_str(), vis.outcome.empty() ? "-" : vis.outcome.c_str());
  }
  return Status::Ok();
}

}  // namespace

void RegisterDisclosureCommands(std::vector<CommandSpec>& out) {
  const std::vector<std::string> json = {"json"};
  const std::vector<std::string> flags = {"json", "preview"};
  const std::vector<std::string> common = {"dossier", "to", "out", "packet", "necessity", "language"};
  auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.end(), common.begin(), common.end());
    return extra;
  };
  out.push_back({{"disclose", "attendance"},
                 "disclose attendance --dossier D --to RECIPIENT [--from DATE] [--to-date DATE] --out FILE.pdf "
                 "[--packet FILE] [--necessity REASON] [--language fr|nl|en] [--preview] [--json]",
                 [](Context& c) { return Disclose(c, core::DocumentKind::kAttendance); }, with({"from", "to-date"}), flags});
  out.push_back({{"disclose", "referral"},
                 "disclose referral --dossier D --to RECIPIENT --referral ID [--tick F1,F2] [--notes N1,N2] --out FILE.pdf "
                 "[--packet FILE] [--necessity REASON] [--language fr|nl|en] [--preview] [--json]",
                 [](Context& c) { return Disclose(c, core::DocumentKind::kReferral); }, with({"referral", "tick", "notes"}),
                 flags});
  out.push_back({{"disclose", "exit-report"},
                 "disclose exit-report --dossier D --to RECIPIENT --out FILE.pdf [--packet FILE] [--necessity REASON] "
                 "[--language fr|nl|en] [--preview] [--json]",
                 [](Context& c) { return Disclose(c, core::DocumentKind::kExitReport); }, with({}), flags});
  out.push_back({{"disclose", "co-report"},
                 "disclose co-report --dossier D --to RECIPIENT [--report ID] --out FILE.pdf [--packet FILE] "
                 "[--necessity REASON] [--language fr|nl|en] [--preview] [--json]",
                 [](Context& c) { return Disclose(c, core::DocumentKind::kCoReport); }, with({"report"}), flags});
  out.push_back({{"disclose", "access-copy"},
                 "disclose access-copy --dossier D [--to PERSON] --out FILE.pdf [--language fr|nl|en] [--preview] [--json]",
                 [](Context& c) { return Disclose(c, core::DocumentKind::kAccessCopy); }, with({}), flags});
  out.push_back({{"disclosures"}, "disclosures [--dossier D] [--json]", Disclosures, {"dossier"}, json});
  out.push_back({{"inbox", "import"}, "inbox import FILE [--json]", InboxImport, {}, json, 1});
  out.push_back({{"inbox", "list"}, "inbox list [--json]", InboxList, {}, json});
}

}  // namespace passerelle::cli
