// The receiving side (inbox.h): a maison de justice keeps the attendance facts it received and
// who signed them, and nothing else. The payload is read by allow-list too: a packet whose
// payload carries any key beyond the attendance facts is refused whole.
#include "passerelle/core/inbox.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "passerelle/core/case_files.h"
#include "passerelle/core/disclosure_seal.h"
#include "passerelle/core/model.h"
#include "passerelle/core/organisation.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace {

using nlohmann::json;

Status OnlyKeys(const json& object, std::initializer_list<std::string_view> allowed) {
  if (!object.is_object()) return Refused("This packet does not hold attendance facts: nothing was imported.");
  for (const auto& [key, value] : object.items()) {
    (void)value;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      return Refused("This packet carries more than attendance facts (" + QuotedForMessage(key) +
                     "): a maison de justice receives attendance facts only, so nothing was imported.");
  }
  return Status::Ok();
}

std::string Str(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<ReceivedAttestation> ImportAttendancePacket(Vault& v, std::span<const uint8_t> packet) {
  PASSERELLE_ASSIGN_OR_RETURN(OrganisationCard own, OwnOrganisation(v));
  if (own.kind != OrganisationKind::kMaisonDeJustice)
    return Refused("Only a maison de justice vault receives attendance packets; this vault is a service's.");
  PASSERELLE_ASSIGN_OR_RETURN(Verified opened, OpenPacket(v, packet));
  if (opened.kind != FileKind::kPacket) return InvalidInput("This file is a PDF, not a sealed packet.");
  if (opened.statement.kind != "attendance")
    return Refused("This packet is a " + QuotedForMessage(opened.statement.kind) +
                   " document, not an attendance attestation: a maison de justice receives attendance facts only.");
  json payload = json::parse(opened.payload_json, nullptr, false);
  PASSERELLE_RETURN_IF_ERROR(OnlyKeys(payload, {"format", "kind", "issued_at", "person", "period", "visits"}));
  if (Str(payload, "kind") != "attendance")
    return Refused("This packet's content is not an attendance attestation: nothing was imported.");
  const json person = payload.value("person", json::object());
  const json period = payload.value("period", json::object());
  const json visits = payload.value("visits", json::array());
  PASSERELLE_RETURN_IF_ERROR(OnlyKeys(person, {"name", "birth_date"}));
  PASSERELLE_RETURN_IF_ERROR(OnlyKeys(period, {"from", "to"}));
  if (!visits.is_array()) return Refused("This packet does not hold attendance facts: nothing was imported.");
  for (const auto& vis : visits) PASSERELLE_RETURN_IF_ERROR(OnlyKeys(vis, {"date", "kind", "outcome"}));

  {
    sql::Stmt q(internal::Db(v), "SELECT 1 FROM received_attestation WHERE verification_code = ?");
    q.Bind(1, opened.statement.verification_code);
    if (q.Step()) return Status::Error(Code::kConflict, "This attestation was already imported.");
    PASSERELLE_RETURN_IF_ERROR(q.status());
  }

  ReceivedAttestation r;
  r.id = Vault::NewEntityId(Spec(EntityType::kReceivedAttestation).prefix);
  r.person_name = Str(person, "name");
  r.person_birth_date = Str(person, "birth_date");
  r.period_from = Str(period, "from");
  r.period_to = Str(period, "to");
  r.issuer_id = opened.issuer.id;
  r.issuer_name = opened.issuer.name;
  r.issuer_fingerprint = opened.issuer.Fingerprint();
  r.issued_at = opened.statement.issued_at;
  r.verification_code = opened.statement.verification_code;
  r.content_hash = opened.statement.content_hash;
  std::vector<Op> ops;
  auto set = [&](const std::string& id, const char* field, const std::string& value) {
    if (!value.empty()) ops.push_back(SetField(id, field, value));
  };
  set(r.id, "person_name", r.person_name);
  set(r.id, "person_birth_date", r.person_birth_date);
  set(r.id, "period_from", r.period_from);
  set(r.id, "period_to", r.period_to);
  set(r.id, "issuer_id", r.issuer_id);
  set(r.id, "issuer_name", r.issuer_name);
  set(r.id, "issuer_fingerprint", r.issuer_fingerprint);
  set(r.id, "issued_at", r.issued_at);
  set(r.id, "verification_code", r.verification_code);
  set(r.id, "content_hash", r.content_hash);
  if (r.person_name.empty()) return Refused("This packet names no person: nothing was imported.");
  for (const auto& vis : visits) {
    ReceivedVisit rv{Str(vis, "date"), Str(vis, "kind"), Str(vis, "outcome")};
    const std::string id = Vault::NewEntityId(Spec(EntityType::kReceivedVisit).prefix);
    set(id, "attestation_id", r.id);
    set(id, "date", rv.date);
    set(id, "kind", rv.kind);
    set(id, "outcome", rv.outcome);
    r.visits.push_back(std::move(rv));
  }
  // Apply validates every value against the closed lists (visit kinds, attendance outcomes, dates).
  PASSERELLE_RETURN_IF_ERROR(v.Apply(std::move(ops)).status());
  std::sort(r.visits.begin(), r.visits.end(), [](const ReceivedVisit& a, const ReceivedVisit& b) { return a.date < b.date; });
  return r;
}

Result<bool> ReceivesPackets(Vault& v) {
  PASSERELLE_ASSIGN_OR_RETURN(OrganisationCard own, OwnOrganisation(v));
  return own.kind == OrganisationKind::kMaisonDeJustice;
}

// One attestation per verification code: two devices of one maison de justice (one team) that
// both fetched and imported a packet from the hub before either's import reached the other hold
// two records of it once their team synced (grow-only records, each device's its own id); the
// one with the smallest id stands for both, so every device of the team lists the same one.
Result<std::vector<ReceivedAttestation>> ListReceived(const Vault& v) {
  sqlite3* db = internal::Db(v);
  sql::Stmt q(db,
              "SELECT id, coalesce(person_name, ''), coalesce(person_birth_date, ''), coalesce(period_from, ''), "
              "coalesce(period_to, ''), coalesce(issuer_id, ''), coalesce(issuer_name, ''), "
              "coalesce(issuer_fingerprint, ''), coalesce(issued_at, ''), coalesce(verification_code, ''), "
              "coalesce(content_hash, '') FROM received_attestation a WHERE verification_code IS NULL OR id = "
              "(SELECT min(id) FROM received_attestation b WHERE b.verification_code = a.verification_code) "
              "ORDER BY person_name, issued_at, id");
  std::vector<ReceivedAttestation> out;
  while (q.Step()) {
    ReceivedAttestation r;
    r.id = q.Text(0);
    r.person_name = q.Text(1);
    r.person_birth_date = q.Text(2);
    r.period_from = q.Text(3);
    r.period_to = q.Text(4);
    r.issuer_id = q.Text(5);
    r.issuer_name = q.Text(6);
    r.issuer_fingerprint = q.Text(7);
    r.issued_at = q.Text(8);
    r.verification_code = q.Text(9);
    r.content_hash = q.Text(10);
    out.push_back(std::move(r));
  }
  PASSERELLE_RETURN_IF_ERROR(q.status());
  sql::Stmt vq(db,
               "SELECT coalesce(date, ''), coalesce(kind, ''), coalesce(outcome, '') FROM received_visit "
               "WHERE attestation_id = ? ORDER BY date, id");
  for (auto& r : out) {
    vq.Reset();
    vq.Bind(1, r.id);
    while (vq.Step()) r.visits.push_back({vq.Text(0), vq.Text(1), vq.Text(2)});
    PASSERELLE_RETURN_IF_ERROR(vq.status());
  }
  return out;
}

}  // namespace passerelle::core
