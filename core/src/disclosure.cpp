// The one path out (disclosure.h): check the request, ask the one consent check for a basis,
// compose from the allow-list (disclosure_compose.cpp), then render, sign, seal and log in one
// Vault::Apply. Nothing is written before every step that can refuse has passed.
#include "passerelle/core/disclosure.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "disclosure_internal.h"
#include "disclosure_outputs.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/consent.h"
#include "passerelle/core/disclosure_seal.h"
#include "passerelle/core/exit_plan.h"
#include "passerelle/core/model.h"
#include "passerelle/core/packet_outbox.h"
#include "passerelle/core/reports.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace di = disclosure_internal;

namespace {

constexpr std::string_view kKindIds[] = {"attendance", "referral", "exit_report", "co_report", "access_copy"};


// Typed or ISO date -> ISO; "" stays "".
Result<std::string> IsoDate(const std::string& what, const std::string& typed) {
  if (typed.empty()) return std::string();
  auto iso = LocalDateToIso(typed);
  if (iso && IsValidDate(*iso)) return *iso;
  return InvalidInput(DateProblem(what, typed, iso.value_or("")));
}

std::string JoinLines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += '\n';
    out += s;
  }
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::optional<DisclosureScope> ScopeOf(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kAttendance: return DisclosureScope::kAttendance;
    case DocumentKind::kReferral: return DisclosureScope::kReferral;
    case DocumentKind::kExitReport: return DisclosureScope::kExitReport;
    case DocumentKind::kCoReport: return DisclosureScope::kCoReport;
    case DocumentKind::kAccessCopy: return std::nullopt;  // the person's own right of access
  }
  return std::nullopt;
}

// The legal basis, found once: the one consent check for every kind but the person's own copy.
struct Basis {
  std::string kind;  // DisclosureBases(): consent, mandate, necessity, right_of_access
  std::string consent_id, text, sentence;
  bool necessity = false;
};

Result<Basis> FindBasis(Vault& v, const di::Checked& c, const std::string& on_date) {
  const auto& r = c.request;
  auto scope = ScopeOf(r.kind);
  Basis b;
  if (!scope) {
    b.kind = "right_of_access";
    b.sentence = di::Word(c, "disclosure_document.basis.right_of_access");
    return b;
  }
  PASSERELLE_ASSIGN_OR_RETURN(DisclosureBasis found,
                              CheckDisclosureBasis(v, r.dossier_id, r.recipient, *scope, on_date, r.necessity_reason));
  // Note excerpts on a referral sheet each need the shared_notes consent for the same recipient.
  if (r.kind == DocumentKind::kReferral && !r.note_ids.empty())
    PASSERELLE_RETURN_IF_ERROR(CheckDisclosureBasis(v, r.dossier_id, r.recipient, DisclosureScope::kSharedNotes,
                                                    on_date, r.necessity_reason)
                                   .status());
  // The care handover on a referral sheet is health data (issue 15 part 6): it needs a care_handover
  // consent in force for this recipient itself. No override: an état de nécessité never carries it.
  if (r.kind == DocumentKind::kReferral && di::TicksCareHandover(r)) {
    auto care = CheckDisclosureBasis(v, r.dossier_id, r.recipient, DisclosureScope::kCareHandover, on_date);
    if (!care.ok()) return care.status();
  }
  switch (found.kind) {
    case BasisKind::kConsent:
      b.kind = "consent";
      b.consent_id = found.consent_id;
      b.sentence = di::Word(c, "disclosure_document.basis.consent") + " " + found.consent_id + " (" +
                   di::DateText(found.consent_given_on) + ")";
      break;
    case BasisKind::kMandate:
      b.kind = "mandate";
      b.text = found.mandate_text;
      // The document says it in its own language; the log keeps the core's full sentence.
      b.sentence = di::Word(c, "disclosure_document.basis.mandate");
      break;
    case BasisKind::kNecessity:
      b.kind = "necessity";
      b.necessity = true;
      b.text = found.necessity_reason;
      b.sentence = di::Word(c, "disclosure_document.basis.necessity") + ": " + found.necessity_reason;
      break;
  }
  return b;
}

struct Prepared {
  di::Checked checked;
  Basis basis;
  di::Composition composition;
  std::string issued_at, content_hash, verification_code, payload_json;
};

nlohmann::json DocumentJson(const DisclosureDocument& d) {
  nlohmann::json blocks = nlohmann::json::array();
  for (const auto& b : d.blocks)
    blocks.push_back({{"kind", static_cast<int>(b.kind)}, {"label", b.label}, {"text", b.text}, {"cells", b.cells}});
  nlohmann::json header = nlohmann::json::array();
  for (const auto& [k, val] : d.header) header.push_back({k, val});
  return {{"language", d.language}, {"title", d.title}, {"header", header}, {"blocks", blocks}};
}

// The sealed packet's payload: for an attestation, the attendance facts as data (the receiving
// vault stores them, inbox.h), from the same allow-list; for other kinds, the document itself.
std::string PayloadJson(const di::Checked& c, const di::Composition& comp, const std::string& issued_at) {
  nlohmann::json p;
  p["format"] = 1;
  p["kind"] = std::string(DocumentKindId(c.request.kind));
  p["issued_at"] = issued_at;
  if (c.request.kind == DocumentKind::kAttendance) {
    const Person& person = c.detail.summary.person;
    p["person"] = {{"name", person.name}, {"birth_date", person.birth_date}};
    p["period"] = {{"from", c.request.from_date}, {"to", c.request.to_date}};
    nlohmann::json visits = nlohmann::json::array();
    std::vector<const Visit*> list;
    for (const auto& vis : c.detail.visits)
      if ((c.request.from_date.empty() || vis.date >= c.request.from_date) &&
          (c.request.to_date.empty() || vis.date <= c.request.to_date))
        list.push_back(&vis);
    std::sort(list.begin(), list.end(), [](const Visit* a, const Visit* z) {
      return a->date != z->date ? a->date < z->date : a->id < z->id;
    });
    for (const Visit* vis : list) visits.push_back({{"date", vis->date}, {"kind", vis->kind}, {"outcome", vis->outcome}});
    p["visits"] = visits;
  } else {
    p["document"] = DocumentJson(comp.document);
  }
  return p.dump();
}

// Base32 (Crockford, no I L O U) groups read aloud: "7K3Q-9XPA-M2DE-4HRT".
std::string VerificationCode(const std::string& content_hash, const std::string& issued_at, const std::string& nonce) {
  unsigned char out[10];
  const std::string input = content_hash + "|" + issued_at + "|" + nonce;
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(input.data()), input.size(), nullptr, 0);
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::string code;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : out) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      code += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
      if (code.size() % 5 == 4) code += '-';
    }
  }
  if (!code.empty() && code.back() == '-') code.pop_back();
  return code;
}

Result<Prepared> Prepare(Vault& v, const DisclosureRequest& request, const std::string& nonce) {
  Prepared p;
  PASSERELLE_ASSIGN_OR_RETURN(p.checked, di::CheckRequest(v, request));
  p.issued_at = NowUtc(v);
  const std::string today = p.issued_at.substr(0, 10);
  PASSERELLE_ASSIGN_OR_RETURN(p.basis, FindBasis(v, p.checked, today));
  PASSERELLE_ASSIGN_OR_RETURN(p.composition,
                              di::Compose(v, p.checked, v.service(), p.basis.sentence, p.basis.necessity, today));
  p.payload_json = PayloadJson(p.checked, p.composition, p.issued_at);
  nlohmann::json hashed = {{"document", DocumentJson(p.composition.document)}, {"payload", p.payload_json}};
  p.content_hash = ContentHash(std::string_view(hashed.dump()));
  p.verification_code = VerificationCode(p.content_hash, p.issued_at, nonce);
  p.composition.document.footer =
      di::Word(p.checked, "disclosure_document.footer") + " " + p.verification_code;
  return p;
}

}  // namespace

std::string_view DocumentKindId(DocumentKind kind) { return kKindIds[static_cast<size_t>(kind)]; }

std::optional<DocumentKind> ParseDocumentKind(std::string_view id) {
  for (size_t i = 0; i < std::size(kKindIds); ++i)
    if (kKindIds[i] == id) return static_cast<DocumentKind>(i);
  return std::nullopt;
}

const std::vector<std::string_view>& ReferralOptionalFields() {
  static const std::vector<std::string_view> kFields = {
      "person.alias",       "person.establishment", "person.status",      "dossier.basis",
      "dossier.expected_release", "plan_item.barriers", "plan_item.levers", "plan_item.due_date",
      "referral.comment", "care_handover"};
  return kFields;
}

namespace disclosure_internal {

bool TicksCareHandover(const DisclosureRequest& r) {
  return std::find(r.ticked_fields.begin(), r.ticked_fields.end(), "care_handover") != r.ticked_fields.end();
}

// The care handover goes on a referral sheet only when the person agreed to share it with the
// service of its first appointment outside, and the referral is to that very service (seed 004:
// "la continuité du traitement"; 003 §7: nothing of substance without the person's agreement).
Status CheckCareSharing(const Vault& v, const Checked& c) {
  PASSERELLE_ASSIGN_OR_RETURN(auto care, GetCareHandover(v, c.request.dossier_id));
  std::string service;
  for (const auto& ref : c.detail.referrals)
    if (ref.id == c.request.referral_id) service = ref.service_id;
  if (!care.written || care.sharing_agreed != "yes" || care.service_id.empty() || care.service_id != service)
    return Status::Error(Code::kRefused,
                         "The care handover does not record the person's agreement to share it with the service of "
                         "this referral: record it on the care handover first, or leave the care handover off.");
  return Status::Ok();
}

Result<Checked> CheckRequest(const Vault& v, const DisclosureRequest& request) {
  Checked c;
  c.request = request;
  auto& r = c.request;
  if (IsBlank(r.dossier_id)) return InvalidInput("Name the dossier the document is about.");
  PASSERELLE_ASSIGN_OR_RETURN(c.detail, ShowDossier(v, r.dossier_id));
  PASSERELLE_ASSIGN_OR_RETURN(r.from_date, IsoDate("start date", r.from_date));
  PASSERELLE_ASSIGN_OR_RETURN(r.to_date, IsoDate("end date", r.to_date));
  if (!r.from_date.empty() && !r.to_date.empty() && r.to_date < r.from_date)
    return InvalidInput("The period ends before it starts.");
  if (r.necessity_reason && IsBlank(*r.necessity_reason))
    return InvalidInput("A disclosure under the état de nécessité needs its reason written out.");
  if (r.kind != DocumentKind::kAttendance && (!r.from_date.empty() || !r.to_date.empty()))
    return InvalidInput("Only an attendance attestation covers a period.");
  if (r.kind != DocumentKind::kReferral && (!r.referral_id.empty() || !r.ticked_fields.empty() || !r.note_ids.empty()))
    return InvalidInput("Only a referral sheet takes a referral, ticked fields or note excerpts.");
  if (r.kind == DocumentKind::kReferral) {
    if (r.referral_id.empty()) return InvalidInput("A referral sheet is made from a referral of the plan: name it.");
    bool found = false;
    for (const auto& ref : c.detail.referrals) found = found || ref.id == r.referral_id;
    if (!found) return NotFound("The dossier has no referral " + QuotedForMessage(r.referral_id) + ".");
    for (const auto& f : r.ticked_fields)
      if (std::find(ReferralOptionalFields().begin(), ReferralOptionalFields().end(), f) ==
          ReferralOptionalFields().end())
        return InvalidInput(QuotedForMessage(f) + " is not a field a referral sheet can carry.");
    if (TicksCareHandover(r)) PASSERELLE_RETURN_IF_ERROR(CheckCareSharing(v, c));
    for (const auto& nid : r.note_ids) {
      const Note* note = nullptr;
      for (const auto& n : c.detail.notes)
        if (n.id == nid) note = &n;
      if (note == nullptr) return NotFound("The dossier has no note " + QuotedForMessage(nid) + ".");
      if (note->scope == "private") return InvalidInput("A private note cannot leave the service.");
    }
  }
  if (r.kind == DocumentKind::kCoReport) {
    PASSERELLE_ASSIGN_OR_RETURN(auto reports, ListCoReports(v, r.dossier_id));
    if (r.report_id.empty()) {
      if (reports.empty()) return NotFound("This dossier has no co-constructed report yet: write it first.");
      if (reports.size() > 1) return InvalidInput("This dossier has several co-constructed reports: name the one to send.");
      r.report_id = reports.front().id;
    }
    const CoReport* report = nullptr;
    for (const auto& x : reports)
      if (x.id == r.report_id) report = &x;
    if (report == nullptr) return NotFound("The dossier has no co-constructed report " + QuotedForMessage(r.report_id) + ".");
    if (!report->AgreementCurrent())
      return Status::Error(Code::kRefused, "The person has not agreed to this report as it now stands: record their agreement first.");
  }
  if (r.kind == DocumentKind::kExitReport) {
    PASSERELLE_ASSIGN_OR_RETURN(auto report, GetExitReport(v, r.dossier_id));
    if (!report) return NotFound("This dossier has no exit report yet: write it first.");
  }
  const std::string& person_language = c.detail.summary.person.language;
  c.language = !r.language.empty() ? r.language
               : r.kind == DocumentKind::kAccessCopy && (person_language == "nl" || person_language == "en" ||
                                                         person_language == "fr")
                   ? person_language
               : r.kind == DocumentKind::kAccessCopy && person_language == "de" ? "en"
                                                                                 : "fr";
  if (c.language != "fr" && c.language != "nl" && c.language != "en")
    return InvalidInput("Documents are written in fr, nl or en, not " + QuotedForMessage(c.language) + ".");
  if (r.kind == DocumentKind::kAccessCopy) {
    c.recipient_display = c.detail.summary.person.name;
    if (r.recipient.empty()) r.recipient = c.detail.summary.person.name;
  } else {
    if (IsBlank(r.recipient)) return InvalidInput("Name the recipient of the document.");
    c.recipient_display = r.recipient;
  }
  return c;
}

}  // namespace disclosure_internal

Result<DisclosurePreview> PreviewDisclosure(Vault& v, const DisclosureRequest& request) {
  PASSERELLE_ASSIGN_OR_RETURN(Prepared p, Prepare(v, request, "preview"));
  DisclosurePreview out;
  out.document = std::move(p.composition.document);
  out.basis_sentence = p.basis.sentence;
  out.necessity = p.basis.necessity;
  out.record_ids = std::move(p.composition.record_ids);
  out.field_categories = std::move(p.composition.field_categories);
  return out;
}

Result<DisclosureResult> Disclose(Vault& v, const DisclosureRequest& request) {
  const std::string log_id = Vault::NewEntityId(Spec(EntityType::kDisclosureLog).prefix);
  PASSERELLE_ASSIGN_OR_RETURN(Prepared p, Prepare(v, request, log_id));
  const auto& r = p.checked.request;

  // The outputs first, in memory: a renderer or signing failure leaves no log entry.
  disclosure_outputs::Statement statement{std::string(DocumentKindId(r.kind)), r.recipient, p.issued_at,
                                          p.verification_code};
  PASSERELLE_ASSIGN_OR_RETURN(auto outputs,
                              disclosure_outputs::Produce(v, p.composition.document, statement, p.payload_json,
                                                          r.kind != DocumentKind::kAccessCopy));

  std::vector<Op> ops = {
      SetField(log_id, "dossier_id", r.dossier_id),
      SetField(log_id, "at", p.issued_at),
      SetField(log_id, "worker", v.worker().empty() ? "-" : v.worker()),
      SetField(log_id, "device", std::to_string(v.replica())),
      SetField(log_id, "recipient", r.recipient),
      SetField(log_id, "kind", std::string(DocumentKindId(r.kind))),
      SetField(log_id, "basis", p.basis.kind),
      SetField(log_id, "content_hash", outputs.pdf_hash),
      SetField(log_id, "verification_code", p.verification_code),
  };
  auto optional = [&](const char* field, const std::string& value) {
    if (!value.empty()) ops.push_back(SetField(log_id, field, value));
  };
  optional("recipient_org", outputs.recipient_org_id);
  optional("record_ids", JoinLines(p.composition.record_ids));
  optional("field_categories", JoinLines(p.composition.field_categories));
  optional("consent_id", p.basis.consent_id);
  optional("basis_text", p.basis.text);
  optional("referral_id", r.referral_id);
  optional("period_from", r.from_date);
  optional("period_to", r.to_date);
  // hubpackets (issue 16): a packet sealed to a recipient organisation waits in the vault's packet
  // outbox for the next hub sync; the log entry and the packet are written together or not at all.
  sql::Transaction tx(internal::Db(v));
  PASSERELLE_RETURN_IF_ERROR(tx.Begin());
  PASSERELLE_RETURN_IF_ERROR(v.Apply(std::move(ops)).status());
  if (!outputs.packet.empty())
    PASSERELLE_RETURN_IF_ERROR(QueuePacket(v, log_id, DocumentKindId(r.kind), outputs.recipient_org_id, outputs.packet));
  PASSERELLE_RETURN_IF_ERROR(tx.Commit());

  DisclosureResult out;
  out.log_entry_id = log_id;
  out.pdf = std::move(outputs.pdf);
  out.packet = std::move(outputs.packet);
  out.verification_code = p.verification_code;
  out.content_hash = outputs.pdf_hash;
  return out;
}

Result<std::vector<DisclosureLogEntry>> DisclosureLog(const Vault& v, std::optional<std::string> dossier_id) {
  if (dossier_id) {
    const EntitySpec* spec = SpecForId(*dossier_id);
    if (spec == nullptr || spec->type != EntityType::kDossier)
      return InvalidInput(QuotedForMessage(*dossier_id) + " is not a dossier id.");
  }
  sql::Stmt q(internal::Db(v),
              "SELECT l.id, coalesce(l.dossier_id, ''), coalesce(l.at, ''), coalesce(l.worker, ''), "
              "coalesce(l.device, ''), coalesce(l.recipient, ''), coalesce(l.kind, ''), coalesce(l.basis, ''), "
              "coalesce(l.content_hash, ''), coalesce(l.consent_id, ''), coalesce(l.basis_text, ''), "
              "coalesce(l.verification_code, ''), coalesce(l.referral_id, ''), coalesce(l.record_ids, ''), "
              "coalesce(l.field_categories, ''), coalesce(c.withdrawn_on, '') "
              "FROM disclosure_log l LEFT JOIN consent c ON c.id = l.consent_id "
              "WHERE (?1 IS NULL OR l.dossier_id = ?1) ORDER BY l.at DESC, l.id DESC");
  if (dossier_id) q.Bind(1, *dossier_id);
  std::vector<DisclosureLogEntry> out;
  while (q.Step()) {
    DisclosureLogEntry e;
    e.id = q.Text(0);
    e.dossier_id = q.Text(1);
    e.at = q.Text(2);
    e.worker = q.Text(3);
    e.device = q.Text(4);
    e.recipient = q.Text(5);
    e.kind = q.Text(6);
    e.basis = q.Text(7);
    e.content_hash = q.Text(8);
    e.consent_id = q.Text(9);
    e.basis_text = q.Text(10);
    e.verification_code = q.Text(11);
    e.referral_id = q.Text(12);
    e.record_ids = SplitLines(q.Text(13));
    e.field_categories = SplitLines(q.Text(14));
    e.basis_since_withdrawn = e.basis == "consent" && !q.Text(15).empty();
    out.push_back(std::move(e));
  }
  if (!q.status().ok()) return q.status();
  return out;
}

}  // namespace passerelle::core
