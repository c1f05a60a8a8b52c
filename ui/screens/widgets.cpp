#include "widgets.h"

#include <algorithm>

#include "imgui_internal.h"
#include "imgui_stdlib.h"
#include "note_editor.h"

namespace passerelle::ui {
namespace {
std::string ImId(const char* label, const std::string& id) { return std::string(label) + "###" + id; }

// Spare capacity for the edit buffer, so typing rarely makes std::string reallocate (a
// reallocation would free the old copy without wiping it).
constexpr size_t kEditSlack = 4096;
}  // namespace

float Px(const ScreenEnv& env, float design_px) { return design_px * env.scale; }
float TouchHeight(const ScreenEnv& env) { return Px(env, kTouchTarget); }

void Probe(const ScreenEnv& env, const std::string& id) {
  if (env.probe == nullptr) return;
  bool enabled = !(ImGui::GetItemFlags() & ImGuiItemFlags_Disabled);
  env.probe->items.push_back({id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), enabled});
}

bool TouchButton(const ScreenEnv& env, const std::string& id, const char* label, float width, bool enabled) {
  if (!enabled) ImGui::BeginDisabled();
  bool pressed = ImGui::Button(ImId(label, id).c_str(), ImVec2(width, TouchHeight(env)));
  if (!enabled) ImGui::EndDisabled();
  Probe(env, id);
  return pressed && enabled;
}

bool PrimaryButton(const ScreenEnv& env, const std::string& id, const char* label, float width, bool enabled) {
  ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(0, 110, 120, 255));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(0, 130, 140, 255));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, IM_COL32(0, 90, 100, 255));
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
  bool pressed = TouchButton(env, id, label, width, enabled);
  ImGui::PopStyleColor(4);
  return pressed;
}

bool Chip(const ScreenEnv& env, const std::string& id, const char* label, bool selected) {
  if (selected) {
    ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(0, 110, 120, 255));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(0, 130, 140, 255));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
  }
  std::string text = selected ? std::string("\xE2\x9C\x93 ") + label : std::string(label);  // ✓
  bool pressed = ImGui::Button(ImId(text.c_str(), id).c_str(), ImVec2(0, TouchHeight(env)));
  if (selected) ImGui::PopStyleColor(3);
  Probe(env, id);
  return pressed;
}

void FlowNext(const char* label, bool selected, float* used) {
  const ImGuiStyle& style = ImGui::GetStyle();
  float w = ImGui::CalcTextSize(label).x + style.FramePadding.x * 2 +
            (selected ? ImGui::CalcTextSize("\xE2\x9C\x93 ").x : 0.0f);  // the chip's ✓
  if (*used > 0 && *used + w <= ImGui::GetContentRegionAvail().x) ImGui::SameLine();
  else *used = 0;
  *used += w + style.ItemSpacing.x;
}

bool RadioRow(const ScreenEnv& env, const std::string& id, const char* label, bool selected, bool enabled) {
  if (!enabled) ImGui::BeginDisabled();
  ImVec2 pos = ImGui::GetCursorScreenPos();
  float r = Px(env, 9.0f);
  float text_x = r * 2 + Px(env, 16.0f);
  float wrap = std::max(ImGui::GetContentRegionAvail().x - text_x, Px(env, 60.0f));
  ImVec2 text_size = ImGui::CalcTextSize(label, nullptr, false, wrap);
  // Long labels (Dutch ones especially) wrap onto a taller row instead of being cut.
  float h = std::max(TouchHeight(env), text_size.y + Px(env, 16.0f));
  bool pressed = ImGui::Selectable(ImId("", id).c_str(), selected, ImGuiSelectableFlags_None, ImVec2(0, h));
  Probe(env, id);
  // Draw the radio mark and label over the selectable so the full row is tappable.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 centre(pos.x + r + Px(env, 6.0f), pos.y + h * 0.5f);
  ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
  dl->AddCircle(centre, r, ink, 20, Px(env, 1.5f));
  if (selected) dl->AddCircleFilled(centre, r * 0.55f, ink, 20);
  dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x + text_x, pos.y + (h - text_size.y) * 0.5f), ink,
              label, nullptr, wrap);
  if (!enabled) ImGui::EndDisabled();
  return pressed && enabled;
}

bool EditLine(const ScreenEnv& env, const std::string& id, const char* hint, const std::string& value,
              SecretText* changed, float width) {
  SecretText buffer(value);
  buffer.mutable_str().reserve(value.size() + kEditSlack);
  ImGui::SetNextItemWidth(width);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                      ImVec2(Px(env, 10.0f), (TouchHeight(env) - ImGui::GetFontSize()) * 0.5f));
  bool edited = ImGui::InputTextWithHint(("###" + id).c_str(), hint, &buffer.mutable_str());
  ImGui::PopStyleVar();
  Probe(env, id);
  if (edited) *changed = std::move(buffer);
  return edited;
}

bool EditMultiline(const ScreenEnv& env, const std::string& id, const char* hint, const std::string& value,
                   ImVec2 size, SecretText* changed, bool* deactivated) {
  NoteEditorResult r = NoteEditor(("###" + id).c_str(), value, hint, size, changed);
  *deactivated = r.deactivated;
  Probe(env, id);
  return r.edited;
}

void Heading(const ScreenEnv& env, const char* text) {
  if (env.title_font) ImGui::PushFont(env.title_font);
  ImGui::TextUnformatted(text);
  if (env.title_font) ImGui::PopFont();
}

void Muted(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

void Badge(const ScreenEnv& env, const char* text, ImU32 background) {
  ImVec2 pad(Px(env, 8.0f), Px(env, 3.0f));
  ImVec2 size = ImGui::CalcTextSize(text);
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImVec2 end(pos.x + size.x + pad.x * 2, pos.y + size.y + pad.y * 2);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(pos, end, background, Px(env, 6.0f));
  dl->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y), IM_COL32(255, 255, 255, 255), text);
  ImGui::Dummy(ImVec2(end.x - pos.x, end.y - pos.y));
}

void Field(const char* label, const std::string& value) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
  ImGui::TextUnformatted(label);
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::TextUnformatted(value.c_str());
}

ImU32 UrgentColour() { return IM_COL32(190, 40, 40, 255); }
ImU32 WarningColour() { return IM_COL32(200, 110, 0, 255); }
ImU32 OkColour() { return IM_COL32(30, 130, 60, 255); }
ImU32 NeutralColour() { return IM_COL32(100, 110, 120, 255); }

}  // namespace passerelle::ui
