// Intents: what a screen asks for while it is drawn. Screens never change a view-model or the
// vault in the middle of a frame; they push intents, and AppController::Apply runs them after the
// frame (like the Dear ImGui demo's document close queue). This keeps drawing a pure function of
// the state, lets tests assert "pressing X asks for Y" without a vault, and gives one place where
// every change the UI can make is listed. Thread-safety: UI thread only.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "secret_text.h"
#include "ui_state.h"

namespace passerelle::ui {

enum class CaseOwner { kMine, kService, kAll };

namespace intent {
// Session.
struct Unlock {};                       // with the passphrase typed on the unlock screen
struct CreateVault {};                  // first run: passphrase + confirmation + identity
struct SetUnlockMode { bool create = false; };
struct SetIdentityField { bool service = false; std::string value; };  // first run: who / which service
struct Lock {};
struct Quit {};
// Navigation and settings.
struct Navigate { Screen screen = Screen::kCases; };
struct OpenSettings { bool open = true; };
struct SetLanguage { std::string language; };
struct SetUiScale { int percent = 100; };
struct SetAutoLockMinutes { int minutes = 5; };
struct DismissBanner {};
// Case list.
struct SetCaseQuery { SecretText query; };
struct SetCaseOwner { CaseOwner owner = CaseOwner::kMine; };
struct SetCaseStatus { std::string status; };  // "" = any
struct SetComingSoon { bool on = false; };
struct OpenDossier { std::string dossier_id; };
// Record forms (record_form.h): a new person + dossier from the case list, a plan item or a
// consent on the open dossier. Field values may be a person's name: they travel as SecretText.
struct OpenForm { FormKind kind = FormKind::kNewDossier; };
struct SetFormField { std::string field; SecretText value; };
struct SubmitForm {};
struct CloseForm {};
// Withdrawing a consent takes two taps: the first asks ("" cancels), the second withdraws today.
struct AskWithdrawConsent { std::string consent_id; };
struct WithdrawConsent { std::string consent_id; };
// Visit note editor.
struct OpenStartVisit { std::string dossier_id; };  // first tap: the sheet with date/place prefilled
struct CloseStartVisit {};
struct SetVisitPlace { std::string place; };
struct SetVisitKind { std::string kind; };
struct StartVisit {};                                // second tap
struct OpenVisit { std::string dossier_id; std::string visit_id; };
struct SetOutcome { std::string outcome; };
struct EditNote { SecretText body; };
struct NoteFocusLost {};                             // save at once
struct SetNoteScope { std::string scope; std::string partner; };
struct TogglePracticeCode { std::string code; };
struct ToggleNoteDomain { std::string domain; };
struct FinishVisit {};
// Directory.
struct SetDirectoryQuery { SecretText query; };
struct SetDirectoryTheme { std::string theme; };    // "" = any
struct SetDirectoryRegion { std::string region; };  // "" = any
struct SetDirectoryInsidePrison { bool only = false; };
struct SelectService { std::string service_id; };
struct OpenRefer { bool open = true; };
struct ReferToPlanItem { std::string plan_item_id; };
struct EditAnnotation { SecretText text; };
struct SaveAnnotation {};
// Sync.
struct OpenBundleDialog { bool export_bundle = true; bool open = true; };
struct SetBundlePath { std::string path; };   // a file name, or a path (changes the folder too)
struct BrowseFolder { std::string name; };    // a sub-folder of the picker's folder; ".." goes up
struct SetSyncRecipient { std::string recipient; };
struct CreateTeamKey {};
struct ExportBundle {};
struct ImportBundle {};
}  // namespace intent

using Intent = std::variant<
    intent::Unlock, intent::CreateVault, intent::SetUnlockMode, intent::SetIdentityField, intent::Lock, intent::Quit,
    intent::Navigate, intent::OpenSettings, intent::SetLanguage, intent::SetUiScale, intent::SetAutoLockMinutes,
    intent::DismissBanner, intent::SetCaseQuery, intent::SetCaseOwner, intent::SetCaseStatus, intent::SetComingSoon,
    intent::OpenDossier, intent::OpenStartVisit, intent::CloseStartVisit, intent::SetVisitPlace, intent::SetVisitKind,
    intent::StartVisit, intent::OpenVisit, intent::SetOutcome, intent::EditNote, intent::NoteFocusLost,
    intent::SetNoteScope, intent::TogglePracticeCode, intent::ToggleNoteDomain, intent::FinishVisit,
    intent::SetDirectoryQuery, intent::SetDirectoryTheme, intent::SetDirectoryRegion,
    intent::SetDirectoryInsidePrison, intent::SelectService, intent::OpenRefer, intent::ReferToPlanItem,
    intent::EditAnnotation, intent::SaveAnnotation, intent::OpenBundleDialog, intent::SetBundlePath,
    intent::ExportBundle, intent::ImportBundle, intent::BrowseFolder, intent::SetSyncRecipient,
    intent::CreateTeamKey, intent::OpenForm, intent::SetFormField, intent::SubmitForm, intent::CloseForm,
    intent::AskWithdrawConsent, intent::WithdrawConsent>;

// The intents of one frame, in the order the screens pushed them.
class UiIntents {
 public:
  // Room for a busy frame up front: pushing then never moves the intents already queued, and
  // GCC 12 in Release no longer sees a move out of a fresh vector's null storage
  // (-Wnull-dereference on every Push into a new UiIntents).
  UiIntents() { items_.reserve(kFrameCapacity); }
  template <typename T>
  void Push(T intent) { items_.emplace_back(std::move(intent)); }
  const std::vector<Intent>& items() const { return items_; }
  std::vector<Intent> Take() { return std::exchange(items_, {}); }
  bool empty() const { return items_.empty(); }
  template <typename T>
  const T* Find() const {
    for (const auto& i : items_)
      if (const T* t = std::get_if<T>(&i)) return t;
    return nullptr;
  }

 private:
  static constexpr size_t kFrameCapacity = 8;
  std::vector<Intent> items_;
};

}  // namespace passerelle::ui
