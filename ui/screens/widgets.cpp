#include "widgets.h"

#include <algorithm>
#include <cstring>

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

namespace {

void Record(const ScreenEnv* env, const std::string& id, const char* text, float needed, float available,
            bool ellipsized) {
  if (env == nullptr || env->probe == nullptr) return;
  env->probe->texts.push_back({id, text, needed, available, ellipsized});
}

// The widest single word of `text` (what cannot be wrapped any further).
float LongestWord(const char* text) {
  float widest = 0;
  const char* word = text;
  for (const char* p = text;; ++p) {
    if (*p == ' ' || *p == '\n' || *p == '\0') {
      if (p > word) widest = std::max(widest, ImGui::CalcTextSize(word, p).x);
      if (*p == '\0') break;
      word = p + 1;
    }
  }
  return widest;
}

void FullTextTooltip(const char* text) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// `text` wrapped in `wrap` pixels, each line centred in [x0, x0 + width].
void CentredLines(ImDrawList* dl, float x0, float y, float width, float wrap, const char* text, ImU32 ink) {
  ImFont* font = ImGui::GetFont();
  float size = ImGui::GetFontSize();
  const char* end = text + std::strlen(text);
  for (const char* line = text; line < end;) {
    const char* brk = font->CalcWordWrapPositionA(size / font->FontSize, line, end, wrap);
    if (brk == line) ++brk;  // always progress
    float w = ImGui::CalcTextSize(line, brk).x;
    dl->AddText(font, size, ImVec2(x0 + (width - w) * 0.5f, y), ink, line, brk);
    y += ImGui::GetTextLineHeight();
    line = brk;
    while (line < end && (*line == ' ' || *line == '\n')) ++line;
  }
}

void WrappedTextImpl(const ScreenEnv* env, const std::string& id, const char* text, bool muted);

}  // namespace

bool TouchButton(const ScreenEnv& env, const std::string& id, const char* label, float width, bool enabled) {
  if (!enabled) ImGui::BeginDisabled();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float label_w = ImGui::CalcTextSize(label).x;
  const float actual_w = ImGui::CalcItemSize(ImVec2(width, 0), label_w + style.FramePadding.x * 2, 0).x;
  const float inner = actual_w - style.FramePadding.x * 2;
  bool pressed = false;
  if (width == 0.0f || label_w <= inner) {
    pressed = ImGui::Button(ImId(label, id).c_str(), ImVec2(width, TouchHeight(env)));
    Record(&env, id, label, label_w + style.FramePadding.x * 2, ImGui::GetItemRectSize().x, false);
  } else if (LongestWord(label) <= inner) {
    // Too long for one line: the label wraps between words onto a taller button.
    float text_h = ImGui::CalcTextSize(label, nullptr, false, inner).y;
    float h = std::max(TouchHeight(env), text_h + style.FramePadding.y * 2);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    pressed = ImGui::Button(("###" + id).c_str(), ImVec2(actual_w, h));
    CentredLines(ImGui::GetWindowDrawList(), pos.x, pos.y + (h - text_h) * 0.5f, actual_w, inner, label,
                 ImGui::GetColorU32(ImGuiCol_Text));
    Record(&env, id, label, LongestWord(label) + style.FramePadding.x * 2, actual_w, false);
  } else {
    // Not even one word fits: shortened with "…", the whole label on hover or tap.
    pressed = ImGui::Button(("###" + id).c_str(), ImVec2(actual_w, TouchHeight(env)));
    ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    float y = min.y + (max.y - min.y - ImGui::GetFontSize()) * 0.5f;
    ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), ImVec2(min.x + style.FramePadding.x, y),
                              ImVec2(max.x - style.FramePadding.x, max.y), max.x - style.FramePadding.x,
                              max.x - style.FramePadding.x, label, nullptr, nullptr);
    FullTextTooltip(label);
    Record(&env, id, label, label_w + style.FramePadding.x * 2, actual_w, true);
  }
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
  bool pressed = false;
  if (ButtonWidth(text.c_str()) > ImGui::GetContentRegionAvail().x) {
    pressed = TouchButton(env, id, text.c_str(), -FLT_MIN);  // wider than the line: the label wraps
  } else {
    pressed = ImGui::Button(ImId(text.c_str(), id).c_str(), ImVec2(0, TouchHeight(env)));
    Probe(env, id);
  }
  if (selected) ImGui::PopStyleColor(3);
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
  WrappedTextImpl(&env, "heading", text, false);
  if (env.title_font) ImGui::PopFont();
}

void Muted(const char* text) { WrappedTextImpl(nullptr, "", text, true); }

float BadgeWidth(const ScreenEnv& env, const char* text) { return ImGui::CalcTextSize(text).x + Px(env, 8.0f) * 2; }

void Badge(const ScreenEnv& env, const char* text, ImU32 background) {
  ImVec2 pad(Px(env, 8.0f), Px(env, 3.0f));
  ImVec2 size = ImGui::CalcTextSize(text);
  float avail = ImGui::GetContentRegionAvail().x;
  bool cut = size.x + pad.x * 2 > avail;
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImVec2 end(pos.x + (cut ? std::max(avail, pad.x * 2) : size.x + pad.x * 2), pos.y + size.y + pad.y * 2);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(pos, end, background, Px(env, 6.0f));
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
  ImGui::RenderTextEllipsis(dl, ImVec2(pos.x + pad.x, pos.y + pad.y), ImVec2(end.x - pad.x, end.y), end.x - pad.x,
                            end.x - pad.x, text, nullptr, &size);
  ImGui::PopStyleColor();
  ImGui::Dummy(ImVec2(end.x - pos.x, end.y - pos.y));
  if (cut) FullTextTooltip(text);
  Record(&env, "badge", text, size.x + pad.x * 2, end.x - pos.x, cut);
}

void Field(const char* label, const std::string& value) {
  float avail = ImGui::GetContentRegionAvail().x;
  float label_w = ImGui::CalcTextSize(label).x;
  WrappedTextImpl(nullptr, "", label, true);
  // The value beside its label when its first word fits there, else under it.
  size_t space = value.find(' ');
  float first_word = ImGui::CalcTextSize(value.c_str(), value.c_str() + (space == std::string::npos ? value.size() : space)).x;
  if (label_w + ImGui::GetStyle().ItemSpacing.x + first_word <= avail) ImGui::SameLine();
  WrappedTextImpl(nullptr, "", value.c_str(), false);
}

// ---- Layouts that fit ----

namespace {

void WrappedTextImpl(const ScreenEnv* env, const std::string& id, const char* text, bool muted) {
  float avail = ImGui::GetContentRegionAvail().x;
  if (LongestWord(text) > avail + 0.5f) {
    // One word alone is wider than the space: never broken in the middle, shortened instead.
    ImVec2 size = ImGui::CalcTextSize(text);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float w = std::max(avail, 1.0f);
    ImGui::Dummy(ImVec2(w, size.y));
    if (muted) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
    ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), pos, ImVec2(pos.x + w, pos.y + size.y), pos.x + w, pos.x + w,
                              text, nullptr, &size);
    if (muted) ImGui::PopStyleColor();
    FullTextTooltip(text);
    Record(env, id, text, size.x, w, true);
    return;
  }
  if (muted) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  if (muted) ImGui::PopStyleColor();
}

}  // namespace

bool Narrow(const ScreenEnv& env, float design_px) { return ImGui::GetContentRegionAvail().x < Px(env, design_px); }

float ButtonWidth(const char* label) { return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2; }

void SameLineIfFits(float next_width) {
  float x = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
  if (x + next_width <= ImGui::GetContentRegionMaxAbs().x + 0.5f) ImGui::SameLine();
}

void RightAligned(float width) {
  float edge = ImGui::GetContentRegionMaxAbs().x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width > edge + 0.5f) return;  // next line
  ImGui::SameLine();
  ImGui::SetCursorScreenPos(ImVec2(edge - width, ImGui::GetCursorScreenPos().y));
}

void TruncatedText(const ScreenEnv& env, const std::string& id, const std::string& text, float width, bool muted) {
  float avail = width > 0.0f ? width : ImGui::GetContentRegionAvail().x;
  ImVec2 size = ImGui::CalcTextSize(text.c_str());
  bool cut = size.x > avail + 0.5f;
  float w = cut ? std::max(avail, 1.0f) : size.x;
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(w, size.y));
  if (muted) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
  ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), pos, ImVec2(pos.x + w, pos.y + size.y), pos.x + w, pos.x + w,
                            text.c_str(), nullptr, &size);
  if (muted) ImGui::PopStyleColor();
  if (cut) FullTextTooltip(text.c_str());
  Record(&env, id, text.c_str(), size.x, w, cut);
}

void WrappedText(const ScreenEnv& env, const std::string& id, const std::string& text, bool muted) {
  WrappedTextImpl(&env, id, text.c_str(), muted);
}

void ButtonRow::Place(const char* label) {
  if (!first_) SameLineIfFits(ButtonWidth(label));
  first_ = false;
}

bool ButtonRow::Button(const std::string& id, const char* label, bool enabled) {
  Place(label);
  return TouchButton(env_, id, label, 0.0f, enabled);
}

bool ButtonRow::Primary(const std::string& id, const char* label, bool enabled) {
  Place(label);
  return PrimaryButton(env_, id, label, 0.0f, enabled);
}

bool BeginSheet(const ScreenEnv& env, const std::string& title, float design_width, float design_height) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float margin = Px(env, 10);
  const float max_w = vp->WorkSize.x - margin * 2, max_h = vp->WorkSize.y - margin * 2;
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(Px(env, design_width), max_w),
                                  design_height > 0 ? std::min(Px(env, design_height), max_h) : 0.0f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(max_w, max_h));
  return ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove);
}

ImU32 UrgentColour() { return IM_COL32(190, 40, 40, 255); }
ImU32 WarningColour() { return IM_COL32(200, 110, 0, 255); }
ImU32 OkColour() { return IM_COL32(30, 130, 60, 255); }
ImU32 NeutralColour() { return IM_COL32(100, 110, 120, 255); }

}  // namespace passerelle::ui
