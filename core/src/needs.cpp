// The hierarchy of needs, needs and risk assessments, relatives (needs.h; issue 15 parts 2, 3, 5).
#include "passerelle/core/needs.h"

#include <algorithm>
#include <set>

#include "passerelle/core/model.h"
#include "passerelle/core/plan_suggestions.h"
#include "passerelle/core/visibility.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace {

using sv = std::string_view;

Result<std::vector<std::string>> ReadElements(sqlite3* db, const std::string& id, const char* field) {
  sql::Stmt q(db,
              "SELECT DISTINCT element FROM set_member WHERE entity_id = ? AND field = ? AND removed = 0 "
              "ORDER BY element");
  q.Bind(1, id).Bind(2, std::string(field));
  std::vector<std::string> out;
  while (q.Step()) out.push_back(q.Text(0));
  if (!q.status().ok()) return q.status();
  return out;
}

std::string Get(const FieldValues& f, const char* name) {
  auto it = f.find(name);
  return it == f.end() ? std::string() : it->second;
}

// A date as typed ("01/12/2026" or "2026-12-01") to ISO, or the one-sentence refusal.
Result<std::string> TypedDate(const char* what, const std::string& typed) {
  auto iso = LocalDateToIso(typed);
  if (iso && IsValidDate(*iso)) return *iso;
  return InvalidInput(DateProblem(what, typed, iso.value_or("")));
}

// Only the fields a worker gives; anything else (the author, the creation time, a set) is refused.
Status OnlyFields(const char* kind, const FieldValues& fields, std::initializer_list<sv> allowed) {
  for (const auto& [name, value] : fields)
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
      return InvalidInput("A" + std::string(kind[0] == 'a' ? "n " : " ") + kind + " has no field " +
                          QuotedForMessage(name) + " to give.");
  return Status::Ok();
}

Status CheckValue(const EntitySpec& spec, const std::string& field, const std::string& value) {
  std::string why;
  if (!value.empty() && !ValidateValue(*spec.Find(field), value, &why)) return InvalidInput(why);
  return Status::Ok();
}

Status RequireLiveOf(const Vault& v, const std::string& id, EntityType type, const char* words) {
  const EntitySpec* spec = SpecForId(id);
  if (spec == nullptr || spec->type != type) return InvalidInput(QuotedForMessage(id) + " is not a " + words + " id.");
  PASSERELLE_ASSIGN_OR_RETURN(bool live, RecordExists(v, id));
  if (!live) return NotFound("There is no " + std::string(words) + " " + id + ".");
  return Status::Ok();
}

// One row's text columns by name (the record must exist; "" for NULL).
Result<std::map<std::string, std::string>> ReadRecord(const Vault& v, const EntitySpec& spec, const std::string& id) {
  std::string cols = "id";
  std::vector<std::string> names{"id"};
  for (const auto& f : spec.fields)
    if (f.merge != FieldMerge::kSet) {
      cols += ", " + std::string(f.name);
      names.emplace_back(f.name);
    }
  sql::Stmt q(internal::Db(v), "SELECT " + cols + " FROM " + std::string(spec.name) + " WHERE id = ?");
  q.Bind(1, id);
  std::map<std::string, std::string> row;
  if (q.Step())
    for (size_t i = 0; i < names.size(); ++i) row[names[i]] = q.Text(static_cast<int>(i));
  if (!q.status().ok()) return q.status();
  if (row.empty()) return NotFound("There is no " + std::string(spec.name) + " " + id + ".");
  return row;
}

// ---- assessments ----

Assessment ToAssessment(const std::map<std::string, std::string>& r) {
  auto g = [&](const char* k) {
    auto it = r.find(k);
    return it == r.end() ? std::string() : it->second;
  };
  Assessment a{g("id"),       g("dossier_id"),   g("assessed_on"), g("assessor"), g("instrument"), g("protective_factors"),
               g("risk_summary"), g("next_assessment"), g("scope"), g("author"), g("created_at"), {}};
  // Stored levels were checked when written here; a merged line that does not parse is skipped.
  auto needs = ParseNeeds(g("needs"));
  if (needs.ok()) a.needs = *needs;
  return a;
}

// The assessment rules that involve several fields, on the record as the write leaves it.
Status CheckAssessment(const Vault& v, const std::map<std::string, std::string>& a, const std::string& today) {
  if (a.at("assessed_on") > today)
    return InvalidInput("An assessment is recorded once it is done: its date cannot be after today.");
  const std::string& next = a.at("next_assessment");
  if (!next.empty() && next <= a.at("assessed_on"))
    return InvalidInput("The next assessment must come after the assessment being recorded.");
  (void)v;
  return Status::Ok();
}

// ---- relatives ----

Status CheckRelativePlanItems(const Vault& v, const std::string& dossier_id, const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    PASSERELLE_RETURN_IF_ERROR(RequireLiveOf(v, id, EntityType::kPlanItem, "plan item"));
    PASSERELLE_ASSIGN_OR_RETURN(auto row, ReadRecord(v, Spec(EntityType::kPlanItem), id));
    if (row["dossier_id"] != dossier_id)
      return InvalidInput("The plan item " + id + " belongs to another case file.");
    if (row["domain"] != "family_social_network")
      return InvalidInput("A relative is linked only to plan items of the family and social network domain.");
  }
  return Status::Ok();
}

Status CheckRelativePerson(const Vault& v, const std::string& dossier_id, const std::string& person_id) {
  if (person_id.empty()) return Status::Ok();
  PASSERELLE_RETURN_IF_ERROR(RequireLiveOf(v, person_id, EntityType::kPerson, "person"));
  PASSERELLE_ASSIGN_OR_RETURN(auto dossier, ReadRecord(v, Spec(EntityType::kDossier), dossier_id));
  if (dossier["person_id"] == person_id)
    return InvalidInput("A relative is someone other than the person the case file is about.");
  return Status::Ok();
}

}  // namespace

// ---- Part 2 ----

sv DefaultStageFor(sv domain) {
  if (domain == "mental_health" || domain == "addiction" || domain == "justice") return "stabilisation_transition";
  if (domain == "training" || domain == "employment" || domain == "family_social_network")
    return "social_reintegration";
  return "basic_needs_trust";
}

std::string StageOf(const PlanItem& item) {
  if (NeedsStages().Contains(item.stage)) return item.stage;
  return std::string(DefaultStageFor(item.domain));
}

std::vector<StageGroup> GroupByStage(const std::vector<PlanItem>& plan) {
  std::vector<StageGroup> groups;
  for (auto stage : NeedsStages().values) groups.push_back({std::string(stage), {}, 0});
  const auto& domains = LifeDomains().values;
  auto domain_rank = [&](const std::string& d) { return std::find(domains.begin(), domains.end(), d) - domains.begin(); };
  for (const auto& item : plan) {
    const std::string stage = StageOf(item);
    for (auto& g : groups)
      if (g.stage == stage) {
        g.items.push_back(item);
        if (item.status == "planned" || item.status == "in_progress" || item.status == "on_hold") ++g.open;
      }
  }
  for (auto& g : groups)
    std::stable_sort(g.items.begin(), g.items.end(),
                     [&](const PlanItem& a, const PlanItem& b) { return domain_rank(a.domain) < domain_rank(b.domain); });
  return groups;
}

Result<std::vector<std::string>> PlanItemSuggestions(const Vault& v, const std::string& plan_item_id) {
  return ReadElements(internal::Db(v), plan_item_id, "suggestions");
}

Status SetPlanItemSuggestions(Vault& v, const std::string& plan_item_id, const std::vector<std::string>& keys) {
  PASSERELLE_RETURN_IF_ERROR(RequireLiveOf(v, plan_item_id, EntityType::kPlanItem, "plan item"));
  std::set<std::string> wanted;
  for (const auto& k : keys) {
    if (FindPlanSuggestion(k) == nullptr)
      return InvalidInput(QuotedForMessage(k) + " is not a known barrier or lever suggestion (list them with `plan suggestions`).");
    wanted.insert(k);
  }
  PASSERELLE_ASSIGN_OR_RETURN(auto current, ReadElements(internal::Db(v), plan_item_id, "suggestions"));
  std::vector<Op> ops;
  for (const auto& c : current)
    if (!wanted.count(c)) ops.push_back(Op{{}, 0, plan_item_id, "suggestions", OpKind::kSetRemove, c, {}});
  for (const auto& w : wanted)
    if (std::find(current.begin(), current.end(), w) == current.end()) ops.push_back(SetAdd(plan_item_id, "suggestions", w));
  if (ops.empty()) return Status::Ok();
  return v.Apply(std::move(ops)).status();
}

// ---- Part 3 ----

Result<std::map<std::string, std::string>> ParseNeeds(sv text) {
  std::map<std::string, std::string> out;
  size_t from = 0;
  while (from <= text.size()) {
    size_t end = text.find('\n', from);
    if (end == sv::npos) end = text.size();
    sv line = text.substr(from, end - from);
    from = end + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty()) continue;
    const size_t eq = line.find('=');
    if (eq == sv::npos)
      return InvalidInput("A level of need is written domain=level, e.g. housing=high.");
    const std::string domain(line.substr(0, eq)), level(line.substr(eq + 1));
    if (!LifeDomains().Contains(domain))
      return InvalidInput(QuotedForMessage(domain) + " is not a known life domain.");
    if (!NeedLevels().Contains(level))
      return InvalidInput(QuotedForMessage(level) + " is not a level of need (none, low, moderate, high).");
    if (!out.emplace(domain, level).second)
      return InvalidInput("The level of need for " + domain + " is given twice.");
  }
  return out;
}

std::string FormatNeeds(const std::map<std::string, std::string>& needs) {
  // In the life domains' order, so the stored text and every view read alike.
  std::string out;
  for (auto domain : LifeDomains().values) {
    auto it = needs.find(std::string(domain));
    if (it == needs.end()) continue;
    if (!out.empty()) out += '\n';
    out += it->first + "=" + it->second;
  }
  return out;
}

Result<std::string> AddAssessment(Vault& v, const FieldValues& fields, const std::map<std::string, std::string>& needs) {
  const EntitySpec& spec = Spec(EntityType::kAssessment);
  PASSERELLE_RETURN_IF_ERROR(OnlyFields("assessment", fields,
                                        {"dossier_id", "assessed_on", "assessor", "instrument", "protective_factors",
                                         "risk_summary", "next_assessment", "scope"}));
  const std::string dossier_id = Get(fields, "dossier_id");
  if (IsBlank(dossier_id)) return InvalidInput("An assessment needs a dossier.");
  const EntitySpec* target = SpecForId(dossier_id);
  if (target == nullptr || target->type != EntityType::kDossier)
    return InvalidInput(QuotedForMessage(dossier_id) + " is not a dossier id.");
  const std::string today = Today(v);
  std::map<std::string, std::string> a;
  for (const auto& f : spec.fields)
    if (f.merge != FieldMerge::kSet) a[std::string(f.name)] = "";
  a["dossier_id"] = dossier_id;
  a["assessed_on"] = today;
  if (!Get(fields, "assessed_on").empty()) {
    PASSERELLE_ASSIGN_OR_RETURN(a["assessed_on"], TypedDate("assessment date", Get(fields, "assessed_on")));
  }
  if (!Get(fields, "next_assessment").empty()) {
    PASSERELLE_ASSIGN_OR_RETURN(a["next_assessment"], TypedDate("next assessment", Get(fields, "next_assessment")));
  }
  a["assessor"] = fields.count("assessor") ? Get(fields, "assessor") : v.worker();
  if (IsBlank(a["assessor"])) return InvalidInput("An assessment needs the name of who assessed.");
  for (const char* f : {"instrument", "protective_factors", "risk_summary"}) a[f] = Get(fields, f);
  a["scope"] = Get(fields, "scope").empty() ? "service" : Get(fields, "scope");
  if (a["scope"] == "partner")
    return InvalidInput("An assessment is never shared with a partner: it leaves the service only through a disclosure that names it.");
  for (const auto& [domain, level] : needs) {
    if (!LifeDomains().Contains(domain)) return InvalidInput(QuotedForMessage(domain) + " is not a known life domain.");
    if (!NeedLevels().Contains(level))
      return InvalidInput(QuotedForMessage(level) + " is not a level of need (none, low, moderate, high).");
  }
  a["needs"] = FormatNeeds(needs);
  for (const auto& [name, value] : a)
    if (name != "dossier_id") PASSERELLE_RETURN_IF_ERROR(CheckValue(spec, name, value));
  PASSERELLE_RETURN_IF_ERROR(CheckAssessment(v, a, today));
  PASSERELLE_RETURN_IF_ERROR(RequireLiveOf(v, dossier_id, EntityType::kDossier, "dossier"));
  // Proposed at the monthly review (reviews.h): when no date was given, the dossier's next review.
  if (a["next_assessment"].empty()) {
    PASSERELLE_ASSIGN_OR_RETURN(auto dossier, ReadRecord(v, Spec(EntityType::kDossier), dossier_id));
    if (dossier["next_review"] > a["assessed_on"]) a["next_assessment"] = dossier["next_review"];
  }
  a["author"] = v.worker();
  a["created_at"] = NowUtc(v);
  const std::string id = Vault::NewEntityId(spec.prefix);
  std::vector<Op> ops;
  for (const auto& [name, value] : a)
    if (!value.empty()) ops.push_back(SetField(id, name, value));
  PASSERELLE_RETURN_IF_ERROR(v.Apply(std::move(ops)).status());
  return id;
}

Status UpdateAssessment(Vault& v, const std::string& id, const FieldValues& fields,
                        const std::map<std::string, std::string>* needs) {
  const EntitySpec& spec = Spec(EntityType::kAssessment);
  PASSERELLE_RETURN_IF_ERROR(OnlyFields("assessment", fields,
                                        {"assessed_on", "assessor", "instrument", "protective_factors", "risk_summary",
                                         "next_assessment", "scope"}));
  if (fields.empty() && needs == nullptr) return InvalidInput("Nothing to change: name at least one field.");
  PASSERELLE_RETURN_IF_ERROR(RequireLiveOf(v, id, EntityType::kAssessment, "assessment"));
  PASSERELLE_ASSIGN_OR_RETURN(auto a, ReadRecord(v, spec, id));
  // Another worker's private assessment is not theirs to see, so not theirs to change either.
  if (!MayHold(ParseNoteScope(a["scope"]), a["author"] == v.worker() ? Holder::kAuthor : Holder::kTeam))
    return NotFound("There is no assessment " + id + ".");
  const auto before = a;
  for (const auto& [name, value] : fields) {
    if ((name == "assessed_on" || name == "next_assessment") && !value.empty()) {
      PASSERELLE_ASSIGN_OR_RETURN(a[name], TypedDate(name == "assessed_on" ? "assessment date" : "next assessment", value));
    } else {
      a[name] = value;
    }
  }
  if (IsBlank(a["assessed_on"])) return InvalidInput("An assessment needs an assessment date.");
  if (IsBlank(a["assessor"])) return InvalidInput("An assessment needs the name of who assessed.");
  if (a["scope"].empty()) return InvalidInput("An assessment needs a scope (private or service).");
  if (a["scope"] == "partner")
    return InvalidInput("An assessment is never shared with a partner: it leaves the service only through a disclosure that names it.");
  if (needs != nullptr) {
    for (const auto& [domain, level] : *needs) {
      if (!LifeDomains().Contains(domain)) return InvalidInput(QuotedForMessage(domain) + " is not a known life domain.");
      if (!NeedLevels().Contains(level))
        return InvalidInput(QuotedForMessage(level) + " is not a level of need (none, low, moderate, high).");
    }
    a["needs"] = FormatNeeds(*needs);
  }
  for (const auto& [name, value] : a)
    if (name != "id" && before.at(name) != value) PASSERELLE_RETURN_IF_ERROR(CheckValue(spec, name, value));
  PASSERELLE_RETURN_IF_ERROR(CheckAssessment(v, a, Today(v)));
  std::vector<Op> ops;
  for (const auto& [name, value] : a)
    if (name != "id" && before.at(name) != value)
      ops.push_back(SetField(id, name, value.empty() ? std::nullopt : std::optional<std::string>(value)));
  if (ops.empty()) return Status::Ok();
  return v.Apply(std::move(ops)).status();
}

std::vector<NeedsComparisonRow> CompareNeeds(const Assessment& first, const Assessment* second) {
  auto level = [](const Assessment* a, const std::string& domain) {
    if (a == nullptr) return std::string();
    auto it = a->needs.find(domain);
    return it == a->needs.end() ? std::string() : it->second;
  };
  std::vector<NeedsComparisonRow> rows;
  for (auto d : LifeDomains().values) {
    std::string domain(d);
    rows.push_back({domain, level(&first, domain), level(second, domain)});
  }
  return rows;
}

Result<std::vector<Assessment>> ListAssessments(const Vault& v, const std::string& dossier_id) {
  const EntitySpec& spec = Spec(EntityType::kAssessment);
  std::string cols = "id";
  std::vector<std::string> names{"id"};
  for (const auto& f : spec.fields)
    if (f.merge != FieldMerge::kSet) {
      cols += ", " + std::string(f.name);
      names.emplace_back(f.name);
    }
  sql::Stmt q(internal::Db(v), "SELECT " + cols +
                                   " FROM assessment WHERE coalesce(deleted, '0') = '0' AND dossier_id = ? "
                                   "ORDER BY assessed_on DESC, created_at DESC, id DESC");
  q.Bind(1, dossier_id);
  std::vector<Assessment> out;
  while (q.Step()) {
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < names.size(); ++i) row[names[i]] = q.Text(static_cast<int>(i));
    Assessment a = ToAssessment(row);
    // The visibility rule (visibility.h): a private assessment is its author's alone.
    if (!MayHold(ParseNoteScope(a.scope), a.author == v.worker() ? Holder::kAuthor : Holder::kTeam)) continue;
    out.push_back(std::move(a));
  }
  if (!q.status().ok()) return q.status();
  return out;
}

// ---- Part 5 ----

Result<std::string> AddRelative(Vault& v, const FieldValues& fields, const std::vector<std::string>& plan_item_ids) {
  const EntitySpec& spec = Spec(EntityType::kRelative);
  PASSERELLE_RETURN_IF_ERROR(
      OnlyFields("relative", fields, {"dossier_id", "name", "relation", "contact_consent", "contact_by", "person_id"}));
  const std::string dossier_id = Get(fields, "dossier_id");
  if (IsBlank(dossier_id)) return InvalidInput("A relative needs a dossier.");
  if (IsBlank(Get(fields, "name"))) return InvalidInput("A relative needs a name.");
  if (IsBlank(Get(fields, "relation"))) return InvalidInput("A relative needs a relation to the person.");
  FieldValues f = fields;
  if (f["contact_consent"].empty()) f["contact_consent"] = "not_asked";
  for (const auto& [name, value] : f) PASSERELLE_RETURN_IF_ERROR(CheckValue(spec, name, value));
  for (const auto& id : plan_item_ids) PASSERELLE_RETURN_IF_ERROR(CheckValue(spec, "plan_item_ids", id));
  PASSERELLE_RETURN_IF_ERROR(RequireLiveOf(v, dossier_id, EntityType::kDossier, "dossier"));
  PASSERELLE_RETURN_IF_ERROR(CheckRelativePerson(v, dossier_id, f["person_id"]));
  PASSERELLE_RETURN_IF_ERROR(CheckRelativePlanItems(v, dossier_id, plan_item_ids));
  const std::string id = Vault::NewEntityId(spec.prefix);
  std::vector<Op> ops;
  for (const auto& [name, value] : f)
    if (!value.empty()) ops.push_back(SetField(id, name, value));
  for (const auto& p : std::set<std::string>(plan_item_ids.begin(), plan_item_ids.end()))
    ops.push_back(SetAdd(id, "plan_item_ids", p));
  PASSERELLE_RETURN_IF_ERROR(v.Apply(std::move(ops)).status());
  return id;
}

Status UpdateRelative(Vault& v, const std::string& id, const FieldValues& fields) {
  const EntitySpec& spec = Spec(EntityType::kRelative);
  PASSERELLE_RETURN_IF_ERROR(OnlyFields("relative", fields, {"name", "relation", "contact_consent", "contact_by", "person_id"}));
  if (fields.empty()) return InvalidInput("Nothing to change: name at least one field.");
  PASSERELLE_RETURN_IF_ERROR(RequireLiveOf(v, id, EntityType::kRelative, "relative"));
  for (const char* required : {"name", "relation", "contact_consent"})
    if (fields.count(required) && IsBlank(fields.at(required)))
      return InvalidInput(std::string("A relative needs ") +
                          (std::string_view(required) == "name"       ? "a name."
                           : std::string_view(required) == "relation" ? "a relation to the person."
                                                                      : "an answer to whether they may be contacted."));
  for (const auto& [name, value] : fields) PASSERELLE_RETURN_IF_ERROR(CheckValue(spec, name, value));
  PASSERELLE_ASSIGN_OR_RETURN(auto row, ReadRecord(v, spec, id));
  if (fields.count("person_id")) PASSERELLE_RETURN_IF_ERROR(CheckRelativePerson(v, row["dossier_id"], fields.at("person_id")));
  std::vector<Op> ops;
  for (const auto& [name, value] : fields)
    ops.push_back(SetField(id, name, value.empty() ? std::nullopt : std::optional<std::string>(value)));
  return v.Apply(std::move(ops)).status();
}

Status SetRelativePlanItems(Vault& v, const std::string& id, const std::vector<std::string>& plan_item_ids) {
  const EntitySpec& spec = Spec(EntityType::kRelative);
  PASSERELLE_RETURN_IF_ERROR(RequireLiveOf(v, id, EntityType::kRelative, "relative"));
  for (const auto& p : plan_item_ids) PASSERELLE_RETURN_IF_ERROR(CheckValue(spec, "plan_item_ids", p));
  PASSERELLE_ASSIGN_OR_RETURN(auto row, ReadRecord(v, spec, id));
  PASSERELLE_RETURN_IF_ERROR(CheckRelativePlanItems(v, row["dossier_id"], plan_item_ids));
  const std::set<std::string> wanted(plan_item_ids.begin(), plan_item_ids.end());
  PASSERELLE_ASSIGN_OR_RETURN(auto current, ReadElements(internal::Db(v), id, "plan_item_ids"));
  std::vector<Op> ops;
  for (const auto& c : current)
    if (!wanted.count(c)) ops.push_back(Op{{}, 0, id, "plan_item_ids", OpKind::kSetRemove, c, {}});
  for (const auto& w : wanted)
    if (std::find(current.begin(), current.end(), w) == current.end()) ops.push_back(SetAdd(id, "plan_item_ids", w));
  if (ops.empty()) return Status::Ok();
  return v.Apply(std::move(ops)).status();
}

Result<std::vector<Relative>> ListRelatives(const Vault& v, const std::string& dossier_id) {
  sql::Stmt q(internal::Db(v),
              "SELECT id, dossier_id, name, relation, contact_consent, contact_by, person_id FROM relative "
              "WHERE coalesce(deleted, '0') = '0' AND dossier_id = ? ORDER BY name, id");
  q.Bind(1, dossier_id);
  std::vector<Relative> out;
  while (q.Step())
    out.push_back({q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.Text(5), q.Text(6), {}});
  if (!q.status().ok()) return q.status();
  for (auto& r : out) {
    PASSERELLE_ASSIGN_OR_RETURN(r.plan_item_ids, ReadElements(internal::Db(v), r.id, "plan_item_ids"));
  }
  return out;
}

}  // namespace passerelle::core
