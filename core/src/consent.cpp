// The consent rule (consent.h): the one function every sharing and disclosure path calls.
#include "passerelle/core/consent.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include <map>

#include "consent_internal.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/model.h"
#include "passerelle/core/organisation.h"
#include "passerelle/platform/utf8.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace {

// The ConsentScopes() vocabulary, in the enum's order (checked by core_consent_test).
constexpr std::array<std::string_view, 6> kScopeIds = {"attendance", "referral",  "shared_notes",
                                                       "exit_report", "co_report", "care_handover"};

// What the refusal says the recipient would have received.
std::string_view ScopeWords(DisclosureScope scope) {
  switch (scope) {
    case DisclosureScope::kAttendance: return "attendance facts";
    case DisclosureScope::kReferral: return "a referral";
    case DisclosureScope::kSharedNotes: return "shared notes";
    case DisclosureScope::kExitReport: return "the exit report";
    case DisclosureScope::kCoReport: return "the co-constructed report";
    case DisclosureScope::kCareHandover: return "the care handover";
  }
  return "information";
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// Partner names as workers type them: case and surrounding spaces do not make another partner.
std::string Folded(std::string_view s) {
  std::string out = Trimmed(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) (void)platform::utf8::DecodeNext(s, i);
  return n;
}

// What the rule looks at in a dossier: its basis and its consents (not its notes or visits).
struct BasisFacts {
  std::string basis, mandate_conditions;
  std::vector<Consent> consents;
};

// `live_only`: a deleted dossier has no basis (a disclosure); the outbox asks about the consents
// alone, whatever became of the dossier, so the team's replicas agree on what travels.
Result<BasisFacts> LoadBasisFacts(const Vault& v, const std::string& dossier_id, bool live_only = true) {
  const EntitySpec* spec = SpecForId(dossier_id);
  if (spec == nullptr || spec->type != EntityType::kDossier)
    return InvalidInput(QuotedForMessage(dossier_id) + " is not a dossier id.");
  sqlite3* db = internal::Db(v);
  BasisFacts f;
  sql::Stmt d(db, "SELECT coalesce(basis, ''), coalesce(mandate_conditions, ''), coalesce(deleted, '0') FROM dossier "
                  "WHERE id = ?");
  d.Bind(1, dossier_id);
  const bool found = d.Step();
  if (!d.status().ok()) return d.status();
  if (live_only && (!found || d.Text(2) != "0")) return NotFound("There is no dossier " + dossier_id + ".");
  if (found) {
    f.basis = d.Text(0);
    f.mandate_conditions = d.Text(1);
  }
  sql::Stmt c(db, "SELECT id, coalesce(partner, ''), coalesce(scope, ''), coalesce(given_on, ''), "
                  "coalesce(expires_on, ''), coalesce(withdrawn_on, '') FROM consent "
                  "WHERE dossier_id = ? AND coalesce(deleted, '0') = '0' ORDER BY id");
  c.Bind(1, dossier_id);
  while (c.Step()) f.consents.push_back({c.Text(0), dossier_id, c.Text(1), c.Text(2), c.Text(3), c.Text(4), c.Text(5)});
  if (!c.status().ok()) return c.status();
  return f;
}

// The consent in force for one of `names` and `scope` on `date`, if any (the earliest given).
const Consent* ConsentInForce(const BasisFacts& d, const std::vector<std::string>& names, std::string_view scope,
                              const std::string& date) {
  const Consent* best = nullptr;
  for (const auto& c : d.consents) {
    if (c.scope != scope || !c.ActiveOn(date)) continue;
    if (std::find(names.begin(), names.end(), Folded(c.partner)) == names.end()) continue;
    if (best == nullptr || c.given_on < best->given_on) best = &c;
  }
  return best;
}

Status CheckDate(std::string_view date) {
  if (!IsValidDate(date)) return InvalidInput("The date " + QuotedForMessage(date) + " is not a date of the form YYYY-MM-DD.");
  return Status::Ok();
}

}  // namespace

std::string_view DisclosureScopeId(DisclosureScope scope) { return kScopeIds[static_cast<size_t>(scope)]; }

std::optional<DisclosureScope> ParseDisclosureScope(std::string_view id) {
  for (size_t i = 0; i < kScopeIds.size(); ++i)
    if (kScopeIds[i] == id) return static_cast<DisclosureScope>(i);
  return std::nullopt;
}

namespace {
Result<DisclosureBasis> BasisFor(Vault& v, std::string_view dossier_id, std::string_view recipient,
                                 DisclosureScope scope, std::string_view on_date,
                                 std::optional<std::string> necessity_reason, bool live_only);
}  // namespace

Result<DisclosureBasis> CheckDisclosureBasis(Vault& v, std::string_view dossier_id, std::string_view recipient,
                                             DisclosureScope scope, std::string_view on_date,
                                             std::optional<std::string> necessity_reason) {
  return BasisFor(v, dossier_id, recipient, scope, on_date, std::move(necessity_reason), /*live_only=*/true);
}

namespace {
Result<DisclosureBasis> BasisFor(Vault& v, std::string_view dossier_id, std::string_view recipient,
                                 DisclosureScope scope, std::string_view on_date,
                                 std::optional<std::string> necessity_reason, bool live_only) {
  PASSERELLE_RETURN_IF_ERROR(CheckDate(on_date));
  if (IsBlank(Trimmed(recipient))) return InvalidInput("Name the recipient: who would receive it?");
  std::optional<std::string> reason;
  if (necessity_reason) {
    reason = Trimmed(*necessity_reason);
    std::string why;
    if (!ValidateText("The reason", *reason, /*multi_line=*/true, kMaxLineCodePoints, kMaxLongTextBytes, &why))
      return InvalidInput(why);
    if (CodePoints(*reason) < kMinNecessityReasonChars)
      return Refused("An état de nécessité needs a written reason of at least " +
                     std::to_string(kMinNecessityReasonChars) + " characters saying why disclosing cannot wait for consent.");
  }
  PASSERELLE_ASSIGN_OR_RETURN(BasisFacts d, LoadBasisFacts(v, std::string(dossier_id), live_only));
  const std::string date(on_date);

  // Who the recipient is: the name as typed, and, when it names a verified organisation, that
  // organisation's name and id (a consent may name either).
  std::vector<std::string> names{Folded(recipient)};
  std::optional<OrganisationCard> org;
  if (auto found = FindRecipient(v, Trimmed(recipient)); found.ok()) {
    org = *found;
    names.push_back(Folded(org->name));
    names.push_back(Folded(org->id));
  } else if (found.status().code() != Code::kNotFound) {
    return found.status();
  }
  const std::string display = org ? org->name : Trimmed(recipient);

  if (const Consent* c = ConsentInForce(d, names, DisclosureScopeId(scope), date)) {
    DisclosureBasis b;
    b.kind = BasisKind::kConsent;
    b.consent_id = c->id;
    b.consent_given_on = c->given_on;
    return b;
  }
  // 003 §7.C: under a judicial mandate, reporting attendance to the maison de justice that
  // follows it is part of the framework; nothing else is.
  if (scope == DisclosureScope::kAttendance && d.basis == "mandate" && org &&
      org->kind == OrganisationKind::kMaisonDeJustice) {
    DisclosureBasis b;
    b.kind = BasisKind::kMandate;
    b.mandate_text = "Judicial mandate: attendance facts are reported to " + org->name +
                     " as part of the mandate, without a separate consent.";
    if (!IsBlank(d.mandate_conditions)) b.mandate_text += " Conditions: " + d.mandate_conditions;
    return b;
  }
  if (reason) {
    DisclosureBasis b;
    b.kind = BasisKind::kNecessity;
    b.necessity_reason = *reason;
    return b;
  }
  return Refused("No consent in force lets " + display + " receive " + std::string(ScopeWords(scope)) +
                 " for this dossier on " + date + ".");
}
}  // namespace

Status CheckNoteSharing(Vault& v, const std::string& dossier_id, const std::string& scope, const std::string& partner,
                        const std::string& date) {
  if (scope != "partner") return Status::Ok();
  if (IsBlank(partner)) return InvalidInput("A note shared with a partner must name the partner.");
  auto basis = CheckDisclosureBasis(v, dossier_id, partner, DisclosureScope::kSharedNotes, date);
  if (basis.ok() || basis.status().code() != Code::kRefused) return basis.status();
  return Refused("The person has not consented to share notes with " + partner + ": record their consent first.");
}

Status CheckConsentInForce(const Vault& v, const std::string& dossier_id, const std::string& partner,
                           const std::string& scope, const std::string& date) {
  auto parsed = ParseDisclosureScope(scope);
  if (!parsed) return Internal("Unknown consent scope " + QuotedForMessage(scope) + ".");
  // The rule only reads; the Vault& the one check takes is for its clock and lazy organisation.
  auto basis = CheckDisclosureBasis(const_cast<Vault&>(v), dossier_id, partner, *parsed, date);
  if (!basis.ok()) return basis.status();
  if (basis->kind != BasisKind::kConsent)
    return Refused("No consent in force lets " + partner + " receive this for this dossier on " + date + ".");
  return Status::Ok();
}

namespace consent_internal {

Status CheckLocalNoteSharing(Vault& v, const std::vector<Op>& ops) {
  // note id -> field -> value as the batch leaves it (nullopt: cleared)
  std::map<std::string, std::map<std::string, std::optional<std::string>>> batch;
  std::set<std::string> sharing_changed;
  for (const auto& op : ops) {
    if (op.id.replica != 0 || op.kind != OpKind::kSetField) continue;
    if (op.field != "scope" && op.field != "partner" && op.field != "dossier_id") continue;
    const EntitySpec* spec = SpecForId(op.entity_id);
    if (spec == nullptr || spec->type != EntityType::kNote) continue;
    batch[op.entity_id][op.field] = op.value;
    if (op.field != "dossier_id") sharing_changed.insert(op.entity_id);
  }
  if (sharing_changed.empty()) return Status::Ok();
  const std::string today = Today(v);
  sql::Stmt q(internal::Db(v), "SELECT coalesce(dossier_id, ''), coalesce(scope, ''), coalesce(partner, '') FROM note WHERE id = ?");
  for (const auto& note : sharing_changed) {
    std::map<std::string, std::string> row{{"dossier_id", ""}, {"scope", ""}, {"partner", ""}};
    q.Reset();
    q.Bind(1, note);
    if (q.Step()) row = {{"dossier_id", q.Text(0)}, {"scope", q.Text(1)}, {"partner", q.Text(2)}};
    if (!q.status().ok()) return q.status();
    q.Reset();
    for (const auto& [field, value] : batch[note]) row[field] = value.value_or("");
    if (row["scope"] != "partner") continue;
    if (row["dossier_id"].empty()) return InvalidInput("A note shared with a partner must belong to a dossier.");
    PASSERELLE_RETURN_IF_ERROR(CheckNoteSharing(v, row["dossier_id"], row["scope"], row["partner"], today));
  }
  return Status::Ok();
}

Result<std::set<std::string>> PartnerNotesWithoutBasis(Vault& v, const std::string& date) {
  sql::Stmt q(internal::Db(v), "SELECT id, coalesce(dossier_id, ''), coalesce(partner, '') FROM note WHERE scope = 'partner'");
  std::vector<std::array<std::string, 3>> notes;
  while (q.Step()) notes.push_back({q.Text(0), q.Text(1), q.Text(2)});
  if (!q.status().ok()) return q.status();
  std::map<std::pair<std::string, std::string>, bool> in_force;  // (dossier, partner) -> basis in force
  std::set<std::string> out;
  for (const auto& [id, dossier, partner] : notes) {
    auto key = std::make_pair(dossier, Folded(partner));
    auto it = in_force.find(key);
    if (it == in_force.end()) {
      bool ok = false;
      if (!dossier.empty() && !IsBlank(partner)) {
        auto basis = BasisFor(v, dossier, partner, DisclosureScope::kSharedNotes, date, std::nullopt, /*live_only=*/false);
        if (!basis.ok() && basis.status().code() != Code::kRefused && basis.status().code() != Code::kNotFound &&
            basis.status().code() != Code::kInvalidInput)
          return basis.status();  // a read error: never guess that a note may leave
        ok = basis.ok();
      }
      it = in_force.emplace(key, ok).first;
    }
    if (!it->second) out.insert(id);
  }
  return out;
}

}  // namespace consent_internal
}  // namespace passerelle::core
