// The exit checklist, the care handover and the release urgency rule (exit_plan.h).
#include "passerelle/core/exit_plan.h"

#include <algorithm>
#include <cstdio>

#include "passerelle/core/model.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace {

// FNV-1a over the dossier id and a tag: a stable id that every device computes alike. Not a
// secret and not an index into anything: only its shape (Vault::NewEntityId's) matters.
std::string DerivedId(std::string_view prefix, std::string_view dossier_id, std::string_view tag) {
  auto fnv = [&](uint64_t h) {
    for (char c : dossier_id) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    h = (h ^ 0x1f) * 0x100000001b3ULL;
    for (char c : tag) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return h;
  };
  const uint64_t a = fnv(0xcbf29ce484222325ULL), b = fnv(0x84222325cbf29ce4ULL);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%016llx%03llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b & 0xfff));
  return std::string(prefix) + "-" + buf;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int64_t>(era) * 146097 + static_cast<int64_t>(doe) - 719468;
}
std::optional<int64_t> DayNumber(std::string_view iso) {
  if (!IsValidDate(iso)) return std::nullopt;
  return DaysFromCivil(std::stoi(std::string(iso.substr(0, 4))), static_cast<unsigned>(std::stoi(std::string(iso.substr(5, 2)))),
                       static_cast<unsigned>(std::stoi(std::string(iso.substr(8, 2)))));
}

Result<std::string> TypedDate(const char* what, const std::string& typed) {
  auto iso = LocalDateToIso(typed);
  if (iso && IsValidDate(*iso)) return *iso;
  return InvalidInput(DateProblem(what, typed, iso.value_or("")));
}

// The dossier's expected release, or kNotFound when there is no live dossier of that id.
Result<std::string> ReleaseOf(const Vault& v, const std::string& dossier_id) {
  const EntitySpec* target = SpecForId(dossier_id);
  if (target == nullptr || target->type != EntityType::kDossier)
    return InvalidInput(QuotedForMessage(dossier_id) + " is not a dossier id.");
  sql::Stmt q(internal::Db(v),
              "SELECT coalesce(expected_release, '') FROM dossier WHERE id = ? AND coalesce(deleted, '0') = '0'");
  q.Bind(1, dossier_id);
  if (!q.Step()) return q.status().ok() ? Status(NotFound("There is no dossier " + dossier_id + ".")) : q.status();
  return q.Text(0);
}

std::optional<int> ParseDays(const std::string& s) {
  if (s.empty() || s.size() > 5 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  int d = std::stoi(s);
  if (d > kMaxDaysBefore) return std::nullopt;
  return d;
}

}  // namespace

int DefaultDaysBefore(std::string_view step) {
  if (step == "housing") return 90;
  if (step == "identity_card" || step == "debt_mediation") return 60;
  if (step == "health_insurance") return 45;
  if (step == "first_nights_bed") return 14;
  return 30;  // social income, bank account, care appointment
}

std::string ExitStepId(std::string_view dossier_id, std::string_view step) {
  return DerivedId(Spec(EntityType::kExitStep).prefix, dossier_id, step);
}
std::string CareHandoverId(std::string_view dossier_id) {
  return DerivedId(Spec(EntityType::kCareHandover).prefix, dossier_id, "care");
}

std::optional<int64_t> CalendarDaysBetween(std::string_view from, std::string_view to) {
  auto a = DayNumber(from), b = DayNumber(to);
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

std::string CalendarAddDays(std::string_view from, int64_t days) {
  auto n = DayNumber(from);
  if (!n) return {};
  // civil_from_days (Howard Hinnant).
  int64_t z = *n + days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  if (y < 1900 || y > 9999) return {};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

Result<std::vector<ExitStep>> ListExitSteps(const Vault& v, const std::string& dossier_id) {
  PASSERELLE_ASSIGN_OR_RETURN(std::string release, ReleaseOf(v, dossier_id));
  std::vector<ExitStep> out;
  sql::Stmt q(internal::Db(v),
              "SELECT coalesce(status, ''), coalesce(member_id, ''), coalesce(days_before, ''), "
              "coalesce(service_id, ''), coalesce(commune, ''), coalesce(housing_route, ''), coalesce(comment, '') "
              "FROM exit_step WHERE id = ? AND coalesce(deleted, '0') = '0'");
  for (std::string_view name : ExitSteps().values) {
    ExitStep s;
    s.dossier_id = dossier_id;
    s.step = std::string(name);
    s.id = ExitStepId(dossier_id, name);
    s.status = "not_started";
    s.days_before = DefaultDaysBefore(name);
    q.Reset();
    q.Bind(1, s.id);
    if (q.Step()) {
      s.written = true;
      if (ExitStepStatuses().Contains(q.Text(0))) s.status = q.Text(0);
      s.member_id = q.Text(1);
      // A merged value that is not a number of days (another device's bug) falls back to the default.
      if (auto d = ParseDays(q.Text(2))) {
        s.days_before = *d;
        s.custom_offset = true;
      }
      s.service_id = q.Text(3);
      s.commune = q.Text(4);
      s.housing_route = q.Text(5);
      s.comment = q.Text(6);
    }
    if (!q.status().ok()) return q.status();
    if (!release.empty()) s.due_date = CalendarAddDays(release, -s.days_before);
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::map<std::string, int>> OpenExitStepCounts(const Vault& v) {
  std::map<std::string, int> out;
  sqlite3* db = internal::Db(v);
  {
    sql::Stmt q(db, "SELECT id FROM dossier WHERE coalesce(deleted, '0') = '0'");
    while (q.Step()) out[q.Text(0)] = static_cast<int>(ExitSteps().values.size());
    if (!q.status().ok()) return q.status();
  }
  // Every step is open until its record says done or not needed; a record of a step outside the
  // closed list (a newer version's) is not counted.
  sql::Stmt q(db,
              "SELECT dossier_id, id, step FROM exit_step WHERE coalesce(deleted, '0') = '0' "
              "AND status IN ('done', 'not_needed')");
  while (q.Step()) {
    auto it = out.find(q.Text(0));
    if (it == out.end() || !ExitSteps().Contains(q.Text(2)) || ExitStepId(q.Text(0), q.Text(2)) != q.Text(1)) continue;
    --it->second;
  }
  if (!q.status().ok()) return q.status();
  return out;
}

Status SetExitStep(Vault& v, const std::string& dossier_id, const std::string& step, const FieldValues& fields) {
  const EntitySpec& spec = Spec(EntityType::kExitStep);
  if (!ExitSteps().Contains(step)) {
    std::string allowed;
    for (auto s : ExitSteps().values) allowed += (allowed.empty() ? "" : ", ") + std::string(s);
    return InvalidInput(QuotedForMessage(step) + " is not a step of the exit checklist (allowed: " + allowed + ").");
  }
  PASSERELLE_ASSIGN_OR_RETURN(std::string release, ReleaseOf(v, dossier_id));
  const std::string id = ExitStepId(dossier_id, step);
  std::vector<Op> ops;
  for (const auto& [name, value] : fields) {
    if (name == "due_date") continue;  // below: turned into days_before
    const FieldSpec* f = spec.Find(name);
    if (f == nullptr || f->Has(kFixed))
      return InvalidInput("An exit step has no field " + QuotedForMessage(name) + " to set.");
    if (value.empty()) {
      if (f->Has(kRequired)) return InvalidInput("The " + name + " of an exit step cannot be cleared.");
      ops.push_back(SetField(id, name, std::nullopt));
      continue;
    }
    std::string why;
    if (!ValidateValue(*f, value, &why)) return InvalidInput(why);
    if (name == "days_before" && !ParseDays(value))
      return InvalidInput("The days before release must be a whole number from 0 to " + std::to_string(kMaxDaysBefore) +
                          ".");
    if (name == "housing_route" && step != "housing")
      return InvalidInput("Only the housing step has a housing route.");
    if (name == "commune" && step != "social_income")
      return InvalidInput("Only the social income step names the competent commune.");
    if (name == "member_id") {
      sql::Stmt q(internal::Db(v),
                  "SELECT 1 FROM team_member WHERE id = ? AND dossier_id = ? AND coalesce(deleted, '0') = '0'");
      q.Bind(1, value).Bind(2, dossier_id);
      if (!q.Step()) {
        PASSERELLE_RETURN_IF_ERROR(q.status());
        return NotFound("There is no member " + value + " in this dossier's team.");
      }
    }
    ops.push_back(SetField(id, name, value));
  }
  if (auto it = fields.find("due_date"); it != fields.end()) {
    if (fields.count("days_before")) return InvalidInput("Give either a due date or days before release, not both.");
    if (it->second.empty()) {
      ops.push_back(SetField(id, "days_before", std::nullopt));
    } else {
      if (release.empty())
        return InvalidInput("A due date is counted back from the expected release: set the release date first.");
      PASSERELLE_ASSIGN_OR_RETURN(std::string due, TypedDate("due date", it->second));
      const int64_t before = *CalendarDaysBetween(due, release);
      if (before < 0) return InvalidInput("The due date of an exit step cannot be after the expected release.");
      if (before > kMaxDaysBefore) return InvalidInput("The due date is too long before the expected release.");
      ops.push_back(SetField(id, "days_before", std::to_string(before)));
    }
  }
  if (ops.empty()) return InvalidInput("Say what to change on the exit step.");
  PASSERELLE_ASSIGN_OR_RETURN(bool written, RecordExists(v, id));
  if (!written) {
    // The first change writes the record whole; on every device alike (the same id and values).
    ops.insert(ops.begin(), SetField(id, "step", step));
    ops.insert(ops.begin(), SetField(id, "dossier_id", dossier_id));
    if (!fields.count("status")) ops.push_back(SetField(id, "status", std::string("not_started")));
  }
  return v.Apply(std::move(ops)).status();
}

Result<CareHandover> GetCareHandover(const Vault& v, const std::string& dossier_id) {
  PASSERELLE_RETURN_IF_ERROR(ReleaseOf(v, dossier_id).status());
  CareHandover c;
  c.dossier_id = dossier_id;
  c.id = CareHandoverId(dossier_id);
  sql::Stmt q(internal::Db(v),
              "SELECT coalesce(treatment_continues, ''), coalesce(treatment, ''), coalesce(prescriber, ''), "
              "coalesce(first_appointment, ''), coalesce(service_id, ''), coalesce(sharing_agreed, '') "
              "FROM care_handover WHERE id = ? AND coalesce(deleted, '0') = '0'");
  q.Bind(1, c.id);
  if (q.Step()) {
    c.written = true;
    c.treatment_continues = q.Text(0);
    c.treatment = q.Text(1);
    c.prescriber = q.Text(2);
    c.first_appointment = q.Text(3);
    c.service_id = q.Text(4);
    c.sharing_agreed = q.Text(5);
  }
  if (!q.status().ok()) return q.status();
  return c;
}

Status SetCareHandover(Vault& v, const std::string& dossier_id, const FieldValues& fields) {
  const EntitySpec& spec = Spec(EntityType::kCareHandover);
  PASSERELLE_RETURN_IF_ERROR(ReleaseOf(v, dossier_id).status());
  const std::string id = CareHandoverId(dossier_id);
  std::vector<Op> ops;
  for (const auto& [name, typed] : fields) {
    const FieldSpec* f = spec.Find(name);
    if (f == nullptr || f->Has(kFixed))
      return InvalidInput("The care handover has no field " + QuotedForMessage(name) + " to set.");
    if (typed.empty()) {
      ops.push_back(SetField(id, name, std::nullopt));
      continue;
    }
    std::string value = typed;
    if (f->type == ValueType::kDate) {
      PASSERELLE_ASSIGN_OR_RETURN(value, TypedDate("first appointment", typed));
    }
    std::string why;
    if (!ValidateValue(*f, value, &why)) return InvalidInput(why);
    ops.push_back(SetField(id, name, value));
  }
  if (ops.empty()) return InvalidInput("Say what to change on the care handover.");
  PASSERELLE_ASSIGN_OR_RETURN(bool written, RecordExists(v, id));
  if (!written) ops.insert(ops.begin(), SetField(id, "dossier_id", dossier_id));
  return v.Apply(std::move(ops)).status();
}

ReleaseUrgency ReleaseUrgencyFor(std::optional<int64_t> days_to_release, int open_steps) {
  ReleaseUrgency u;
  if (!days_to_release || *days_to_release < 0) return u;  // no date, or already past
  const int64_t d = *days_to_release;
  if (d <= kExitReleaseSoonDays || (d <= kChecklistDays && open_steps > 0)) {
    u.soon = true;
    u.days = d;
    u.open_steps = std::max(open_steps, 0);
  }
  return u;
}

bool ReleaseSortsBefore(const ReleaseUrgency& a, const ReleaseUrgency& b) {
  if (a.soon != b.soon) return a.soon;
  if (a.days != b.days) return a.days < b.days;
  return a.open_steps > b.open_steps;
}

bool ChecklistFirst(std::optional<int64_t> days_to_release) {
  return days_to_release && *days_to_release >= 0 && *days_to_release <= kChecklistDays;
}

}  // namespace passerelle::core
