// The visit note editor and the start-visit sheet. Start in two taps: "Visit" on a case row or
// "New visit" on the dossier opens the sheet with date and place prefilled; "Start" begins. The
// editor: a large note field that autosaves (and saves at once when it loses focus), the
// attendance outcome from the protocol's closed list, who may read the note (with the consent
// check for a partner), practice codes and life domains.
#include "visit_editor_screen.h"

#include <algorithm>
#include <string>

#include "form_intents.h"
#include "passerelle/core/model.h"
#include "records_intents.h"
#include "visit_intents.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {

// "2026-11-04" -> "04/11/2026": how the start sheet shows the date it prefilled.
std::string FormatDayFirst(const std::string& iso) {
  if (iso.size() != 10) return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string ParticipantsLine(const I18n& t, const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& n : names) {
    if (!joined.empty()) joined += ", ";
    joined += n;
  }
  return t.Format("records.participants_line", {{"names", joined}});
}

void SaveIndicator(const VisitEditorModel& model, const ScreenEnv& env) {
  const I18n& t = env.t;
  switch (model.save_state()) {
    case SaveState::kNothingToSave: Muted(t.T("visit.save.nothing")); break;
    case SaveState::kPending: Muted(t.T("visit.save.pending")); break;
    case SaveState::kSaved:
      ImGui::PushStyleColor(ImGuiCol_Text, OkColour());
      ImGui::TextUnformatted(t.T("visit.save.saved"));
      ImGui::PopStyleColor();
      break;
    case SaveState::kFailed:
      ImGui::PushStyleColor(ImGuiCol_Text, UrgentColour());
      ImGui::TextWrapped("%s", t.T("visit.save.failed"));
      ImGui::PopStyleColor();
      break;
  }
  Probe(env, "visit.save_state");
}

void Outcome(const VisitEditorModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  Heading(env, t.T("visit.outcome"));
  Muted(t.T("visit.outcome_rule"));
  for (auto o : core::AttendanceOutcomes().values) {
    std::string id(o);
    if (RadioRow(env, "visit.outcome." + id, t.Vocab("attendance_outcome", id), model.visit().outcome == id))
      out.Push(intent::SetOutcome{id});
  }
}

void Scope(const VisitEditorModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  Heading(env, t.T("visit.scope"));
  for (const char* scope : {"private", "service"}) {
    if (RadioRow(env, std::string("visit.scope.") + scope, t.Vocab("note_scope", scope), model.scope() == scope))
      out.Push(intent::SetNoteScope{scope, ""});
  }
  // Sharing with a partner: one row per partner named in the consents, enabled only while the
  // person's consent to share notes with them is in force (protocol 003 §7).
  if (model.partners().empty()) Muted(t.T("visit.no_partner"));
  for (const auto& p : model.partners()) {
    std::string label = t.Format("visit.scope_partner", {{"partner", p.partner}});
    bool selected = model.scope() == "partner" && model.partner() == p.partner;
    if (RadioRow(env, "visit.scope.partner." + p.partner, label.c_str(), selected, p.can_share))
      out.Push(intent::SetNoteScope{"partner", p.partner});
    ImGui::Indent(Px(env, 34));
    if (p.can_share) {
      std::string until = p.expires_on.empty() ? std::string(t.T("visit.consent_no_expiry"))
                                               : t.Format("visit.consent_until", {{"date", t.DateLong(p.expires_on)}});
      ImGui::PushStyleColor(ImGuiCol_Text, OkColour());
      WrappedText(env, "visit.consent_ok", t.Format("visit.consent_ok", {{"date", t.DateLong(p.given_on)}, {"until", until}}));
      ImGui::PopStyleColor();
    } else {
      ImGui::PushStyleColor(ImGuiCol_Text, UrgentColour());
      ImGui::TextWrapped("%s", t.T("visit.consent_missing"));
      ImGui::PopStyleColor();
    }
    Probe(env, "visit.consent_check." + p.partner);
    ImGui::Unindent(Px(env, 34));
  }
}

void Tags(const VisitEditorModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  Heading(env, t.T("visit.practice_codes"));
  const auto& codes = model.visit().practice_codes;
  float used = 0;
  for (auto c : core::PracticeCodes().values) {
    std::string id(c);
    // Seed 002's number and name: "07 · Motivation en détention".
    std::string label = t.Format("records.practice_code", {{"number", std::string(core::PracticeCodeNumber(id))},
                                                           {"name", t.Vocab("practice_code", id)}});
    bool on = std::find(codes.begin(), codes.end(), id) != codes.end();
    FlowNext(label.c_str(), on, &used);
    if (Chip(env, "visit.code." + id, label.c_str(), on)) out.Push(intent::TogglePracticeCode{id});
  }
  ImGui::Spacing();
  Heading(env, t.T("visit.domains"));
  used = 0;
  for (auto d : core::LifeDomains().values) {
    std::string id(d);
    const char* label = t.Vocab("life_domain", id);
    bool on = model.domains().count(id) > 0;
    FlowNext(label, on, &used);
    if (Chip(env, "visit.domain." + id, label, on)) out.Push(intent::ToggleNoteDomain{id});
  }
}

}  // namespace

void DrawStartVisit(const VisitEditorModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const char* popup = "###start_visit";
  if (!ImGui::IsPopupOpen(popup)) ImGui::OpenPopup(popup);
  if (!BeginSheet(env, std::string(t.T("visit.start_title")) + popup, 620)) return;
  const VisitStart& s = model.start();
  Heading(env, s.person_name.c_str());
  // The visit's day: today unless typed (a note written up the evening after keeps the visit's date).
  ImGui::TextUnformatted(t.T("visit.date"));
  SecretText typed;
  const std::string shown = s.date_text.empty() ? FormatDayFirst(s.date) : s.date_text;
  if (EditLine(env, "visit.start.date", t.T("form.date_hint"), shown, &typed, Px(env, 220)))
    out.Push(intent::SetVisitDate{typed.str()});
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  const std::string start_date = model.StartDate();
  if (start_date.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, UrgentColour());
    ImGui::TextUnformatted(t.T("form.error.date"));
    ImGui::PopStyleColor();
    Probe(env, "visit.start.date_error");
  } else {
    Muted(t.DateLong(start_date).c_str());
  }
  WrappedText(env, "visit.place", t.T("visit.place"));
  SecretText place;
  if (EditLine(env, "visit.start.place", t.T("visit.place_hint"), s.place, &place))
    out.Push(intent::SetVisitPlace{place.str()});
  WrappedText(env, "visit.kind", t.T("visit.kind"));
  for (auto k : core::VisitKinds().values) {
    std::string id(k);
    if (RadioRow(env, "visit.start.kind." + id, t.Vocab("visit_kind", id), s.kind == id))
      out.Push(intent::SetVisitKind{id});
  }
  if (s.kind == "tripartite" || s.kind == "case_consultation") {  // who takes part, one per line
    ImGui::TextUnformatted(t.T("records.field.participants"));
    Muted(t.T("records.participants_hint"));
    SecretText lines;
    bool deactivated = false;
    ImVec2 size(-1.0f, ImGui::GetTextLineHeightWithSpacing() * 3 + Px(env, 16));
    if (EditMultiline(env, "visit.start.participants", "", s.participants, size, &lines, &deactivated))
      out.Push(intent::SetVisitParticipants{std::move(lines)});
  }
  ImGui::Spacing();
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  if (TouchButton(env, "visit.start.cancel", t.T("shell.cancel"), half)) {
    out.Push(intent::CloseStartVisit{});
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (PrimaryButton(env, "visit.start.go", t.T("visit.start"), half, !start_date.empty())) {
    out.Push(intent::StartVisit{model.start_submit().token()});
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void DrawVisitEditor(const VisitEditorModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  if (!model.open()) {
    Muted(t.T("visit.none"));
    return;
  }
  const core::Visit& v = model.visit();
  // A short window (1024x768 at 175-200 %): the header and its buttons would leave the note almost
  // no height, so the whole page scrolls and the note keeps a usable height.
  const bool one_scroll = ImGui::GetContentRegionAvail().y < Px(env, 480);
  if (one_scroll) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
    ImGui::BeginChild("###visit.page");
    ImGui::PopStyleColor();
  }
  if (TouchButton(env, "visit.finish", t.T("visit.finish"))) out.Push(intent::FinishVisit{});
  ImGui::SameLine();
  ImGui::BeginGroup();
  Heading(env, model.person_name().c_str());
  Muted((t.DateLong(v.date) + " · " + v.place + " · " + t.Vocab("visit_kind", v.kind)).c_str());
  if (!v.participants.empty()) Muted(ParticipantsLine(t, v.participants).c_str());
  // Change the visit's date, kind, place, participants; remove a visit started by mistake.
  if (TouchButton(env, "visit.edit", t.T("records.edit_visit"))) out.Push(intent::OpenEditForm{FormKind::kEditVisit, v.id});
  SameLineIfFits(ButtonWidth(t.T("records.delete_visit")));
  if (TouchButton(env, "visit.delete", t.T("records.delete_visit"))) out.Push(intent::DeleteRecord{v.id});
  SameLineIfFits(ButtonWidth(t.T("records.undo_typing")));
  // Undo inside the note: the button and Ctrl+Z (Ctrl+Y or Ctrl+Shift+Z: redo).
  if (TouchButton(env, "visit.undo_note", t.T("records.undo_typing"), 0.0f, model.can_undo())) out.Push(intent::UndoNote{});
  SameLineIfFits(ButtonWidth(t.T("records.redo_typing")));
  if (TouchButton(env, "visit.redo_note", t.T("records.redo_typing"), 0.0f, model.can_redo())) out.Push(intent::RedoNote{});
  const ImGuiIO& io = ImGui::GetIO();
  const bool ctrl = io.ConfigMacOSXBehaviors ? io.KeySuper : io.KeyCtrl;
  // Not while a sheet is over the editor (its fields have their own text).
  const bool sheet = env.ui.form != FormKind::kNone || env.ui.start_visit_open || env.ui.settings_open;
  if (ctrl && !sheet) {
    const bool z = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z), true);
    const bool y = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Y), true);
    if (z && !io.KeyShift) out.Push(intent::UndoNote{});
    else if (y || (z && io.KeyShift)) out.Push(intent::RedoNote{});
  }
  ImGui::EndGroup();

  // Wide: the note on the left, the outcome, sharing and tags beside it. Narrow (portrait tablet,
  // large UI scale): the note on top, the rest under it in its own scrolling panel.
  // A landscape window keeps the two side by side (the note as tall as the screen allows).
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool narrow = Narrow(env, 760) && (avail.y > avail.x * 0.9f || Narrow(env, 560));
  float side = Narrow(env, 760) ? std::max(Px(env, 260), avail.x * 0.42f) : std::max(Px(env, 360), avail.x * 0.38f);
  float editor_w = narrow ? avail.x : avail.x - side - ImGui::GetStyle().ItemSpacing.x;
  ImGui::BeginGroup();
  SaveIndicator(model, env);
  SecretText body;
  bool deactivated = false;
  float editor_h = narrow ? std::max(Px(env, 120), (avail.y - ImGui::GetFrameHeightWithSpacing()) * 0.5f)
                          : ImGui::GetContentRegionAvail().y;
  if (one_scroll) editor_h = std::max(editor_h, Px(env, 220));
  ImVec2 size(editor_w, editor_h);
  if (EditMultiline(env, "visit.editor", t.T("visit.note_hint"), model.body(), size, &body, &deactivated))
    out.Push(intent::EditNote{std::move(body)});
  if (deactivated) out.Push(intent::NoteFocusLost{});
  ImGui::EndGroup();
  // In the scrolling page the side panel is as tall as the note beside it (or a usable height
  // under it), scrolling inside itself; otherwise it takes what remains.
  float side_h = 0.0f;
  if (one_scroll) side_h = narrow ? std::max(ImGui::GetContentRegionAvail().y, Px(env, 240)) : ImGui::GetItemRectSize().y;
  if (!narrow) ImGui::SameLine();
  ImGui::BeginChild("###visit.side", ImVec2(narrow ? 0.0f : side, side_h), false);
  Outcome(model, env, out);
  ImGui::Separator();
  Scope(model, env, out);
  ImGui::Separator();
  Tags(model, env, out);
  ImGui::EndChild();
  if (one_scroll) ImGui::EndChild();
}

}  // namespace passerelle::ui
