// The dossier team and the référent handover (team.h).
#include "passerelle/core/team.h"

#include <algorithm>
#include <tuple>

#include "passerelle/core/model.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace {

Result<std::string> TypedDate(const char* what, const std::string& typed) {
  auto iso = LocalDateToIso(typed);
  if (iso && IsValidDate(*iso)) return *iso;
  return InvalidInput(DateProblem(what, typed, iso.value_or("")));
}

Status LiveDossier(const Vault& v, const std::string& dossier_id) {
  const EntitySpec* target = SpecForId(dossier_id);
  if (target == nullptr || target->type != EntityType::kDossier)
    return InvalidInput(QuotedForMessage(dossier_id) + " is not a dossier id.");
  PASSERELLE_ASSIGN_OR_RETURN(bool live, RecordExists(v, dossier_id));
  if (!live) return NotFound("There is no dossier " + dossier_id + ".");
  return Status::Ok();
}

size_t RoleOrder(const std::string& role) {
  const auto& roles = TeamRoles().values;
  return static_cast<size_t>(std::find(roles.begin(), roles.end(), role) - roles.begin());
}

// Validates member fields as the worker typed them (dates in either form) into ops on `id`.
// `creating`: the dossier_id is allowed (and required elsewhere).
Status MemberOps(const std::string& id, const FieldValues& fields, bool creating, std::vector<Op>& ops) {
  const EntitySpec& spec = Spec(EntityType::kTeamMember);
  for (const auto& [name, typed] : fields) {
    const FieldSpec* f = spec.Find(name);
    if (f == nullptr || (f->Has(kFixed) && !creating))
      return InvalidInput("A team member has no field " + QuotedForMessage(name) + " to set.");
    if (IsBlank(typed)) {
      if (f->Has(kRequired)) {
        if (name == "name") return InvalidInput("A team member needs a name.");
        return InvalidInput("A team member needs a " + name + ".");
      }
      if (!creating) ops.push_back(SetField(id, name, std::nullopt));
      continue;
    }
    std::string value = typed;
    if (f->type == ValueType::kDate) {
      PASSERELLE_ASSIGN_OR_RETURN(value, TypedDate(name == "since" ? "start date" : "end date", typed));
    }
    std::string why;
    if (!ValidateValue(*f, value, &why)) return InvalidInput(why);
    ops.push_back(SetField(id, name, value));
  }
  return Status::Ok();
}

std::vector<TeamMember> ReadMembers(sqlite3* db, const std::string& dossier_id, Status& status) {
  sql::Stmt q(db,
              "SELECT id, dossier_id, coalesce(role, ''), coalesce(name, ''), coalesce(organisation, ''), "
              "coalesce(service_id, ''), coalesce(contact, ''), coalesce(responsible_for, ''), coalesce(since, ''), "
              "coalesce(until, '') FROM team_member WHERE dossier_id = ? AND coalesce(deleted, '0') = '0'");
  q.Bind(1, dossier_id);
  std::vector<TeamMember> out;
  while (q.Step())
    out.push_back({q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.Text(5), q.Text(6), q.Text(7), q.Text(8),
                   q.Text(9)});
  status = q.status();
  return out;
}

}  // namespace

Result<std::string> AddTeamMember(Vault& v, const FieldValues& fields) {
  auto get = [&](const char* name) {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
  };
  const std::string dossier_id = get("dossier_id");
  if (IsBlank(dossier_id)) return InvalidInput("A team member belongs to a dossier: name it.");
  if (IsBlank(get("role"))) return InvalidInput("A team member needs a role.");
  if (IsBlank(get("name"))) return InvalidInput("A team member needs a name.");
  if (get("role") == "referent")
    return InvalidInput("The référent changes with the handover (one référent at a time), not as a new member.");
  const std::string id = Vault::NewEntityId(Spec(EntityType::kTeamMember).prefix);
  std::vector<Op> ops;
  FieldValues f = fields;
  if (get("since").empty()) f["since"] = Today(v);
  PASSERELLE_RETURN_IF_ERROR(MemberOps(id, f, true, ops));
  PASSERELLE_RETURN_IF_ERROR(LiveDossier(v, dossier_id));
  PASSERELLE_RETURN_IF_ERROR(v.Apply(std::move(ops)).status());
  return id;
}

Status UpdateTeamMember(Vault& v, const std::string& member_id, const FieldValues& fields) {
  const EntitySpec* spec = SpecForId(member_id);
  if (spec == nullptr || spec->type != EntityType::kTeamMember)
    return InvalidInput(QuotedForMessage(member_id) + " is not a team member id.");
  if (fields.empty()) return InvalidInput("Say what to change on the team member.");
  std::vector<Op> ops;
  PASSERELLE_RETURN_IF_ERROR(MemberOps(member_id, fields, false, ops));
  sql::Stmt q(internal::Db(v), "SELECT coalesce(role, '') FROM team_member WHERE id = ? AND coalesce(deleted, '0') = '0'");
  q.Bind(1, member_id);
  if (!q.Step()) {
    PASSERELLE_RETURN_IF_ERROR(q.status());
    return NotFound("There is no team member " + member_id + ".");
  }
  const bool was_referent = q.Text(0) == "referent";
  if (auto it = fields.find("role"); it != fields.end() && (it->second == "referent") != was_referent)
    return InvalidInput("The référent changes with the handover (one référent at a time), not by editing a role.");
  return v.Apply(std::move(ops)).status();
}

Result<std::vector<TeamMember>> ListTeam(const Vault& v, const std::string& dossier_id) {
  PASSERELLE_RETURN_IF_ERROR(LiveDossier(v, dossier_id));
  Status st;
  auto members = ReadMembers(internal::Db(v), dossier_id, st);
  PASSERELLE_RETURN_IF_ERROR(st);
  std::stable_sort(members.begin(), members.end(), [](const TeamMember& a, const TeamMember& b) {
    const bool ca = a.until.empty(), cb = b.until.empty();
    if (ca != cb) return ca;
    if (!ca) return std::tie(b.until, a.name, a.id) < std::tie(a.until, b.name, b.id);
    return std::make_tuple(RoleOrder(a.role), a.name, a.id) < std::make_tuple(RoleOrder(b.role), b.name, b.id);
  });
  return members;
}

Result<std::vector<TeamMember>> WhoToAsk(const Vault& v, const std::string& dossier_id, const std::string& today) {
  PASSERELLE_ASSIGN_OR_RETURN(auto all, ListTeam(v, dossier_id));
  std::vector<TeamMember> out;
  for (auto& m : all)
    if (m.Current(today)) out.push_back(std::move(m));
  return out;
}

Result<std::string> HandOverReferent(Vault& v, const std::string& dossier_id, const std::string& name,
                                     const std::string& on, const std::string& contact,
                                     const std::string& organisation) {
  if (IsBlank(name)) return InvalidInput("Name the worker who becomes the référent.");
  const std::string today = Today(v);
  std::string date = today;
  if (!on.empty()) {
    PASSERELLE_ASSIGN_OR_RETURN(date, TypedDate("handover date", on));
  }
  if (date > today) return InvalidInput("A handover is recorded once it happens: its date cannot be after today.");
  const std::string id = Vault::NewEntityId(Spec(EntityType::kTeamMember).prefix);
  std::vector<Op> ops;
  FieldValues f = {{"dossier_id", dossier_id}, {"role", "referent"}, {"name", name}, {"since", date}};
  if (!contact.empty()) f["contact"] = contact;
  if (!organisation.empty()) f["organisation"] = organisation;
  PASSERELLE_RETURN_IF_ERROR(MemberOps(id, f, true, ops));
  PASSERELLE_RETURN_IF_ERROR(LiveDossier(v, dossier_id));
  sql::Stmt q(internal::Db(v), "SELECT coalesce(referent, '') FROM dossier WHERE id = ?");
  q.Bind(1, dossier_id);
  std::string current = q.Step() ? q.Text(0) : std::string();
  PASSERELLE_RETURN_IF_ERROR(q.status());
  if (current == name) return InvalidInput(name + " is already the référent of this dossier.");
  Status st;
  for (const auto& m : ReadMembers(internal::Db(v), dossier_id, st))
    if (m.role == "referent" && m.until.empty()) ops.push_back(SetField(m.id, "until", date));
  PASSERELLE_RETURN_IF_ERROR(st);
  ops.push_back(SetField(dossier_id, "referent", name));
  PASSERELLE_RETURN_IF_ERROR(v.Apply(std::move(ops)).status());
  return id;
}

}  // namespace passerelle::core
