// The Release and Team tabs of the case file (exit_plan_screen.h). The checklist is a table of the
// closed list of steps: each step's status and who does it change in place (one tap on a list),
// its details (offset, commune, housing route, directory service, comment) in a form; the due date
// is counted back from the expected release. The care handover below it is health data: a
// reminder says so above it. The Team tab lists the current members by role, then those who left.
#include "exit_plan_screen.h"

#include <string>

#include "exit_intents.h"
#include "form_intents.h"
#include "passerelle/core/model.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {

std::string DateOr(const ScreenEnv& env, const std::string& iso) {
  return iso.empty() ? std::string(env.t.T("common.none")) : env.t.DateShort(iso);
}

// One closed-list choice drawn as a combo that fills its cell; picking pushes SetExitStep.
void StepCombo(const ScreenEnv& env, const core::ExitStep& s, const char* field, const std::string& current,
               const std::string& preview, const std::vector<std::pair<std::string, std::string>>& items,
               UiIntents& out) {
  ImGui::SetNextItemWidth(-FLT_MIN);
  const std::string id = std::string("###exit.") + field + "." + s.step;
  if (ImGui::BeginCombo(id.c_str(), preview.c_str())) {
    for (const auto& [value, label] : items) {
      if (ImGui::Selectable((label + "###" + value).c_str(), value == current) && value != current)
        out.Push(intent::SetExitStep{s.dossier_id, s.step, field, value});
    }
    ImGui::EndCombo();
  }
  Probe(env, id.substr(3));
}

void Checklist(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const ExitPlanModel& m = model.exit_plan();
  const auto& release = model.summary().dossier.expected_release;
  Heading(env, t.T("exit_plan.checklist"));
  Probe(env, "exit_plan.checklist");
  if (release.empty()) {
    WrappedText(env, "exit_plan.no_release", t.T("exit_plan.no_release"), true);
  } else {
    std::string line = t.Format("exit_plan.release_on", {{"date", t.DateLong(release)}});
    if (m.days_to_release() && *m.days_to_release() >= 0) line += " \xC2\xB7 " + t.Plural("cases.release_in", *m.days_to_release());
    line += " \xC2\xB7 " + t.Plural("exit_plan.steps_open", m.open_steps());
    WrappedText(env, "exit_plan.summary", line);
  }
  std::vector<std::pair<std::string, std::string>> statuses;
  for (auto v : core::ExitStepStatuses().values) statuses.push_back({std::string(v), t.Vocab("exit_step_status", v)});
  std::vector<std::pair<std::string, std::string>> members = {{"", t.T("exit_plan.nobody")}};
  for (const auto& mem : m.team())
    if (mem.Current(m.today())) members.push_back({mem.id, mem.name + " (" + t.Vocab("team_role", mem.role) + ")"});

  const bool wide = !Narrow(env, 760.0f);
  const float details_w = ButtonWidth(t.T("exit_plan.details"));
  if (!ImGui::BeginTable("###exit.checklist", wide ? 5 : 1, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
  if (wide) {
    ImGui::TableSetupColumn(t.T("exit_plan.col.step"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn(t.T("exit_plan.col.status"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(t.T("exit_plan.col.who"), ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn(t.T("exit_plan.col.due"), ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn("###details", ImGuiTableColumnFlags_WidthFixed, details_w);
    ImGui::TableHeadersRow();
  }
  for (const auto& s : m.steps()) {
    ImGui::PushID(s.step.c_str());
    ImGui::TableNextRow(0, TouchHeight(env));
    ImGui::TableNextColumn();
    WrappedText(env, "exit_plan.step", t.Vocab("exit_step", s.step));
    std::string detail;
    if (!s.commune.empty()) detail = t.Format("exit_plan.commune_is", {{"commune", s.commune}});
    if (!s.housing_route.empty()) detail = t.Vocab("housing_route", s.housing_route);
    if (!s.service_id.empty()) detail += (detail.empty() ? "" : " \xC2\xB7 ") + m.ServiceName(s.service_id);
    if (!s.comment.empty()) detail += (detail.empty() ? "" : " \xC2\xB7 ") + s.comment;
    if (!detail.empty()) WrappedText(env, "exit_plan.detail", detail, true);
    if (wide) ImGui::TableNextColumn();
    StepCombo(env, s, "status", s.status, t.Vocab("exit_step_status", s.status), statuses, out);
    if (wide) ImGui::TableNextColumn();
    const std::string who = s.member_id.empty() ? std::string(t.T("exit_plan.nobody")) : m.MemberName(s.member_id);
    StepCombo(env, s, "member_id", s.member_id, who.empty() ? s.member_id : who, members, out);
    if (wide) ImGui::TableNextColumn();
    const bool late = s.Open() && !s.due_date.empty() && s.due_date < m.today();
    const std::string due = s.due_date.empty() ? std::string(t.T("common.none"))
                                               : t.Format("exit_plan.due_on", {{"date", t.DateShort(s.due_date)}});
    if (late) Badge(env, due.c_str(), UrgentColour());
    else WrappedText(env, "exit_plan.due", due, !s.Open());
    if (wide) ImGui::TableNextColumn();
    if (TouchButton(env, "exit_plan.details." + s.step, t.T("exit_plan.details")))
      out.Push(intent::OpenEditForm{FormKind::kEditExitStep, s.id});
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void CareHandoverSection(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const ExitPlanModel& m = model.exit_plan();
  const core::CareHandover& c = m.care();
  ImGui::Spacing();
  Heading(env, t.T("exit_plan.care"));
  // Health data: private to the service, shared only with the person's agreement (seed 003 §7).
  ImGui::PushStyleColor(ImGuiCol_Text, WarningColour());
  WrappedText(env, "exit_plan.care_sensitive", t.T("exit_plan.care_sensitive"));
  Probe(env, "exit_plan.care_sensitive");
  ImGui::PopStyleColor();
  auto answer = [&](const char* vocab, const std::string& v) {
    return v.empty() ? std::string(t.T("common.none")) : std::string(t.Vocab(vocab, v));
  };
  Field(t.T("exit_plan.field.treatment_continues"), answer("care_answer", c.treatment_continues));
  if (!c.treatment.empty()) Field(t.T("exit_plan.field.treatment"), c.treatment);
  Field(t.T("exit_plan.field.prescriber"), c.prescriber.empty() ? std::string(t.T("common.none")) : c.prescriber);
  std::string appointment = DateOr(env, c.first_appointment);
  if (!c.service_id.empty()) appointment += " \xC2\xB7 " + m.ServiceName(c.service_id);
  Field(t.T("exit_plan.field.first_appointment"), appointment);
  Field(t.T("exit_plan.field.sharing_agreed"), answer("care_sharing", c.sharing_agreed));
  if (TouchButton(env, "exit_plan.edit_care", t.T("exit_plan.edit_care")))
    out.Push(intent::OpenEditForm{FormKind::kEditCareHandover, c.id});
}

void MemberRows(const std::vector<const core::TeamMember*>& members, bool past, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const bool wide = !Narrow(env, 760.0f);
  const float edit_w = ButtonWidth(t.T("records.edit"));
  const std::string table = past ? "###team.past" : "###team.current";
  if (!ImGui::BeginTable(table.c_str(), wide ? 5 : 1, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
  if (wide) {
    ImGui::TableSetupColumn(t.T("exit_plan.col.role"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(t.T("exit_plan.col.who"), ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn(t.T("exit_plan.col.contact"), ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableSetupColumn(t.T("exit_plan.col.responsible_for"), ImGuiTableColumnFlags_WidthStretch, 1.5f);
    ImGui::TableSetupColumn("###edit", ImGuiTableColumnFlags_WidthFixed, edit_w);
    ImGui::TableHeadersRow();
  }
  for (const core::TeamMember* mem : members) {
    ImGui::PushID(mem->id.c_str());
    ImGui::TableNextRow(0, TouchHeight(env));
    ImGui::TableNextColumn();
    WrappedText(env, "team.role", t.Vocab("team_role", mem->role));
    const std::string since = past ? t.Format("exit_plan.from_to", {{"from", DateOr(env, mem->since)}, {"to", DateOr(env, mem->until)}})
                                   : t.Format("exit_plan.since", {{"date", DateOr(env, mem->since)}});
    WrappedText(env, "team.since", since, true);
    if (wide) ImGui::TableNextColumn();
    WrappedText(env, "team.name", mem->name);
    if (!mem->organisation.empty()) WrappedText(env, "team.organisation", mem->organisation, true);
    if (wide) ImGui::TableNextColumn();
    WrappedText(env, "team.contact", mem->contact.empty() ? std::string(t.T("common.none")) : mem->contact, mem->contact.empty());
    if (wide) ImGui::TableNextColumn();
    if (!mem->responsible_for.empty()) WrappedText(env, "team.responsible_for", mem->responsible_for);
    if (wide) ImGui::TableNextColumn();
    if (TouchButton(env, "team.edit." + mem->id, t.T("records.edit")))
      out.Push(intent::OpenEditForm{FormKind::kEditTeamMember, mem->id});
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

void DrawReleaseTab(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  Checklist(model, env, out);
  CareHandoverSection(model, env, out);
}

void DrawTeamTab(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const ExitPlanModel& m = model.exit_plan();
  Heading(env, t.T("exit_plan.team"));
  WrappedText(env, "exit_plan.team_intro", t.T("exit_plan.team_intro"), true);
  const std::string& referent = model.summary().dossier.referent;
  Field(t.T("exit_plan.referent_now"), referent.empty() ? std::string(t.T("common.none")) : referent);
  {
    ButtonRow row(env);
    if (row.Primary("exit_plan.add_member", t.T("exit_plan.add_member"))) out.Push(intent::OpenForm{FormKind::kNewTeamMember});
    if (row.Button("exit_plan.hand_over", t.T("exit_plan.hand_over"))) out.Push(intent::OpenForm{FormKind::kHandover});
  }
  std::vector<const core::TeamMember*> current, past;
  for (const auto& mem : m.team()) (mem.Current(m.today()) ? current : past).push_back(&mem);
  if (current.empty()) WrappedText(env, "exit_plan.no_members", t.T("exit_plan.no_members"), true);
  else MemberRows(current, false, env, out);
  if (!past.empty()) {
    ImGui::Spacing();
    Heading(env, t.T("exit_plan.past_members"));
    Probe(env, "exit_plan.past_members");
    MemberRows(past, true, env, out);
  }
}

}  // namespace passerelle::ui
