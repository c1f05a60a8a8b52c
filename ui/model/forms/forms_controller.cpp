#include "forms_controller.h"

#include <algorithm>

#include "passerelle/core/reviews.h"
#include "secret_text.h"

namespace passerelle::ui {

void FormsController::Apply(const FormIntent& intent) {
  std::visit([this](const auto& i) { On(i); }, intent);
}

namespace {

// A record's register values as the edit form reads them (dates as YYYY-MM-DD).
core::FieldValues ValuesOf(const core::Person& p) {
  return {{"name", p.name}, {"alias", p.alias}, {"birth_date", p.birth_date}, {"language", p.language},
          {"establishment", p.establishment}, {"status", p.status}};
}
core::FieldValues ValuesOf(const core::Dossier& d) {
  return {{"referent", d.referent}, {"basis", d.basis}, {"mandate_conditions", d.mandate_conditions},
          {"opened_on", d.opened_on}, {"next_review", d.next_review}, {"expected_release", d.expected_release},
          {"next_hearing", d.next_hearing}};
}
core::FieldValues ValuesOf(const core::Visit& v) {
  return {{"date", v.date}, {"kind", v.kind}, {"place", v.place}, {"outcome", v.outcome}};
}
core::FieldValues ValuesOf(const core::PlanItem& p) {
  std::string picked;
  for (const auto& k : p.suggestions) picked += (picked.empty() ? "" : "\n") + k;
  std::string codes;
  for (const auto& c : p.practice_codes) codes += (codes.empty() ? "" : "\n") + c;
  return {{"domain", p.domain},     {"goal", p.goal},     {"status", p.status},       {"due_date", p.due_date},
          {"barriers", p.barriers}, {"levers", p.levers}, {"stage", p.stage},         {"suggestions", picked},
          {"practice_codes", codes}};
}
core::FieldValues ValuesOf(const core::Referral& r) { return {{"status", r.status}, {"comment", r.comment}}; }
core::FieldValues ValuesOf(const core::TeamMember& m) {
  return {{"role", m.role}, {"name", m.name}, {"organisation", m.organisation}, {"contact", m.contact},
          {"responsible_for", m.responsible_for}, {"service_id", m.service_id}, {"since", m.since}, {"until", m.until}};
}
core::FieldValues ValuesOf(const core::ExitStep& s) {
  return {{"step", s.step}, {"status", s.status}, {"days_before", s.custom_offset ? std::to_string(s.days_before) : ""},
          {"commune", s.commune}, {"housing_route", s.housing_route}, {"service_id", s.service_id},
          {"comment", s.comment}};
}
core::FieldValues ValuesOf(const core::CareHandover& c) {
  return {{"treatment_continues", c.treatment_continues}, {"treatment", c.treatment}, {"prescriber", c.prescriber},
          {"first_appointment", c.first_appointment}, {"service_id", c.service_id},
          {"sharing_agreed", c.sharing_agreed}};
}
core::FieldValues ValuesOf(const core::Consent& c) {
  return {{"given_on", c.given_on}, {"expires_on", c.expires_on}, {"withdrawn_on", c.withdrawn_on}};
}

void WipeValues(core::FieldValues& values) {
  for (auto& [name, value] : values) WipeString(value);
}

}  // namespace

void FormsController::On(const intent::OpenEditForm& i) {
  if (!app_.unlocked()) return;
  const DossierModel& d = dossier_.model();
  // Only a record of the open case file: a stray intent opens nothing.
  if (!d.loaded() || !d.Holds(i.record_id)) return;
  visit_.FlushNote();
  core::FieldValues values;
  std::vector<std::string> participants, suggestions;
  bool found = false;
  const auto& s = d.summary();
  switch (i.kind) {
    case FormKind::kEditPerson:
      found = i.record_id == s.person.id;
      values = ValuesOf(s.person);
      break;
    case FormKind::kEditDossier:
      found = i.record_id == s.dossier.id;
      values = ValuesOf(s.dossier);
      // Handing over: names of workers already responsible for a case file here, one tap each.
      suggestions.push_back(app_.vault().worker());
      for (const CaseRow* row : cases_.model().visible())
        if (!row->referent.empty() &&
            std::find(suggestions.begin(), suggestions.end(), row->referent) == suggestions.end())
          suggestions.push_back(row->referent);
      break;
    case FormKind::kEditVisit:
      for (const auto& e : d.timeline())
        if (e.visit.id == i.record_id) {
          found = true;
          values = ValuesOf(e.visit);
          participants = e.visit.participants;
        }
      break;
    case FormKind::kEditPlanItem:
      for (const auto& p : d.plan_items())
        if (p.id == i.record_id) found = true, values = ValuesOf(p);
      break;
    case FormKind::kEditReferral:
      for (const auto& g : d.plan())
        for (const auto& e : g.entries)
          for (const auto& r : e.referrals)
            if (r.referral.id == i.record_id) found = true, values = ValuesOf(r.referral);
      break;
    case FormKind::kEditConsent:
      for (const auto& c : d.consents())
        if (c.consent.id == i.record_id) found = true, values = ValuesOf(c.consent);
      break;
    case FormKind::kEditTeamMember:
      for (const auto& m : d.exit_plan().team())
        if (m.id == i.record_id) found = true, values = ValuesOf(m);
      break;
    case FormKind::kEditExitStep:
      for (const auto& step : d.exit_plan().steps())
        if (step.id == i.record_id) found = true, values = ValuesOf(step);
      break;
    case FormKind::kEditCareHandover:
      found = i.record_id == d.exit_plan().care().id;
      values = ValuesOf(d.exit_plan().care());
      break;
    default: break;
  }
  if (found) {
    form_.OpenEdit(i.kind, i.record_id, d.dossier_id(), values, participants, app_.Today(), suggestions);
    app_.ui().form = i.kind;
  }
  WipeValues(values);
  WipeStrings(participants);
}

void FormsController::Edited(FormKind kind, const std::string& record_id) {
  UndoAction undo;
  const char* key = "records.undo.edited";
  if (kind == FormKind::kEditExitStep || kind == FormKind::kEditCareHandover || kind == FormKind::kEditTeamMember) {
    // Issue 15's records: their history is the field history; no "Undo" bar (a step or the care
    // handover may have been written by this very edit, which Undo could not take back whole).
    app_.Report(cases_.Load(), "error.load_failed");
    dossier_.Reload();
    app_.Inform("records.undo.edited");
    return;
  }
  if (kind == FormKind::kReviewDone) {
    // Undo: the review goes, and the dossier's next review is what it was before.
    undo.remove.push_back(record_id);
    undo.fields.push_back({dossier_.model().dossier_id(), {{"next_review", dossier_.model().summary().dossier.next_review}}});
    key = "records.undo.review_recorded";
  } else {
    if (!form_.previous().empty()) undo.fields.push_back({record_id, form_.previous()});
    if (form_.participants_changed()) undo.participants = std::make_pair(record_id, form_.previous_participants());
  }
  visit_.Refresh(record_id);
  app_.Report(cases_.Load(), "error.load_failed");  // names, dates and urgency on the list
  dossier_.Reload();
  records_.Offer(std::move(undo), key);
}

void FormsController::On(const intent::OpenForm& i) {
  if (!app_.unlocked() || i.kind == FormKind::kNone) return;
  const bool new_form = i.kind < FormKind::kEditPerson || i.kind == FormKind::kReviewDone ||
                        i.kind == FormKind::kNewTeamMember || i.kind == FormKind::kHandover ||
                        i.kind == FormKind::kNewAssessment || i.kind == FormKind::kNewRelative;
  if (!new_form) return;  // OpenEditForm
  const DossierModel& dossier = dossier_.model();
  std::vector<std::string> partners;
  if (i.kind != FormKind::kNewDossier) {
    if (!dossier.loaded()) return;  // a plan item or a consent belongs to the open dossier
    // The names already used, so a partner is spelt the same way in every consent (the note
    // scope matches consents by the partner's name).
    for (const auto& c : dossier.consents())
      if (std::find(partners.begin(), partners.end(), c.consent.partner) == partners.end())
        partners.push_back(c.consent.partner);
  }
  if (i.kind == FormKind::kReviewDone) {  // who usually takes part: the worker, the person
    partners = {app_.vault().worker()};
    if (!dossier.summary().person.name.empty()) partners.push_back(dossier.summary().person.name);
  }
  form_.Open(i.kind, i.kind == FormKind::kNewDossier ? std::string() : dossier.dossier_id(), app_.Today(), partners);
  if (i.kind == FormKind::kReviewDone) form_.Set("participants", app_.vault().worker());
  if (i.kind == FormKind::kNewRelative) {  // the family plan items a relative can be linked to
    std::vector<std::string> ids, goals;
    for (const auto& [id, goal] : dossier.needs().family_items()) {
      ids.push_back(id);
      goals.push_back(goal);
    }
    form_.SetOptions("plan_item_ids", std::move(ids), std::move(goals));
  }
  app_.ui().form = i.kind;
}

void FormsController::On(const intent::SetFormField& i) {
  if (app_.unlocked() && form_.open()) form_.Set(i.field, i.value.str());
}

void FormsController::On(const intent::SubmitForm&) {
  if (!app_.unlocked() || !form_.open()) return;
  FormKind kind = form_.kind();
  auto created = form_.Submit(app_.vault());
  if (!created.ok()) return;  // the form stays open and says what to fix, or that saving failed
  if (form_.editing() || kind == FormKind::kReviewDone) {
    const bool unchanged = form_.nothing_changed();
    if (!unchanged) Edited(kind, *created);  // reads the form's previous values: before Close
    form_.Close();
    app_.ui().form = FormKind::kNone;
    if (unchanged) app_.Inform("records.nothing_changed");
    return;
  }
  form_.Close();
  app_.ui().form = FormKind::kNone;
  if (kind == FormKind::kNewDossier) {
    app_.Report(cases_.Load(), "error.load_failed");  // the list shows the new person
    dossier_.Open(*created);
    app_.Inform("form.created.dossier");
  } else {
    app_.Report(cases_.Load(), "error.load_failed");  // a handover changes the référent on the list
    dossier_.Reload();
    app_.Inform(kind == FormKind::kNewPlanItem     ? "form.created.plan_item"
                : kind == FormKind::kNewTeamMember ? "exit_plan.member_added"
                : kind == FormKind::kHandover      ? "exit_plan.handed_over"
                : kind == FormKind::kNewAssessment ? "needs.created.assessment"
                : kind == FormKind::kNewRelative   ? "needs.created.relative"
                                                   : "form.created.consent");
  }
}

void FormsController::On(const intent::CloseForm&) {
  form_.Close();
  app_.ui().form = FormKind::kNone;
}

}  // namespace passerelle::ui
