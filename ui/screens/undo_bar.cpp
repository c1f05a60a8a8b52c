#include "undo_bar.h"

#include <algorithm>

#include "records_intents.h"
#include "widgets.h"

namespace passerelle::ui {

void DrawUndoBar(const ScreenEnv& env, UiIntents& out) {
  if (!env.ui.undo) return;
  const I18n& t = env.t;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  // Over the content, bottom centre, where a thumb reaches; it moves nothing else on screen.
  const float width = std::min(Px(env, 720), vp->WorkSize.x - Px(env, 20));
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y - Px(env, 16)),
                          ImGuiCond_Always, ImVec2(0.5f, 1.0f));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(40, 44, 52, 255));
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoFocusOnAppearing;
  if (ImGui::Begin("###undo_bar", nullptr, flags)) {
    const float buttons = Px(env, 150) * 2 + ImGui::GetStyle().ItemSpacing.x;
    ImGui::AlignTextToFramePadding();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - buttons - Px(env, 32));
    ImGui::TextWrapped("%s", t.T(env.ui.undo->key.c_str()));
    ImGui::PopTextWrapPos();
    Probe(env, "undo.text");
    ImGui::SameLine(width - buttons - ImGui::GetStyle().WindowPadding.x);
    ImGui::PopStyleColor();  // the buttons keep the theme's text colour
    if (PrimaryButton(env, "undo.undo", t.T("records.undo_button"), Px(env, 150))) out.Push(intent::UndoLast{});
    ImGui::SameLine();
    if (TouchButton(env, "undo.dismiss", t.T("shell.dismiss"), Px(env, 150))) out.Push(intent::DismissUndo{});
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
  }
  ImGui::End();
  ImGui::PopStyleColor(2);
}

}  // namespace passerelle::ui
