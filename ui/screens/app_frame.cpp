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
#include "hub_sync_screen.h"
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

namespace {

bool Here(const ScreenEnv& env, Screen screen) {
  return env.ui.screen == screen ||
         (screen == Screen::kCases && (env.ui.screen == Screen::kDossier || env.ui.screen == Screen::kVisit ||
                                       env.ui.screen == Screen::kExitReport || env.ui.screen == Screen::kCoReport ||
                                       env.ui.screen == Screen::kConsents));
}

std::string LanguageLabel(const ScreenEnv& env, std::string_view code) {
  std::string label = env.t.T(("lang.short." + std::string(code)).c_str());
  return env.ui.language == code ? "\xE2\x9C\x93 " + label : label;  // ✓ as the chip draws it
}

void LanguageChips(const ScreenEnv& env, UiIntents& out, bool same_line_first) {
  for (auto lang : I18n::kLanguages) {
    std::string code(lang);
    if (same_line_first || code != I18n::kLanguages[0]) ImGui::SameLine();
    if (Chip(env, "lang." + code, env.t.T(("lang.short." + code).c_str()), env.ui.language == code))
      out.Push(intent::SetLanguage{code});
  }
}

// The menu of a narrow bar: the screens (when they did not fit in the bar), the languages and the
// settings, as full-width rows a finger can hit.
void ShellMenu(bool unlocked, bool with_nav, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const char* popup = "###shell.menu_popup";
  if (TouchButton(env, "shell.menu", t.T("layout.menu"))) ImGui::OpenPopup(popup);
  if (!ImGui::BeginPopup(popup)) return;
  float row_w = std::min(Px(env, 320), ImGui::GetMainViewport()->WorkSize.x - Px(env, 40));
  if (unlocked && with_nav) {
    for (const auto& [screen, key] : kNav) {
      std::string id = std::string("nav.") + ScreenName(screen);
      if (ImGui::Selectable((std::string(Here(env, screen) ? "\xE2\x9C\x93 " : "") + t.T(key) + "###" + id).c_str(),
                            Here(env, screen), 0, ImVec2(row_w, TouchHeight(env)))) {
        out.Push(intent::Navigate{screen});
      }
      Probe(env, id);
    }
    ImGui::Separator();
  }
  ImGui::Dummy(ImVec2(row_w, 0));
  LanguageChips(env, out, false);
  if (TouchButton(env, "shell.settings", t.T("shell.settings"), row_w)) {
    out.Push(intent::OpenSettings{true});
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

void DrawTopBar(bool unlocked, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float gap = Px(env, 24);
  // What each arrangement needs, measured in this frame's font: everything on one line; the
  // screens and Lock with the languages and settings in a menu; or a menu and Lock only.
  if (env.title_font) ImGui::PushFont(env.title_font);
  const float title_w = ImGui::CalcTextSize(t.T("app.name")).x;
  if (env.title_font) ImGui::PopFont();
  float nav_w = 0;
  if (unlocked)
    for (const auto& [screen, key] : kNav)
      nav_w += ButtonWidth((std::string(Here(env, screen) ? "\xE2\x9C\x93 " : "") + t.T(key)).c_str()) +
               style.ItemSpacing.x;
  float tools_w = ButtonWidth(t.T("shell.settings"));
  for (auto lang : I18n::kLanguages) tools_w += ButtonWidth(LanguageLabel(env, lang).c_str()) + style.ItemSpacing.x;
  const float lock_w = unlocked ? ButtonWidth(t.T("shell.lock")) + style.ItemSpacing.x : 0.0f;
  const float menu_w = ButtonWidth(t.T("layout.menu")) + style.ItemSpacing.x;
  const bool full = title_w + gap + nav_w + gap + tools_w + lock_w <= avail;
  const bool nav_in_bar = full || title_w + gap + nav_w + menu_w + lock_w <= avail || nav_w + menu_w + lock_w <= avail;
  const bool title_in_bar = full || title_w + gap + (nav_in_bar ? nav_w : 0.0f) + menu_w + lock_w <= avail;

  if (title_in_bar) {
    ImGui::AlignTextToFramePadding();
    Heading(env, t.T("app.name"));
    ImGui::SameLine(0, gap);
  }
  if (!full) {
    ShellMenu(unlocked, !nav_in_bar, env, out);
    ImGui::SameLine();
  }
  if (unlocked && nav_in_bar) {
    for (const auto& [screen, key] : kNav) {
      if (Chip(env, std::string("nav.") + ScreenName(screen), t.T(key), Here(env, screen)))
        out.Push(intent::Navigate{screen});
      ImGui::SameLine();
    }
  }
  // Right side, ending at the window's edge: (language, settings when they fit) and Lock.
  const float right = (full ? tools_w : 0.0f) + lock_w;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right));
  if (full) {
    LanguageChips(env, out, false);
    ImGui::SameLine();
    if (TouchButton(env, "shell.settings", t.T("shell.settings"))) out.Push(intent::OpenSettings{true});
    if (unlocked) ImGui::SameLine();
  }
  if (unlocked) {
    if (PrimaryButton(env, "shell.lock", t.T("shell.lock"))) out.Push(intent::Lock{});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", t.T("shell.lock_tooltip"));
  } else if (!full) {
    ImGui::NewLine();
  }
  ImGui::Separator();
}

// The banner floats over the bottom of the screen (it never pushes the screen down, so nothing
// moves under the finger when it appears or goes), until dismissed or replaced.
void DrawBanner(const ScreenEnv& env, UiIntents& out) {
  if (!env.ui.banner) return;
  const Banner& b = *env.ui.banner;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float margin = Px(env, 12);
  const float width = std::min(vp->WorkSize.x - margin * 2, Px(env, 760));
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + (vp->WorkSize.x - width) * 0.5f, vp->WorkPos.y + vp->WorkSize.y - margin),
                          ImGuiCond_Always, ImVec2(0, 1));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImU32 bg = b.error ? IM_COL32(253, 228, 228, 255) : IM_COL32(224, 242, 236, 255);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, bg);
  ImGui::PushStyleColor(ImGuiCol_Border, b.error ? UrgentColour() : OkColour());
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, Px(env, 2));
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                           ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing |
                           ImGuiWindowFlags_NoNav;
  if (ImGui::Begin("###banner", nullptr, flags)) {
    std::string text = env.t.T(b.key.c_str());
    if (!b.detail.empty()) text += " \xE2\x80\x94 " + b.detail;  // —
    const float button_w = std::max(ButtonWidth(env.t.T("shell.dismiss")), Px(env, 96));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(ImGui::GetContentRegionAvail().x - button_w -
                                                                 ImGui::GetStyle().ItemSpacing.x, Px(env, 120)));
    WrappedText(env, "banner.text", text);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    Probe(env, "banner.text");
    RightAligned(button_w);
    if (TouchButton(env, "banner.dismiss", env.t.T("shell.dismiss"), button_w)) out.Push(intent::DismissBanner{});
  }
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(2);
}

void DrawApp(AppController& app, const ScreenEnv& env, UiIntents& out) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGuiWindowFlags host = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                          ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar;
  if (ImGui::Begin("###passerelle", nullptr, host)) {
    DrawTopBar(app.unlocked(), env, out);
    switch (app.unlocked() ? env.ui.screen : Screen::kUnlock) {
      case Screen::kUnlock: DrawUnlock(app.unlock_model(), app.passphrase_fields(), env, out); break;
      case Screen::kCases: DrawCaseList(app.cases(), env, out); break;
      case Screen::kDossier: DrawDossier(app.dossier(), app.disclosure(), env, out); break;
      case Screen::kVisit: DrawVisitEditor(app.visit(), env, out); break;
      case Screen::kDirectory: DrawDirectory(app.directory(), app.dossier(), env, out); break;
      case Screen::kSync:  // a page that scrolls as a whole: it has no list of its own to scroll
        ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
        ImGui::BeginChild("###sync.page");
        ImGui::PopStyleColor();
        DrawHubSync(app.hub(), env, out);
        ImGui::Separator();
        DrawSync(app.sync(), env, out);
        ImGui::EndChild();
        break;
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
  DrawBanner(env, out);
}

}  // namespace passerelle::ui
