// Case-file commands: person, dossier, visit, note, plan, consent, referral, delete, history.
// Options map onto fields: --birth-date X sets birth_date; a few short names (--person,
// --dossier, --visit, --due, --plan-item, --text) name fields (FieldOptions, cli.cpp). Each
// command accepts only its own record kind's fields; anything else is refused before opening.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "passerelle/core/case_files.h"
#include "passerelle/platform/file.h"
#include "records_json.h"

namespace passerelle::cli {
namespace {

using nlohmann::json;
using core::EntityType;

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string item; std::getline(ss, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

Result<std::string> Positional(const Args& a, size_t i, const char* what) {
  if (a.positional.size() <= i) return InvalidInput(std::string("Name the ") + what + ".");
  return a.positional[i];
}

void PrintCreated(const Args& a, const char* what, const std::string& id) {
  if (a.Has("json"))
    PrintJson(JsonText(json{{"id", id}}));
  else
    std::printf("%s %s\n", what, id.c_str());
}

Status PersonAdd(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddPerson(*v, FieldsFromOptions(ctx)));
  PrintCreated(ctx.args, "person", id);
  return Status::Ok();
}

Status PersonList(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto persons, core::ListPersons(*v));
  if (ctx.args.Has("json")) return PrintJson(JsonText(ToJsonList(persons))), Status::Ok();
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : persons) rows.push_back({p.id, p.name, p.establishment, p.status});
  PrintTable(rows);
  return Status::Ok();
}

Status DossierAdd(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddDossier(*v, FieldsFromOptions(ctx)));
  PrintCreated(ctx.args, "dossier", id);
  return Status::Ok();
}

Status DossierList(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto list, core::ListDossiers(*v));
  if (ctx.args.Has("json")) return PrintJson(JsonText(ToJsonList(list))), Status::Ok();
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : list)
    rows.push_back({s.dossier.id, s.person.name, s.person.establishment,
                    "review " + (s.dossier.next_review.empty() ? "-" : s.dossier.next_review),
                    "release " + (s.dossier.expected_release.empty() ? "-" : s.dossier.expected_release)});
  PrintTable(rows);
  return Status::Ok();
}

Status DossierShow(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto id, Positional(ctx.args, 0, "dossier id"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto d, core::ShowDossier(*v, id));
  if (ctx.args.Has("json")) {
    PrintJson(JsonText(ToJson(d)));
    return Status::Ok();
  }
  const auto& s = d.summary;
  std::printf("Dossier %s — %s (%s), %s, %s\n", s.dossier.id.c_str(), s.person.name.c_str(), s.person.status.c_str(),
              s.person.establishment.c_str(), s.dossier.service.c_str());
  std::printf("Referent: %s  Basis: %s  Next review: %s  Next hearing: %s  Expected release: %s\n",
              s.dossier.referent.c_str(), s.dossier.basis.c_str(), s.dossier.next_review.c_str(),
              s.dossier.next_hearing.c_str(), s.dossier.expected_release.c_str());
  for (const auto& vi : d.visits)
    std::printf("  visit %s %s %s %s %s\n", vi.id.c_str(), vi.date.c_str(), vi.kind.c_str(), vi.outcome.c_str(), vi.place.c_str());
  for (const auto& n : d.notes) std::printf("  note %s [%s] %s: %s\n", n.id.c_str(), n.scope.c_str(), n.author.c_str(), n.body.c_str());
  for (const auto& p : d.plan)
    std::printf("  plan %s [%s] %s (%s) due %s\n", p.id.c_str(), p.domain.c_str(), p.goal.c_str(), p.status.c_str(), p.due_date.c_str());
  for (const auto& r : d.referrals) std::printf("  referral %s -> %s (%s)\n", r.id.c_str(), r.service_id.c_str(), r.status.c_str());
  for (const auto& c : d.consents)
    std::printf("  consent %s %s [%s] given %s%s%s\n", c.id.c_str(), c.partner.c_str(), c.scope.c_str(), c.given_on.c_str(),
                c.withdrawn_on.empty() ? "" : " withdrawn ", c.withdrawn_on.c_str());
  return Status::Ok();
}

Status VisitAdd(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  // Participants are names, which may hold a comma: separated by ";" (commands_records.cpp).
  std::vector<std::string> participants;
  if (ctx.args.HasOption("participants")) {
    const std::string all = ctx.args.Get("participants");
    for (size_t from = 0; from <= all.size();) {
      size_t end = std::min(all.find(';', from), all.size());
      participants.push_back(all.substr(from, end - from));
      from = end + 1;
    }
  }
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddVisit(*v, FieldsFromOptions(ctx), PracticeCodesOption(ctx.args),
                                                      participants));
  PrintCreated(ctx.args, "visit", id);
  return Status::Ok();
}

// Note text from --text, --text-file FILE, or --text-file - (standard input); nullopt when neither.
Result<std::optional<std::string>> NoteText(const Args& a) {
  const char* inline_option = a.HasOption("text") ? "text" : a.HasOption("body") ? "body" : nullptr;
  if (inline_option && a.HasOption("text-file")) return InvalidInput("Give the text with --text or --text-file, not both.");
  if (inline_option) return std::optional<std::string>(a.Get(inline_option));
  if (!a.HasOption("text-file")) return std::optional<std::string>();
  std::string file = a.Get("text-file");
  if (file == "-") {
    std::ostringstream body;  // not istreambuf_iterator: GCC 12 -O3 false -Wnull-dereference
    body << std::cin.rdbuf();
    return std::optional<std::string>(body.str());
  }
  if (file.empty()) return InvalidInput("--text-file needs a file name, or - for standard input.");
  PASSERELLE_ASSIGN_OR_RETURN(auto bytes, platform::ReadFile(file));
  return std::optional<std::string>(std::string(bytes.begin(), bytes.end()));
}

// Only spaces, tabs and line breaks: saving it would erase the note's words.
bool IsBlank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

Status NoteAdd(Context& ctx) {
  core::FieldValues fields = FieldsFromOptions(ctx);
  PASSERELLE_ASSIGN_OR_RETURN(auto text, NoteText(ctx.args));
  if (text) fields["body"] = *text;
  if (IsBlank(fields["body"])) return InvalidInput("A note needs text: --text, or --text-file FILE (- for standard input).");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddNote(*v, fields, SplitList(ctx.args.Get("domains")),
                                                     PracticeCodesOption(ctx.args)));
  PrintCreated(ctx.args, "note", id);
  return Status::Ok();
}

// Replaces a note's text. An edit that would leave it empty is refused unless asked for with
// --clear: a typo in an option or an empty file must never erase a note (issue 10). After
// --clear the previous text stays in `history ID body`.
Status NoteEdit(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto id, Positional(ctx.args, 0, "note id"));
  PASSERELLE_ASSIGN_OR_RETURN(auto text, NoteText(ctx.args));
  const bool clear = ctx.args.Has("clear");
  if (clear && text) return InvalidInput("Give the new text or --clear, not both.");
  if (!clear && !text)
    return InvalidInput("Nothing to change: give the new text with --text or --text-file FILE, or empty the note with --clear.");
  if (!clear && IsBlank(*text))
    return InvalidInput("The new text is empty, so the note was left as it was; to empty it on purpose, use note edit ID --clear.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  return core::SaveNoteBody(*v, id, clear ? std::string() : *text);
}

Status NoteList(Context& ctx) {
  std::string dossier = ctx.args.Get("dossier");
  if (dossier.empty()) return InvalidInput("Name the dossier with --dossier ID.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_RETURN_IF_ERROR(core::ShowDossier(*v, dossier).status());
  PASSERELLE_ASSIGN_OR_RETURN(auto notes, core::ListNotes(*v, dossier));
  if (ctx.args.Has("json")) return PrintJson(JsonText(ToJsonList(notes))), Status::Ok();
  for (const auto& n : notes)
    std::printf("%s  %s  [%s] %s\n%s\n\n", n.id.c_str(), n.created_at.c_str(), n.scope.c_str(), n.author.c_str(), n.body.c_str());
  return Status::Ok();
}

Status PlanAdd(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddPlanItem(*v, FieldsFromOptions(ctx), SplitList(ctx.args.Get("suggestions")),
                                                         PracticeCodesOption(ctx.args)));
  PrintCreated(ctx.args, "plan item", id);
  return Status::Ok();
}

// "dossier set ID --FIELD VALUE ...", and the same for plan items and referrals: the id must be
// of the command's record kind, and at least one field must be given.
Status RecordSet(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto id, Positional(ctx.args, 0, "record id"));
  const core::EntitySpec& kind = core::Spec(*ctx.command->fields);
  const core::EntitySpec* spec = core::SpecForId(id);
  if (spec == nullptr || spec->type != kind.type)
    return InvalidInput("\"" + id + "\" is not a " + std::string(kind.name) + " id.");
  core::FieldValues fields = FieldsFromOptions(ctx);
  // --practice (plan set): the item's practice codes become exactly these ("" empties them).
  core::SetValues sets;
  if (ctx.args.HasOption("practice")) sets["practice_codes"] = PracticeCodesOption(ctx.args);
  if (fields.empty() && sets.empty())
    return InvalidInput("Nothing to change: give at least one --FIELD VALUE (see passerelle-cli help).");
  // A note's text has its own command, which refuses an accidental empty text.
  if (fields.count("body")) return InvalidInput("Change a note's text with note edit ID --text T (or --clear).");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  return core::UpdateRecord(*v, id, fields, sets);
}

Status ConsentAdd(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddConsent(*v, FieldsFromOptions(ctx)));
  PrintCreated(ctx.args, "consent", id);
  return Status::Ok();
}

Status ConsentWithdraw(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto id, Positional(ctx.args, 0, "consent id"));
  std::string date = ctx.args.Get("date");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  return core::WithdrawConsent(*v, id, date);
}

Status ReferralAdd(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddReferral(*v, FieldsFromOptions(ctx)));
  PrintCreated(ctx.args, "referral", id);
  return Status::Ok();
}

Status Delete(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto id, Positional(ctx.args, 0, "record id"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  return core::DeleteRecord(*v, id);
}

Status Restore(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto id, Positional(ctx.args, 0, "record id"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  return core::RestoreRecord(*v, id);
}

Status History(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto id, Positional(ctx.args, 0, "record id"));
  PASSERELLE_ASSIGN_OR_RETURN(auto field, Positional(ctx.args, 1, "field"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto versions, core::FieldHistory(*v, id, field));
  if (ctx.args.Has("json")) {
    PrintJson(JsonText(ToJsonList(versions)));
    return Status::Ok();
  }
  if (versions.empty()) std::printf("%s has never had a value for %s.\n", id.c_str(), field.c_str());
  for (const auto& h : versions)
    std::printf("%s %016llx %s\n", h.current ? "*" : " ", static_cast<unsigned long long>(h.replica),
                h.cleared ? "(cleared)" : h.value.c_str());
  return Status::Ok();
}

}  // namespace

void RegisterCaseCommands(std::vector<CommandSpec>& out) {
  const std::vector<std::string> json = {"json"};
  out.push_back({{"person", "add"}, "person add --name NAME [--alias A] [--birth-date D] [--language fr|nl|de|en] [--establishment E] [--status S] [--json]",
                 PersonAdd, {}, json, 0, EntityType::kPerson});
  out.push_back({{"person", "list"}, "person list [--json]", PersonList, {}, json});
  out.push_back({{"person", "set"}, "person set ID --FIELD VALUE ...   (a person's fields, e.g. --establishment E)", RecordSet,
                 {}, {}, 1, EntityType::kPerson});
  out.push_back({{"dossier", "add"}, "dossier add --person ID [--referent R] [--basis voluntary|mandate] [--next-review D] [--expected-release D] [--next-hearing D] [--json]",
                 DossierAdd, {}, json, 0, EntityType::kDossier});
  out.push_back({{"dossier", "list"}, "dossier list [--json]", DossierList, {}, json});
  out.push_back({{"dossier", "show"}, "dossier show ID [--json]", DossierShow, {}, json, 1});
  out.push_back({{"dossier", "set"}, "dossier set ID --FIELD VALUE ...   (a dossier's fields, e.g. --next-review D)", RecordSet,
                 {}, {}, 1, EntityType::kDossier});
  out.push_back({{"visit", "add"}, "visit add --dossier ID [--date D] [--place P] [--kind K] [--outcome O] [--practice C1,C2] [--participants \"A;B\"] [--json]",
                 VisitAdd, {"practice", "participants"}, json, 0, EntityType::kVisit});
  out.push_back({{"visit", "set"}, "visit set ID --FIELD VALUE ...   (a visit's fields, e.g. --outcome O)", RecordSet,
                 {}, {}, 1, EntityType::kVisit});
  out.push_back({{"note", "add"}, "note add --dossier ID (--text T | --text-file F|-) [--visit ID] [--scope private|service|partner] [--partner P] [--domains D1,D2] [--practice C1] [--json]",
                 NoteAdd, {"text-file", "domains", "practice"}, json, 0, EntityType::kNote});
  out.push_back({{"note", "edit"}, "note edit ID (--text T | --text-file F|- | --clear)   (--clear empties it; history ID body keeps the old text)",
                 NoteEdit, {"text", "text-file"}, {"clear"}, 1});
  out.push_back({{"note", "list"}, "note list --dossier ID [--json]", NoteList, {"dossier"}, json});
  out.push_back({{"note", "set"}, "note set ID [--scope private|service|partner] [--partner P] [--visit ID]   (the text: note edit)",
                 RecordSet, {}, {}, 1, EntityType::kNote});
  out.push_back({{"plan", "add"}, "plan add --dossier ID --domain D --goal G [--stage S] [--status S] [--barriers B] [--levers L] [--suggestions K1,K2] [--practice C1,C2] [--due D] [--json]",
                 PlanAdd, {"suggestions", "practice"}, json, 0, EntityType::kPlanItem});
  out.push_back({{"plan", "set"}, "plan set ID [--stage S] [--status S] [--goal G] [--barriers B] [--levers L] [--due D] [--practice C1,C2]   (--practice: exactly these codes, \"\" none; picked suggestions: plan suggest)", RecordSet,
                 {"practice"}, {}, 1, EntityType::kPlanItem});
  out.push_back({{"consent", "add"}, "consent add --dossier ID --partner P --scope attendance|referral|shared_notes|exit_report|co_report|care_handover [--given-on D] [--expires-on D] [--json]",
                 ConsentAdd, {}, json, 0, EntityType::kConsent});
  out.push_back({{"consent", "set"}, "consent set ID [--expires-on D] [--given-on D]", RecordSet, {}, {}, 1,
                 EntityType::kConsent});
  out.push_back({{"consent", "withdraw"}, "consent withdraw ID [--date D]", ConsentWithdraw, {"date"}, {}, 1});
  out.push_back({{"referral", "add"}, "referral add --plan-item ID --service-id DIRECTORY_ID [--status S] [--comment C] [--json]",
                 ReferralAdd, {}, json, 0, EntityType::kReferral});
  out.push_back({{"referral", "set"}, "referral set ID --status suggested|contacted|accepted|waiting_list|refused [--comment C]",
                 RecordSet, {}, {}, 1, EntityType::kReferral});
  out.push_back({{"review", "set"}, "review set ID [--held-on D] [--next-review D] [--comment C]   (review add records one)",
                 RecordSet, {}, {}, 1, EntityType::kReview});
  out.push_back({{"delete"}, "delete ID   (tombstone; restore ID undoes it)", Delete, {}, {}, 1});
  out.push_back({{"restore"}, "restore ID", Restore, {}, {}, 1});
  out.push_back({{"history"}, "history ID FIELD [--json]", History, {}, json, 2});
}

}  // namespace passerelle::cli
