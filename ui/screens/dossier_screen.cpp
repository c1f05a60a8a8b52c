// Case file: header (person, establishment, status, responsible worker, key dates), then tabs:
// visits timeline, reintegration plan by life domain (goal, status, barriers, levers, referrals),
// consents, and field history (who changed what, merged by sync). "New plan item" and "New
// consent" open the record form; a consent in force can be withdrawn with two taps. The
// Disclosures tab (disclosure_log_screen.cpp) and each referral's "Referral sheet" lead to what
// may leave the service.
#include "dossier_screen.h"

#include <string>

#include "disclosure_intents.h"
#include "disclosure_log_screen.h"
#include "dossier_intents.h"
#include "form_intents.h"
#include "passerelle/core/model.h"
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
  if (TouchButton(env, "records.edit." + id, t.T("records.edit"))) out.Push(intent::OpenEditForm{edit, id});
  ImGui::SameLine();
  if (TouchButton(env, "records.delete." + id, t.T("records.delete"))) out.Push(intent::DeleteRecord{id});
}

void Header(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const auto& s = model.summary();
  if (TouchButton(env, "dossier.back", t.T("dossier.back"))) out.Push(intent::Navigate{Screen::kCases});
  ImGui::SameLine();
  Heading(env, s.person.name.c_str());
  Probe(env, "dossier.name");
  if (!s.person.alias.empty()) {
    ImGui::SameLine();
    Muted(s.person.alias.c_str());
  }
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - Px(env, 260));
  if (PrimaryButton(env, "dossier.new_visit", t.T("dossier.new_visit"), Px(env, 250)))
    out.Push(intent::OpenStartVisit{s.dossier.id});

  if (ImGui::BeginTable("###dossier.header", 3, ImGuiTableFlags_SizingStretchSame)) {
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
  // What a worker changes on a case file, in the app (issue 13).
  if (PrimaryButton(env, "records.review_done", t.T("records.review_done"))) out.Push(intent::OpenForm{FormKind::kReviewDone});
  ImGui::SameLine();
  if (TouchButton(env, "records.edit_person", t.T("records.edit_person")))
    out.Push(intent::OpenEditForm{FormKind::kEditPerson, s.person.id});
  ImGui::SameLine();
  if (TouchButton(env, "records.edit_dossier", t.T("records.edit_dossier")))
    out.Push(intent::OpenEditForm{FormKind::kEditDossier, s.dossier.id});
  ImGui::SameLine();
  if (TouchButton(env, "records.delete_dossier", t.T("records.delete_dossier"))) out.Push(intent::DeleteRecord{s.dossier.id});
}

void Timeline(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  if (model.timeline().empty()) Muted(t.T("dossier.no_visits"));
  for (const auto& e : model.timeline()) {
    ImGui::PushID(e.visit.id.c_str());
    ImGui::BeginGroup();
    Heading(env, t.DateLong(e.visit.date).c_str());
    ImGui::SameLine();
    Muted((std::string(t.Vocab("visit_kind", e.visit.kind)) + " · " + e.visit.place).c_str());
    if (e.visit.outcome.empty()) {
      Badge(env, t.T("dossier.outcome_missing"), WarningColour());
    } else {
      Badge(env, t.Vocab("attendance_outcome", e.visit.outcome),
            e.visit.outcome == "present" ? OkColour() : e.visit.outcome == "risk_situation" ? UrgentColour()
                                                                                              : NeutralColour());
    }
    // The visit's practice codes (seed 002's number and name) and the note's life domains.
    for (const auto& code : e.visit.practice_codes) {
      ImGui::SameLine();
      std::string label = t.Format("records.practice_code", {{"number", std::string(core::PracticeCodeNumber(code))},
                                                             {"name", t.Vocab("practice_code", code)}});
      Badge(env, label.c_str(), NeutralColour());
    }
    for (const auto& domain : e.note_domains) {
      ImGui::SameLine();
      Badge(env, t.Vocab("life_domain", domain), IM_COL32(46, 94, 150, 255));  // the note's domains: blue
    }
    if (!e.visit.practice_codes.empty() || !e.note_domains.empty()) Probe(env, "records.tags." + e.visit.id);
    if (!e.visit.participants.empty())
      Muted(t.Format("records.participants_line", {{"names", Joined(e.visit.participants)}}).c_str());
    if (!e.note_excerpt.empty()) {
      ImGui::TextWrapped("%s", e.note_excerpt.c_str());
      Muted(t.Format("dossier.note_scope", {{"scope", t.Vocab("note_scope", e.note_scope)}}).c_str());
    }
    ImGui::EndGroup();
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - Px(env, 200));
    if (TouchButton(env, "dossier.open_visit." + e.visit.id, t.T(e.note_id.empty() ? "dossier.write_note"
                                                                                    : "dossier.continue_note"),
                    Px(env, 190)))
      out.Push(intent::OpenVisit{e.visit.dossier_id, e.visit.id});
    RecordActions(env, FormKind::kEditVisit, e.visit.id, out);
    ImGui::Separator();
    ImGui::PopID();
  }
}

void Plan(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  if (TouchButton(env, "dossier.new_plan_item", t.T("dossier.new_plan_item")))
    out.Push(intent::OpenForm{FormKind::kNewPlanItem});
  if (model.plan().empty()) Muted(t.T("dossier.no_plan"));
  for (const auto& group : model.plan()) {
    Heading(env, t.Vocab("life_domain", group.domain));
    Probe(env, "dossier.domain." + group.domain);
    ImGui::Indent(Px(env, 16));
    for (const auto& entry : group.entries) {
      const auto& item = entry.item;
      ImGui::TextWrapped("%s", item.goal.c_str());
      Badge(env, t.Vocab("plan_status", item.status), item.status == "achieved" ? OkColour() : NeutralColour());
      if (!item.due_date.empty()) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        Muted(t.Format("dossier.due", {{"date", t.DateLong(item.due_date)}}).c_str());
      }
      if (!item.barriers.empty()) Field(t.T("dossier.barriers"), item.barriers);
      if (!item.levers.empty()) Field(t.T("dossier.levers"), item.levers);
      ImGui::PushID(item.id.c_str());
      RecordActions(env, FormKind::kEditPlanItem, item.id, out);
      for (const auto& r : entry.referrals) {
        std::string name = r.service_name.empty() ? r.referral.service_id : r.service_name;
        ImGui::AlignTextToFramePadding();
        ImGui::BulletText("%s", t.Format("dossier.referral", {{"service", name},
                                                              {"status", t.Vocab("referral_status", r.referral.status)}})
                                     .c_str());
        // A referral record is not a disclosure: the sheet is, under the person's consent.
        ImGui::SameLine();
        if (TouchButton(env, "dossier.referral_sheet." + r.referral.id, t.T("disclosure.action.referral")))
          out.Push(intent::OpenDisclosure{DisclosureKind::kReferral, r.referral.id});
        ImGui::SameLine();
        ImGui::PushID(r.referral.id.c_str());
        RecordActions(env, FormKind::kEditReferral, r.referral.id, out);
        ImGui::PopID();
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
  ImGui::PushStyleColor(ImGuiCol_Button, UrgentColour());
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
  if (TouchButton(env, "dossier.withdraw_confirm." + id, t.T("dossier.withdraw_confirm")))
    out.Push(intent::WithdrawConsent{id});
  ImGui::PopStyleColor(2);
  ImGui::SameLine();
  if (TouchButton(env, "dossier.withdraw_cancel." + id, t.T("shell.cancel")))
    out.Push(intent::AskWithdrawConsent{""});
}

void Consents(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  Muted(t.T("dossier.consent_rule"));
  if (TouchButton(env, "dossier.new_consent", t.T("dossier.new_consent")))
    out.Push(intent::OpenForm{FormKind::kNewConsent});
  ImGui::SameLine();
  if (TouchButton(env, "dossier.consents_allow", t.T("disclosure.action.consents"))) out.Push(intent::OpenConsents{});
  if (model.consents().empty()) {
    Muted(t.T("dossier.no_consents"));
    return;
  }
  if (!ImGui::BeginTable("###dossier.consents", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
  ImGui::TableSetupColumn(t.T("dossier.partner"));
  ImGui::TableSetupColumn(t.T("dossier.consent_scope"));
  ImGui::TableSetupColumn(t.T("dossier.given_on"));
  ImGui::TableSetupColumn(t.T("dossier.until"));
  ImGui::TableSetupColumn(t.T("dossier.in_force"));
  ImGui::TableSetupColumn("###actions", ImGuiTableColumnFlags_WidthFixed, Px(env, 520));
  ImGui::TableHeadersRow();
  for (const auto& c : model.consents()) {
    ImGui::TableNextRow(0, TouchHeight(env));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(c.consent.partner.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t.Vocab("consent_scope", c.consent.scope));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t.DateShort(c.consent.given_on).c_str());
    ImGui::TableNextColumn();
    if (!c.consent.withdrawn_on.empty())
      ImGui::TextUnformatted(t.Format("dossier.withdrawn_on", {{"date", t.DateShort(c.consent.withdrawn_on)}}).c_str());
    else
      ImGui::TextUnformatted(c.consent.expires_on.empty() ? t.T("dossier.no_expiry") : t.DateShort(c.consent.expires_on).c_str());
    ImGui::TableNextColumn();
    Badge(env, t.T(c.active ? "dossier.active" : "dossier.inactive"), c.active ? OkColour() : NeutralColour());
    ImGui::TableNextColumn();
    ImGui::PushID(c.consent.id.c_str());
    WithdrawButtons(c, env, out);
    if (env.ui.withdraw_consent_id != c.consent.id) {
      if (c.active) ImGui::SameLine();
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
  if (!ImGui::BeginTable("###dossier.history", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
  ImGui::TableSetupColumn(t.T("dossier.history_when"));
  ImGui::TableSetupColumn(t.T("dossier.history_field"));
  ImGui::TableSetupColumn(t.T("dossier.history_value"));
  ImGui::TableSetupColumn(t.T("dossier.history_who"));
  ImGui::TableHeadersRow();
  for (const auto& h : model.history()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t.DateShort(h.date).c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", HistoryField(h, env).c_str());
    ImGui::TableNextColumn();
    std::string value = HistoryValue(h, env);
    if (h.current) value += std::string("  \xE2\x9C\x93");  // ✓ the value in force
    ImGui::TextWrapped("%s", value.c_str());
    ImGui::TableNextColumn();
    char device[32];
    std::snprintf(device, sizeof device, "%04llx", static_cast<unsigned long long>(h.replica & 0xFFFF));
    std::string who = h.who.empty() ? t.Format("dossier.other_device", {{"device", device}}) : h.who;
    if (h.this_device) who = std::string(t.T("dossier.this_device")) + (h.who.empty() ? "" : " \xC2\xB7 " + h.who);
    ImGui::TextUnformatted(who.c_str());
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
  Header(model, env, out);
  if (!ImGui::BeginTabBar("###dossier.tabs")) return;
  struct Tab {
    const char* key;
    const char* id;
  };
  const Tab tabs[] = {{"dossier.tab.timeline", "timeline"}, {"dossier.tab.plan", "plan"},
  const Tab tabs[] = {{"dossier.tab.timeline", "timeline"}, {"dossier.tab.plan", "plan"},
                      {"dossier.tab.consents", "consents"}, {"records.tab_reviews", "reviews"},
                      {"dossier.tab.history", "history"}, {"disclosure.tab", "disclosures"}};
  for (const auto& tab : tabs) {
    std::string label = std::string(t.T(tab.key)) + "###" + tab.id;
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(Px(env, 18), Px(env, 12)));
    // A tab asked for once (after a document left, the log shows it), then the worker's choice.
    bool asked = env.ui.dossier_tab == tab.id;
    bool open = ImGui::BeginTabItem(label.c_str(), nullptr, asked ? ImGuiTabItemFlags_SetSelected : 0);
    ImGui::PopStyleVar();
    if (asked) out.Push(intent::ShowDossierTab{""});
    Probe(env, std::string("dossier.tab.") + tab.id);
    if (!open) continue;
    ImGui::BeginChild("###tab_body");
    std::string_view id = tab.id;
    if (id == "timeline") Timeline(model, env, out);
    else if (id == "plan") Plan(model, env, out);
    else if (id == "consents") Consents(model, env, out);
    else if (id == "disclosures") DrawDisclosuresTab(disclosures, env, out);
    else if (id == "reviews") Reviews(model, env, out);
    else History(model, env);
    ImGui::EndChild();
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

}  // namespace passerelle::ui
