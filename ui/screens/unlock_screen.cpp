// Unlock screen: passphrase (masked), clear message on a wrong passphrase; on first run, vault
// creation with identity, passphrase confirmation and a strength hint. Nothing of the case files
// is visible here (the vault is closed).
#include "unlock_screen.h"

#include <algorithm>
#include <string>

#include "unlock_intents.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {

bool PassphraseField(const ScreenEnv& env, const std::string& id, const char* hint, char* buffer, size_t capacity,
                     bool submit_on_enter) {
  ImGui::SetNextItemWidth(-1.0f);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                      ImVec2(Px(env, 10.0f), (TouchHeight(env) - ImGui::GetFontSize()) * 0.5f));
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_Password | (submit_on_enter ? ImGuiInputTextFlags_EnterReturnsTrue : 0);
  // Edits the guarded buffer in place: the secret is never copied into a std::string.
  bool entered = ImGui::InputTextWithHint(("###" + id).c_str(), hint, buffer, capacity, flags);
  ImGui::PopStyleVar();
  Probe(env, id);
  return entered;
}

ImU32 StrengthColour(PassphraseStrength s) {
  switch (s) {
    case PassphraseStrength::kEmpty:
    case PassphraseStrength::kTooShort: return UrgentColour();
    case PassphraseStrength::kWeak: return WarningColour();
    case PassphraseStrength::kFair: return IM_COL32(150, 150, 30, 255);
    case PassphraseStrength::kStrong: return OkColour();
  }
  return NeutralColour();
}

float StrengthFraction(PassphraseStrength s) {
  switch (s) {
    case PassphraseStrength::kEmpty: return 0.0f;
    case PassphraseStrength::kTooShort: return 0.15f;
    case PassphraseStrength::kWeak: return 0.4f;
    case PassphraseStrength::kFair: return 0.7f;
    case PassphraseStrength::kStrong: return 1.0f;
  }
  return 0.0f;
}

void DrawCreate(const UnlockModel& model, PassphraseFields fields, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  Heading(env, t.T("unlock.create_title"));
  Muted(t.T("unlock.create_intro"));
  ImGui::Spacing();
  ImGui::TextUnformatted(t.T("unlock.worker_name"));
  SecretText edited;
  if (EditLine(env, "unlock.worker", t.T("unlock.worker_hint"), model.worker(), &edited))
    out.Push(intent::SetIdentityField{false, edited.str()});
  ImGui::TextUnformatted(t.T("unlock.service_name"));
  if (EditLine(env, "unlock.service", t.T("unlock.service_hint"), model.service(), &edited))
    out.Push(intent::SetIdentityField{true, edited.str()});
  ImGui::Spacing();
  ImGui::TextUnformatted(t.T("unlock.new_passphrase"));
  PassphraseField(env, "unlock.passphrase", t.T("unlock.passphrase_hint"), fields.passphrase, fields.capacity, false);
  PassphraseStrength strength = model.strength();
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, StrengthColour(strength));
  ImGui::ProgressBar(StrengthFraction(strength), ImVec2(-1.0f, Px(env, 10)), "");
  ImGui::PopStyleColor();
  Probe(env, "unlock.strength");
  Muted(t.T(StrengthKey(strength)));
  ImGui::TextUnformatted(t.T("unlock.confirm_passphrase"));
  bool enter =
      PassphraseField(env, "unlock.confirmation", t.T("unlock.confirm_hint"), fields.confirmation, fields.capacity, true);
  if (!model.confirmation().empty() && !model.confirmation_matches()) {
    ImGui::PushStyleColor(ImGuiCol_Text, UrgentColour());
    ImGui::TextWrapped("%s", t.T("unlock.mismatch"));
    ImGui::PopStyleColor();
    Probe(env, "unlock.mismatch");
  }
  Muted(t.T("unlock.no_recovery"));
  ImGui::Spacing();
  if (PrimaryButton(env, "unlock.create", t.T("unlock.create"), -1.0f, model.CanCreate() && !env.ui.busy) ||
      (enter && model.CanCreate()))
    out.Push(intent::CreateVault{});
}

void DrawOpen(const UnlockModel& model, PassphraseFields fields, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  Heading(env, t.T("unlock.title"));
  Muted(t.T("unlock.intro"));
  ImGui::Spacing();
  ImGui::TextUnformatted(t.T("unlock.passphrase"));
  // The field has the focus when the screen appears and again after a wrong passphrase (the model
  // asks by changing focus_request()), so the worker types again without a tap.
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID focus_key = ImGui::GetID("###unlock_focus_request");
  const bool focus_asked = storage->GetInt(focus_key, -1) != model.focus_request();
  if (!env.ui.busy && (ImGui::IsWindowAppearing() || focus_asked)) {
    ImGui::SetKeyboardFocusHere();
    storage->SetInt(focus_key, model.focus_request());
  }
  bool enter = PassphraseField(env, "unlock.passphrase", t.T("unlock.passphrase_hint"), fields.passphrase,
                               fields.capacity, true);
  // Enter submits even if a tap elsewhere took the focus from the field (nothing else is active).
  if (!enter && !ImGui::IsAnyItemActive() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false)) enter = true;
  if (!model.error_key().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, UrgentColour());
    std::string message = t.T(model.error_key().c_str());
    if (!model.error_detail().empty()) message += " (" + model.error_detail() + ")";
    ImGui::TextWrapped("%s", message.c_str());
    ImGui::PopStyleColor();
    Probe(env, "unlock.error");
    if (model.failed_attempts() > 1)
      Muted(t.Format("unlock.attempts", {{"n", std::to_string(model.failed_attempts())}}).c_str());
  }
  ImGui::Spacing();
  if (PrimaryButton(env, "unlock.submit", t.T("unlock.submit"), -1.0f, model.CanUnlock() && !env.ui.busy) ||
      (enter && model.CanUnlock() && !env.ui.busy))
    out.Push(intent::Unlock{});
  if (!env.ui.demo_passphrase.empty()) {
    ImGui::Spacing();
    Muted(t.Format("unlock.demo_hint", {{"passphrase", env.ui.demo_passphrase}}).c_str());
    Probe(env, "unlock.demo_hint");
  }
}

}  // namespace

void DrawUnlock(const UnlockModel& model, PassphraseFields fields, const ScreenEnv& env, UiIntents& out) {
  float width = std::min(Px(env, 560), ImGui::GetContentRegionAvail().x);
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - width) * 0.5f);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + Px(env, 24));
  // The panel is as tall as its content was last frame (ImGui child windows cannot auto-size).
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID height_key = ImGui::GetID("###unlock_panel_height");
  float height = std::min(storage->GetFloat(height_key, Px(env, 420)), ImGui::GetContentRegionAvail().y);
  if (ImGui::BeginChild("###unlock_panel", ImVec2(width, height), true)) {
    if (env.ui.busy) {
      Heading(env, env.t.T(model.mode() == UnlockModel::Mode::kCreate ? "unlock.creating" : "unlock.unlocking"));
      Probe(env, "unlock.busy");
    } else if (model.mode() == UnlockModel::Mode::kCreate) {
      DrawCreate(model, fields, env, out);
    } else {
      DrawOpen(model, fields, env, out);
    }
    storage->SetFloat(height_key, ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y);
  }
  ImGui::EndChild();
}

}  // namespace passerelle::ui
