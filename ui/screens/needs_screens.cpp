// The "Assessment" and "Family" tabs of a case file and the plan's stage headings (issue 15).
// An assessment is sensitive: the tab says so, and says who may see each one (its scope); only the
// latest is shown in full, an earlier one beside it per life domain so the worker can compare (the
// one before unless the worker picked another). Each assessment and relative has Edit and Delete;
// a relative not yet followed can get a file of their own.
#include "needs_screens.h"

#include "dossier_intents.h"
#include "form_intents.h"
#include "passerelle/core/model.h"
#include "records_intents.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {

std::string Date(const ScreenEnv& env, const std::string& iso) {
  return iso.empty() ? std::string(env.t.T("common.none")) : env.t.DateLong(iso);
}

ImU32 LevelColour(const std::string& level) {
  if (level == "high") return UrgentColour();
  if (level == "none" || level == "low") return OkColour();
  return NeutralColour();
}

// Edit and Delete of an assessment or a relative (`edit`: its form).
void RecordButtons(const ScreenEnv& env, FormKind edit, const std::string& id, UiIntents& out) {
  ButtonRow row(env);
  if (row.Button("records.edit." + id, env.t.T("records.edit"))) out.Push(intent::OpenEditForm{edit, id});
  if (row.Button("records.delete." + id, env.t.T("records.delete"))) out.Push(intent::DeleteRecord{id});
}

// The latest beside an earlier assessment: one row per life domain either rated.
void Comparison(const NeedsModel& needs, const core::Assessment* earlier_one, const ScreenEnv& env) {
  const I18n& t = env.t;
  const auto rows = needs.Compare(earlier_one);
  if (rows.empty()) return;
  const bool two = earlier_one != nullptr;
  if (!ImGui::BeginTable("###needs.compare", two ? 3 : 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
  ImGui::TableSetupColumn(t.T("needs.domain"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
  std::string latest = t.Format("needs.on", {{"date", Date(env, needs.assessments()[0].assessed_on)}});
  ImGui::TableSetupColumn(latest.c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
  std::string earlier = two ? t.Format("needs.on", {{"date", Date(env, earlier_one->assessed_on)}}) : "";
  if (two) ImGui::TableSetupColumn(earlier.c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableHeadersRow();
  for (const auto& row : rows) {
    ImGui::TableNextRow(0, TouchHeight(env) * 0.75f);
    ImGui::TableNextColumn();
    WrappedText(env, "needs.compare.domain", t.Vocab("life_domain", row.domain));
    ImGui::TableNextColumn();
    if (!row.latest.empty()) Badge(env, t.Vocab("need_level", row.latest), LevelColour(row.latest));
    if (two) {
      ImGui::TableNextColumn();
      if (!row.earlier.empty()) Badge(env, t.Vocab("need_level", row.earlier), LevelColour(row.earlier));
    }
  }
  ImGui::EndTable();
  Probe(env, "needs.compare");
}

std::string StageHeadingText(const DossierModel& model, const std::string& stage, const ScreenEnv& env) {
  const I18n& t = env.t;
  size_t open = 0, all = 0;
  for (const auto& g : model.needs().stages())
    if (g.stage == stage) open = g.open, all = g.items.size();
  return t.Format("needs.stage_heading", {{"stage", t.Vocab("needs_stage", stage)},
                                          {"open", t.Plural("needs.open_count", static_cast<int64_t>(open))},
                                          {"all", std::to_string(all)}});
}

}  // namespace

float StageHeadingWidth(const DossierModel& model, const std::string& stage, const ScreenEnv& env) {
  if (env.title_font) ImGui::PushFont(env.title_font);
  const float w = ImGui::CalcTextSize(StageHeadingText(model, stage, env).c_str()).x;
  if (env.title_font) ImGui::PopFont();
  return w;
}

void DrawStageHeading(const DossierModel& model, const std::string& stage, const ScreenEnv& env) {
  const std::string text = StageHeadingText(model, stage, env);
  size_t open = 0;
  for (const auto& g : model.needs().stages())
    if (g.stage == stage) open = g.open;
  ImGui::PushStyleColor(ImGuiCol_Text, open > 0 ? IM_COL32(0, 90, 100, 255) : IM_COL32(90, 90, 90, 255));
  Heading(env, text.c_str());
  ImGui::PopStyleColor();
  Probe(env, "needs.stage." + stage);
}

void DrawAssessmentTab(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const NeedsModel& needs = model.needs();
  Muted(t.T("needs.assessment_rule"));
  if (PrimaryButton(env, "needs.new_assessment", t.T("needs.new_assessment")))
    out.Push(intent::OpenForm{FormKind::kNewAssessment});
  if (needs.assessments().empty()) {
    Muted(t.T("needs.no_assessment"));
    return;
  }
  const core::Assessment& a = needs.assessments().front();
  Heading(env, t.Format("needs.latest", {{"date", Date(env, a.assessed_on)}}).c_str());
  Probe(env, "needs.latest");
  Field(t.T("needs.field.assessor"), a.assessor);
  if (!a.instrument.empty()) Field(t.T("needs.field.instrument"), a.instrument);
  Badge(env, t.Vocab("assessment_scope", a.scope), a.scope == "private" ? UrgentColour() : NeutralColour());
  const core::Assessment* earlier = needs.Earlier(env.ui.compare_assessment);
  Comparison(needs, earlier, env);
  if (!a.protective_factors.empty()) Field(t.T("needs.field.protective_factors"), a.protective_factors);
  if (!a.risk_summary.empty()) Field(t.T("needs.field.risk_summary"), a.risk_summary);
  Field(t.T("needs.field.next_assessment"), Date(env, a.next_assessment));
  RecordButtons(env, FormKind::kEditAssessment, a.id, out);
  if (needs.assessments().size() < 2) return;
  ImGui::Separator();
  Heading(env, t.T("needs.earlier"));
  for (size_t i = 1; i < needs.assessments().size(); ++i) {
    const core::Assessment& e = needs.assessments()[i];
    ImGui::PushID(e.id.c_str());
    std::string line = t.Format("needs.earlier_line", {{"date", Date(env, e.assessed_on)}, {"who", e.assessor}});
    WrappedText(env, "needs.earlier_line", line);
    if (!e.instrument.empty()) Field(t.T("needs.field.instrument"), e.instrument);
    if (!e.risk_summary.empty()) WrappedText(env, "needs.earlier_risk", e.risk_summary, /*muted=*/true);
    // The one set beside the latest above is marked; a tap on another compares with it.
    const bool compared = earlier == &e;
    if (Chip(env, "needs.compare_with." + e.id, t.T(compared ? "needs.compared" : "needs.compare_with"), compared) &&
        !compared)
      out.Push(intent::CompareAssessment{e.id});
    RecordButtons(env, FormKind::kEditAssessment, e.id, out);
    ImGui::PopID();
    ImGui::Separator();
  }
}

void DrawFamilyTab(const DossierModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const NeedsModel& needs = model.needs();
  Muted(t.T("needs.family_rule"));
  if (PrimaryButton(env, "needs.new_relative", t.T("needs.new_relative"))) out.Push(intent::OpenForm{FormKind::kNewRelative});
  if (needs.relatives().empty()) {
    Muted(t.T("needs.no_relatives"));
    return;
  }
  for (const auto& e : needs.relatives()) {
    const core::Relative& r = e.relative;
    ImGui::PushID(r.id.c_str());
    Heading(env, r.name.c_str());
    Probe(env, "needs.relative." + r.id);
    Badge(env, t.Vocab("relation", r.relation), NeutralColour());
    const char* consent = t.Vocab("contact_consent", r.contact_consent);
    SameLineIfFits(BadgeWidth(env, consent));
    Badge(env, consent, r.contact_consent == "agrees" ? OkColour() : r.contact_consent == "refuses" ? UrgentColour()
                                                                                                      : NeutralColour());
    if (!r.contact_by.empty()) Field(t.T("needs.field.contact_by"), r.contact_by);
    if (!r.person_id.empty()) Muted(t.T("needs.followed_too"));
    for (const auto& goal : e.linked_goals) {
      ImGui::Bullet();
      WrappedText(env, "needs.linked_goal", goal);
    }
    RecordButtons(env, FormKind::kEditRelative, r.id, out);
    if (r.person_id.empty() && TouchButton(env, "needs.follow." + r.id, t.T("needs.follow")))
      out.Push(intent::FollowRelative{r.id});
    ImGui::PopID();
    ImGui::Separator();
  }
}

}  // namespace passerelle::ui
