// Case-file import (case_import.h, docs/import.md). Two passes: every record of every case file is
// checked and turned into the fields it will be written with (collecting every problem with its
// JSON path), then, only if there is none, each case file becomes one list of ops and one Apply.
#include "passerelle/core/case_import.h"

#include <sodium.h>

#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "case_files_internal.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/model.h"
#include "passerelle/core/organisation.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace {

using nlohmann::json;
namespace cfi = case_files_internal;

constexpr std::string_view kFormat = "passerelle-case-files";
constexpr int kVersion = 1;

// One record as it will be written: its kind, its register and text fields, its set elements.
struct Record {
  const EntitySpec* spec = nullptr;
  FieldValues fields;
  std::vector<std::pair<std::string, std::string>> set_adds;
  std::string visit_ref;  // a note's visit, by the visit's "ref" in the same case file
  std::string ref;        // a visit's own "ref"
  std::set<std::string> refused;  // fields whose value was reported: not reported again as missing
};

struct CaseFile {
  std::string external_id;
  Record person, dossier;
  std::vector<Record> visits, notes, plan_items, consents;
};

class Checker {
 public:
  Checker(Vault& v, std::vector<ImportProblem>* problems) : v_(v), problems_(problems), today_(Today(v)), now_(NowUtc(v)) {}

  void Problem(const std::string& path, const std::string& message) {
    ++count_;
    if (problems_ != nullptr && problems_->size() < kMaxImportProblems) problems_->push_back({path, message});
  }
  size_t count() const { return count_; }

  std::vector<CaseFile> Document(json& doc) {
    std::vector<CaseFile> out;
    if (!doc.is_object()) {
      Problem("$", "The file is not a JSON object with a \"case_files\" list.");
      return out;
    }
    for (const auto& [key, value] : doc.items())
      if (key != "format" && key != "version" && key != "case_files")
        Problem("$." + key, "An import file has no key \"" + key + "\" (only format, version and case_files).");
    auto format = doc.find("format");
    if (format == doc.end() || !format->is_string() || format->get<std::string>() != kFormat)
      Problem("$.format", "The format must be \"passerelle-case-files\".");
    auto version = doc.find("version");
    if (version == doc.end() || !version->is_number_integer())
      Problem("$.version", "The version must be the number 1.");
    else if (version->get<long long>() != kVersion)
      Problem("$.version", "This import file is version " + std::to_string(version->get<long long>()) +
                               "; this version of Passerelle reads version 1.");
    auto files = doc.find("case_files");
    if (files == doc.end() || !files->is_array()) {
      Problem("$.case_files", "The file needs a \"case_files\" list.");
      return out;
    }
    std::map<std::string, std::string> seen;  // external id -> the path that first used it
    for (size_t i = 0; i < files->size(); ++i) {
      const std::string path = "$.case_files[" + std::to_string(i) + "]";
      CaseFile cf = One((*files)[i], path);
      if (!cf.external_id.empty()) {
        auto [it, fresh] = seen.emplace(cf.external_id, path);
        if (!fresh) Problem(path + ".external_id", "The external id " + QuotedForMessage(cf.external_id) + " is also used by " + it->second + ".");
      }
      out.push_back(std::move(cf));
    }
    return out;
  }

 private:
  CaseFile One(json& obj, const std::string& path) {
    CaseFile cf;
    if (!obj.is_object()) {
      Problem(path, "A case file must be a JSON object.");
      return cf;
    }
    static const std::set<std::string> kKeys = {"external_id", "person", "dossier", "visits", "notes", "plan_items", "consents"};
    for (const auto& [key, value] : obj.items())
      if (!kKeys.count(key)) Problem(path + "." + key, "A case file has no key \"" + key + "\".");
    auto ext = obj.find("external_id");
    std::string why;
    if (ext == obj.end() || !ext->is_string() || IsBlank(ext->get<std::string>()))
      Problem(path + ".external_id", "A case file needs an external id (its number in the service's old files).");
    else if (!ValidateText("The external id", ext->get<std::string>(), false, 200, 200, &why))
      Problem(path + ".external_id", why);
    else
      cf.external_id = ext->get<std::string>();

    auto person = obj.find("person");
    if (person == obj.end()) Problem(path + ".person", "A case file needs a person.");
    else cf.person = Read(*person, path + ".person", EntityType::kPerson, {});
    cf.person.fields = Finish(cf.person, path + ".person", cf.person.fields);

    json empty = json::object();
    auto dossier = obj.find("dossier");
    cf.dossier = Read(dossier == obj.end() ? empty : *dossier, path + ".dossier", EntityType::kDossier, {});
    FieldValues d = cfi::WithDossierDefaults(v_, cf.dossier.fields);
    d["person_id"] = "per-0000000000000000000";  // the derived id, set when written
    cf.dossier.fields = Finish(cf.dossier, path + ".dossier", d);

    std::set<std::string> visit_refs;
    cf.visits = List(obj, path, "visits", EntityType::kVisit, {"ref"});
    for (size_t i = 0; i < cf.visits.size(); ++i) {
      Record& r = cf.visits[i];
      const std::string p = path + ".visits[" + std::to_string(i) + "]";
      if (!r.ref.empty() && !visit_refs.insert(r.ref).second)
        Problem(p + ".ref", "Two visits of this case file have the ref " + QuotedForMessage(r.ref) + ".");
      for (const auto& [field, element] : r.set_adds)
        if (field == "participants" && IsBlank(element))
          Problem(p + ".participants", "A participant needs a name or a role: a blank one cannot be recorded.");
      FieldValues f = r.fields;
      if (f["date"].empty()) f["date"] = today_;
      if (f["kind"].empty()) f["kind"] = "individual";
      f["author"] = v_.worker();
      r.fields = Finish(r, p, WithDossier(f));
    }
    cf.notes = List(obj, path, "notes", EntityType::kNote, {"visit"});
    for (size_t i = 0; i < cf.notes.size(); ++i) {
      Record& r = cf.notes[i];
      const std::string p = path + ".notes[" + std::to_string(i) + "]";
      if (!r.visit_ref.empty() && !visit_refs.count(r.visit_ref))
        Problem(p + ".visit", "No visit of this case file has the ref " + QuotedForMessage(r.visit_ref) + ".");
      FieldValues f = r.fields;
      if (IsBlank(f["body"]) && !r.refused.count("body")) Problem(p + ".body", "A note needs text.");
      if (f["scope"].empty()) f["scope"] = "service";
      if (f["scope"] == "partner")
        Problem(p + ".scope", "A note is imported as service or private; share it with a partner afterwards, once the consent is recorded (note set).");
      if (f.count("partner") && !f["partner"].empty() && f["scope"] != "partner")
        Problem(p + ".partner", "A partner is named only on a note shared with that partner.");
      f["author"] = v_.worker();
      f["created_at"] = now_;
      r.fields = Finish(r, p, WithDossier(f));
    }
    cf.plan_items = List(obj, path, "plan_items", EntityType::kPlanItem, {});
    for (size_t i = 0; i < cf.plan_items.size(); ++i) {
      Record& r = cf.plan_items[i];
      FieldValues f = r.fields;
      if (f["status"].empty()) f["status"] = "planned";
      r.fields = Finish(r, path + ".plan_items[" + std::to_string(i) + "]", WithDossier(f));
    }
    cf.consents = List(obj, path, "consents", EntityType::kConsent, {});
    for (size_t i = 0; i < cf.consents.size(); ++i) {
      Record& r = cf.consents[i];
      const std::string p = path + ".consents[" + std::to_string(i) + "]";
      FieldValues f = r.fields;
      if (f["given_on"].empty()) f["given_on"] = today_;
      if (!IsBlank(f["expires_on"]) && f["expires_on"] < f["given_on"])
        Problem(p + ".expires_on", "A consent cannot expire before it is given.");
      r.fields = Finish(r, p, WithDossier(f));
    }
    return cf;
  }

  static FieldValues WithDossier(FieldValues f) {
    f["dossier_id"] = "dos-0000000000000000000";  // the derived id, set when written
    return f;
  }

  std::vector<Record> List(json& obj, const std::string& path, const char* key, EntityType type,
                           const std::set<std::string>& extra) {
    std::vector<Record> out;
    auto it = obj.find(key);
    if (it == obj.end()) return out;
    const std::string p = path + "." + key;
    if (!it->is_array()) {
      Problem(p, "The " + std::string(key) + " must be a list.");
      return out;
    }
    for (size_t i = 0; i < it->size(); ++i) out.push_back(Read((*it)[i], p + "[" + std::to_string(i) + "]", type, extra));
    return out;
  }

  // One record's keys as fields, each checked by the rules every path applies (a date typed the
  // local way becomes ISO; closed lists, text rules); links between records come from the nesting.
  Record Read(json& obj, const std::string& path, EntityType type, const std::set<std::string>& extra) {
    Record r;
    r.spec = &Spec(type);
    const std::string kind(r.spec->name);
    if (!obj.is_object()) {
      Problem(path, "A " + kind + " must be a JSON object.");
      return r;
    }
    for (auto&& [key, value] : obj.items()) {
      const std::string p = path + "." + key;
      if (extra.count(key)) {
        if (!value.is_string() || IsBlank(value.get<std::string>())) {
          Problem(p, "The " + key + " must be a text.");
          continue;
        }
        (key == "ref" ? r.ref : r.visit_ref) = value.get<std::string>();
        continue;
      }
      const FieldSpec* f = r.spec->Find(key);
      if (f == nullptr) {
        Problem(p, "A " + kind + " has no field " + QuotedForMessage(key) + ".");
        continue;
      }
      if (f->type == ValueType::kRef) {
        Problem(p, "The " + key + " is not given: the import links each record to its case file.");
        continue;
      }
      if (key == "author" || key == "created_at") {
        Problem(p, "The " + std::string(key == "author" ? "author" : "creation time") +
                       " is set by the vault (the worker importing, the time of the import).");
        continue;
      }
      if (value.is_null()) continue;
      if (f->merge == FieldMerge::kSet) {
        if (!value.is_array()) {
          Problem(p, "The " + key + " must be a list of texts.");
          continue;
        }
        for (size_t i = 0; i < value.size(); ++i) {
          std::string why;
          if (!value[i].is_string()) Problem(p + "[" + std::to_string(i) + "]", "Each element must be a text.");
          else if (!ValidateValue(*f, value[i].get<std::string>(), &why)) Problem(p + "[" + std::to_string(i) + "]", why);
          else r.set_adds.emplace_back(key, value[i].get<std::string>());
        }
        continue;
      }
      if (!value.is_string()) {
        Problem(p, "The " + key + " must be a text (dates too: \"2026-12-01\").");
        r.refused.insert(key);
        continue;
      }
      auto dated = cfi::LocalDates(*r.spec, {{key, value.get<std::string>()}});
      if (!dated.ok()) {
        Problem(p, dated.status().message());
        r.refused.insert(key);
        continue;
      }
      Status valid = cfi::ValidateFields(*r.spec, *dated);
      if (!valid.ok()) {
        Problem(p, valid.message());
        r.refused.insert(key);
        continue;
      }
      r.fields[key] = std::move(dated->at(key));
      value = nullptr;  // the document's copy of the text is freed as it is taken (a file of notes is large)
    }
    return r;
  }

  // Required fields, once the defaults are in; returns the fields without empty values.
  FieldValues Finish(const Record& r, const std::string& path, FieldValues f) {
    if (r.spec == nullptr) return f;
    FieldValues present = f;
    for (const auto& name : r.refused) present[name] = "reported";  // its problem is already listed
    Status all = cfi::RequireAll(*r.spec, present);
    if (!all.ok()) Problem(path, all.message());
    for (auto it = f.begin(); it != f.end();) it = it->second.empty() ? f.erase(it) : std::next(it);
    return f;
  }

  Vault& v_;
  std::vector<ImportProblem>* problems_;
  size_t count_ = 0;
  std::string today_, now_;
};

// A stable id for a case file's person or dossier: its kind's prefix and 19 hex digits of a hash
// of the organisation and the external id, so the same case file imported twice (here or on a
// colleague's device of the same organisation) names the same records.
std::string DerivedId(std::string_view prefix, const std::string& organisation, const std::string& external_id) {
  const std::string input = "passerelle-case-import-v1\n" + std::string(prefix) + "\n" + organisation + "\n" + external_id;
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(input.data()), input.size(), nullptr, 0);
  char hex[40];
  for (size_t i = 0; i < 10; ++i) std::snprintf(hex + 2 * i, 3, "%02x", hash[i]);
  return std::string(prefix) + "-" + std::string(hex, 19);
}

// Any row with this id, deleted or not: a case file imported and later deleted is not brought back.
Result<bool> DossierRowExists(const Vault& v, const std::string& id) {
  sql::Stmt q(internal::Db(v), "SELECT 1 FROM dossier WHERE id = ?");
  q.Bind(1, id);
  const bool found = q.Step();
  if (!q.status().ok()) return q.status();
  return found;
}

std::vector<Op> RecordOps(const std::string& id, const Record& r) {
  std::vector<Op> ops = cfi::FieldOps(id, *r.spec, r.fields);
  for (const auto& [field, element] : r.set_adds) ops.push_back(SetAdd(id, field, element));
  return ops;
}

}  // namespace

Result<ImportSummary> ImportCaseFiles(Vault& v, std::string_view json_text, const ImportOptions& options,
                                      std::vector<ImportProblem>* problems) {
  std::vector<CaseFile> files;
  {
    json doc = json::parse(json_text.begin(), json_text.end(), nullptr, /*allow_exceptions=*/false);
    Checker check(v, problems);
    if (doc.is_discarded()) check.Problem("$", "The file is not valid JSON in UTF-8.");
    else files = check.Document(doc);
    if (check.count() > kMaxImportProblems && problems != nullptr)
      problems->push_back({"$", std::to_string(check.count() - kMaxImportProblems) + " more problems are not listed."});
    if (check.count() > 0)
      return InvalidInput("The import file has " + std::to_string(check.count()) +
                          (check.count() == 1 ? " problem" : " problems") + "; nothing was written.");
  }  // the parsed document is freed before writing

  std::string organisation = "service:" + v.service();
  if (auto org = OwnOrganisation(v); org.ok()) organisation = org->id;
  ImportSummary summary;
  for (const CaseFile& cf : files) {
    ImportedCaseFile done{cf.external_id, DerivedId(Spec(EntityType::kPerson).prefix, organisation, cf.external_id),
                          DerivedId(Spec(EntityType::kDossier).prefix, organisation, cf.external_id), false};
    PASSERELLE_ASSIGN_OR_RETURN(done.skipped, DossierRowExists(v, done.dossier_id));
    if (done.skipped) {
      ++summary.skipped;
      summary.case_files.push_back(std::move(done));
      continue;
    }
    std::vector<Op> ops = RecordOps(done.person_id, cf.person);
    Record dossier = cf.dossier;
    dossier.fields["person_id"] = done.person_id;
    for (auto& op : RecordOps(done.dossier_id, dossier)) ops.push_back(std::move(op));
    std::map<std::string, std::string> visit_ids;  // ref -> id
    auto add = [&](const std::vector<Record>& records, size_t& count) {
      for (const Record& r : records) {
        Record linked = r;
        linked.fields["dossier_id"] = done.dossier_id;
        const std::string id = Vault::NewEntityId(r.spec->prefix);
        if (!r.ref.empty()) visit_ids[r.ref] = id;
        if (!r.visit_ref.empty()) linked.fields["visit_id"] = visit_ids.at(r.visit_ref);
        for (auto& op : RecordOps(id, linked)) ops.push_back(std::move(op));
        ++count;
      }
    };
    size_t visits = 0, notes = 0, plan_items = 0, consents = 0;
    add(cf.visits, visits);
    add(cf.notes, notes);
    add(cf.plan_items, plan_items);
    add(cf.consents, consents);
    if (!options.check_only) PASSERELLE_RETURN_IF_ERROR(v.Apply(std::move(ops)).status());
    ++summary.imported;
    summary.persons += 1;
    summary.dossiers += 1;
    summary.visits += visits;
    summary.notes += notes;
    summary.plan_items += plan_items;
    summary.consents += consents;
    summary.case_files.push_back(std::move(done));
  }
  return summary;
}

}  // namespace passerelle::core
