// The allow-lists (issue 12 part 3; docs/disclosures.md "Documents"). Each document kind names,
// one by one, the fields it carries: a field not written here cannot leave the service, whatever
// the data holds. The attendance attestation in particular reads only the person's name and birth
// date and, per visit, its date, kind and attendance outcome: it never reads a note, a plan item
// or a referral, so none can appear in it.
#include <algorithm>
#include <set>

#include "disclosure_internal.h"
#include "passerelle/core/model.h"
#include "passerelle/core/exit_plan.h"
#include "passerelle/core/needs.h"
#include "passerelle/core/reports.h"
#include "passerelle/core/team.h"

namespace passerelle::core::disclosure_internal {
namespace {

using Kind = DocumentBlock::Kind;

struct Builder {
  const Checked& checked;
  Composition out;
  std::set<std::string> ids, categories;

  std::string W(std::string_view key) const { return Word(checked, key); }
  std::string Vocab(std::string_view vocabulary, std::string_view id) const {
    if (id.empty()) return W("disclosure_document.not_recorded");
    return W("vocab." + std::string(vocabulary) + "." + std::string(id));
  }
  void Block(Kind kind, std::string label, std::string text, std::vector<std::string> cells = {}) {
    out.document.blocks.push_back({kind, std::move(label), std::move(text), std::move(cells)});
  }
  // One allowed field: its value, the record it comes from and its category, recorded for the log.
  void Field(std::string_view label_key, const std::string& value, const std::string& record_id,
             std::string_view category) {
    if (value.empty()) return;
    Block(Kind::kField, W(label_key), value);
    ids.insert(record_id);
    categories.insert(std::string(category));
  }
  void Used(const std::string& record_id, std::string_view category) {
    ids.insert(record_id);
    categories.insert(std::string(category));
  }
  // Seed 002's practice codes with their numbers ("07 · Motivation en détention, 08 · ..."), in the table's order.
  std::string PracticeCodes(const std::vector<std::string>& codes) const {
    std::string list;
    for (auto code : core::PracticeCodes().values)
      if (std::find(codes.begin(), codes.end(), code) != codes.end())
        list += (list.empty() ? "" : ", ") + std::string(PracticeCodeNumber(code)) + " · " + Vocab("practice_code", code);
    return list;
  }
  Composition Finish() {
    out.record_ids.assign(ids.begin(), ids.end());
    out.field_categories.assign(categories.begin(), categories.end());
    return std::move(out);
  }
};

void Identity(Builder& b, const Person& p) {
  b.Field("disclosure_document.person_name", p.name, p.id, "person.name");
  b.Field("disclosure_document.birth_date", DateText(p.birth_date), p.id, "person.birth_date");
}

bool InPeriod(const std::string& date, const DisclosureRequest& r) {
  return (r.from_date.empty() || date >= r.from_date) && (r.to_date.empty() || date <= r.to_date);
}

// Attendance attestation (003 §7.C): person, period, and per visit date, kind, outcome. Nothing else.
void Attendance(Builder& b, const Checked& c) {
  const auto& r = c.request;
  Identity(b, c.detail.summary.person);
  const std::string period = (r.from_date.empty() ? std::string("…") : DateText(r.from_date)) + " – " +
                             (r.to_date.empty() ? std::string("…") : DateText(r.to_date));
  b.Block(Kind::kField, b.W("disclosure_document.period"), period);
  b.Block(Kind::kHeading, "", b.W("disclosure_document.attendance.visits"));
  b.Block(Kind::kTableHeader, "", "",
          {b.W("disclosure_document.date"), b.W("disclosure_document.visit_kind"), b.W("disclosure_document.outcome")});
  std::vector<const Visit*> visits;
  for (const auto& vis : c.detail.visits)
    if (InPeriod(vis.date, r)) visits.push_back(&vis);
  std::sort(visits.begin(), visits.end(), [](const Visit* a, const Visit* z) {
    return a->date != z->date ? a->date < z->date : a->id < z->id;
  });
  for (const Visit* vis : visits) {
    b.Block(Kind::kTableRow, "", "",
            {DateText(vis->date), b.Vocab("visit_kind", vis->kind), b.Vocab("attendance_outcome", vis->outcome)});
    b.Used(vis->id, "visit.date");
    b.Used(vis->id, "visit.kind");
    b.Used(vis->id, "visit.outcome");
  }
  if (visits.empty()) b.Block(Kind::kParagraph, "", b.W("disclosure_document.attendance.none"));
  b.Block(Kind::kParagraph, "", b.W("disclosure_document.attendance.scope_statement"));
}

// The care handover on a referral sheet (issue 15 part 6), reached only when ticked, after
// CheckCareSharing (the person agreed to share it with this service) and a care_handover consent
// for the recipient (disclosure.cpp FindBasis). Health data: under a reminder of its sensitivity.
// The fields one by one: whether the treatment continues, the treatment, who prescribes it outside,
// the first appointment outside. Never the directory id of that service (the referral names it).
Status ReferralCare(Builder& b, const Vault& v, const Checked& c) {
  PASSERELLE_ASSIGN_OR_RETURN(auto care, GetCareHandover(v, c.detail.summary.dossier.id));
  if (!care.written) return Status::Ok();
  b.Block(Kind::kHeading, "", b.W("disclosure_document.referral.care"));
  b.Block(Kind::kParagraph, "", b.W("disclosure_document.referral.care_notice"));
  if (!care.treatment_continues.empty())
    b.Field("exit_plan.field.treatment_continues", b.Vocab("care_answer", care.treatment_continues), care.id,
            "care_handover.treatment_continues");
  b.Field("exit_plan.field.treatment", care.treatment, care.id, "care_handover.treatment");
  b.Field("exit_plan.field.prescriber", care.prescriber, care.id, "care_handover.prescriber");
  b.Field("exit_plan.field.first_appointment", DateText(care.first_appointment), care.id,
          "care_handover.first_appointment");
  return Status::Ok();
}

// Referral sheet (003 §7.A): minimal identity, the need, the ticked fields, consented note excerpts.
Status Referral(Builder& b, const Vault& v, const Checked& c) {
  const auto& r = c.request;
  const Person& p = c.detail.summary.person;
  const Dossier& d = c.detail.summary.dossier;
  const core::Referral* ref = nullptr;
  for (const auto& x : c.detail.referrals)
    if (x.id == r.referral_id) ref = &x;
  const PlanItem* item = nullptr;
  for (const auto& x : c.detail.plan)
    if (ref && x.id == ref->plan_item_id) item = &x;
  auto ticked = [&](std::string_view f) {
    return std::find(r.ticked_fields.begin(), r.ticked_fields.end(), f) != r.ticked_fields.end();
  };
  Identity(b, p);
  b.Field("disclosure_document.language", p.language.empty() ? "" : b.Vocab("language", p.language), p.id,
          "person.language");
  if (ticked("person.alias")) b.Field("disclosure_document.alias", p.alias, p.id, "person.alias");
  if (ticked("person.establishment"))
    b.Field("disclosure_document.establishment", p.establishment, p.id, "person.establishment");
  if (ticked("person.status") && !p.status.empty())
    b.Field("disclosure_document.status", b.Vocab("person_status", p.status), p.id, "person.status");
  if (ticked("dossier.basis") && !d.basis.empty())
    b.Field("disclosure_document.follow_up_basis", b.Vocab("basis", d.basis), d.id, "dossier.basis");
  if (ticked("dossier.expected_release"))
    b.Field("disclosure_document.expected_release", DateText(d.expected_release), d.id, "dossier.expected_release");
  b.Block(Kind::kHeading, "", b.W("disclosure_document.referral.need"));
  if (item) {
    b.Field("disclosure_document.life_domain", b.Vocab("life_domain", item->domain), item->id, "plan_item.domain");
    b.Field("disclosure_document.goal", item->goal, item->id, "plan_item.goal");
    if (ticked("plan_item.barriers")) b.Field("disclosure_document.barriers", item->barriers, item->id, "plan_item.barriers");
    if (ticked("plan_item.levers")) b.Field("disclosure_document.levers", item->levers, item->id, "plan_item.levers");
    if (ticked("plan_item.due_date"))
      b.Field("disclosure_document.due_date", DateText(item->due_date), item->id, "plan_item.due_date");
  }
  if (ref && ticked("referral.comment")) b.Field("disclosure_document.comment", ref->comment, ref->id, "referral.comment");
  if (ref) b.Used(ref->id, "referral.id");
  if (ticked("care_handover")) PASSERELLE_RETURN_IF_ERROR(ReferralCare(b, v, c));
  if (!r.note_ids.empty()) {
    b.Block(Kind::kHeading, "", b.W("disclosure_document.referral.notes"));
    for (const auto& nid : r.note_ids)
      for (const auto& n : c.detail.notes)
        if (n.id == nid) {
          b.Block(Kind::kField, DateText(n.created_at.substr(0, 10)), n.body);
          b.Used(n.id, "note.body");
        }
  }
  return Status::Ok();
}

// Issue 15 part 4: "where the person can get help and how to re-contact the staff" (seed 004's
// exit report) is drawn from the dossier team: under that heading, after what the worker wrote,
// each current member (on the day of the document) with role, name, organisation, how to reach
// them and what they answer for ("who to ask for what"). Never those who left, never the care
// handover (health data: not on an exit report).
void ExitReportDoc(Builder& b, const Checked& c, const ExitReport& report, const std::vector<TeamMember>& team) {
  Identity(b, c.detail.summary.person);
  for (size_t i = 0; i < kExitReportSections.size(); ++i) {
    const std::string section(kExitReportSections[i]);
    const bool help = section == "help_and_contact";
    b.Block(Kind::kHeading, "", b.W("disclosure_document.exit_report." + section));
    if (!report.sections[i].empty()) {
      b.Block(Kind::kParagraph, "", report.sections[i]);
      b.Used(report.id, "exit_report." + section);
    }
    if (help && !team.empty()) {
      b.Block(Kind::kParagraph, "", b.W("exit_plan.document.who_to_ask"));
      for (const auto& m : team) {
        std::string line = m.name;
        if (!m.organisation.empty()) line += " (" + m.organisation + ")";
        if (!m.contact.empty()) line += " — " + m.contact;
        if (!m.responsible_for.empty()) line += " — " + m.responsible_for;
        b.Block(Kind::kField, b.Vocab("team_role", m.role), line);
        b.Used(m.id, "team_member.who_to_ask");
      }
    } else if (report.sections[i].empty()) {
      b.Block(Kind::kParagraph, "", b.W("disclosure_document.not_recorded"));
    }
  }
  b.Field("disclosure_document.author", report.author, report.id, "exit_report.author");
}

// The access copy's part of issue 15: the person's own exit checklist, team and care handover
// (their own health data: the right of access covers it).
Status ExitPlanAccess(Builder& b, const Vault& v, const Checked& c) {
  const std::string& dossier = c.detail.summary.dossier.id;
  PASSERELLE_ASSIGN_OR_RETURN(auto steps, ListExitSteps(v, dossier));
  b.Block(Kind::kHeading, "", b.W("exit_plan.document.checklist"));
  for (const auto& s : steps) {
    if (!s.written) continue;
    std::string line = b.Vocab("exit_step_status", s.status);
    if (!s.due_date.empty()) line += " — " + DateText(s.due_date);
    b.Block(Kind::kField, b.Vocab("exit_step", s.step), line);
    b.Used(s.id, "exit_step.all");
  }
  PASSERELLE_ASSIGN_OR_RETURN(auto team, ListTeam(v, dossier));
  b.Block(Kind::kHeading, "", b.W("exit_plan.document.team"));
  for (const auto& m : team) {
    std::string line = m.name + (m.organisation.empty() ? "" : " (" + m.organisation + ")");
    if (!m.contact.empty()) line += " — " + m.contact;
    if (!m.until.empty()) line += " — " + DateText(m.since) + " – " + DateText(m.until);
    b.Block(Kind::kField, b.Vocab("team_role", m.role), line);
    b.Used(m.id, "team_member.all");
  }
  PASSERELLE_ASSIGN_OR_RETURN(auto care, GetCareHandover(v, dossier));
  if (care.written) {
    b.Block(Kind::kHeading, "", b.W("exit_plan.document.care"));
    if (!care.treatment_continues.empty())
      b.Block(Kind::kField, b.W("exit_plan.field.treatment_continues"), b.Vocab("care_answer", care.treatment_continues));
    if (!care.treatment.empty()) b.Block(Kind::kField, b.W("exit_plan.field.treatment"), care.treatment);
    if (!care.prescriber.empty()) b.Block(Kind::kField, b.W("exit_plan.field.prescriber"), care.prescriber);
    if (!care.first_appointment.empty())
      b.Block(Kind::kField, b.W("exit_plan.field.first_appointment"), DateText(care.first_appointment));
    b.Used(care.id, "care_handover.all");
  }
  return Status::Ok();
}

void CoReportDoc(Builder& b, const Checked& c, const CoReport& report) {
  Identity(b, c.detail.summary.person);
  if (!report.title.empty()) {
    b.Block(Kind::kHeading, "", report.title);
    b.Used(report.id, "co_report.title");
  }
  for (const auto& p : report.passages) {
    const bool person = p.voice == "person";
    b.Block(person ? Kind::kPersonWords : Kind::kParagraph,
            b.W(person ? "disclosure_document.co_report.person_words" : "disclosure_document.co_report.worker_words"),
            p.text);
    b.Used(p.id, person ? "co_report.person_words" : "co_report.worker_words");
  }
  b.Field("disclosure_document.co_report.agreed_on", DateText(report.agreed_on), report.id, "co_report.agreement");
  b.Field("disclosure_document.co_report.agreement_how", b.Vocab("agreement_way", report.agreement_how), report.id,
          "co_report.agreement");
}

// The access copy's needs and risk assessments (issue 15 part 3): those this worker may see, by
// the note's visibility rule (ListAssessments: another worker's private assessment is theirs alone
// to show, as their private notes are), newest first, every field.
Status AssessmentsAccess(Builder& b, const Vault& v, const Checked& c) {
  PASSERELLE_ASSIGN_OR_RETURN(auto list, ListAssessments(v, c.detail.summary.dossier.id));
  if (list.empty()) return Status::Ok();
  b.Block(Kind::kHeading, "", b.W("disclosure_document.access.assessments"));
  for (const auto& a : list) {
    std::string line = DateText(a.assessed_on) + " — " + a.assessor;
    if (!a.instrument.empty()) line += " — " + a.instrument;
    b.Block(Kind::kParagraph, "", line);
    for (auto domain : LifeDomains().values)
      if (auto it = a.needs.find(std::string(domain)); it != a.needs.end())
        b.Block(Kind::kField, b.Vocab("life_domain", domain), b.Vocab("need_level", it->second));
    if (!a.protective_factors.empty())
      b.Block(Kind::kField, b.W("disclosure_document.assessment.protective_factors"), a.protective_factors);
    if (!a.risk_summary.empty()) b.Block(Kind::kField, b.W("disclosure_document.assessment.risk_summary"), a.risk_summary);
    if (!a.next_assessment.empty())
      b.Block(Kind::kField, b.W("disclosure_document.assessment.next_assessment"), DateText(a.next_assessment));
    b.Used(a.id, "assessment.all");
  }
  return Status::Ok();
}

// The access copy's relatives (issue 15 part 5): name, relation, whether the person agrees that
// they be contacted, and by whom.
Status RelativesAccess(Builder& b, const Vault& v, const Checked& c) {
  PASSERELLE_ASSIGN_OR_RETURN(auto list, ListRelatives(v, c.detail.summary.dossier.id));
  if (list.empty()) return Status::Ok();
  b.Block(Kind::kHeading, "", b.W("disclosure_document.access.relatives"));
  for (const auto& r : list) {
    std::string line = r.name + " — " + b.Vocab("contact_consent", r.contact_consent);
    if (!r.contact_by.empty()) line += " (" + r.contact_by + ")";
    b.Block(Kind::kField, b.Vocab("relation", r.relation), line);
    b.Used(r.id, "relative.all");
  }
  return Status::Ok();
}

// The person's own copy (GDPR art. 15): everything held about them, in their language; the
// private notes of other workers are not in `detail` (ShowDossier shows private notes to their
// author only).
Status AccessCopy(Builder& b, const Vault& v, const Checked& c) {
  const Person& p = c.detail.summary.person;
  const Dossier& d = c.detail.summary.dossier;
  b.Block(Kind::kHeading, "", b.W("disclosure_document.access.person"));
  Identity(b, p);
  b.Field("disclosure_document.alias", p.alias, p.id, "person.alias");
  b.Field("disclosure_document.language", p.language.empty() ? "" : b.Vocab("language", p.language), p.id, "person.language");
  b.Field("disclosure_document.establishment", p.establishment, p.id, "person.establishment");
  b.Field("disclosure_document.status", p.status.empty() ? "" : b.Vocab("person_status", p.status), p.id, "person.status");
  b.Block(Kind::kHeading, "", b.W("disclosure_document.access.dossier"));
  b.Field("disclosure_document.service", d.service, d.id, "dossier.service");
  b.Field("disclosure_document.referent", d.referent, d.id, "dossier.referent");
  b.Field("disclosure_document.follow_up_basis", d.basis.empty() ? "" : b.Vocab("basis", d.basis), d.id, "dossier.basis");
  b.Field("disclosure_document.mandate_conditions", d.mandate_conditions, d.id, "dossier.mandate_conditions");
  b.Field("disclosure_document.opened_on", DateText(d.opened_on), d.id, "dossier.opened_on");
  b.Field("disclosure_document.expected_release", DateText(d.expected_release), d.id, "dossier.expected_release");
  b.Field("disclosure_document.next_hearing", DateText(d.next_hearing), d.id, "dossier.next_hearing");
  b.Field("disclosure_document.next_review", DateText(d.next_review), d.id, "dossier.next_review");

  b.Block(Kind::kHeading, "", b.W("disclosure_document.access.visits"));
  for (const auto& vis : c.detail.visits) {
    std::string line = DateText(vis.date) + " — " + b.Vocab("visit_kind", vis.kind) + " — " +
                       b.Vocab("attendance_outcome", vis.outcome);
    if (!vis.place.empty()) line += " — " + vis.place;
    b.Block(Kind::kParagraph, "", line);
    if (!vis.practice_codes.empty())
      b.Block(Kind::kField, b.W("disclosure_document.practice_codes"), b.PracticeCodes(vis.practice_codes));
    b.Used(vis.id, "visit.all");
  }
  b.Block(Kind::kHeading, "", b.W("disclosure_document.access.notes"));
  for (const auto& n : c.detail.notes) {
    b.Block(Kind::kField, DateText(n.created_at.substr(0, 10)) + " — " + n.author, n.body);
    b.Used(n.id, "note.body");
  }
  b.Block(Kind::kHeading, "", b.W("disclosure_document.access.plan"));
  for (const auto& item : c.detail.plan) {
    b.Block(Kind::kField, b.Vocab("life_domain", item.domain), item.goal + " (" + b.Vocab("plan_status", item.status) + ")");
    if (!item.barriers.empty()) b.Block(Kind::kField, b.W("disclosure_document.barriers"), item.barriers);
    if (!item.levers.empty()) b.Block(Kind::kField, b.W("disclosure_document.levers"), item.levers);
    if (!item.practice_codes.empty())
      b.Block(Kind::kField, b.W("disclosure_document.practice_codes"), b.PracticeCodes(item.practice_codes));
    b.Used(item.id, "plan_item.all");
    for (const auto& ref : c.detail.referrals)
      if (ref.plan_item_id == item.id) {
        b.Block(Kind::kField, b.W("disclosure_document.referral_to"),
                ref.service_id + " (" + b.Vocab("referral_status", ref.status) + ")" +
                    (ref.comment.empty() ? "" : ": " + ref.comment));
        b.Used(ref.id, "referral.all");
      }
  }
  PASSERELLE_RETURN_IF_ERROR(AssessmentsAccess(b, v, c));
  PASSERELLE_RETURN_IF_ERROR(RelativesAccess(b, v, c));
  b.Block(Kind::kHeading, "", b.W("disclosure_document.access.consents"));
  for (const auto& con : c.detail.consents) {
    std::string line = con.partner + " — " + b.Vocab("consent_scope", con.scope) + " — " + DateText(con.given_on);
    if (!con.withdrawn_on.empty()) line += " (" + b.W("disclosure_document.withdrawn_on") + " " + DateText(con.withdrawn_on) + ")";
    b.Block(Kind::kParagraph, "", line);
    b.Used(con.id, "consent.all");
  }
  PASSERELLE_ASSIGN_OR_RETURN(auto exit, GetExitReport(v, d.id));
  if (exit) {
    b.Block(Kind::kHeading, "", b.W("disclosure_document.exit_report.title"));
    for (size_t i = 0; i < kExitReportSections.size(); ++i)
      if (!exit->sections[i].empty()) {
        b.Block(Kind::kField, b.W("disclosure_document.exit_report." + std::string(kExitReportSections[i])),
                exit->sections[i]);
        b.Used(exit->id, "exit_report.all");
      }
  }
  PASSERELLE_ASSIGN_OR_RETURN(auto co_reports, ListCoReports(v, d.id));
  for (const auto& report : co_reports) {
    b.Block(Kind::kHeading, "", report.title.empty() ? b.W("disclosure_document.co_report.title") : report.title);
    for (const auto& p2 : report.passages)
      b.Block(p2.voice == "person" ? Kind::kPersonWords : Kind::kParagraph, "", p2.text);
    b.Used(report.id, "co_report.all");
  }
  // Who received what about them: the person has a right to know the recipients (GDPR art. 15.1.c).
  PASSERELLE_ASSIGN_OR_RETURN(auto log, DisclosureLog(v, d.id));
  b.Block(Kind::kHeading, "", b.W("disclosure_document.access.disclosures"));
  for (const auto& e : log) {
    b.Block(Kind::kParagraph, "",
            DateText(e.at.substr(0, 10)) + " — " + e.recipient + " — " + b.W("disclosure_document.kind." + e.kind));
    b.Used(e.id, "disclosure_log.all");
  }
  return Status::Ok();
}

}  // namespace

std::string Word(const Checked& c, std::string_view key) {
  if (c.request.words) return c.request.words(c.language, key);
  return std::string(key);
}

std::string DateText(std::string_view iso) {
  if (iso.size() != 10) return std::string(iso);
  std::string out;
  out += iso.substr(8, 2);
  out += '/';
  out += iso.substr(5, 2);
  out += '/';
  out += iso.substr(0, 4);
  return out;
}

Result<Composition> Compose(const Vault& v, const Checked& c, const std::string& service,
                            const std::string& basis_line, bool necessity, const std::string& issued_on) {
  Builder b{c, {}, {}, {}};
  const std::string kind(DocumentKindId(c.request.kind));
  auto& doc = b.out.document;
  doc.language = c.language;
  doc.title = b.W("disclosure_document.kind." + kind);
  doc.header = {{b.W("disclosure_document.header.service"), service},
                {b.W("disclosure_document.header.recipient"), c.recipient_display},
                {b.W("disclosure_document.header.basis"), basis_line},
                {b.W("disclosure_document.header.date"), DateText(issued_on)}};
  b.Block(Kind::kTitle, "", doc.title);
  if (necessity) b.Block(Kind::kNotice, "", b.W("disclosure_document.necessity_notice") + " " + basis_line);
  b.Used(c.detail.summary.dossier.id, "dossier.id");
  switch (c.request.kind) {
    case DocumentKind::kAttendance:
      Attendance(b, c);
      break;
    case DocumentKind::kReferral:
      PASSERELLE_RETURN_IF_ERROR(Referral(b, v, c));
      break;
    case DocumentKind::kExitReport: {
      PASSERELLE_ASSIGN_OR_RETURN(auto report, GetExitReport(v, c.detail.summary.dossier.id));
      if (!report) return NotFound("This dossier has no exit report yet: write it first.");
      PASSERELLE_ASSIGN_OR_RETURN(auto team, WhoToAsk(v, c.detail.summary.dossier.id, issued_on));
      ExitReportDoc(b, c, *report, team);
      break;
    }
    case DocumentKind::kCoReport: {
      PASSERELLE_ASSIGN_OR_RETURN(auto report, GetCoReport(v, c.request.report_id));
      CoReportDoc(b, c, report);
      break;
    }
    case DocumentKind::kAccessCopy:
      PASSERELLE_RETURN_IF_ERROR(AccessCopy(b, v, c));
      PASSERELLE_RETURN_IF_ERROR(ExitPlanAccess(b, v, c));
      break;
  }
  return b.Finish();
}

}  // namespace passerelle::core::disclosure_internal
