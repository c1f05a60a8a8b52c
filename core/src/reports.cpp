// The exit report and the co-constructed report (reports.h): ordinary records written through
// the domain functions of case_files.h (check, then one Vault::Apply) and read straight from
// their tables.
#include "passerelle/core/reports.h"

#include <algorithm>
#include <sodium.h>

#include "passerelle/core/model.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace {

std::string Hex(const unsigned char* p, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += kDigits[p[i] >> 4];
    out += kDigits[p[i] & 15];
  }
  return out;
}

Status RequireDossier(const Vault& v, const std::string& dossier_id) {
  if (SpecForId(dossier_id) == nullptr || SpecForId(dossier_id)->type != EntityType::kDossier)
    return InvalidInput(QuotedForMessage(dossier_id) + " is not a dossier id.");
  PASSERELLE_ASSIGN_OR_RETURN(bool exists, RecordExists(v, dossier_id));
  if (!exists) return NotFound("There is no dossier " + dossier_id + ".");
  return Status::Ok();
}

Result<std::vector<CoReportPassage>> Passages(const Vault& v, const std::string& report_id) {
  sql::Stmt q(internal::Db(v),
              "SELECT id, report_id, coalesce(voice, ''), coalesce(text, ''), coalesce(position, '') "
              "FROM co_report_passage WHERE report_id = ? AND coalesce(deleted, '0') = '0'");
  q.Bind(1, report_id);
  std::vector<CoReportPassage> out;
  while (q.Step()) out.push_back({q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4)});
  if (!q.status().ok()) return q.status();
  // Positions are numbers written as text; two devices adding at once tie, broken by id.
  auto number = [](const std::string& s) { return s.empty() ? 0ull : std::stoull(s); };
  std::sort(out.begin(), out.end(), [&](const CoReportPassage& a, const CoReportPassage& b) {
    const auto na = number(a.position), nb = number(b.position);
    return na != nb ? na < nb : a.id < b.id;
  });
  return out;
}

Result<std::vector<CoReport>> ReadCoReports(const Vault& v, const std::string& where, const std::string& arg) {
  sql::Stmt q(internal::Db(v),
              "SELECT id, dossier_id, coalesce(title, ''), coalesce(author, ''), coalesce(created_at, ''), "
              "coalesce(agreed_on, ''), coalesce(agreement_how, ''), coalesce(agreed_hash, '') FROM co_report "
              "WHERE coalesce(deleted, '0') = '0' AND " + where + " = ? ORDER BY id");
  q.Bind(1, arg);
  std::vector<CoReport> out;
  while (q.Step()) {
    CoReport r;
    r.id = q.Text(0);
    r.dossier_id = q.Text(1);
    r.title = q.Text(2);
    r.author = q.Text(3);
    r.created_at = q.Text(4);
    r.agreed_on = q.Text(5);
    r.agreement_how = q.Text(6);
    r.agreed_hash = q.Text(7);
    out.push_back(std::move(r));
  }
  if (!q.status().ok()) return q.status();
  for (auto& r : out) {
    PASSERELLE_ASSIGN_OR_RETURN(r.passages, Passages(v, r.id));
  }
  return out;
}

}  // namespace

const std::string& ExitReport::Section(std::string_view name) const {
  static const std::string kNone;
  for (size_t i = 0; i < kExitReportSections.size(); ++i)
    if (kExitReportSections[i] == name) return sections[i];
  return kNone;
}

Result<std::optional<ExitReport>> GetExitReport(const Vault& v, const std::string& dossier_id) {
  std::string cols = "id, dossier_id, coalesce(author, ''), coalesce(created_at, '')";
  for (auto s : kExitReportSections) cols += ", coalesce(" + std::string(s) + ", '')";
  // The oldest report is "the" report when two devices created one at once (ids are time-ordered).
  sql::Stmt q(internal::Db(v), "SELECT " + cols +
                                   " FROM exit_report WHERE dossier_id = ? AND coalesce(deleted, '0') = '0' "
                                   "ORDER BY id LIMIT 1");
  q.Bind(1, dossier_id);
  if (!q.Step()) {
    if (!q.status().ok()) return q.status();
    return std::optional<ExitReport>();
  }
  ExitReport r;
  r.id = q.Text(0);
  r.dossier_id = q.Text(1);
  r.author = q.Text(2);
  r.created_at = q.Text(3);
  for (size_t i = 0; i < kExitReportSections.size(); ++i) r.sections[i] = q.Text(static_cast<int>(4 + i));
  return std::optional<ExitReport>(std::move(r));
}

Result<std::string> SetExitReport(Vault& v, const std::string& dossier_id, const FieldValues& sections) {
  PASSERELLE_RETURN_IF_ERROR(RequireDossier(v, dossier_id));
  if (sections.empty()) return InvalidInput("Nothing to write: name at least one section of the exit report.");
  const EntitySpec& spec = Spec(EntityType::kExitReport);
  for (const auto& [name, value] : sections) {
    if (std::find(kExitReportSections.begin(), kExitReportSections.end(), name) == kExitReportSections.end())
      return InvalidInput("An exit report has no section " + QuotedForMessage(name) + ".");
    std::string why;
    if (!value.empty() && !ValidateValue(*spec.Find(name), value, &why)) return InvalidInput(why);
  }
  PASSERELLE_ASSIGN_OR_RETURN(auto existing, GetExitReport(v, dossier_id));
  if (existing) {
    PASSERELLE_RETURN_IF_ERROR(UpdateRecord(v, existing->id, sections));
    return existing->id;
  }
  std::string id = Vault::NewEntityId(spec.prefix);
  std::vector<Op> ops = {SetField(id, "dossier_id", dossier_id), SetField(id, "author", v.worker().empty() ? "-" : v.worker()),
                         SetField(id, "created_at", NowUtc(v))};
  for (const auto& [name, value] : sections)
    if (!value.empty()) ops.push_back(SetField(id, name, value));
  PASSERELLE_RETURN_IF_ERROR(v.Apply(std::move(ops)).status());
  return id;
}

std::string PassagesHash(const std::vector<CoReportPassage>& passages) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 32);
  for (const auto& p : passages) {
    // Length-prefixed, so no two different lists of passages hash alike.
    for (const std::string* s : {&p.voice, &p.text}) {
      const std::string len = std::to_string(s->size()) + ":";
      crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(len.data()), len.size());
      crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(s->data()), s->size());
    }
  }
  unsigned char out[32];
  crypto_generichash_final(&st, out, sizeof out);
  return Hex(out, sizeof out);
}

bool CoReport::AgreementCurrent() const {
  return !agreed_on.empty() && !agreement_how.empty() && agreed_hash == PassagesHash(passages);
}

Result<std::string> AddCoReport(Vault& v, const FieldValues& fields) {
  auto dossier = fields.find("dossier_id");
  if (dossier == fields.end() || IsBlank(dossier->second)) return InvalidInput("A co-constructed report needs a dossier.");
  PASSERELLE_RETURN_IF_ERROR(RequireDossier(v, dossier->second));
  for (const auto& [name, value] : fields)
    if (name != "dossier_id" && name != "title")
      return InvalidInput("A new co-constructed report takes a dossier and a title only, not " + QuotedForMessage(name) + ".");
  const EntitySpec& spec = Spec(EntityType::kCoReport);
  std::string id = Vault::NewEntityId(spec.prefix);
  std::vector<Op> ops = {SetField(id, "dossier_id", dossier->second),
                         SetField(id, "author", v.worker().empty() ? "-" : v.worker()),
                         SetField(id, "created_at", NowUtc(v))};
  auto title = fields.find("title");
  if (title != fields.end() && !title->second.empty()) ops.push_back(SetField(id, "title", title->second));
  PASSERELLE_RETURN_IF_ERROR(v.Apply(std::move(ops)).status());
  return id;
}

Result<CoReport> GetCoReport(const Vault& v, const std::string& report_id) {
  if (SpecForId(report_id) == nullptr || SpecForId(report_id)->type != EntityType::kCoReport)
    return InvalidInput(QuotedForMessage(report_id) + " is not a co-constructed report id.");
  PASSERELLE_ASSIGN_OR_RETURN(auto list, ReadCoReports(v, "id", report_id));
  if (list.empty()) return NotFound("There is no co-constructed report " + report_id + ".");
  return list.front();
}

Result<std::vector<CoReport>> ListCoReports(const Vault& v, const std::string& dossier_id) {
  return ReadCoReports(v, "dossier_id", dossier_id);
}

Result<std::string> AddCoReportPassage(Vault& v, const std::string& report_id, const std::string& voice,
                                       const std::string& text) {
  PASSERELLE_ASSIGN_OR_RETURN(CoReport report, GetCoReport(v, report_id));
  if (!PassageVoices().Contains(voice))
    return InvalidInput("A passage is in the person's words (person) or the worker's (worker), not " +
                        QuotedForMessage(voice) + ".");
  if (IsBlank(text)) return InvalidInput("A passage needs some text.");
  std::string why;
  if (!ValidateValue(*Spec(EntityType::kCoReportPassage).Find("text"), text, &why)) return InvalidInput(why);
  uint64_t next = 1;
  for (const auto& p : report.passages)
    if (!p.position.empty()) next = std::max<uint64_t>(next, std::stoull(p.position) + 1);
  std::string id = Vault::NewEntityId(Spec(EntityType::kCoReportPassage).prefix);
  PASSERELLE_RETURN_IF_ERROR(v.Apply({SetField(id, "dossier_id", report.dossier_id), SetField(id, "report_id", report_id),
                                      SetField(id, "position", std::to_string(next)), SetField(id, "voice", voice),
                                      SetField(id, "text", text)})
                                 .status());
  return id;
}

Status RecordCoReportAgreement(Vault& v, const std::string& report_id, const std::string& date,
                               const std::string& how) {
  PASSERELLE_ASSIGN_OR_RETURN(CoReport report, GetCoReport(v, report_id));
  if (report.passages.empty()) return InvalidInput("The report has no passage yet: there is nothing to agree to.");
  if (!AgreementWays().Contains(how))
    return InvalidInput("Say how the person agreed: signed, oral or written, not " + QuotedForMessage(how) + ".");
  if (IsBlank(date)) return InvalidInput("The agreement needs the date the person gave it.");
  return UpdateRecord(v, report_id, {{"agreed_on", date}, {"agreement_how", how}, {"agreed_hash", PassagesHash(report.passages)}});
}

}  // namespace passerelle::core
