// Case list: search as you type, filters (mine / service / all, person status, coming soon),
// rows in urgency order with a badge saying why, one tap opens the dossier, one tap on "Visit"
// opens the start-visit sheet; "New dossier" opens the form for a person met for the first time.
#include "case_list_screen.h"

#include <string>

#include "case_list_intents.h"
#include "dossier_intents.h"
#include "form_intents.h"
#include "passerelle/core/model.h"
#include "visit_intents.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {

void UrgencyBadges(const CaseRow& r, const ScreenEnv& env) {
  const I18n& t = env.t;
  bool any = false;
  auto badge = [&](const std::string& text, ImU32 colour) {
    if (any) ImGui::SameLine();
    Badge(env, text.c_str(), colour);
    any = true;
  };
  if (r.review_overdue) badge(t.Plural("cases.review_overdue", -r.days_to_review), UrgentColour());
  if (r.release_soon) badge(t.Plural("cases.release_in", r.days_to_release), WarningColour());
  if (r.review_soon) badge(t.Plural("cases.review_in", r.days_to_review), NeutralColour());
  if (r.hearing_soon) badge(t.Plural("cases.hearing_in", r.days_to_hearing), NeutralColour());
  if (!any) Muted(t.T("cases.nothing_due"));
}

void Filters(const CaseListModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const CaseFilters& f = model.filters();
  SecretText query;
  if (EditLine(env, "cases.search", t.T("cases.search_hint"), f.query.str(), &query))
    out.Push(intent::SetCaseQuery{std::move(query)});
  constexpr std::pair<CaseOwner, const char*> kOwners[] = {
      {CaseOwner::kMine, "cases.owner.mine"}, {CaseOwner::kService, "cases.owner.service"},
      {CaseOwner::kAll, "cases.owner.all"}};
  for (const auto& [owner, key] : kOwners) {
    if (Chip(env, key, t.T(key), f.owner == owner)) out.Push(intent::SetCaseOwner{owner});
    ImGui::SameLine();
  }
  ImGui::SameLine(0, Px(env, 24));
  if (Chip(env, "cases.coming_soon", t.T("cases.coming_soon"), f.coming_soon))
    out.Push(intent::SetComingSoon{!f.coming_soon});
  ImGui::SameLine();
  if (Chip(env, "records.due_week_filter", t.T("records.due_week_filter"), f.review_this_week))
    out.Push(intent::SetReviewThisWeek{!f.review_this_week});
  ImGui::SameLine(0, Px(env, 24));
  ImGui::SetNextItemWidth(Px(env, 300));
  const char* preview = f.status.empty() ? t.T("cases.status_any") : t.Vocab("person_status", f.status);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                      ImVec2(Px(env, 10.0f), (TouchHeight(env) - ImGui::GetFontSize()) * 0.5f));
  bool open = ImGui::BeginCombo("###cases.status", preview);
  ImGui::PopStyleVar();
  Probe(env, "cases.status");
  if (open) {
    if (ImGui::Selectable(t.T("cases.status_any"), f.status.empty(), 0, ImVec2(0, TouchHeight(env))))
      out.Push(intent::SetCaseStatus{""});
    for (auto status : core::PersonStatuses().values) {
      std::string id(status);
      if (ImGui::Selectable((std::string(t.Vocab("person_status", id)) + "###" + id).c_str(), f.status == id, 0,
                            ImVec2(0, TouchHeight(env))))
        out.Push(intent::SetCaseStatus{id});
    }
    ImGui::EndCombo();
  }
}

}  // namespace

void DrawCaseList(const CaseListModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  Filters(model, env, out);
  // A person met for the first time: their record and dossier, in one form (end of the filter row).
  float button_w = Px(env, 260);
  ImGui::SameLine();
  float right = ImGui::GetWindowContentRegionMax().x - button_w;
  if (ImGui::GetCursorPosX() <= right) ImGui::SetCursorPosX(right);
  else ImGui::NewLine();  // a narrow (portrait) window: on its own line rather than cut
  if (PrimaryButton(env, "cases.new_dossier", t.T("cases.new_dossier"), button_w))
    out.Push(intent::OpenForm{FormKind::kNewDossier});
  auto rows = model.visible();
  // Seed 004: reviewed every month. What is due this week, said before the rows.
  {
    const size_t due = model.reviews_this_week();
    if (due > 0) ImGui::PushStyleColor(ImGuiCol_Text, WarningColour());
    ImGui::TextUnformatted(t.Plural("records.due_week", static_cast<int64_t>(due)).c_str());
    if (due > 0) ImGui::PopStyleColor();
    Probe(env, "records.due_week");
  }
  Muted(t.Format("cases.count", {{"shown", std::to_string(rows.size())}, {"total", std::to_string(model.total())}})
            .c_str());
  if (rows.empty()) Muted(t.T(model.total() == 0 ? "cases.empty_vault" : "cases.no_match"));
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX;
  if (!ImGui::BeginTable("###cases.table", 6, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(t.T("cases.col.person"), ImGuiTableColumnFlags_WidthStretch, 1.8f);
  ImGui::TableSetupColumn(t.T("cases.col.establishment"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
  ImGui::TableSetupColumn(t.T("cases.col.status"), ImGuiTableColumnFlags_WidthStretch, 1.5f);
  ImGui::TableSetupColumn(t.T("cases.col.dates"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
  ImGui::TableSetupColumn(t.T("cases.col.urgency"), ImGuiTableColumnFlags_WidthStretch, 2.2f);
  ImGui::TableSetupColumn(t.T("cases.col.actions"), ImGuiTableColumnFlags_WidthFixed, Px(env, 150));
  ImGui::TableHeadersRow();
  float row_h = TouchHeight(env) * 1.5f;
  for (const CaseRow* r : rows) {
    ImGui::PushID(r->dossier_id.c_str());
    ImGui::TableNextRow(0, row_h);
    ImGui::TableNextColumn();
    // The whole row opens the dossier; the Visit button on the right stays tappable on its own.
    if (ImGui::Selectable("###open", false, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                          ImVec2(0, row_h)))
      out.Push(intent::OpenDossier{r->dossier_id});
    Probe(env, "cases.row." + r->dossier_id);
    ImGui::SameLine(0, 0);
    ImGui::BeginGroup();
    ImGui::TextUnformatted(r->person_name.c_str());
    if (!r->alias.empty()) Muted(r->alias.c_str());
    ImGui::EndGroup();
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", r->establishment.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", t.Vocab("person_status", r->person_status));
    ImGui::TableNextColumn();
    if (!r->next_review.empty()) ImGui::TextUnformatted(t.Format("cases.review_on", {{"date", t.DateShort(r->next_review)}}).c_str());
    if (!r->expected_release.empty())
      ImGui::TextUnformatted(t.Format("cases.release_on", {{"date", t.DateShort(r->expected_release)}}).c_str());
    ImGui::TableNextColumn();
    UrgencyBadges(*r, env);
    ImGui::TableNextColumn();
    if (TouchButton(env, "cases.visit." + r->dossier_id, t.T("cases.new_visit"), -1.0f))
      out.Push(intent::OpenStartVisit{r->dossier_id});
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace passerelle::ui
