// Case file: header (person, establishment, status, responsible worker, key dates), then tabs:
// visits timeline, reintegration plan by life domain (goal, status, barriers, levers, referrals),
// consents, and field history (who changed what, merged by sync). "New plan item" and "New
// consent" open the record form; a consent in force can be withdrawn with two taps. The
// Disclosures tab (disclosure_log_screen.cpp) and each referral's "Referral sheet" lead to what
// may leave the service.
#include "dossier_screen.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "disclosure_intents.h"
#include "disclosure_log_screen.h"
#include "dossier_intents.h"
#include "imgui_internal.h"  // the tab bar's content width (ImGui 1.86)
#include "exit_plan_screen.h"
#include "form_intents.h"
#include "needs_screens.h"
#include "passerelle/core/model.h"
#include "passerelle/core/plan_suggestions.h"
#include "records_intents.h"
#include "shell_intents.h"
#include "visit_intents.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {

std::string Date(const ScreenEnv& env, const std::string& iso) {
  return iso.empty() ? std::string(env.t.T("common.none")) : env.t.DateLong(iso);
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// "Edit" and "Delete" for one record (the form in edit mode; a delete that "Undo" can take back).
void RecordActions(const ScreenEnv& env, FormKind edit, const std::string& id, UiIntents& out) {
  const I18n& t = env.t;
  ButtonRow row(env);
  if (row.Button("records.edit." + id, t.T("records.edit"))) out.Push(intent::OpenEditForm{edit, id});
  if (row.Button("records.delete." + id, t.T("records.delete"))) out.Push(intent::DeleteRecord{id});
}

// Width of RecordActions' two buttons on one line (a fixed column that holds them sizes for this).
float RecordActionsWidth(const ScreenEnv& env) {
  return ButtonWidth(env.t.T("records.edit")) + ImGui::GetStyle().ItemSpacing.x + ButtonWidth(env.t.T("records.delete"));
}

void Header(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const auto& s = model.summary();
  if (TouchButton(env, "dossier.back", t.T("dossier.back"))) out.Push(intent::Navigate{Screen::kCases});
  // The person's name beside Back (wrapping if long), "New visit" at the right edge, or each on
  // its own line when the screen is narrow.
  const float visit_w = std::max(ButtonWidth(t.T("dossier.new_visit")), Px(env, 200));
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(std::max(ImGui::GetCursorPosX() + Px(env, 120),
                                  ImGui::GetWindowContentRegionMax().x - visit_w - ImGui::GetStyle().ItemSpacing.x));
  Heading(env, s.person.name.c_str());
  Probe(env, "dossier.name");
  if (!s.person.alias.empty()) Muted(s.person.alias.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  RightAligned(visit_w);
  if (PrimaryButton(env, "dossier.new_visit", t.T("dossier.new_visit"), visit_w))
    out.Push(intent::OpenStartVisit{s.dossier.id});

  const int columns = Narrow(env, 900) ? (Narrow(env, 560) ? 1 : 2) : 3;
  if (ImGui::BeginTable("###dossier.header", columns, ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableNextColumn();
    Field(t.T("dossier.establishment"), s.person.establishment);
    Field(t.T("dossier.status"), t.Vocab("person_status", s.person.status));
    if (!s.person.language.empty()) Field(t.T("dossier.language"), t.Vocab("language", s.person.language));
    ImGui::TableNextColumn();
    Field(t.T("dossier.referent"), s.dossier.referent);
    Field(t.T("dossier.service"), s.dossier.service);
    Field(t.T("dossier.basis"), t.Vocab("basis", s.dossier.basis));
    if (!s.dossier.mandate_conditions.empty()) Field(t.T("dossier.conditions"), s.dossier.mandate_conditions);
    ImGui::TableNextColumn();
    Field(t.T("dossier.next_review"), Date(env, s.dossier.next_review));
    Field(t.T("dossier.expected_release"), Date(env, s.dossier.expected_release));
    Field(t.T("dossier.next_hearing"), Date(env, s.dossier.next_hearing));
    Field(t.T("dossier.opened_on"), Date(env, s.dossier.opened_on));
    ImGui::EndTable();
  }
  if (!model.reviews().empty()) {
    const core::Review& last = model.reviews().front();
    Muted(t.Format("records.last_review", {{"date", t.DateLong(last.held_on)}, {"names", Joined(last.participants)}}).c_str());
    Probe(env, "records.last_review");
  }
  // What a worker changes on a case file, in the app (issue 13): one row that wraps when narrow.
  ButtonRow row(env);
  if (row.Primary("records.review_done", t.T("records.review_done"))) out.Push(intent::OpenForm{FormKind::kReviewDone});
  if (row.Button("records.edit_person", t.T("records.edit_person")))
    out.Push(intent::OpenEditForm{FormKind::kEditPerson, s.person.id});
  if (row.Button("records.edit_dossier", t.T("records.edit_dossier")))
    out.Push(intent::OpenEditForm{FormKind::kEditDossier, s.dossier.id});
  if (row.Button("records.delete_dossier", t.T("records.delete_dossier"))) out.Push(intent::DeleteRecord{s.dossier.id});
}

void Timeline(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  if (model.timeline().empty()) {
    Muted(t.T("dossier.no_visits"));
    return;
  }
  // Each visit: what happened on the left, its note button on the right (under it when narrow).
  const bool narrow = Narrow(env, 600);
  float button_w = Px(env, 190);
  for (const char* key : {"dossier.write_note", "dossier.continue_note"}) button_w = std::max(button_w, ButtonWidth(t.T(key)));
  if (!ImGui::BeginTable("###dossier.timeline", narrow ? 1 : 2, ImGuiTableFlags_BordersInnerH)) return;
  ImGui::TableSetupColumn("###what", ImGuiTableColumnFlags_WidthStretch);
  if (!narrow) ImGui::TableSetupColumn("###note", ImGuiTableColumnFlags_WidthFixed, button_w);
  for (const auto& e : model.timeline()) {
    ImGui::PushID(e.visit.id.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    Heading(env, t.DateLong(e.visit.date).c_str());
    std::string where = std::string(t.Vocab("visit_kind", e.visit.kind)) + " \xC2\xB7 " + e.visit.place;
    SameLineIfFits(ImGui::CalcTextSize(where.c_str()).x);
    Muted(where.c_str());
    const char* outcome = e.visit.outcome.empty() ? t.T("dossier.outcome_missing")
                                                  : t.Vocab("attendance_outcome", e.visit.outcome);
    Badge(env, outcome,
          e.visit.outcome.empty()               ? WarningColour()
          : e.visit.outcome == "present"        ? OkColour()
          : e.visit.outcome == "risk_situation" ? UrgentColour()
                                                : NeutralColour());
    // The visit's practice codes (seed 002's number and name) and the note's life domains.
    for (const auto& code : e.visit.practice_codes) {
      std::string label = t.Format("records.practice_code", {{"number", std::string(core::PracticeCodeNumber(code))},
                                                             {"name", t.Vocab("practice_code", code)}});
      SameLineIfFits(BadgeWidth(env, label.c_str()));
      Badge(env, label.c_str(), NeutralColour());
    }
    for (const auto& domain : e.note_domains) {
      const char* label = t.Vocab("life_domain", domain);
      SameLineIfFits(BadgeWidth(env, label));
      Badge(env, label, IM_COL32(46, 94, 150, 255));  // the note's domains: blue
    }
    if (!e.visit.practice_codes.empty() || !e.note_domains.empty()) Probe(env, "records.tags." + e.visit.id);
    if (!e.visit.participants.empty())
      Muted(t.Format("records.participants_line", {{"names", Joined(e.visit.participants)}}).c_str());
    if (!e.note_excerpt.empty()) {
      WrappedText(env, "dossier.excerpt", e.note_excerpt);
      Muted(t.Format("dossier.note_scope", {{"scope", t.Vocab("note_scope", e.note_scope)}}).c_str());
    }
    // Edit / Delete of the visit under what happened (the note column is as wide as its one button).
    RecordActions(env, FormKind::kEditVisit, e.visit.id, out);
    if (!narrow) ImGui::TableNextColumn();
    if (TouchButton(env, "dossier.open_visit." + e.visit.id, t.T(e.note_id.empty() ? "dossier.write_note"
                                                                                    : "dossier.continue_note"),
                    narrow ? 0.0f : -1.0f))
      out.Push(intent::OpenVisit{e.visit.dossier_id, e.visit.id});
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void Plan(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  if (TouchButton(env, "dossier.new_plan_item", t.T("dossier.new_plan_item")))
    out.Push(intent::OpenForm{FormKind::kNewPlanItem});
  if (model.plan().empty()) Muted(t.T("dossier.no_plan"));
  std::string stage;  // issue 15: by stage of the hierarchy of needs, then by life domain
  for (const auto& group : model.plan()) {
    if (group.stage != stage) {
      // The first stage's heading beside "New goal" when it fits: the plan starts one line higher.
      if (stage.empty()) SameLineIfFits(StageHeadingWidth(model, group.stage, env));
      DrawStageHeading(model, stage = group.stage, env);
    }
    Heading(env, t.Vocab("life_domain", group.domain));
    Probe(env, "dossier.domain." + group.domain);
    ImGui::Indent(Px(env, 16));
    for (const auto& entry : group.entries) {
      const auto& item = entry.item;
      WrappedText(env, "dossier.goal", item.goal);
      Badge(env, t.Vocab("plan_status", item.status), item.status == "achieved" ? OkColour() : NeutralColour());
      if (!item.due_date.empty()) {
        std::string due = t.Format("dossier.due", {{"date", t.DateLong(item.due_date)}});
        SameLineIfFits(ImGui::CalcTextSize(due.c_str()).x);
        Muted(due.c_str());
      }
      // Seed 002's practice codes of the goal (issue 15 part 8), badged as on a visit.
      for (const auto& code : item.practice_codes) {
        std::string label = t.Format("records.practice_code", {{"number", std::string(core::PracticeCodeNumber(code))},
                                                               {"name", t.Vocab("practice_code", code)}});
        SameLineIfFits(BadgeWidth(env, label.c_str()));
        Badge(env, label.c_str(), NeutralColour());
      }
      if (!item.practice_codes.empty()) Probe(env, "plan.practice." + item.id);
      if (!item.barriers.empty()) Field(t.T("dossier.barriers"), item.barriers);
      if (!item.levers.empty()) Field(t.T("dossier.levers"), item.levers);
      ImGui::PushID(item.id.c_str());
      RecordActions(env, FormKind::kEditPlanItem, item.id, out);
      for (const auto& r : entry.referrals) {
        std::string name = r.service_name.empty() ? r.referral.service_id : r.service_name;
        ImGui::Bullet();
        WrappedText(env, "dossier.referral",
                    t.Format("dossier.referral", {{"service", name}, {"status", t.Vocab("referral_status", r.referral.status)}}));
        // A referral record is not a disclosure: the sheet is, under the person's consent.
        if (TouchButton(env, "dossier.referral_sheet." + r.referral.id, t.T("disclosure.action.referral")))
          out.Push(intent::OpenDisclosure{DisclosureKind::kReferral, r.referral.id});
        SameLineIfFits(ButtonWidth(t.T("records.edit")));
        ImGui::PushID(r.referral.id.c_str());
        RecordActions(env, FormKind::kEditReferral, r.referral.id, out);
        ImGui::PopID();
      }
      // Under the referrals: seed 001's barriers and levers picked for the goal.
      for (const auto& key : item.suggestions)
        if (const core::PlanSuggestion* s = core::FindPlanSuggestion(key)) {
          ImGui::Bullet();
          WrappedText(env, "needs.picked",
                      t.Format(s->kind == "barrier" ? "needs.barrier_pick" : "needs.lever_pick",
                               {{"text", s->Text(t.language())}, {"seed", s->seed}}));
        }
      ImGui::PopID();
      ImGui::Spacing();
    }
    ImGui::Unindent(Px(env, 16));
    ImGui::Separator();
  }
}

// A consent in force can be withdrawn (today): the first tap asks, the second confirms.
void WithdrawButtons(const ConsentEntry& c, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const std::string& id = c.consent.id;
  if (!c.active) return;
  if (env.ui.withdraw_consent_id != id) {
    if (TouchButton(env, "dossier.withdraw." + id, t.T("dossier.withdraw")))
      out.Push(intent::AskWithdrawConsent{id});
    return;
  }
  ButtonRow row(env);
  ImGui::PushStyleColor(ImGuiCol_Button, UrgentColour());
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
  if (row.Button("dossier.withdraw_confirm." + id, t.T("dossier.withdraw_confirm")))
    out.Push(intent::WithdrawConsent{id});
  ImGui::PopStyleColor(2);
  if (row.Button("dossier.withdraw_cancel." + id, t.T("shell.cancel")))
    out.Push(intent::AskWithdrawConsent{""});
}

void Consents(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  Muted(t.T("dossier.consent_rule"));
  ButtonRow row(env);
  if (row.Button("dossier.new_consent", t.T("dossier.new_consent"))) out.Push(intent::OpenForm{FormKind::kNewConsent});
  if (row.Button("dossier.consents_allow", t.T("disclosure.action.consents"))) out.Push(intent::OpenConsents{});
  if (model.consents().empty()) {
    Muted(t.T("dossier.no_consents"));
    return;
  }
  // Wide: one column per fact. Narrow: each consent as a card, its buttons under it.
  const bool wide = !Narrow(env, 900);
  // The actions column holds "Withdraw" then Edit / Delete on one line, or the confirm / cancel pair.
  const float actions_w = std::max(ButtonWidth(t.T("dossier.withdraw")) + ImGui::GetStyle().ItemSpacing.x +
                                       RecordActionsWidth(env),
                                   ButtonWidth(t.T("dossier.withdraw_confirm")) + ButtonWidth(t.T("shell.cancel")) +
                                       ImGui::GetStyle().ItemSpacing.x);
  if (!ImGui::BeginTable("###dossier.consents", wide ? 6 : 1, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH))
    return;
  if (wide) {
    ImGui::TableSetupColumn(t.T("dossier.partner"));
    ImGui::TableSetupColumn(t.T("dossier.consent_scope"));
    ImGui::TableSetupColumn(t.T("dossier.given_on"));
    ImGui::TableSetupColumn(t.T("dossier.until"));
    ImGui::TableSetupColumn(t.T("dossier.in_force"));
    ImGui::TableSetupColumn("###actions", ImGuiTableColumnFlags_WidthFixed, actions_w);
    ImGui::TableHeadersRow();
  }
  for (const auto& c : model.consents()) {
    ImGui::PushID(c.consent.id.c_str());
    ImGui::TableNextRow(0, TouchHeight(env));
    std::string until = !c.consent.withdrawn_on.empty()
                            ? t.Format("dossier.withdrawn_on", {{"date", t.DateShort(c.consent.withdrawn_on)}})
                        : c.consent.expires_on.empty() ? std::string(t.T("dossier.no_expiry"))
                                                       : t.DateShort(c.consent.expires_on);
    const char* in_force = t.T(c.active ? "dossier.active" : "dossier.inactive");
    if (wide) {
      ImGui::TableNextColumn();
      WrappedText(env, "dossier.partner", c.consent.partner);
      ImGui::TableNextColumn();
      WrappedText(env, "dossier.scope", t.Vocab("consent_scope", c.consent.scope));
      ImGui::TableNextColumn();
      WrappedText(env, "dossier.given_on", t.DateShort(c.consent.given_on));
      ImGui::TableNextColumn();
      WrappedText(env, "dossier.until", until);
      ImGui::TableNextColumn();
      Badge(env, in_force, c.active ? OkColour() : NeutralColour());
      ImGui::TableNextColumn();
    } else {
      ImGui::TableNextColumn();
      Heading(env, c.consent.partner.c_str());
      Badge(env, in_force, c.active ? OkColour() : NeutralColour());
      Field(t.T("dossier.consent_scope"), t.Vocab("consent_scope", c.consent.scope));
      Field(t.T("dossier.given_on"), t.DateShort(c.consent.given_on));
      Field(t.T("dossier.until"), until);
    }
    WithdrawButtons(c, env, out);
    if (env.ui.withdraw_consent_id != c.consent.id) {
      if (c.active) SameLineIfFits(ButtonWidth(t.T("records.edit")));
      RecordActions(env, FormKind::kEditConsent, c.consent.id, out);
    }
    ImGui::PopID();
  }
  ImGui::EndTable();
}

// The monthly reviews (seed 004): when, who took part, what was decided, the next one it set.
void Reviews(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  Muted(t.T("records.review_rule"));
  if (PrimaryButton(env, "records.review_done_tab", t.T("records.review_done"))) out.Push(intent::OpenForm{FormKind::kReviewDone});
  if (model.reviews().empty()) Muted(t.T("records.no_reviews"));
  for (const auto& r : model.reviews()) {
    ImGui::PushID(r.id.c_str());
    Heading(env, t.DateLong(r.held_on).c_str());
    if (!r.participants.empty()) Muted(t.Format("records.participants_line", {{"names", Joined(r.participants)}}).c_str());
    if (!r.next_review.empty()) Field(t.T("records.review_next_set"), t.DateLong(r.next_review));
    if (!r.comment.empty()) ImGui::TextWrapped("%s", r.comment.c_str());
    if (TouchButton(env, "records.delete." + r.id, t.T("records.delete"))) out.Push(intent::DeleteRecord{r.id});
    ImGui::Separator();
    ImGui::PopID();
  }
}

std::string HistoryValue(const HistoryEntry& h, const ScreenEnv& env) {
  const I18n& t = env.t;
  if (h.cleared || h.value.empty()) return t.T("dossier.history_cleared");
  if (h.field == "status") {
    if (h.record == "plan_item") return t.Vocab("plan_status", h.value);
    if (h.record == "referral") return t.Vocab("referral_status", h.value);
    return t.Vocab("person_status", h.value);
  }
  if (h.field == "basis") return t.Vocab("basis", h.value);
  if (h.field == "language") return t.Vocab("language", h.value);
  if (h.field == "kind") return t.Vocab("visit_kind", h.value);
  if (h.field == "outcome") return t.Vocab("attendance_outcome", h.value);
  if (h.field == "domain") return t.Vocab("life_domain", h.value);
  if (core::IsValidDate(h.value)) return t.DateLong(h.value);
  return h.value;
}

// "Situation", or for a record inside the case file "Goal status — Find housing".
std::string HistoryField(const HistoryEntry& h, const ScreenEnv& env) {
  const I18n& t = env.t;
  const bool original = (h.record == "person" && (h.field == "status" || h.field == "establishment")) ||
                        (h.record == "dossier" && h.field != "opened_on");
  std::string label = t.T(((original ? "field." : "records.history.") + h.record + "." + h.field).c_str());
  if (!h.subject_date.empty()) label += " \xC2\xB7 " + t.DateShort(h.subject_date);
  if (!h.subject.empty()) label += " \xC2\xB7 " + h.subject;
  return label;
}

void History(const DossierModel& model, const ScreenEnv& env) {
  const I18n& t = env.t;
  Muted(t.T("dossier.history_intro"));
  // The date column is as wide as a date, so a date is never cut; narrow: the other facts stacked.
  const bool wide = !Narrow(env, 900);
  const float date_w = ImGui::CalcTextSize(t.DateShort("2026-12-31").c_str()).x;
  if (!ImGui::BeginTable("###dossier.history", wide ? 4 : 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH))
    return;
  ImGui::TableSetupColumn(t.T("dossier.history_when"), ImGuiTableColumnFlags_WidthFixed,
                          std::max(date_w, ImGui::CalcTextSize(t.T("dossier.history_when")).x));
  if (wide) {
    ImGui::TableSetupColumn(t.T("dossier.history_field"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(t.T("dossier.history_value"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn(t.T("dossier.history_who"), ImGuiTableColumnFlags_WidthStretch, 1.2f);
  } else {
    ImGui::TableSetupColumn(t.T("dossier.history_value"), ImGuiTableColumnFlags_WidthStretch);
  }
  ImGui::TableHeadersRow();
  for (const auto& h : model.history()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t.DateShort(h.date).c_str());
    std::string value = HistoryValue(h, env);
    if (h.current) value += std::string("  \xE2\x9C\x93");  // ✓ the value in force
    char device[32];
    std::snprintf(device, sizeof device, "%04llx", static_cast<unsigned long long>(h.replica & 0xFFFF));
    std::string who = h.who.empty() ? t.Format("dossier.other_device", {{"device", device}}) : h.who;
    if (h.this_device) who = std::string(t.T("dossier.this_device")) + (h.who.empty() ? "" : " \xC2\xB7 " + h.who);
    const std::string field = HistoryField(h, env);
    ImGui::TableNextColumn();
    if (wide) {
      WrappedText(env, "dossier.history_field", field);
      ImGui::TableNextColumn();
      WrappedText(env, "dossier.history_value", value);
      ImGui::TableNextColumn();
      WrappedText(env, "dossier.history_who", who);
    } else {
      WrappedText(env, "dossier.history_field", field, /*muted=*/true);
      WrappedText(env, "dossier.history_value", value);
      WrappedText(env, "dossier.history_who", who, /*muted=*/true);
    }
  }
  ImGui::EndTable();
}

}  // namespace

void DrawDossier(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  DrawDossier(model, DisclosureModel{}, env, out);
}

void DrawDossier(const DossierModel& model, const DisclosureModel& disclosures, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  if (!model.loaded()) {
    Muted(t.T("dossier.none"));
    return;
  }
  // A short window (landscape at a large UI scale) scrolls the whole page, header included, so the
  // tab's content is never squeezed to nothing under the header.
  const bool one_scroll = ImGui::GetContentRegionAvail().y < Px(env, 640);
  if (one_scroll) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
    ImGui::BeginChild("###dossier.page");
    ImGui::PopStyleColor();
  }
  Header(model, env, out);
  // More tabs than fit a narrow window: the bar scrolls (arrows at its ends) rather than squeezing
  // every label to nothing (ui_layout_fit_test).
  // ImGui 1.86 (Debian's) still lets a tab scrolled out of view widen the window's content: the
  // farthest point reached is put back after each tab, as later ImGui versions do themselves.
  const float content_max_x = ImGui::GetCurrentWindow()->DC.CursorMaxPos.x;
  if (ImGui::BeginTabBar("###dossier.tabs", ImGuiTabBarFlags_FittingPolicyScroll)) {
    struct Tab {
      const char* key;
      const char* id;
    };
    // Issue 15: within 90 days of the release the exit checklist ("Release") comes first.
    const bool release_first = model.exit_plan().checklist_first();
    std::vector<Tab> tabs = {{"dossier.tab.timeline", "timeline"}, {"dossier.tab.plan", "plan"},
                             {"exit_plan.tab_release", "release"}, {"exit_plan.tab_team", "team"},
                             {"dossier.tab.consents", "consents"}, {"records.tab_reviews", "reviews"},
                             {"needs.tab.assessment", "assessment"}, {"needs.tab.family", "family"},
                             {"dossier.tab.history", "history"}, {"disclosure.tab", "disclosures"}};
    if (release_first) std::rotate(tabs.begin(), tabs.begin() + 2, tabs.begin() + 3);
    for (const auto& tab : tabs) {
      std::string label = std::string(t.T(tab.key)) + "###" + tab.id;
      ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(Px(env, 18), Px(env, 12)));
      // A tab asked for once (after a document left, the log shows it), then the worker's choice.
      bool asked = env.ui.dossier_tab == tab.id;
      bool open = ImGui::BeginTabItem(label.c_str(), nullptr, asked ? ImGuiTabItemFlags_SetSelected : 0);
      ImGui::PopStyleVar();
      ImGui::GetCurrentWindow()->DC.CursorMaxPos.x = content_max_x;
      if (asked) out.Push(intent::ShowDossierTab{""});
      Probe(env, std::string("dossier.tab.") + tab.id);
      if (!open) continue;
      if (!one_scroll) ImGui::BeginChild("###tab_body");
      std::string_view id = tab.id;
      if (id == "timeline") Timeline(model, env, out);
      else if (id == "plan") Plan(model, env, out);
      else if (id == "consents") Consents(model, env, out);
      else if (id == "disclosures") DrawDisclosuresTab(disclosures, env, out);
      else if (id == "reviews") Reviews(model, env, out);
      else if (id == "release") DrawReleaseTab(model, env, out);
      else if (id == "team") DrawTeamTab(model, env, out);
      else if (id == "assessment") DrawAssessmentTab(model, env, out);
      else if (id == "family") DrawFamilyTab(model, env, out);
      else History(model, env);
      if (!one_scroll) ImGui::EndChild();
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  if (one_scroll) ImGui::EndChild();
}

}  // namespace passerelle::ui
