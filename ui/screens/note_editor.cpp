#include "note_editor.h"

#include <algorithm>

#include "imgui_internal.h"

namespace passerelle::ui {
namespace {

// Keys of the editor's state in its child window's ImGuiStorage.
enum : ImGuiID { kCaret = 1, kAnchor, kPreferredX, kWasActive, kDragging };

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

size_t PrevBoundary(std::string_view t, size_t i) {
  if (i == 0) return 0;
  --i;
  while (i > 0 && IsContinuation(t[i])) --i;
  return i;
}

size_t NextBoundary(std::string_view t, size_t i) {
  if (i >= t.size()) return t.size();
  ++i;
  while (i < t.size() && IsContinuation(t[i])) ++i;
  return i;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n'; }

size_t PrevWord(std::string_view t, size_t i) {
  while (i > 0 && IsSpace(t[i - 1])) --i;
  while (i > 0 && !IsSpace(t[i - 1])) i = PrevBoundary(t, i);
  return i;
}

size_t NextWord(std::string_view t, size_t i) {
  while (i < t.size() && !IsSpace(t[i])) i = NextBoundary(t, i);
  while (i < t.size() && IsSpace(t[i])) ++i;
  return i;
}

size_t LineOf(const std::vector<WrappedLine>& lines, size_t offset) {
  size_t found = 0;
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].begin <= offset) found = i;
  return found;
}

float XOf(const ImFont* font, float size, std::string_view t, const WrappedLine& line, size_t offset) {
  return font->CalcTextSizeA(size, FLT_MAX, 0.0f, t.data() + line.begin, t.data() + std::min(offset, line.end)).x;
}

// The offset in `line` whose x is closest to `x`.
size_t OffsetAtX(const ImFont* font, float size, std::string_view t, const WrappedLine& line, float x) {
  size_t best = line.begin;
  float prev_x = 0.0f;
  for (size_t i = line.begin; i < line.end;) {
    size_t next = NextBoundary(t, i);
    float next_x = prev_x + font->CalcTextSizeA(size, FLT_MAX, 0.0f, t.data() + i, t.data() + next).x;
    if (x < (prev_x + next_x) * 0.5f) return i;
    best = next;
    prev_x = next_x;
    i = next;
  }
  // A wrapped line's last offset is the next line's first: stay before its trailing blank.
  if (best == line.end && line.end < t.size() && t[line.end] != '\n' && best > line.begin)
    best = PrevBoundary(t, best);
  return best;
}

}  // namespace

std::vector<WrappedLine> WrapText(const ImFont* font, float font_size, std::string_view text, float width) {
  std::vector<WrappedLine> lines;
  const float scale = font_size / font->FontSize;
  size_t pos = 0;
  while (true) {
    size_t nl = text.find('\n', pos);
    size_t para_end = nl == std::string_view::npos ? text.size() : nl;
    if (pos == para_end) lines.push_back({pos, pos});
    const char* base = text.data();
    size_t s = pos;
    while (s < para_end) {
      const char* wrap = font->CalcWordWrapPositionA(scale, base + s, base + para_end, std::max(width, 1.0f));
      size_t w = static_cast<size_t>(wrap - base);
      if (w <= s) w = NextBoundary(text, s);  // at least one character per line
      while (w < para_end && IsContinuation(text[w])) ++w;
      size_t e = w;
      while (e < para_end && (text[e] == ' ' || text[e] == '\t')) ++e;  // blanks stay on this line
      lines.push_back({s, e});
      s = e;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
    if (pos == text.size()) {  // a trailing newline opens an empty last line
      lines.push_back({pos, pos});
      break;
    }
  }
  if (lines.empty()) lines.push_back({0, 0});
  return lines;
}

NoteEditorResult NoteEditor(const char* str_id, const std::string& text, const char* hint, ImVec2 size,
                            SecretText* changed) {
  NoteEditorResult result;
  ImGuiContext& g = *GImGui;
  ImGuiIO& io = ImGui::GetIO();
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
  ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, ImGui::GetStyle().FrameRounding);
  bool visible = ImGui::BeginChild(str_id, size, true, ImGuiWindowFlags_NoMove);
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  if (!visible) {
    ImGui::EndChild();
    return result;
  }
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  ImGuiStorage* st = ImGui::GetStateStorage();
  const ImGuiID id = window->GetID("##note_text");
  ImFont* font = ImGui::GetFont();
  const float font_size = ImGui::GetFontSize();
  const float line_h = font_size * 1.35f;  // airy lines are easier to reread during a visit
  const float width = ImGui::GetContentRegionAvail().x;
  const float view_h = ImGui::GetContentRegionAvail().y;

  SecretText work(text);
  std::string& t = work.mutable_str();
  size_t caret = std::min<size_t>(static_cast<size_t>(st->GetInt(kCaret, static_cast<int>(t.size()))), t.size());
  size_t anchor = std::min<size_t>(static_cast<size_t>(st->GetInt(kAnchor, static_cast<int>(caret))), t.size());
  while (caret > 0 && caret < t.size() && IsContinuation(t[caret])) --caret;
  while (anchor > 0 && anchor < t.size() && IsContinuation(t[anchor])) --anchor;
  float preferred_x = st->GetFloat(kPreferredX, -1.0f);

  auto lines = WrapText(font, font_size, t, width);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float content_h = std::max(static_cast<float>(lines.size()) * line_h, view_h);
  const ImRect bb(origin, ImVec2(origin.x + width, origin.y + content_h));
  ImGui::ItemSize(bb);
  ImGui::ItemAdd(bb, id);
  const bool hovered = ImGui::ItemHoverable(bb, id);
  if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_TextInput);

  auto offset_at_mouse = [&]() {
    size_t li = static_cast<size_t>(std::clamp((io.MousePos.y - origin.y) / line_h, 0.0f,
                                               static_cast<float>(lines.size() - 1)));
    return OffsetAtX(font, font_size, t, lines[li], io.MousePos.x - origin.x);
  };

  bool active = g.ActiveId == id;
  bool moved = false;
  if (hovered && io.MouseClicked[0]) {
    ImGui::SetActiveID(id, window);
    ImGui::SetFocusID(id, window);
    ImGui::FocusWindow(window);
    active = true;
    caret = offset_at_mouse();
    if (!io.KeyShift) anchor = caret;
    st->SetBool(kDragging, true);
    preferred_x = -1.0f;
    moved = true;
  } else if (active && io.MouseClicked[0] && !hovered) {
    ImGui::ClearActiveID();  // a tap elsewhere ends editing (and triggers the save)
    active = false;
  }
  if (!io.MouseDown[0]) st->SetBool(kDragging, false);
  if (active && io.MouseDown[0] && st->GetBool(kDragging) && !io.MouseClicked[0]) {
    caret = offset_at_mouse();
    moved = true;
  }

  bool edited = false;
  if (active) {
    ImGui::KeepAliveID(id);
    // Holding the focus must not make every other widget deaf: while the button is up, the top
    // bar's Lock, the tabs and "Done" (drawn before this editor) stay hoverable, so the first tap
    // on them acts (ImGui's own InputText does the same). During a drag selection they do not.
    g.ActiveIdAllowOverlap = !io.MouseDown[0];
    g.WantTextInputNextFrame = 1;
    const bool ctrl = io.ConfigMacOSXBehaviors ? io.KeySuper : io.KeyCtrl;
    const bool shift = io.KeyShift;
    auto pressed = [](ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), true); };
    auto has_selection = [&] { return caret != anchor; };
    auto delete_selection = [&] {
      size_t a = std::min(caret, anchor), b = std::max(caret, anchor);
      t.erase(a, b - a);
      caret = anchor = a;
      edited = true;
    };
    auto insert = [&](std::string_view s) {
      if (has_selection()) delete_selection();
      t.insert(caret, s);
      caret += s.size();
      anchor = caret;
      edited = true;
    };
    auto move_to = [&](size_t to, bool keep_x = false) {
      caret = to;
      if (!shift) anchor = caret;
      if (!keep_x) preferred_x = -1.0f;
      moved = true;
    };
    auto vertical = [&](int delta) {
      size_t li = LineOf(lines, caret);
      if (preferred_x < 0) preferred_x = XOf(font, font_size, t, lines[li], caret);
      long target = static_cast<long>(li) + delta;
      if (target < 0) return move_to(0, true);
      if (target >= static_cast<long>(lines.size())) return move_to(t.size(), true);
      move_to(OffsetAtX(font, font_size, t, lines[static_cast<size_t>(target)], preferred_x), true);
    };
    const int page = std::max(1, static_cast<int>(view_h / line_h) - 1);

    if (pressed(ImGuiKey_LeftArrow)) {
      if (has_selection() && !shift) move_to(std::min(caret, anchor));
      else move_to(ctrl ? PrevWord(t, caret) : PrevBoundary(t, caret));
    } else if (pressed(ImGuiKey_RightArrow)) {
      if (has_selection() && !shift) move_to(std::max(caret, anchor));
      else move_to(ctrl ? NextWord(t, caret) : NextBoundary(t, caret));
    } else if (pressed(ImGuiKey_UpArrow)) {
      vertical(-1);
    } else if (pressed(ImGuiKey_DownArrow)) {
      vertical(1);
    } else if (pressed(ImGuiKey_PageUp)) {
      vertical(-page);
    } else if (pressed(ImGuiKey_PageDown)) {
      vertical(page);
    } else if (pressed(ImGuiKey_Home)) {
      move_to(ctrl ? 0 : lines[LineOf(lines, caret)].begin);
    } else if (pressed(ImGuiKey_End)) {
      const WrappedLine& l = lines[LineOf(lines, caret)];
      size_t end = l.end;
      if (end > l.begin && end < t.size() && t[end] != '\n') end = PrevBoundary(t, end);
      move_to(ctrl ? t.size() : end);
    } else if (pressed(ImGuiKey_Backspace)) {
      if (has_selection()) delete_selection();
      else if (caret > 0) {
        size_t from = ctrl ? PrevWord(t, caret) : PrevBoundary(t, caret);
        t.erase(from, caret - from);
        caret = anchor = from;
        edited = true;
      }
    } else if (pressed(ImGuiKey_Delete)) {
      if (has_selection()) delete_selection();
      else if (caret < t.size()) {
        size_t to = ctrl ? NextWord(t, caret) : NextBoundary(t, caret);
        t.erase(caret, to - caret);
        edited = true;
      }
    } else if (pressed(ImGuiKey_Enter) || pressed(ImGuiKey_KeyPadEnter)) {
      insert("\n");
    } else if (pressed(ImGuiKey_Escape)) {
      ImGui::ClearActiveID();
      active = false;
    } else if (ctrl && pressed(ImGuiKey_A)) {
      anchor = 0;
      caret = t.size();
      moved = true;
    } else if (ctrl && (pressed(ImGuiKey_C) || pressed(ImGuiKey_X)) && has_selection()) {
      size_t a = std::min(caret, anchor), b = std::max(caret, anchor);
      SecretText copy(t.substr(a, b - a));
      ImGui::SetClipboardText(copy.str().c_str());
      if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_X))) delete_selection();
    } else if (ctrl && pressed(ImGuiKey_V)) {
      if (const char* clip = ImGui::GetClipboardText()) {
        std::string pasted(clip);
        pasted.erase(std::remove(pasted.begin(), pasted.end(), '\r'), pasted.end());
        insert(pasted);
      }
    }
    // Typed characters (IME and dead keys arrive here already composed: é, ë, ç...).
    if (!(io.KeyCtrl && !io.KeyAlt)) {
      for (ImWchar c : io.InputQueueCharacters) {
        if (c < 0x20 || c == 0x7F) continue;
        char utf8[5];
        insert(ImTextCharToUtf8(utf8, c));
      }
    }
    io.InputQueueCharacters.resize(0);
    if (edited) {
      lines = WrapText(font, font_size, t, width);
      moved = true;
      preferred_x = -1.0f;
    }
  }

  // Keep the caret in view after it moved.
  size_t caret_line = LineOf(lines, caret);
  float caret_y = static_cast<float>(caret_line) * line_h;
  if (moved && active) {
    if (caret_y < ImGui::GetScrollY()) ImGui::SetScrollY(caret_y);
    else if (caret_y + line_h > ImGui::GetScrollY() + view_h) ImGui::SetScrollY(caret_y + line_h - view_h);
  }

  // Draw: selection, text, caret, hint.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
  const float text_dy = (line_h - font_size) * 0.5f;
  const float clip_top = window->ClipRect.Min.y, clip_bottom = window->ClipRect.Max.y;
  size_t sel_a = std::min(caret, anchor), sel_b = std::max(caret, anchor);
  for (size_t i = 0; i < lines.size(); ++i) {
    float y = origin.y + static_cast<float>(i) * line_h;
    if (y + line_h < clip_top || y > clip_bottom) continue;
    const WrappedLine& l = lines[i];
    if (sel_a != sel_b && sel_a <= l.end && sel_b >= l.begin) {
      float x0 = XOf(font, font_size, t, l, std::max(sel_a, l.begin));
      float x1 = XOf(font, font_size, t, l, std::min(sel_b, l.end));
      if (sel_b > l.end) x1 += font_size * 0.3f;  // show that the line break is selected
      dl->AddRectFilled(ImVec2(origin.x + x0, y), ImVec2(origin.x + x1, y + line_h),
                        ImGui::GetColorU32(ImGuiCol_TextSelectedBg));
    }
    dl->AddText(font, font_size, ImVec2(origin.x, y + text_dy), ink, t.data() + l.begin, t.data() + l.end);
  }
  if (t.empty() && !active && hint != nullptr)
    dl->AddText(font, font_size, ImVec2(origin.x, origin.y + text_dy), ImGui::GetColorU32(ImGuiCol_TextDisabled), hint);
  if (active) {
    float cx = origin.x + XOf(font, font_size, t, lines[caret_line], caret);
    float cy = origin.y + caret_y;
    dl->AddLine(ImVec2(cx, cy + line_h * 0.1f), ImVec2(cx, cy + line_h * 0.9f), ink, std::max(2.0f, font_size / 9));
  }

  st->SetInt(kCaret, static_cast<int>(caret));
  st->SetInt(kAnchor, static_cast<int>(anchor));
  st->SetFloat(kPreferredX, preferred_x);
  bool was_active = st->GetBool(kWasActive);
  st->SetBool(kWasActive, active);
  ImGui::EndChild();

  result.active = active;
  result.deactivated = was_active && !active;
  result.edited = edited && t != text;
  if (result.edited) *changed = std::move(work);
  return result;
}

}  // namespace passerelle::ui
