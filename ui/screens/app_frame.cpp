// The frame host: one undecorated window filling the display, the top bar (navigation, language,
// settings, lock), the banner, then the current screen and its overlays.
#include <algorithm>
#include <string>

#include "app_frame.h"
#include "case_list_screen.h"
#include "directory_screen.h"
#include "disclosure_consents_screen.h"
#include "disclosure_dialog_screen.h"
#include "disclosure_reports_screen.h"
#include "dossier_screen.h"
#include "record_form_screen.h"
#include "settings_intents.h"
#include "settings_screen.h"
#include "shell_intents.h"
#include "sync_screen.h"
#include "undo_bar.h"
#include "unlock_screen.h"
#include "visit_editor_screen.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {

constexpr std::pair<Screen, const char*> kNav[] = {
    {Screen::kCases, "nav.cases"}, {Screen::kDirectory, "nav.directory"}, {Screen::kSync, "nav.sync"}};

}  // namespace

void DrawTopBar(bool unlocked, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  Heading(env, t.T("app.name"));
  ImGui::SameLine(0, Px(env, 24));
  if (unlocked) {
    for (const auto& [screen, key] : kNav) {
      bool here = env.ui.screen == screen ||
                  (screen == Screen::kCases && (env.ui.screen == Screen::kDossier || env.ui.screen == Screen::kVisit ||
                                                env.ui.screen == Screen::kExitReport ||
                                                env.ui.screen == Screen::kCoReport || env.ui.screen == Screen::kConsents));
      if (Chip(env, std::string("nav.") + ScreenName(screen), t.T(key), here)) out.Push(intent::Navigate{screen});
      ImGui::SameLine();
    }
  }
  // Right side: language, settings, lock — measured so the group ends at the window's edge.
  const ImGuiStyle& style = ImGui::GetStyle();
  auto button_w = [&](const std::string& label) { return ImGui::CalcTextSize(label.c_str()).x + style.FramePadding.x * 2; };
  float right = button_w(t.T("shell.settings"));
  for (auto lang : I18n::kLanguages) {
    std::string code(lang);
    std::string label = t.T(("lang.short." + code).c_str());
    right += button_w(env.ui.language == code ? "\xE2\x9C\x93 " + label : label) + style.ItemSpacing.x;
  }
  if (unlocked) right += button_w(t.T("shell.lock")) + style.ItemSpacing.x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right));
  for (auto lang : I18n::kLanguages) {
    std::string code(lang);
    std::string label = t.T(("lang.short." + code).c_str());
    if (Chip(env, "lang." + code, label.c_str(), env.ui.language == code))
      out.Push(intent::SetLanguage{code});
    ImGui::SameLine();
  }
  if (TouchButton(env, "shell.settings", t.T("shell.settings"))) out.Push(intent::OpenSettings{true});
  if (unlocked) {
    ImGui::SameLine();
    if (PrimaryButton(env, "shell.lock", t.T("shell.lock"))) out.Push(intent::Lock{});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", t.T("shell.lock_tooltip"));
  }
  ImGui::Separator();
}

void DrawBanner(const ScreenEnv& env, UiIntents& out) {
  if (!env.ui.banner) return;
  const Banner& b = *env.ui.banner;
  ImU32 bg = b.error ? IM_COL32(253, 228, 228, 255) : IM_COL32(224, 242, 236, 255);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, bg);
  float h = TouchHeight(env) + Px(env, 12);
  if (ImGui::BeginChild("###banner", ImVec2(0, h), true, ImGuiWindowFlags_NoScrollbar)) {
    std::string text = env.t.T(b.key.c_str());
    if (!b.detail.empty()) text += " — " + b.detail;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text.c_str());
    Probe(env, "banner.text");
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - Px(env, 120));
    if (TouchButton(env, "banner.dismiss", env.t.T("shell.dismiss"), Px(env, 120))) out.Push(intent::DismissBanner{});
  }
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

void DrawApp(AppController& app, const ScreenEnv& env, UiIntents& out) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGuiWindowFlags host = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                          ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar;
  if (ImGui::Begin("###passerelle", nullptr, host)) {
    DrawTopBar(app.unlocked(), env, out);
    DrawBanner(env, out);
    switch (app.unlocked() ? env.ui.screen : Screen::kUnlock) {
      case Screen::kUnlock: DrawUnlock(app.unlock_model(), app.passphrase_fields(), env, out); break;
      case Screen::kCases: DrawCaseList(app.cases(), env, out); break;
      case Screen::kDossier: DrawDossier(app.dossier(), app.disclosure(), env, out); break;
      case Screen::kVisit: DrawVisitEditor(app.visit(), env, out); break;
      case Screen::kDirectory: DrawDirectory(app.directory(), app.dossier(), env, out); break;
      case Screen::kSync: DrawSync(app.sync(), env, out); break;
      case Screen::kExitReport: DrawExitReport(app.disclosure(), env, out); break;
      case Screen::kCoReport: DrawCoReport(app.disclosure(), env, out); break;
      case Screen::kConsents: DrawConsentScreen(app.disclosure(), env, out); break;
    }
    if (app.unlocked() && env.ui.start_visit_open) DrawStartVisit(app.visit(), env, out);
    if (app.unlocked() && env.ui.form != FormKind::kNone) DrawRecordForm(app.form(), env, out);
    if (app.unlocked()) DrawDisclosureDialog(app.disclosure(), env, out);
    if (env.ui.settings_open) DrawSettings(app.idle_lock(), env, out);
  }
  ImGui::End();
  if (app.unlocked()) DrawUndoBar(env, out);
}

}  // namespace passerelle::ui
