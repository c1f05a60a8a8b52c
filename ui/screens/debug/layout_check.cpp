#include "layout_check.h"

#include <algorithm>

#include <cstdio>
#include <string_view>

#include "imgui_internal.h"

namespace passerelle::ui {
namespace {

// Two pixels of slack: positions are floats, a right-aligned item ends exactly on the edge, and a
// child without padding clips its frame's last pixel of border (ImGui insets the clip by the
// border size): nothing a person would read as cut.
constexpr float kSlack = 2.0f;

std::string WindowName(const ImGuiWindow* w) { return w->Name != nullptr ? w->Name : "?"; }

void CheckWindow(const ImGuiWindow* w, const ImGuiViewport* vp, std::vector<LayoutProblem>* out) {
  // The window's own clip rectangle (InnerRect less half the padding, as ImGui clips), not the one
  // clipped by its parent: a child scrolled half out of its parent's view is not cut.
  ImRect clip = w->InnerRect;
  clip.Expand(ImVec2(-ImFloor(w->WindowPadding.x * 0.5f), -ImFloor(w->WindowPadding.y * 0.5f)));
  const ImVec2 max = w->DC.CursorMaxPos;  // the farthest any item of this frame reached
  if (max.x > clip.Max.x + kSlack)
    out->push_back({WindowName(w), "content wider than the window", max.x - clip.Min.x, clip.GetWidth()});
  if (!w->ScrollbarY && max.y > clip.Max.y + kSlack)
    out->push_back({WindowName(w), "content taller than a window that cannot scroll", max.y - clip.Min.y,
                    clip.GetHeight()});
  if ((w->Flags & ImGuiWindowFlags_ChildWindow) && w->ParentWindow != nullptr) {
    const ImRect parent = w->ParentWindow->InnerClipRect;
    if (w->Rect().Max.x > parent.Max.x + kSlack)
      out->push_back({WindowName(w), "child wider than its parent", w->Rect().GetWidth(), parent.Max.x - w->Pos.x});
  } else {
    ImRect screen(vp->Pos, ImVec2(vp->Pos.x + vp->Size.x, vp->Pos.y + vp->Size.y));
    ImRect r = w->Rect();
    if (r.Min.x < screen.Min.x - kSlack || r.Max.x > screen.Max.x + kSlack)
      out->push_back({WindowName(w), "window wider than the screen or off its side", r.GetWidth(), screen.GetWidth()});
    if (r.Min.y < screen.Min.y - kSlack || r.Max.y > screen.Max.y + kSlack)
      out->push_back({WindowName(w), "window taller than the screen or off its bottom", r.GetHeight(),
                      screen.GetHeight()});
  }
}

void CheckTable(ImGuiTable* t, std::vector<LayoutProblem>* out) {
  for (int n = 0; n < t->ColumnsCount; ++n) {
    const ImGuiTableColumn& c = t->Columns[n];
    if (!c.IsEnabled) continue;
    char where[160];
    std::snprintf(where, sizeof where, "%s / table %08x column %d (%s)", WindowName(t->OuterWindow).c_str(), t->ID, n,
                  ImGui::TableGetColumnName(t, n));
    if (c.WorkMaxX > t->InnerClipRect.Max.x + kSlack)
      out->push_back({where, "column off the table's right edge", c.WorkMaxX - c.WorkMinX,
                      t->InnerClipRect.Max.x - c.WorkMinX});
    float content = std::max(c.ContentMaxXUnfrozen, c.ContentMaxXFrozen);
    if (content > c.ClipRect.Max.x + kSlack)
      out->push_back({where, "cell content wider than its column", content - c.WorkMinX, c.ClipRect.Max.x - c.WorkMinX});
  }
}

}  // namespace

std::vector<LayoutProblem> FindLayoutProblems(const WidgetProbe* probe) {
  std::vector<LayoutProblem> out;
  ImGuiContext& g = *ImGui::GetCurrentContext();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  for (ImGuiWindow* w : g.Windows) {
    if (w->LastFrameActive != g.FrameCount || w->Hidden) continue;
    if (w->Flags & ImGuiWindowFlags_Tooltip) continue;  // placed by ImGui beside the pointer
    if (std::string_view(WindowName(w)).rfind("Debug##Default", 0) == 0) continue;  // ImGui's implicit window
    CheckWindow(w, vp, &out);
  }
  for (int i = 0; i < g.Tables.GetMapSize(); ++i)
    if (ImGuiTable* t = g.Tables.TryGetMapData(i); t != nullptr && t->LastFrameActive == g.FrameCount)
      CheckTable(t, &out);
  if (probe != nullptr)
    for (const auto& text : probe->texts)
      if (!text.ellipsized && text.needed > text.available + kSlack)
        out.push_back({text.id, "text wider than its box: " + text.text, text.needed, text.available});
  return out;
}

std::string Describe(const LayoutProblem& p) {
  char sizes[64];
  std::snprintf(sizes, sizeof sizes, " (needs %.0f px, has %.0f px)", p.needed, p.available);
  return p.where + ": " + p.what + sizes;
}

}  // namespace passerelle::ui
