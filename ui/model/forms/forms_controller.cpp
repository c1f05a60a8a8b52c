#include "forms_controller.h"

#include <algorithm>

#include "passerelle/core/directory.h"
#include "passerelle/core/needs.h"
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

core::FieldValues ValuesOf(const core::Assessment& a) {
  core::FieldValues v{{"assessed_on", a.assessed_on},         {"assessor", a.assessor},
                      {"instrument", a.instrument},           {"protective_factors", a.protective_factors},
                      {"risk_summary", a.risk_summary},       {"next_assessment", a.next_assessment},
                      {"scope", a.scope}};
  for (const auto& [domain, level] : a.needs) v["need." + domain] = level;  // the form's level per domain
  return v;
}
core::FieldValues ValuesOf(const core::Relative& r) {
  std::string linked;
  for (const auto& id : r.plan_item_ids) linked += (linked.empty() ? "" : "\n") + id;
  return {{"name", r.name}, {"relation", r.relation}, {"contact_consent", r.contact_consent},
          {"contact_by", r.contact_by}, {"plan_item_ids", linked}};
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
    case FormKind::kEditAssessment:
      for (const auto& a : d.needs().assessments())
        if (a.id == i.record_id) found = true, values = ValuesOf(a);
      break;
    case FormKind::kEditRelative:
      for (const auto& r : d.needs().relatives())
        if (r.relative.id == i.record_id) found = true, values = ValuesOf(r.relative);
      break;
    default: break;
  }
  if (found) {
    form_.OpenEdit(i.kind, i.record_id, d.dossier_id(), values, participants, app_.Today(), suggestions);
    if (i.kind == FormKind::kEditRelative) OfferFamilyItems();
    // A directory service already chosen is shown by its name.
    if (auto it = values.find("service_id"); it != values.end() && !it->second.empty())
      form_.SetServiceLabel("service_id", d.exit_plan().ServiceName(it->second));
    app_.ui().form = i.kind;
  }
  WipeValues(values);
  WipeStrings(participants);
}

void FormsController::Edited(FormKind kind, const std::string& record_id) {
  UndoAction undo;
  const char* key = "records.undo.edited";
  // A checklist step or the care handover written for the first time by this edit exists now
  // (its id is derived from the dossier): Undo writes its previous values back like any other's
  // (a step's status "not started", the handover's empty fields).
  if (kind == FormKind::kReviewDone) {
    // Undo: the review goes, and the dossier's next review is what it was before.
    undo.remove.push_back(record_id);
    undo.fields.push_back({dossier_.model().dossier_id(), {{"next_review", dossier_.model().summary().dossier.next_review}}});
    key = "records.undo.review_recorded";
  } else {
    if (!form_.previous().empty()) undo.fields.push_back({record_id, form_.previous()});
    if (form_.participants_changed()) undo.participants = std::make_pair(record_id, form_.previous_participants());
    if (form_.picks_changed()) undo.picks = UndoAction::Picks{record_id, form_.PicksField(), form_.previous_picks()};
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
  if (i.kind == FormKind::kNewRelative) OfferFamilyItems();
  follow_relative_.clear();
  app_.ui().form = i.kind;
}

void FormsController::OfferFamilyItems() {  // the family plan items a relative can be linked to
  std::vector<std::string> ids, goals;
  for (const auto& [id, goal] : dossier_.model().needs().family_items()) {
    ids.push_back(id);
    goals.push_back(goal);
  }
  form_.SetOptions("plan_item_ids", std::move(ids), std::move(goals));
}

void FormsController::On(const intent::SearchFormService& i) {
  if (!app_.unlocked() || !form_.open()) return;
  const FormField* f = form_.Find(i.field);
  if (f == nullptr || f->kind != FormFieldKind::kService) return;
  std::vector<std::string> ids, labels;
  if (!i.query.empty()) {  // the directory screen's search: names first, synonyms, both languages
    core::directory::Filters filters;
    filters.limit = 8;
    auto found = core::directory::Search(app_.vault(), i.query, filters);
    if (found.ok())
      for (const auto& hit : found->hits) {
        ids.push_back(hit.id);
        std::string name = app_.ui().language == "nl" && !hit.name_nl.empty() ? hit.name_nl : hit.name;
        labels.push_back(hit.commune.empty() ? name : name + " \xC2\xB7 " + hit.commune);
      }
  }
  form_.SetServiceSearch(i.field, i.query, std::move(ids), std::move(labels));
}

void FormsController::On(const intent::FollowRelative& i) {
  if (!app_.unlocked()) return;
  const DossierModel& d = dossier_.model();
  if (!d.loaded()) return;
  for (const auto& r : d.needs().relatives()) {
    // Only a relative of the open case file not yet followed: a stray intent opens nothing.
    if (r.relative.id != i.relative_id || !r.relative.person_id.empty()) continue;
    form_.Open(FormKind::kNewDossier, std::string(), app_.Today());
    form_.Set("file_for", "relative");
    form_.Set("name", r.relative.name);
    follow_relative_ = r.relative.id;
    app_.ui().form = FormKind::kNewDossier;
  }
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
    const std::string relative = std::move(follow_relative_);
    follow_relative_.clear();
    app_.Report(cases_.Load(), "error.load_failed");  // the list shows the new person
    if (!relative.empty()) {
      // The relative's record (in the case file the form came from) names their own file's person.
      auto dossiers = core::ListDossiers(app_.vault());
      std::string person;
      if (dossiers.ok())
        for (const auto& s : *dossiers)
          if (s.dossier.id == *created) person = s.dossier.person_id;
      Status st = core::UpdateRelative(app_.vault(), relative, {{"person_id", person}});
      if (!st.ok()) {
        dossier_.Open(*created);
        return app_.Report(st, "needs.follow_link_failed");
      }
    }
    dossier_.Open(*created);
    app_.Inform(relative.empty() ? "form.created.dossier" : "needs.created.followed");
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
  follow_relative_.clear();
  form_.Close();
  app_.ui().form = FormKind::kNone;
}

}  // namespace passerelle::ui
