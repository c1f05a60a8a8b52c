// The record forms over the case list and the dossier: a new person with their dossier, a plan
// item, a consent. One drawing for all three, from the form's field list: a text line, a few
// wrapped lines, a date (read back in words so "04/11" cannot be taken for 11 April), or chips
// for a choice among the core's closed vocabulary. Each refused field says why in red under it.
#include "record_form_screen.h"

#include <algorithm>
#include <string>

#include "form_intents.h"
#include "passerelle/core/plan_suggestions.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {

const char* TitleKey(FormKind kind) {
  switch (kind) {
    case FormKind::kNewDossier: return "form.title.new_dossier";
    case FormKind::kNewPlanItem: return "form.title.new_plan_item";
    case FormKind::kNewConsent: return "form.title.new_consent";
    case FormKind::kEditPerson: return "records.title.edit_person";
    case FormKind::kEditDossier: return "records.title.edit_dossier";
    case FormKind::kEditVisit: return "records.title.edit_visit";
    case FormKind::kEditPlanItem: return "records.title.edit_plan_item";
    case FormKind::kEditReferral: return "records.title.edit_referral";
    case FormKind::kEditConsent: return "records.title.edit_consent";
    case FormKind::kReviewDone: return "records.title.review_done";
    case FormKind::kNewTeamMember: return "exit_plan.title.new_member";
    case FormKind::kEditTeamMember: return "exit_plan.title.edit_member";
    case FormKind::kHandover: return "exit_plan.title.handover";
    case FormKind::kEditExitStep: return "exit_plan.title.edit_step";
    case FormKind::kEditCareHandover: return "exit_plan.title.edit_care";
    case FormKind::kNewAssessment: return "needs.title.new_assessment";
    case FormKind::kNewRelative: return "needs.title.new_relative";
    case FormKind::kEditAssessment: return "needs.title.edit_assessment";
    case FormKind::kEditRelative: return "needs.title.edit_relative";
    case FormKind::kNone: break;
  }
  return "form.title.new_dossier";
}

void Choice(const FormField& f, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  float used = 0;
  if (!f.required) {  // an optional choice can be left unsaid
    const char* label = t.T("form.choice_none");
    FlowNext(label, f.value.empty(), &used);
    if (Chip(env, "form." + f.name + "." + "none", label, f.value.empty()))
      out.Push(intent::SetFormField{f.name, SecretText()});
  }
  for (auto v : f.vocabulary->values) {
    std::string id(v);
    const char* label = t.Vocab(f.vocabulary->name, id);
    FlowNext(label, f.value == id, &used);
    if (Chip(env, "form." + f.name + "." + id, label, f.value == id))
      out.Push(intent::SetFormField{f.name, SecretText(id)});
  }
}

// Issue 15: several of the options, one chip each, a tap adds or removes it. Barrier and lever
// suggestions are those of the chosen life domain (and any already picked), each with its source.
void Picks(const RecordForm& form, const FormField& f, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const auto picked = SplitLines(f.value);
  const FormField* domain = form.Find("domain");
  bool any = false;
  for (size_t i = 0; i < f.suggestions.size(); ++i) {
    const std::string& id = f.suggestions[i];
    const bool on = std::find(picked.begin(), picked.end(), id) != picked.end();
    const bool in_domain = i >= f.option_groups.size() || domain == nullptr || f.option_groups[i] == domain->value;
    if (!on && !in_domain) continue;
    std::string label;
    const core::PlanSuggestion* s = core::FindPlanSuggestion(id);
    if (i < f.option_labels.size()) label = f.option_labels[i];
    else if (f.name == "practice_codes")  // seed 002's table: "07 · Motivation en détention"
      label = t.Format("records.practice_code",
                       {{"number", std::string(core::PracticeCodeNumber(id))}, {"name", t.Vocab("practice_code", id)}});
    else if (s != nullptr)
      label = t.Format(s->kind == "barrier" ? "needs.barrier_pick" : "needs.lever_pick",
                       {{"text", s->Text(t.language())}, {"seed", s->seed}});
    else label = id;
    std::string next;
    for (const auto& p : picked)
      if (p != id) next += (next.empty() ? "" : "\n") + p;
    if (!on) next += (next.empty() ? "" : "\n") + id;
    ImGui::PushID(static_cast<int>(i));
    if (Chip(env, "form." + f.name + "." + id, label.c_str(), on)) out.Push(intent::SetFormField{f.name, SecretText(next)});
    ImGui::PopID();
    any = true;
  }
  if (!any) Muted(t.T(domain != nullptr && domain->value.empty() ? "needs.pick_domain_first" : "needs.no_options"));
}

// Issue 15: a service of the R.A.J. directory, found by a search as on the directory screen; the
// worker taps one of the hits (or "None"), never types an id.
void Service(const FormField& f, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const std::string id = "form." + f.name;
  WrappedText(env, "form.service.chosen",
              f.value.empty() ? std::string(t.T("directory_picker.none_chosen"))
                              : t.Format("directory_picker.chosen", {{"name", f.value_label.empty() ? f.value : f.value_label}}));
  Probe(env, id + "." + "chosen");
  SecretText typed;
  if (EditLine(env, id + "." + "search", t.T("directory_picker.search_hint"), f.query, &typed))
    out.Push(intent::SearchFormService{f.name, typed.str()});
  float used = 0;
  if (!f.value.empty()) {
    const char* none = t.T("directory_picker.clear");
    FlowNext(none, false, &used);
    if (Chip(env, id + "." + "none", none, false)) out.Push(intent::SetFormField{f.name, SecretText()});
  }
  for (size_t i = 0; i < f.suggestions.size(); ++i) {
    const std::string& hit = f.suggestions[i];
    const char* label = i < f.option_labels.size() ? f.option_labels[i].c_str() : hit.c_str();
    FlowNext(label, f.value == hit, &used);
    if (Chip(env, id + "." + hit, label, f.value == hit)) out.Push(intent::SetFormField{f.name, SecretText(hit)});
  }
  if (!f.query.empty() && f.suggestions.empty()) Muted(t.T("directory_picker.no_match"));
}

// `reveal_error`: scroll this field's message into view (the first refused field, when the sheet
// reappears after Save was refused; the sheet reopens scrolled to the top).
void DrawField(const RecordForm& form, const FormField& f, bool reveal_error, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  std::string key = !f.label_key.empty() ? f.label_key : "form.field." + std::string(core::Spec(f.entity).name) + "." + f.name;
  std::string label = t.T(key.c_str());
  if (f.required) label += " *";
  WrappedText(env, "form.label", label);
  SecretText edited;
  std::string id = "form." + f.name;
  switch (f.kind) {
    case FormFieldKind::kText:
      if (EditLine(env, id, "", f.value, &edited)) out.Push(intent::SetFormField{f.name, std::move(edited)});
      if (!f.suggestions.empty()) {
        float used = 0;
        for (const auto& s : f.suggestions) {
          FlowNext(s.c_str(), f.value == s, &used);
          // Ids are built from parts: the i18n test reads ".suggestion." as words, "." and ids not.
          if (Chip(env, id + "." + "suggestion" + "." + s, s.c_str(), f.value == s))
            out.Push(intent::SetFormField{f.name, SecretText(s)});
        }
      }
      break;
    case FormFieldKind::kLongText: {
      bool deactivated = false;
      ImVec2 size(-1.0f, ImGui::GetTextLineHeightWithSpacing() * 3 + Px(env, 16));
      if (EditMultiline(env, id, "", f.value, size, &edited, &deactivated))
        out.Push(intent::SetFormField{f.name, std::move(edited)});
      break;
    }
    case FormFieldKind::kDate: {
      if (EditLine(env, id, t.T("form.date_hint"), f.value, &edited, Px(env, 220)))
        out.Push(intent::SetFormField{f.name, std::move(edited)});
      std::string iso = ParseDateInput(f.value);
      if (!iso.empty()) {
        std::string words = t.DateLong(iso);
        SameLineIfFits(ImGui::CalcTextSize(words.c_str()).x);
        ImGui::AlignTextToFramePadding();
        Muted(words.c_str());
      }
      break;
    }
    case FormFieldKind::kChoice: Choice(f, env, out); break;
    case FormFieldKind::kPicks: Picks(form, f, env, out); break;
    case FormFieldKind::kService: Service(f, env, out); break;
    case FormFieldKind::kLines: {  // one participant per line; suggestions add a line
      Muted(t.T("records.participants_hint"));
      bool deactivated = false;
      ImVec2 size(-1.0f, ImGui::GetTextLineHeightWithSpacing() * 4 + Px(env, 16));
      if (EditMultiline(env, id, "", f.value, size, &edited, &deactivated))
        out.Push(intent::SetFormField{f.name, std::move(edited)});
      const auto lines = SplitLines(f.value);
      float used = 0;
      for (const auto& s : f.suggestions) {
        const bool present = std::find(lines.begin(), lines.end(), s) != lines.end();
        FlowNext(s.c_str(), present, &used);
        if (Chip(env, id + "." + "suggestion" + "." + s, s.c_str(), present) && !present) {
          std::string more = f.value;
          if (!more.empty() && more.back() != '\n') more += '\n';
          more += s;
          out.Push(intent::SetFormField{f.name, SecretText(std::move(more))});
        }
      }
      break;
    }
  }
  if (!f.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, UrgentColour());
    WrappedText(env, "form.error_text", t.T(f.error.c_str()));
    ImGui::PopStyleColor();
    if (reveal_error) ImGui::SetScrollHereY(0.5f);
    Probe(env, "form.error." + f.name);
  }
  ImGui::Spacing();
}

}  // namespace

void DrawRecordForm(const RecordForm& form, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  if (!form.open()) return;
  const char* popup = "###record_form";
  if (!ImGui::IsPopupOpen(popup)) ImGui::OpenPopup(popup);
  // As tall as the screen allows: the fields scroll, the footer stays.
  if (!BeginSheet(env, std::string(t.T(TitleKey(form.kind()))) + popup, 860, 1.0e6f)) return;
  const bool appearing = ImGui::IsWindowAppearing();
  bool reveal_error = appearing;
  Probe(env, "form.window");
  // The footer (the form's message, Cancel, Save) stays in view under the scrolling fields.
  std::string message;
  if (!form.error_key().empty()) {
    message = t.T(form.error_key().c_str());
    if (!form.save_detail().empty()) message += " — " + form.save_detail();
  }
  const ImGuiStyle& style = ImGui::GetStyle();
  // The buttons' row height includes a label wrapped onto two lines (a narrow sheet), so the
  // footer is measured the way TouchButton will draw it.
  const float half_w = (ImGui::GetContentRegionAvail().x - style.ItemSpacing.x) * 0.5f - style.FramePadding.x * 2;
  float label_h = 0;
  for (const char* key : {"shell.cancel", "form.submit"})
    label_h = std::max(label_h, ImGui::CalcTextSize(t.T(key), nullptr, false, half_w).y);
  float footer = std::max(TouchHeight(env), label_h + style.FramePadding.y * 2) + style.ItemSpacing.y * 2;
  if (!message.empty())
    footer += ImGui::CalcTextSize(message.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y +
              style.ItemSpacing.y;
  ImGui::BeginChild("###form.body", ImVec2(0, -footer));
  Muted(t.T("form.required_hint"));
  // Recording a consent is when the worker explains it: the protocol's rule, in plain words.
  if (form.kind() == FormKind::kNewConsent) Muted(t.T("dossier.consent_rule"));
  // An assessment is sensitive: the reminder the Assessment tab shows, where it is written.
  if (form.kind() == FormKind::kNewAssessment || form.kind() == FormKind::kEditAssessment) {
    ImGui::PushStyleColor(ImGuiCol_Text, WarningColour());
    WrappedText(env, "form.sensitive_text", t.T("needs.assessment_rule"));
    ImGui::PopStyleColor();
    Probe(env, "form.sensitive");
  }
  if (form.kind() == FormKind::kEditCareHandover) {  // health data: as on the Release tab
    ImGui::PushStyleColor(ImGuiCol_Text, WarningColour());
    WrappedText(env, "form.sensitive_text", t.T("exit_plan.care_sensitive"));
    ImGui::PopStyleColor();
    Probe(env, "form.sensitive");
  }
  const core::EntitySpec* section = nullptr;
  for (const auto& f : form.fields()) {
    if (!form.Shows(f)) continue;
    // The new-dossier form fills two records: a heading for each says which is which.
    if (form.kind() == FormKind::kNewDossier && section != &core::Spec(f.entity)) {
      section = &core::Spec(f.entity);
      if (f.entity != core::EntityType::kPerson) ImGui::Separator();
      Heading(env, t.T(f.entity == core::EntityType::kPerson ? "form.section.person" : "form.section.dossier"));
    }
    ImGui::PushID(f.name.c_str());
    // A form that opens on a directory search already typed (the demo's picker state) shows it.
    if (appearing && f.kind == FormFieldKind::kService && !f.query.empty()) ImGui::SetScrollHereY(0.0f);
    DrawField(form, f, reveal_error && !f.error.empty(), env, out);
    if (!f.error.empty()) reveal_error = false;
    ImGui::PopID();
  }
  ImGui::EndChild();
  if (!message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, UrgentColour());
    WrappedText(env, "form.message_text", message);
    ImGui::PopStyleColor();
    Probe(env, "form.message");
  }
  float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  if (TouchButton(env, "form.cancel", t.T("shell.cancel"), half)) {
    out.Push(intent::CloseForm{});
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (PrimaryButton(env, "form.submit", t.T("form.submit"), half)) {
    out.Push(intent::SubmitForm{});
    ImGui::CloseCurrentPopup();  // reopened next frame if the form refused the input
  }
  ImGui::EndPopup();
}

}  // namespace passerelle::ui
