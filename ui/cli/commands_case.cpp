// Case-file commands: person, dossier, visit, note, plan, consent, referral, delete, history.
// Options map onto fields: --birth-date X sets birth_date; a few short names (--person,
// --dossier, --visit, --due, --plan-item, --service-id) name the reference fields.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "passerelle/core/case_files.h"
#include "passerelle/platform/file.h"

namespace passerelle::cli {
namespace {

using nlohmann::json;

const std::map<std::string, std::string> kAliases = {
    {"person", "person_id"}, {"dossier", "dossier_id"}, {"visit", "visit_id"}, {"due", "due_date"},
    {"plan-item", "plan_item_id"}, {"service-id", "service_id"}, {"text", "body"}};
// Options that are not fields.
const std::set<std::string> kNotFields = {"vault", "passphrase-file", "practice", "domains", "text-file"};

core::FieldValues FieldsFromOptions(const Args& a) {
  core::FieldValues f;
  for (const auto& [name, value] : a.options) {
    if (kNotFields.count(name)) continue;
    auto alias = kAliases.find(name);
    std::string field = alias != kAliases.end() ? alias->second : name;
    for (auto& c : field)
      if (c == '-') c = '_';
    f[field] = value;
  }
  return f;
}

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
    PrintJson(json{{"id", id}}.dump());
  else
    std::printf("%s %s\n", what, id.c_str());
}

json ToJson(const core::Person& p) {
  return {{"id", p.id}, {"name", p.name}, {"alias", p.alias}, {"birth_date", p.birth_date}, {"language", p.language},
          {"establishment", p.establishment}, {"status", p.status}};
}
json ToJson(const core::Dossier& d) {
  return {{"id", d.id}, {"person_id", d.person_id}, {"service", d.service}, {"referent", d.referent},
          {"basis", d.basis}, {"mandate_conditions", d.mandate_conditions}, {"opened_on", d.opened_on},
          {"expected_release", d.expected_release}, {"next_hearing", d.next_hearing}, {"next_review", d.next_review}};
}
json ToJson(const core::DossierSummary& s) {
  json j = ToJson(s.dossier);
  j["person"] = ToJson(s.person);
  j["last_visit"] = s.last_visit;
  return j;
}
json ToJson(const core::Note& n) {
  return {{"id", n.id}, {"dossier_id", n.dossier_id}, {"visit_id", n.visit_id}, {"author", n.author},
          {"created_at", n.created_at}, {"scope", n.scope}, {"partner", n.partner}, {"body", n.body},
          {"domains", n.domains}, {"practice_codes", n.practice_codes}};
}
json ToJson(const core::Visit& v) {
  return {{"id", v.id}, {"dossier_id", v.dossier_id}, {"date", v.date}, {"place", v.place}, {"kind", v.kind},
          {"outcome", v.outcome}, {"author", v.author}, {"practice_codes", v.practice_codes}};
}
json ToJson(const core::PlanItem& p) {
  return {{"id", p.id}, {"dossier_id", p.dossier_id}, {"domain", p.domain}, {"goal", p.goal}, {"status", p.status},
          {"barriers", p.barriers}, {"levers", p.levers}, {"due_date", p.due_date}};
}
json ToJson(const core::Consent& c) {
  return {{"id", c.id}, {"dossier_id", c.dossier_id}, {"partner", c.partner}, {"scope", c.scope},
          {"given_on", c.given_on}, {"expires_on", c.expires_on}, {"withdrawn_on", c.withdrawn_on}};
}
json ToJson(const core::Referral& r) {
  return {{"id", r.id}, {"plan_item_id", r.plan_item_id}, {"service_id", r.service_id}, {"status", r.status},
          {"comment", r.comment}};
}
template <typename T>
json ToJsonList(const std::vector<T>& items) {
  json arr = json::array();
  for (const auto& i : items) arr.push_back(ToJson(i));
  return arr;
}

Status PersonAdd(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddPerson(*v, FieldsFromOptions(ctx.args)));
  PrintCreated(ctx.args, "person", id);
  return Status::Ok();
}

Status PersonList(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto persons, core::ListPersons(*v));
  if (ctx.args.Has("json")) return PrintJson(ToJsonList(persons).dump()), Status::Ok();
  for (const auto& p : persons) std::printf("%s  %s  %s  %s\n", p.id.c_str(), p.name.c_str(), p.establishment.c_str(), p.status.c_str());
  return Status::Ok();
}

Status DossierAdd(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddDossier(*v, FieldsFromOptions(ctx.args)));
  PrintCreated(ctx.args, "dossier", id);
  return Status::Ok();
}

Status DossierList(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto list, core::ListDossiers(*v));
  if (ctx.args.Has("json")) return PrintJson(ToJsonList(list).dump()), Status::Ok();
  for (const auto& s : list)
    std::printf("%s  %-24s %-28s review %s  release %s\n", s.dossier.id.c_str(), s.person.name.c_str(),
                s.person.establishment.c_str(), s.dossier.next_review.empty() ? "-" : s.dossier.next_review.c_str(),
                s.dossier.expected_release.empty() ? "-" : s.dossier.expected_release.c_str());
  return Status::Ok();
}

Status DossierShow(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto id, Positional(ctx.args, 0, "dossier id"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto d, core::ShowDossier(*v, id));
  if (ctx.args.Has("json")) {
    json j = ToJson(d.summary);
    j["visits"] = ToJsonList(d.visits);
    j["notes"] = ToJsonList(d.notes);
    j["plan"] = ToJsonList(d.plan);
    j["referrals"] = ToJsonList(d.referrals);
    j["consents"] = ToJsonList(d.consents);
    PrintJson(j.dump());
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
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddVisit(*v, FieldsFromOptions(ctx.args), SplitList(ctx.args.Get("practice"))));
  PrintCreated(ctx.args, "visit", id);
  return Status::Ok();
}

// Note text from --text, --text-file FILE, or --text-file - (standard input).
Result<core::FieldValues> NoteFields(const Args& a) {
  core::FieldValues f = FieldsFromOptions(a);
  std::string file = a.Get("text-file");
  if (file == "-") {
    std::ostringstream body;  // not istreambuf_iterator: GCC 12 -O3 false -Wnull-dereference
    body << std::cin.rdbuf();
    f["body"] = body.str();
  } else if (!file.empty()) {
    PASSERELLE_ASSIGN_OR_RETURN(auto bytes, platform::ReadFile(file));
    f["body"] = std::string(bytes.begin(), bytes.end());
  }
  return f;
}

Status NoteAdd(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto fields, NoteFields(ctx.args));
  if (fields["body"].empty()) return InvalidInput("A note needs text: --text, or --text-file FILE (- for standard input).");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddNote(*v, fields, SplitList(ctx.args.Get("domains")),
                                                     SplitList(ctx.args.Get("practice"))));
  PrintCreated(ctx.args, "note", id);
  return Status::Ok();
}

Status NoteEdit(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto id, Positional(ctx.args, 0, "note id"));
  PASSERELLE_ASSIGN_OR_RETURN(auto fields, NoteFields(ctx.args));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  return core::SaveNoteBody(*v, id, fields["body"]);
}

Status NoteList(Context& ctx) {
  std::string dossier = ctx.args.Get("dossier");
  if (dossier.empty()) return InvalidInput("Name the dossier with --dossier ID.");
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_RETURN_IF_ERROR(core::ShowDossier(*v, dossier).status());
  PASSERELLE_ASSIGN_OR_RETURN(auto notes, core::ListNotes(*v, dossier));
  if (ctx.args.Has("json")) return PrintJson(ToJsonList(notes).dump()), Status::Ok();
  for (const auto& n : notes)
    std::printf("%s  %s  [%s] %s\n%s\n\n", n.id.c_str(), n.created_at.c_str(), n.scope.c_str(), n.author.c_str(), n.body.c_str());
  return Status::Ok();
}

Status PlanAdd(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddPlanItem(*v, FieldsFromOptions(ctx.args)));
  PrintCreated(ctx.args, "plan item", id);
  return Status::Ok();
}

// "set ID --field value ..." for any record type; plan set is the documented use.
Status RecordSet(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto id, Positional(ctx.args, 0, "record id"));
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  return core::UpdateRecord(*v, id, FieldsFromOptions(ctx.args));
}

Status ConsentAdd(Context& ctx) {
  PASSERELLE_ASSIGN_OR_RETURN(auto v, ctx.OpenVault());
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddConsent(*v, FieldsFromOptions(ctx.args)));
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
  PASSERELLE_ASSIGN_OR_RETURN(auto id, core::AddReferral(*v, FieldsFromOptions(ctx.args)));
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
    json arr = json::array();
    for (const auto& h : versions)
      arr.push_back({{"value", h.cleared ? json(nullptr) : json(h.value)}, {"hlc", h.hlc},
                     {"replica", h.replica}, {"current", h.current}});
    PrintJson(arr.dump());
    return Status::Ok();
  }
  for (const auto& h : versions)
    std::printf("%s %016llx %s%s\n", h.current ? "*" : " ", static_cast<unsigned long long>(h.replica),
                h.cleared ? "(cleared)" : h.value.c_str(), "");
  return Status::Ok();
}

}  // namespace

void RegisterCaseCommands(std::vector<CommandSpec>& out) {
  out.push_back({{"person", "add"}, "person add --name NAME [--alias A] [--birth-date D] [--language fr|nl|de|en] [--establishment E] [--status S]", PersonAdd});
  out.push_back({{"person", "list"}, "person list [--json]", PersonList});
  out.push_back({{"dossier", "add"}, "dossier add --person ID [--referent R] [--basis voluntary|mandate] [--next-review D] [--expected-release D] [--next-hearing D]", DossierAdd});
  out.push_back({{"dossier", "list"}, "dossier list [--json]", DossierList});
  out.push_back({{"dossier", "show"}, "dossier show ID [--json]", DossierShow});
  out.push_back({{"dossier", "set"}, "dossier set ID --FIELD VALUE ...", RecordSet});
  out.push_back({{"visit", "add"}, "visit add --dossier ID [--date D] [--place P] [--kind K] [--outcome O] [--practice C1,C2]", VisitAdd});
  out.push_back({{"note", "add"}, "note add --dossier ID (--text T | --text-file F|-) [--visit ID] [--scope private|service|partner] [--partner P] [--domains D1,D2] [--practice C1]", NoteAdd});
  out.push_back({{"note", "edit"}, "note edit ID (--text T | --text-file F|-)", NoteEdit});
  out.push_back({{"note", "list"}, "note list --dossier ID [--json]", NoteList});
  out.push_back({{"plan", "add"}, "plan add --dossier ID --domain D --goal G [--status S] [--barriers B] [--levers L] [--due D]", PlanAdd});
  out.push_back({{"plan", "set"}, "plan set ID [--status S] [--goal G] [--barriers B] [--levers L] [--due D]", RecordSet});
  out.push_back({{"consent", "add"}, "consent add --dossier ID --partner P --scope attendance|referral|shared_notes [--given-on D] [--expires-on D]", ConsentAdd});
  out.push_back({{"consent", "withdraw"}, "consent withdraw ID [--date D]", ConsentWithdraw});
  out.push_back({{"referral", "add"}, "referral add --plan-item ID --service-id DIRECTORY_ID [--status S]", ReferralAdd});
  out.push_back({{"referral", "set"}, "referral set ID --status suggested|contacted|accepted|waiting_list|refused", RecordSet});
  out.push_back({{"delete"}, "delete ID   (tombstone; restore ID undoes it)", Delete});
  out.push_back({{"restore"}, "restore ID", Restore});
  out.push_back({{"history"}, "history ID FIELD [--json]", History});
}

}  // namespace passerelle::cli
