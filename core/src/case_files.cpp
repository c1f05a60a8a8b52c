// Case-file writes (validate, then one Apply) and reads (plain structs over the materialised rows).
#include "passerelle/core/case_files.h"

#include <algorithm>
#include <ctime>
#include <set>

#include "passerelle/core/model.h"
#include "passerelle/core/needs.h"
#include "passerelle/core/visibility.h"
#include "sql.h"
#include "text_store.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace {

using Row = std::map<std::string, std::string>;

// Live rows of one entity table matching `where` (a fixed SQL fragment with one ? for `arg`).
Result<std::vector<Row>> ReadRows(sqlite3* db, const EntitySpec& spec, const std::string& where,
                                  const std::string& arg, const std::string& order = "id") {
  std::string cols = "id";
  std::vector<std::string> names{"id"};
  for (const auto& f : spec.fields)
    if (f.merge != FieldMerge::kSet) {
      cols += ", " + ReadColumnSql(spec, f);  // a note's text is assembled from its chunks
      names.emplace_back(f.name);
    }
  std::string text = "SELECT " + cols + " FROM " + std::string(spec.name) + " WHERE coalesce(deleted, '0') = '0'";
  if (!where.empty()) text += " AND " + where;
  text += " ORDER BY " + order;
  sql::Stmt q(db, text);
  if (!where.empty()) q.Bind(1, arg);
  std::vector<Row> rows;
  while (q.Step()) {
    Row r;
    for (size_t i = 0; i < names.size(); ++i) r[names[i]] = q.Text(static_cast<int>(i));
    rows.push_back(std::move(r));
  }
  if (!q.status().ok()) return q.status();
  return rows;
}

Result<std::vector<std::string>> ReadSet(sqlite3* db, const std::string& id, const std::string& field) {
  sql::Stmt q(db,
              "SELECT DISTINCT element FROM set_member WHERE entity_id = ? AND field = ? AND removed = 0 "
              "ORDER BY element");
  q.Bind(1, id).Bind(2, field);
  std::vector<std::string> out;
  while (q.Step()) out.push_back(q.Text(0));
  if (!q.status().ok()) return q.status();
  return out;
}

std::string Get(const Row& r, const char* k) {
  auto it = r.find(k);
  return it == r.end() ? std::string() : it->second;
}

Person ToPerson(const Row& r) {
  return {Get(r, "id"), Get(r, "name"), Get(r, "alias"), Get(r, "birth_date"), Get(r, "language"),
          Get(r, "establishment"), Get(r, "status")};
}
Dossier ToDossier(const Row& r) {
  return {Get(r, "id"), Get(r, "person_id"), Get(r, "service"), Get(r, "referent"), Get(r, "basis"),
          Get(r, "mandate_conditions"), Get(r, "opened_on"), Get(r, "expected_release"), Get(r, "next_hearing"),
          Get(r, "next_review")};
}
PlanItem ToPlanItem(const Row& r) {
  return {Get(r, "id"),       Get(r, "dossier_id"), Get(r, "domain"),   Get(r, "goal"), Get(r, "status"),
          Get(r, "barriers"), Get(r, "levers"),     Get(r, "due_date"), Get(r, "stage"), {}, {}};
}
Consent ToConsent(const Row& r) {
  return {Get(r, "id"), Get(r, "dossier_id"), Get(r, "partner"), Get(r, "scope"), Get(r, "given_on"),
          Get(r, "expires_on"), Get(r, "withdrawn_on")};
}
Referral ToReferral(const Row& r) {
  return {Get(r, "id"), Get(r, "plan_item_id"), Get(r, "service_id"), Get(r, "status"), Get(r, "comment")};
}

// Dates a worker types (CLI and app alike) in either accepted form, "2026-12-01" or "01/12/2026",
// become ISO here, in one place, before any rule looks at them; one that has the right shape but
// is not in the calendar is refused as such ("The birth date 2026-02-30 does not exist."). Remote
// ops from bundles never come through here: they stay ISO-only (ValidateValue).
Result<FieldValues> LocalDates(const EntitySpec& spec, FieldValues fields) {
  for (auto& [name, value] : fields) {
    const FieldSpec* f = spec.Find(name);
    if (f == nullptr || f->type != ValueType::kDate || value.empty()) continue;
    auto iso = LocalDateToIso(value);
    if (iso && IsValidDate(*iso)) {
      value = *iso;
      continue;
    }
    std::string what = name;
    std::replace(what.begin(), what.end(), '_', ' ');
    return InvalidInput(DateProblem(what, value, iso.value_or("")));
  }
  return fields;
}

// Checks each field exists on the entity, is a register (or the text body), and its value fits.
Status ValidateFields(const EntitySpec& spec, const FieldValues& fields) {
  for (const auto& [name, value] : fields) {
    const FieldSpec* f = spec.Find(name);
    if (f == nullptr || f->merge == FieldMerge::kSet)
      return InvalidInput("A " + std::string(spec.name) + " has no field " + QuotedForMessage(name) + ".");
    std::string why;
    if (!value.empty() && !ValidateValue(*f, value, &why)) return InvalidInput(why);
  }
  return Status::Ok();
}

// "dossier_id" -> "dossier", "plan_item_id" -> "plan item", "created_at" -> "creation time".
std::string FieldWords(std::string_view field) {
  if (field == "created_at") return "creation time";
  std::string w(field);
  if (w.size() > 3 && w.ends_with("_id")) w.resize(w.size() - 3);
  for (auto& c : w)
    if (c == '_') c = ' ';
  return w;
}

// "a name", "an author".
std::string WithArticle(const std::string& words) {
  const bool vowel = !words.empty() && std::string_view("aeiou").find(words[0]) != std::string_view::npos;
  std::string out = vowel ? "an " : "a ";
  out += words;
  return out;
}

// A value of only spaces is no value: "   " is as empty as "".
Status Require(const EntitySpec& spec, const FieldValues& fields, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    auto it = fields.find(n);
    if (it == fields.end() || IsBlank(it->second))
      return InvalidInput("A " + std::string(spec.name) + " needs " + WithArticle(FieldWords(n)) + ".");
  }
  return Status::Ok();
}

// Every field the model marks required has a value, once a creation's defaults are filled in.
Status RequireAll(const EntitySpec& spec, const FieldValues& fields) {
  for (const auto& f : spec.fields) {
    if (!f.Has(kRequired)) continue;
    auto it = fields.find(std::string(f.name));
    if (it == fields.end() || IsBlank(it->second))
      return InvalidInput("A " + std::string(spec.name) + " needs " + WithArticle(FieldWords(f.name)) + ".");
  }
  return Status::Ok();
}

Status RequireLive(const Vault& v, const std::string& id, EntityType type) {
  const EntitySpec* spec = SpecForId(id);
  if (spec == nullptr || spec->type != type)
    return InvalidInput(QuotedForMessage(id) + " is not a " + FieldWords(Spec(type).name) + " id.");
  PASSERELLE_ASSIGN_OR_RETURN(bool exists, RecordExists(v, id));
  if (!exists) return NotFound("There is no " + std::string(Spec(type).name) + " " + id + ".");
  return Status::Ok();
}

// Referenced records must exist locally when a worker creates the link.
Status CheckReferences(const Vault& v, const EntitySpec& spec, const FieldValues& fields) {
  for (const auto& [name, value] : fields) {
    const FieldSpec* f = spec.Find(name);
    if (f && f->type == ValueType::kRef && !value.empty()) PASSERELLE_RETURN_IF_ERROR(RequireLive(v, value, *f->ref));
  }
  return Status::Ok();
}

std::vector<Op> FieldOps(const std::string& id, const EntitySpec& spec, const FieldValues& fields) {
  std::vector<Op> ops;
  for (const auto& [name, value] : fields) {
    if (spec.Find(name)->merge == FieldMerge::kText)
      ops.push_back(TextReplace(id, name, value));
    else
      ops.push_back(SetField(id, name, value.empty() ? std::nullopt : std::optional<std::string>(value)));
  }
  return ops;
}

Result<std::string> Create(Vault& v, EntityType type, const FieldValues& fields,
                           std::vector<std::pair<std::string, std::string>> set_adds = {}) {
  const EntitySpec& spec = Spec(type);
  PASSERELLE_RETURN_IF_ERROR(ValidateFields(spec, fields));
  PASSERELLE_RETURN_IF_ERROR(RequireAll(spec, fields));
  PASSERELLE_RETURN_IF_ERROR(CheckReferences(v, spec, fields));
  for (const auto& [field, element] : set_adds) {
    const FieldSpec* f = spec.Find(field);
    std::string why;
    if (f && !ValidateValue(*f, element, &why)) return InvalidInput(why);
  }
  std::string id = Vault::NewEntityId(spec.prefix);
  auto ops = FieldOps(id, spec, fields);
  for (auto& [field, element] : set_adds) ops.push_back(SetAdd(id, field, element));
  PASSERELLE_ASSIGN_OR_RETURN(auto report, v.Apply(std::move(ops)));
  (void)report;
  return id;
}

}  // namespace

bool Consent::ActiveOn(const std::string& date) const {
  if (!given_on.empty() && date < given_on) return false;
  if (!expires_on.empty() && date > expires_on) return false;
  if (!withdrawn_on.empty() && date >= withdrawn_on) return false;
  return true;
}

std::string Today(Vault& v) {
  auto d = platform::LocalDateFromMillis(v.clock().NowMillis());
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string NowUtc(Vault& v) { return platform::FormatUtc(v.clock().NowMillis()); }

Result<bool> RecordExists(const Vault& v, const std::string& id) {
  const EntitySpec* spec = SpecForId(id);
  if (spec == nullptr) return false;
  sql::Stmt q(internal::Db(v),
              "SELECT 1 FROM " + std::string(spec->name) + " WHERE id = ? AND coalesce(deleted, '0') = '0'");
  q.Bind(1, id);
  bool found = q.Step();
  if (!q.status().ok()) return q.status();
  return found;
}

Result<std::string> AddPerson(Vault& v, const FieldValues& typed_fields) {
  PASSERELLE_ASSIGN_OR_RETURN(FieldValues fields, LocalDates(Spec(EntityType::kPerson), typed_fields));
  PASSERELLE_RETURN_IF_ERROR(Require(Spec(EntityType::kPerson), fields, {"name"}));
  return Create(v, EntityType::kPerson, fields);
}

namespace {
// One responsible worker at a time: by default the one who opens the dossier.
FieldValues WithDossierDefaults(Vault& v, FieldValues f) {
  if (f["referent"].empty()) f["referent"] = v.worker();
  if (f["service"].empty()) f["service"] = v.service();
  if (f["opened_on"].empty()) f["opened_on"] = Today(v);
  if (f["basis"].empty()) f["basis"] = "voluntary";
  return f;
}
}  // namespace

Result<std::string> AddDossier(Vault& v, const FieldValues& typed_fields) {
  PASSERELLE_ASSIGN_OR_RETURN(FieldValues fields, LocalDates(Spec(EntityType::kDossier), typed_fields));
  PASSERELLE_RETURN_IF_ERROR(Require(Spec(EntityType::kDossier), fields, {"person_id"}));
  return Create(v, EntityType::kDossier, WithDossierDefaults(v, fields));
}

Result<std::pair<std::string, std::string>> AddPersonWithDossier(Vault& v, const FieldValues& typed_person,
                                                                 const FieldValues& typed_dossier) {
  PASSERELLE_ASSIGN_OR_RETURN(FieldValues person, LocalDates(Spec(EntityType::kPerson), typed_person));
  PASSERELLE_ASSIGN_OR_RETURN(FieldValues dossier, LocalDates(Spec(EntityType::kDossier), typed_dossier));
  const EntitySpec& person_spec = Spec(EntityType::kPerson);
  const EntitySpec& dossier_spec = Spec(EntityType::kDossier);
  PASSERELLE_RETURN_IF_ERROR(Require(person_spec, person, {"name"}));
  PASSERELLE_RETURN_IF_ERROR(ValidateFields(person_spec, person));
  PASSERELLE_RETURN_IF_ERROR(RequireAll(person_spec, person));
  PASSERELLE_RETURN_IF_ERROR(CheckReferences(v, person_spec, person));
  const std::string person_id = Vault::NewEntityId(person_spec.prefix);
  FieldValues d = WithDossierDefaults(v, dossier);
  d.erase("person_id");  // the reference check would look for a person that is not written yet
  PASSERELLE_RETURN_IF_ERROR(ValidateFields(dossier_spec, d));
  PASSERELLE_RETURN_IF_ERROR(CheckReferences(v, dossier_spec, d));
  d["person_id"] = person_id;
  PASSERELLE_RETURN_IF_ERROR(RequireAll(dossier_spec, d));
  const std::string dossier_id = Vault::NewEntityId(dossier_spec.prefix);
  auto ops = FieldOps(person_id, person_spec, person);
  for (auto& op : FieldOps(dossier_id, dossier_spec, d)) ops.push_back(std::move(op));
  PASSERELLE_RETURN_IF_ERROR(v.Apply(std::move(ops)).status());
  return std::make_pair(person_id, dossier_id);
}

Result<std::string> AddVisit(Vault& v, const FieldValues& typed_fields, const std::vector<std::string>& practice_codes,
                             const std::vector<std::string>& participants) {
  PASSERELLE_ASSIGN_OR_RETURN(FieldValues fields, LocalDates(Spec(EntityType::kVisit), typed_fields));
  PASSERELLE_RETURN_IF_ERROR(Require(Spec(EntityType::kVisit), fields, {"dossier_id"}));
  // As for a note: who held the visit is the vault's worker, a fact recorded, not input.
  if (fields.count("author")) return InvalidInput("The author of a visit is the vault's worker and cannot be given.");
  FieldValues f = fields;
  if (f["date"].empty()) f["date"] = Today(v);
  if (f["kind"].empty()) f["kind"] = "individual";
  f["author"] = v.worker();
  std::vector<std::pair<std::string, std::string>> adds;
  for (const auto& c : practice_codes) adds.emplace_back("practice_codes", c);
  for (const auto& p : participants) {
    if (IsBlank(p)) return InvalidInput("A participant needs a name or a role: a blank one cannot be recorded.");
    adds.emplace_back("participants", p);
  }
  return Create(v, EntityType::kVisit, f, adds);
}

Result<std::string> AddNote(Vault& v, const FieldValues& typed_fields, const std::vector<std::string>& domains,
                            const std::vector<std::string>& practice_codes) {
  PASSERELLE_ASSIGN_OR_RETURN(FieldValues fields, LocalDates(Spec(EntityType::kNote), typed_fields));
  PASSERELLE_RETURN_IF_ERROR(Require(Spec(EntityType::kNote), fields, {"dossier_id"}));
  // Who wrote a note and when are facts the vault records, not input: a backdated or
  // misattributed note would mislead whoever reads the file later.
  if (fields.count("author")) return InvalidInput("The author of a note is the vault's worker and cannot be given.");
  if (fields.count("created_at"))
    return InvalidInput("The creation time of a note is set when it is saved and cannot be given.");
  FieldValues f = fields;
  if (f["scope"].empty()) f["scope"] = "service";  // the default the team agreed: colleagues may read
  f["author"] = v.worker();
  f["created_at"] = NowUtc(v);
  PASSERELLE_RETURN_IF_ERROR(ValidateFields(Spec(EntityType::kNote), f));
  PASSERELLE_RETURN_IF_ERROR(RequireLive(v, f["dossier_id"], EntityType::kDossier));
  std::vector<std::pair<std::string, std::string>> adds;
  for (const auto& d : domains) adds.emplace_back("domains", d);
  for (const auto& c : practice_codes) adds.emplace_back("practice_codes", c);
  return Create(v, EntityType::kNote, f, adds);
}

Status SaveNoteBody(Vault& v, const std::string& note_id, const std::string& body) {
  PASSERELLE_RETURN_IF_ERROR(RequireLive(v, note_id, EntityType::kNote));
  return v.Apply({TextReplace(note_id, "body", body)}).status();
}

Status AutosaveNoteBody(Vault& v, const std::string& note_id, const std::string& body) {
  PASSERELLE_RETURN_IF_ERROR(RequireLive(v, note_id, EntityType::kNote));
  return v.Apply({TextTyping(note_id, "body", body)}).status();
}

Result<std::string> AddPlanItem(Vault& v, const FieldValues& typed_fields, const std::vector<std::string>& suggestions,
                                const std::vector<std::string>& practice_codes) {
  PASSERELLE_ASSIGN_OR_RETURN(FieldValues fields, LocalDates(Spec(EntityType::kPlanItem), typed_fields));
  PASSERELLE_RETURN_IF_ERROR(Require(Spec(EntityType::kPlanItem), fields, {"dossier_id", "domain", "goal"}));
  FieldValues f = fields;
  if (f["status"].empty()) f["status"] = "planned";
  // Issue 15: a new item is recorded at a stage of the hierarchy of needs, its domain's unless chosen.
  if (f["stage"].empty()) f["stage"] = std::string(DefaultStageFor(f["domain"]));
  std::vector<std::pair<std::string, std::string>> adds;
  for (const auto& key : suggestions) adds.emplace_back("suggestions", key);
  for (const auto& code : practice_codes) adds.emplace_back("practice_codes", code);
  return Create(v, EntityType::kPlanItem, f, adds);
}

Result<std::string> AddConsent(Vault& v, const FieldValues& typed_fields) {
  PASSERELLE_ASSIGN_OR_RETURN(FieldValues fields, LocalDates(Spec(EntityType::kConsent), typed_fields));
  PASSERELLE_RETURN_IF_ERROR(Require(Spec(EntityType::kConsent), fields, {"dossier_id", "partner", "scope"}));
  FieldValues f = fields;
  if (f["given_on"].empty()) f["given_on"] = Today(v);
  if (!IsBlank(f["expires_on"]) && f["expires_on"] < f["given_on"])
    return InvalidInput("A consent cannot expire before it is given.");
  return Create(v, EntityType::kConsent, f);
}

Status WithdrawConsent(Vault& v, const std::string& consent_id, const std::string& date) {
  return UpdateRecord(v, consent_id, {{"withdrawn_on", date.empty() ? Today(v) : date}});
}

Result<std::string> AddReferral(Vault& v, const FieldValues& typed_fields) {
  PASSERELLE_ASSIGN_OR_RETURN(FieldValues fields, LocalDates(Spec(EntityType::kReferral), typed_fields));
  PASSERELLE_RETURN_IF_ERROR(Require(Spec(EntityType::kReferral), fields, {"plan_item_id", "service_id"}));
  FieldValues f = fields;
  if (f["status"].empty()) f["status"] = "suggested";
  return Create(v, EntityType::kReferral, f);
}

namespace {
// The record's current register values, for rules that look at the fields a change leaves alone.
Result<Row> CurrentRow(const Vault& v, const EntitySpec& spec, const std::string& id) {
  PASSERELLE_ASSIGN_OR_RETURN(auto rows, ReadRows(internal::Db(v), spec, "id = ?", id));
  if (rows.empty()) return NotFound("There is no " + FieldWords(spec.name) + " " + id + ".");
  return rows.front();
}

// The rules of creation that involve several fields, checked on the record as the change leaves it.
Status CheckUpdatedRecord(Vault& v, const EntitySpec& spec, const std::string& id, const FieldValues& fields) {
  auto changes = [&](const char* name) { return fields.count(name) != 0; };
  // A note's scope and partner: Vault::Apply checks the consent (consent.h) for every local edit.
  if (spec.type == EntityType::kConsent && (changes("given_on") || changes("expires_on"))) {
    PASSERELLE_ASSIGN_OR_RETURN(Row row, CurrentRow(v, spec, id));
    for (const auto& [name, value] : fields) row[name] = value;
    if (!IsBlank(row["expires_on"]) && row["expires_on"] < row["given_on"])
      return InvalidInput("A consent cannot expire before it is given.");
  }
  return Status::Ok();
}
}  // namespace

Status UpdateRecord(Vault& v, const std::string& id, const FieldValues& typed_fields) {
  return UpdateRecord(v, id, typed_fields, {});
}

Status UpdateRecord(Vault& v, const std::string& id, const FieldValues& typed_fields, const SetValues& sets) {
  const EntitySpec* spec = SpecForId(id);
  if (spec == nullptr) return InvalidInput(QuotedForMessage(id) + " is not a valid record id.");
  PASSERELLE_ASSIGN_OR_RETURN(FieldValues fields, LocalDates(*spec, typed_fields));
  if (fields.empty() && sets.empty()) return InvalidInput("Nothing to change: name at least one field.");
  for (const auto& [name, elements] : sets) {
    const FieldSpec* f = spec->Find(name);
    if (f == nullptr || f->merge != FieldMerge::kSet)
      return InvalidInput("A " + FieldWords(spec->name) + " has no list " + QuotedForMessage(name) + ".");
    for (const auto& e : elements) {
      std::string why;
      if (!ValidateValue(*f, e, &why)) return InvalidInput(why);
    }
  }
  PASSERELLE_RETURN_IF_ERROR(RequireLive(v, id, spec->type));
  if (!fields.empty()) PASSERELLE_RETURN_IF_ERROR(ValidateFields(*spec, fields));
  for (const auto& [name, value] : fields) {
    const FieldSpec* f = spec->Find(name);
    // Author, creation time and the link to the owning record are facts of the record's
    // creation (docs/vault.md): moving a note to another dossier would disclose it there.
    if (f->Has(kFixed))
      return InvalidInput("The " + FieldWords(name) + " of a " + FieldWords(spec->name) + " cannot be changed.");
    if (f->Has(kRequired) && IsBlank(value))
      return InvalidInput("A " + FieldWords(spec->name) + " needs " + WithArticle(FieldWords(name)) + ": it cannot be cleared.");
  }
  PASSERELLE_RETURN_IF_ERROR(CheckReferences(v, *spec, fields));
  PASSERELLE_RETURN_IF_ERROR(CheckUpdatedRecord(v, *spec, id, fields));
  std::vector<Op> ops = FieldOps(id, *spec, fields);
  for (const auto& [name, elements] : sets) {
    PASSERELLE_ASSIGN_OR_RETURN(auto current, ReadSet(internal::Db(v), id, name));
    const std::set<std::string> wanted(elements.begin(), elements.end());
    for (const auto& c : current)
      if (!wanted.count(c)) ops.push_back(Op{{}, 0, id, name, OpKind::kSetRemove, c, {}});
    for (const auto& w : wanted)
      if (std::find(current.begin(), current.end(), w) == current.end()) ops.push_back(SetAdd(id, name, w));
  }
  if (ops.empty()) return Status::Ok();  // the lists already hold exactly these elements
  return v.Apply(std::move(ops)).status();
}

Status AddToSet(Vault& v, const std::string& id, const std::string& field, const std::string& element) {
  const EntitySpec* spec = SpecForId(id);
  if (spec == nullptr) return InvalidInput(QuotedForMessage(id) + " is not a valid record id.");
  PASSERELLE_RETURN_IF_ERROR(RequireLive(v, id, spec->type));
  return v.Apply({SetAdd(id, field, element)}).status();
}

Status RemoveFromSet(Vault& v, const std::string& id, const std::string& field, const std::string& element) {
  const EntitySpec* spec = SpecForId(id);
  if (spec == nullptr) return InvalidInput(QuotedForMessage(id) + " is not a valid record id.");
  PASSERELLE_RETURN_IF_ERROR(RequireLive(v, id, spec->type));
  Op op{{}, 0, id, field, OpKind::kSetRemove, element, {}};
  return v.Apply({op}).status();
}

Status DeleteRecord(Vault& v, const std::string& id) {
  const EntitySpec* spec = SpecForId(id);
  if (spec == nullptr) return InvalidInput(QuotedForMessage(id) + " is not a valid record id.");
  PASSERELLE_RETURN_IF_ERROR(RequireLive(v, id, spec->type));
  return v.Apply({SetField(id, std::string(kDeletedField), "1")}).status();
}

Status RestoreRecord(Vault& v, const std::string& id) {
  const EntitySpec* spec = SpecForId(id);
  if (spec == nullptr) return InvalidInput(QuotedForMessage(id) + " is not a valid record id.");
  // Only a record that exists and was deleted comes back: a tombstone cleared on an unknown id
  // would make an empty record that then syncs to the whole team.
  sql::Stmt q(internal::Db(v), "SELECT coalesce(deleted, '0') FROM " + std::string(spec->name) + " WHERE id = ?");
  q.Bind(1, id);
  const bool found = q.Step();
  if (!q.status().ok()) return q.status();
  if (!found) return NotFound("There is no " + FieldWords(spec->name) + " " + id + ".");
  if (q.Text(0) != "1") return NotFound("The " + FieldWords(spec->name) + " " + id + " is not deleted: there is nothing to restore.");
  return v.Apply({SetField(id, std::string(kDeletedField), "0")}).status();
}

Status DeleteRecords(Vault& v, const std::vector<std::string>& ids) {
  if (ids.empty()) return InvalidInput("Name at least one record to delete.");
  std::vector<Op> ops;
  for (const auto& id : ids) {
    const EntitySpec* spec = SpecForId(id);
    if (spec == nullptr) return InvalidInput(QuotedForMessage(id) + " is not a valid record id.");
    PASSERELLE_RETURN_IF_ERROR(RequireLive(v, id, spec->type));
    ops.push_back(SetField(id, std::string(kDeletedField), "1"));
  }
  return v.Apply(std::move(ops)).status();
}

Status RestoreRecords(Vault& v, const std::vector<std::string>& ids) {
  if (ids.empty()) return InvalidInput("Name at least one record to restore.");
  std::vector<Op> ops;
  for (const auto& id : ids) {
    const EntitySpec* spec = SpecForId(id);
    if (spec == nullptr) return InvalidInput(QuotedForMessage(id) + " is not a valid record id.");
    sql::Stmt q(internal::Db(v), "SELECT coalesce(deleted, '0') FROM " + std::string(spec->name) + " WHERE id = ?");
    q.Bind(1, id);
    const bool found = q.Step();
    if (!q.status().ok()) return q.status();
    if (!found || q.Text(0) != "1")
      return NotFound("The " + FieldWords(spec->name) + " " + id + " is not deleted: there is nothing to restore.");
    ops.push_back(SetField(id, std::string(kDeletedField), "0"));
  }
  return v.Apply(std::move(ops)).status();
}

Result<std::vector<Person>> ListPersons(const Vault& v) {
  PASSERELLE_ASSIGN_OR_RETURN(auto rows, ReadRows(internal::Db(v), Spec(EntityType::kPerson), "", "", "name, id"));
  std::vector<Person> out;
  for (const auto& r : rows) out.push_back(ToPerson(r));
  return out;
}

Result<std::vector<DossierSummary>> ListDossiers(const Vault& v) {
  PASSERELLE_ASSIGN_OR_RETURN(auto rows, ReadRows(internal::Db(v), Spec(EntityType::kDossier), "", ""));
  PASSERELLE_ASSIGN_OR_RETURN(auto persons, ListPersons(v));
  std::map<std::string, Person> by_id;
  for (auto& p : persons) by_id[p.id] = p;
  sql::Stmt last(internal::Db(v),
                 "SELECT dossier_id, max(date) FROM visit WHERE coalesce(deleted, '0') = '0' GROUP BY dossier_id");
  std::map<std::string, std::string> last_visit;
  while (last.Step()) last_visit[last.Text(0)] = last.Text(1);
  if (!last.status().ok()) return last.status();
  std::vector<DossierSummary> out;
  for (const auto& r : rows) {
    DossierSummary s{ToDossier(r), {}, {}};
    if (auto it = by_id.find(s.dossier.person_id); it != by_id.end()) s.person = it->second;
    s.last_visit = last_visit[s.dossier.id];
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const DossierSummary& a, const DossierSummary& b) {
    return std::tie(a.person.name, a.dossier.id) < std::tie(b.person.name, b.dossier.id);
  });
  return out;
}

Result<std::vector<Note>> ListNotes(const Vault& v, const std::string& dossier_id) {
  PASSERELLE_ASSIGN_OR_RETURN(
      auto rows, ReadRows(internal::Db(v), Spec(EntityType::kNote), "dossier_id = ?", dossier_id, "created_at DESC, id"));
  std::vector<Note> out;
  for (const auto& r : rows) {
    Note n{Get(r, "id"), Get(r, "dossier_id"), Get(r, "visit_id"), Get(r, "author"), Get(r, "created_at"),
           Get(r, "scope"), Get(r, "partner"), Get(r, "body"), {}, {}};
    // A private note is its author's alone, even on a shared device.
    if (!MayHold(ParseNoteScope(n.scope), n.author == v.worker() ? Holder::kAuthor : Holder::kTeam)) continue;
    PASSERELLE_ASSIGN_OR_RETURN(n.domains, ReadSet(internal::Db(v), n.id, "domains"));
    PASSERELLE_ASSIGN_OR_RETURN(n.practice_codes, ReadSet(internal::Db(v), n.id, "practice_codes"));
    out.push_back(std::move(n));
  }
  return out;
}

Result<DossierDetail> ShowDossier(const Vault& v, const std::string& dossier_id) {
  PASSERELLE_RETURN_IF_ERROR(RequireLive(v, dossier_id, EntityType::kDossier));
  DossierDetail d;
  PASSERELLE_ASSIGN_OR_RETURN(auto drows, ReadRows(internal::Db(v), Spec(EntityType::kDossier), "id = ?", dossier_id));
  d.summary.dossier = ToDossier(drows.front());
  PASSERELLE_ASSIGN_OR_RETURN(auto prows,
                              ReadRows(internal::Db(v), Spec(EntityType::kPerson), "id = ?", d.summary.dossier.person_id));
  if (!prows.empty()) d.summary.person = ToPerson(prows.front());
  PASSERELLE_ASSIGN_OR_RETURN(
      auto vrows, ReadRows(internal::Db(v), Spec(EntityType::kVisit), "dossier_id = ?", dossier_id, "date DESC, id"));
  for (const auto& r : vrows) {
    Visit vi{Get(r, "id"), Get(r, "dossier_id"), Get(r, "date"), Get(r, "place"), Get(r, "kind"),
             Get(r, "outcome"), Get(r, "author"), {}, {}};
    PASSERELLE_ASSIGN_OR_RETURN(vi.practice_codes, ReadSet(internal::Db(v), vi.id, "practice_codes"));
    PASSERELLE_ASSIGN_OR_RETURN(vi.participants, ReadSet(internal::Db(v), vi.id, "participants"));
    d.visits.push_back(std::move(vi));
  }
  if (!d.visits.empty()) d.summary.last_visit = d.visits.front().date;
  PASSERELLE_ASSIGN_OR_RETURN(d.notes, ListNotes(v, dossier_id));
  PASSERELLE_ASSIGN_OR_RETURN(auto plan_rows,
                              ReadRows(internal::Db(v), Spec(EntityType::kPlanItem), "dossier_id = ?", dossier_id,
                                       "coalesce(due_date, '9999'), id"));
  for (const auto& r : plan_rows) {
    d.plan.push_back(ToPlanItem(r));
    PASSERELLE_ASSIGN_OR_RETURN(d.plan.back().suggestions, ReadSet(internal::Db(v), d.plan.back().id, "suggestions"));
    PASSERELLE_ASSIGN_OR_RETURN(d.plan.back().practice_codes, ReadSet(internal::Db(v), d.plan.back().id, "practice_codes"));
  }
  auto domain_rank = [](const std::string& dom) {
    const auto& vals = LifeDomains().values;
    return std::find(vals.begin(), vals.end(), dom) - vals.begin();
  };
  std::stable_sort(d.plan.begin(), d.plan.end(),
                   [&](const PlanItem& a, const PlanItem& b) { return domain_rank(a.domain) < domain_rank(b.domain); });
  for (const auto& item : d.plan) {
    PASSERELLE_ASSIGN_OR_RETURN(auto rrows,
                                ReadRows(internal::Db(v), Spec(EntityType::kReferral), "plan_item_id = ?", item.id));
    for (const auto& r : rrows) d.referrals.push_back(ToReferral(r));
  }
  PASSERELLE_ASSIGN_OR_RETURN(auto crows,
                              ReadRows(internal::Db(v), Spec(EntityType::kConsent), "dossier_id = ?", dossier_id));
  for (const auto& r : crows) d.consents.push_back(ToConsent(r));
  return d;
}

}  // namespace passerelle::core

// The same per-record rules, for the case-file import (case_import.cpp), which checks a whole file
// of records before writing any, and writes each case file in one Apply.
namespace passerelle::core::case_files_internal {
Result<FieldValues> LocalDates(const EntitySpec& spec, FieldValues fields) { return core::LocalDates(spec, std::move(fields)); }
Status ValidateFields(const EntitySpec& spec, const FieldValues& fields) { return core::ValidateFields(spec, fields); }
Status RequireAll(const EntitySpec& spec, const FieldValues& fields) { return core::RequireAll(spec, fields); }
std::vector<Op> FieldOps(const std::string& id, const EntitySpec& spec, const FieldValues& fields) {
  return core::FieldOps(id, spec, fields);
}
FieldValues WithDossierDefaults(Vault& v, FieldValues fields) { return core::WithDossierDefaults(v, std::move(fields)); }
}  // namespace passerelle::core::case_files_internal
