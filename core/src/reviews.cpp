// The monthly review and the participants of visits and reviews (reviews.h).
#include "passerelle/core/reviews.h"

#include <algorithm>
#include <set>

#include "passerelle/core/model.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace {

// A date as typed ("01/12/2026" or "2026-12-01") to ISO, or the one-sentence refusal.
Result<std::string> TypedDate(const char* what, const std::string& typed) {
  auto iso = LocalDateToIso(typed);
  if (iso && IsValidDate(*iso)) return *iso;
  return InvalidInput(DateProblem(what, typed, iso.value_or("")));
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// The participants as they will be stored: trimmed, each a valid one-line text, once each.
Result<std::set<std::string>> CleanParticipants(const FieldSpec& field, const std::vector<std::string>& names) {
  std::set<std::string> out;
  for (const auto& raw : names) {
    std::string name = Trimmed(raw);
    if (name.empty()) return InvalidInput("A participant needs a name or a role: a blank one cannot be recorded.");
    std::string why;
    if (!ValidateValue(field, name, &why)) return InvalidInput(why);
    out.insert(std::move(name));
  }
  return out;
}

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

}  // namespace

std::string OneMonthLater(std::string_view iso) {
  if (!IsValidDate(iso)) return {};
  int year = std::stoi(std::string(iso.substr(0, 4)));
  int month = std::stoi(std::string(iso.substr(5, 2)));
  int day = std::stoi(std::string(iso.substr(8, 2)));
  if (++month > 12) {
    month = 1;
    ++year;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  day = std::min(day, kDays[month - 1] + (month == 2 && leap ? 1 : 0));
  char buf[32];  // ints unbounded to the compiler: room for any value
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

Result<std::string> RecordReview(Vault& v, const FieldValues& fields, const std::vector<std::string>& participants) {
  const EntitySpec& spec = Spec(EntityType::kReview);
  for (const auto& [name, value] : fields)
    if (name != "dossier_id" && name != "held_on" && name != "next_review" && name != "comment")
      return InvalidInput("A review has no field " + QuotedForMessage(name) + " to give.");
  // As given: only an absent or empty value takes the default; "   " is a date that is not one.
  auto get = [&](const char* name) {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
  };
  const std::string dossier_id = get("dossier_id");
  if (IsBlank(dossier_id)) return InvalidInput("A review needs a dossier.");
  const EntitySpec* target = SpecForId(dossier_id);
  if (target == nullptr || target->type != EntityType::kDossier)
    return InvalidInput(QuotedForMessage(dossier_id) + " is not a dossier id.");
  const std::string today = Today(v);
  std::string held_on = today;
  if (!get("held_on").empty()) {
    PASSERELLE_ASSIGN_OR_RETURN(held_on, TypedDate("review date", get("held_on")));
  }
  if (held_on > today) return InvalidInput("A review is recorded once it has been held: its date cannot be after today.");
  std::string next = OneMonthLater(held_on);
  if (!get("next_review").empty()) {
    PASSERELLE_ASSIGN_OR_RETURN(next, TypedDate("next review", get("next_review")));
  }
  if (next <= held_on) return InvalidInput("The next review must come after the review being recorded.");
  const std::string comment = fields.count("comment") ? fields.at("comment") : std::string();
  std::string why;
  if (!comment.empty() && !ValidateValue(*spec.Find("comment"), comment, &why)) return InvalidInput(why);
  PASSERELLE_ASSIGN_OR_RETURN(auto names, CleanParticipants(*spec.Find("participants"), participants));
  PASSERELLE_ASSIGN_OR_RETURN(bool live, RecordExists(v, dossier_id));
  if (!live) return NotFound("There is no dossier " + dossier_id + ".");

  const std::string id = Vault::NewEntityId(spec.prefix);
  std::vector<Op> ops = {SetField(id, "dossier_id", dossier_id), SetField(id, "held_on", held_on),
                         SetField(id, "next_review", next), SetField(id, "author", v.worker())};
  if (!IsBlank(comment)) ops.push_back(SetField(id, "comment", comment));
  for (const auto& n : names) ops.push_back(SetAdd(id, "participants", n));
  // The case list's urgency order reads the dossier's next review: the review moves it on.
  ops.push_back(SetField(dossier_id, "next_review", next));
  PASSERELLE_RETURN_IF_ERROR(v.Apply(std::move(ops)).status());
  return id;
}

Result<std::vector<Review>> ListReviews(const Vault& v, const std::string& dossier_id) {
  sqlite3* db = internal::Db(v);
  sql::Stmt q(db,
              "SELECT id, dossier_id, held_on, next_review, comment, author FROM review "
              "WHERE coalesce(deleted, '0') = '0' AND dossier_id = ? ORDER BY held_on DESC, id DESC");
  q.Bind(1, dossier_id);
  std::vector<Review> out;
  while (q.Step()) out.push_back({q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.Text(5), {}});
  if (!q.status().ok()) return q.status();
  for (auto& r : out) {
    PASSERELLE_ASSIGN_OR_RETURN(r.participants, ReadElements(db, r.id, "participants"));
  }
  return out;
}

Result<std::vector<std::string>> Participants(const Vault& v, const std::string& id) {
  const EntitySpec* spec = SpecForId(id);
  if (spec == nullptr || spec->Find("participants") == nullptr) return std::vector<std::string>{};
  return ReadElements(internal::Db(v), id, "participants");
}

Status SetParticipants(Vault& v, const std::string& id, const std::vector<std::string>& participants) {
  const EntitySpec* spec = SpecForId(id);
  if (spec == nullptr || spec->Find("participants") == nullptr)
    return InvalidInput(QuotedForMessage(id) + " is not a visit or review id.");
  PASSERELLE_ASSIGN_OR_RETURN(auto wanted, CleanParticipants(*spec->Find("participants"), participants));
  PASSERELLE_ASSIGN_OR_RETURN(bool live, RecordExists(v, id));
  if (!live) return NotFound("There is no " + std::string(spec->name) + " " + id + ".");
  PASSERELLE_ASSIGN_OR_RETURN(auto current, ReadElements(internal::Db(v), id, "participants"));
  std::vector<Op> ops;
  for (const auto& c : current)
    if (!wanted.count(c)) ops.push_back(Op{{}, 0, id, "participants", OpKind::kSetRemove, c, {}});
  for (const auto& w : wanted)
    if (std::find(current.begin(), current.end(), w) == current.end()) ops.push_back(SetAdd(id, "participants", w));
  if (ops.empty()) return Status::Ok();
  return v.Apply(std::move(ops)).status();
}

}  // namespace passerelle::core
