// Case list: search as you type, filters (mine / service / all, person status, coming soon),
// rows in urgency order with a badge saying why, one tap opens the dossier, one tap on "Visit"
// opens the start-visit sheet; "New dossier" opens the form for a person met for the first time.
#include "case_list_screen.h"

#include <algorithm>
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
    if (any) SameLineIfFits(BadgeWidth(env, text.c_str()));
    Badge(env, text.c_str(), colour);
    any = true;
  };
  if (r.review_overdue) badge(t.Plural("cases.review_overdue", -r.days_to_review), UrgentColour());
  // Issue 15: "Release in 45 days, 3 steps open" while the exit checklist has open steps.
  if (r.release_soon)
    badge(r.open_exit_steps > 0 ? t.Format("exit_plan.release_badge", {{"release", t.Plural("cases.release_in", r.days_to_release)},
                                                                      {"steps", t.Plural("exit_plan.steps_open", r.open_exit_steps)}})
                                : t.Plural("cases.release_in", r.days_to_release),
          WarningColour());
  if (r.review_soon) badge(t.Plural("cases.review_in", r.days_to_review), NeutralColour());
  if (r.hearing_soon) badge(t.Plural("cases.hearing_in", r.days_to_hearing), NeutralColour());
  if (!any) Muted(t.T("cases.nothing_due"));
}

void Dates(const CaseRow& r, const ScreenEnv& env) {
  const I18n& t = env.t;
  if (!r.next_review.empty())
    WrappedText(env, "cases.review_on", t.Format("cases.review_on", {{"date", t.DateShort(r.next_review)}}));
  if (!r.expected_release.empty())
    WrappedText(env, "cases.release_on", t.Format("cases.release_on", {{"date", t.DateShort(r.expected_release)}}));
}

// A row as tall as what it holds (measured in the previous frame, kept in ImGui's storage): the
// whole row is one tap target that opens the dossier, the Visit button on the right its own.
void RowSelectable(const CaseRow& r, const ScreenEnv& env, UiIntents& out, float height) {
  if (ImGui::Selectable("###open", false, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                        ImVec2(0, height)))
    out.Push(intent::OpenDossier{r.dossier_id});
  Probe(env, "cases.row." + r.dossier_id);
  ImGui::SameLine(0, 0);
}

void Filters(const CaseListModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const CaseFilters& f = model.filters();
  SecretText query;
  if (EditLine(env, "cases.search", t.T("cases.search_hint"), f.query.str(), &query))
    out.Push(intent::SetCaseQuery{std::move(query)});
  // One row of chips, the status list and "New case file" that wraps on a narrow screen.
  constexpr std::pair<CaseOwner, const char*> kOwners[] = {
      {CaseOwner::kMine, "cases.owner.mine"}, {CaseOwner::kService, "cases.owner.service"},
      {CaseOwner::kAll, "cases.owner.all"}};
  bool first = true;
  auto next = [&](float width) {
    if (!first) SameLineIfFits(width);
    first = false;
  };
  for (const auto& [owner, key] : kOwners) {
    next(ButtonWidth(t.T(key)) + ImGui::CalcTextSize("\xE2\x9C\x93 ").x);
    if (Chip(env, key, t.T(key), f.owner == owner)) out.Push(intent::SetCaseOwner{owner});
  }
  next(ButtonWidth(t.T("cases.coming_soon")) + ImGui::CalcTextSize("\xE2\x9C\x93 ").x);
  if (Chip(env, "cases.coming_soon", t.T("cases.coming_soon"), f.coming_soon))
    out.Push(intent::SetComingSoon{!f.coming_soon});
  next(ButtonWidth(t.T("records.due_week_filter")) + ImGui::CalcTextSize("\xE2\x9C\x93 ").x);
  if (Chip(env, "records.due_week_filter", t.T("records.due_week_filter"), f.review_this_week))
    out.Push(intent::SetReviewThisWeek{!f.review_this_week});
  const char* preview = f.status.empty() ? t.T("cases.status_any") : t.Vocab("person_status", f.status);
  float combo_w = std::min(Px(env, 300), ImGui::GetContentRegionAvail().x);
  next(combo_w);
  ImGui::SetNextItemWidth(std::min(combo_w, ImGui::GetContentRegionAvail().x));
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
  // A person met for the first time: their record and dossier, in one form (end of the row).
  RightAligned(ButtonWidth(t.T("cases.new_dossier")));
  if (PrimaryButton(env, "cases.new_dossier", t.T("cases.new_dossier")))
    out.Push(intent::OpenForm{FormKind::kNewDossier});
}

void DrawCaseRows(const CaseListModel& model, const ScreenEnv& env, UiIntents& out, bool one_scroll);

}  // namespace

void DrawCaseList(const CaseListModel& model, const ScreenEnv& env, UiIntents& out) {
  // A short window (1024x768 at 200 %): the search, the wrapped chips and the two count lines leave
  // no room for the list, so the whole page scrolls, the table growing with its rows.
  const bool one_scroll = ImGui::GetContentRegionAvail().y < Px(env, 400);
  if (one_scroll) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
    ImGui::BeginChild("###cases.page");
    ImGui::PopStyleColor();
  }
  DrawCaseRows(model, env, out, one_scroll);
  if (one_scroll) ImGui::EndChild();
}

namespace {

void DrawCaseRows(const CaseListModel& model, const ScreenEnv& env, UiIntents& out, bool one_scroll) {
  const I18n& t = env.t;
  Filters(model, env, out);
  auto rows = model.visible();
  // Seed 004: reviewed every month. What is due this week, said before the rows, sharing its line
  // with the count when both fit.
  {
    const size_t due = model.reviews_this_week();
    if (due > 0) ImGui::PushStyleColor(ImGuiCol_Text, WarningColour());
    WrappedText(env, "records.due_week", t.Plural("records.due_week", static_cast<int64_t>(due)));
    if (due > 0) ImGui::PopStyleColor();
    Probe(env, "records.due_week");
  }
  const std::string count =
      t.Format("cases.count", {{"shown", std::to_string(rows.size())}, {"total", std::to_string(model.total())}});
  SameLineIfFits(ImGui::CalcTextSize(count.c_str()).x);
  WrappedText(env, "cases.count", count, /*muted=*/true);
  if (rows.empty()) Muted(t.T(model.total() == 0 ? "cases.empty_vault" : "cases.no_match"));
  // Wide: one column per fact. Narrow (portrait tablet, large UI scale): each case as a card —
  // the facts stacked in one column, the Visit button beside them.
  const bool wide = !Narrow(env, 900);
  const float visit_w = ButtonWidth(t.T("cases.new_visit"));
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX;
  if (one_scroll) flags &= ~ImGuiTableFlags_ScrollY;  // the page scrolls instead
  if (!ImGui::BeginTable("###cases.table", wide ? 6 : 2, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  if (wide) {
    ImGui::TableSetupColumn(t.T("cases.col.person"), ImGuiTableColumnFlags_WidthStretch, 1.8f);
    ImGui::TableSetupColumn(t.T("cases.col.establishment"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn(t.T("cases.col.status"), ImGuiTableColumnFlags_WidthStretch, 1.5f);
    ImGui::TableSetupColumn(t.T("cases.col.dates"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn(t.T("cases.col.urgency"), ImGuiTableColumnFlags_WidthStretch, 2.2f);
  } else {
    ImGui::TableSetupColumn(t.T("cases.col.person"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
  }
  ImGui::TableSetupColumn(t.T("cases.col.actions"), ImGuiTableColumnFlags_WidthFixed, visit_w);
  ImGui::TableHeadersRow();
  ImGuiStorage* storage = ImGui::GetStateStorage();
  for (const CaseRow* r : rows) {
    ImGui::PushID(r->dossier_id.c_str());
    const ImGuiID height_id = ImGui::GetID("###height");
    float row_h = std::max(TouchHeight(env) * 1.5f, storage->GetFloat(height_id, 0.0f));
    ImGui::TableNextRow(0, row_h);
    ImGui::TableNextColumn();
    const float top = ImGui::GetCursorScreenPos().y;
    float bottom = top;
    RowSelectable(*r, env, out, row_h);
    ImGui::BeginGroup();
    TruncatedText(env, "cases.name", r->person_name);
    if (!r->alias.empty()) TruncatedText(env, "cases.alias", r->alias, 0.0f, /*muted=*/true);
    if (!wide) {
      WrappedText(env, "cases.where", r->establishment + " \xC2\xB7 " + t.Vocab("person_status", r->person_status));
      Dates(*r, env);
      UrgencyBadges(*r, env);
    }
    ImGui::EndGroup();
    bottom = std::max(bottom, ImGui::GetItemRectMax().y);
    if (wide) {
      ImGui::TableNextColumn();
      WrappedText(env, "cases.establishment", r->establishment);
      bottom = std::max(bottom, ImGui::GetItemRectMax().y);
      ImGui::TableNextColumn();
      WrappedText(env, "cases.status", t.Vocab("person_status", r->person_status));
      bottom = std::max(bottom, ImGui::GetItemRectMax().y);
      ImGui::TableNextColumn();
      ImGui::BeginGroup();
      Dates(*r, env);
      ImGui::EndGroup();
      bottom = std::max(bottom, ImGui::GetItemRectMax().y);
      ImGui::TableNextColumn();
      ImGui::BeginGroup();
      UrgencyBadges(*r, env);
      ImGui::EndGroup();
      bottom = std::max(bottom, ImGui::GetItemRectMax().y);
    }
    ImGui::TableNextColumn();
    if (TouchButton(env, "cases.visit." + r->dossier_id, t.T("cases.new_visit"), -FLT_MIN))
      out.Push(intent::OpenStartVisit{r->dossier_id});
    storage->SetFloat(height_id, bottom - top + ImGui::GetStyle().CellPadding.y);
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

}  // namespace passerelle::ui
