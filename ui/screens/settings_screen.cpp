// Settings overlay: language, UI scale (for tablets and tired eyes), auto-lock delay.
#include "settings_screen.h"

#include <string>

#include "settings.h"
#include "settings_intents.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {
constexpr int kAutoLockChoices[] = {1, 2, 5, 10, 15, 30};
}

void DrawSettings(const IdleLock& idle, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const char* popup = "###settings";
  if (!ImGui::IsPopupOpen(popup)) ImGui::OpenPopup(popup);
  if (!BeginSheet(env, std::string(t.T("settings.title")) + popup, 560)) return;

  Heading(env, t.T("settings.language"));
  for (auto lang : I18n::kLanguages) {
    std::string code(lang);
    if (RadioRow(env, "settings.lang." + code, t.T(("lang.name." + code).c_str()), env.ui.language == code))
      out.Push(intent::SetLanguage{code});
  }
  ImGui::Spacing();
  Heading(env, t.T("settings.ui_scale"));
  float used = 0;
  for (int percent : kUiScaleChoices) {
    std::string label = std::to_string(percent) + " %";
    FlowNext(label.c_str(), env.ui.ui_scale_percent == percent, &used);
    if (Chip(env, "settings.scale." + std::to_string(percent), label.c_str(), env.ui.ui_scale_percent == percent))
      out.Push(intent::SetUiScale{percent});
  }
  Muted(t.Format("settings.display_scale", {{"percent", std::to_string(static_cast<int>(env.ui.content_scale * 100 + 0.5f))}})
            .c_str());
  ImGui::Spacing();
  Heading(env, t.T("settings.auto_lock"));
  used = 0;
  for (int minutes : kAutoLockChoices) {
    std::string label = t.Plural("settings.minutes", minutes);
    FlowNext(label.c_str(), idle.minutes() == minutes, &used);
    if (Chip(env, "settings.lock." + std::to_string(minutes), label.c_str(), idle.minutes() == minutes))
      out.Push(intent::SetAutoLockMinutes{minutes});
  }
  Muted(t.T("settings.auto_lock_hint"));
  ImGui::Spacing();
  if (PrimaryButton(env, "settings.close", t.T("shell.close"), -1.0f)) {
    out.Push(intent::OpenSettings{false});
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace passerelle::ui
