// UiState: everything about what the field app shows that is not case data — which screen is on,
// which overlays are open, the worker's display settings, the message banner. One struct, owned by
// the AppController, read (const) by the screens; no screen keeps a function-local static.
// Thread-safety: UI thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace passerelle::ui {

// kExitReport, kCoReport, kConsents: the open case file's report editors and consent screen.
enum class Screen { kUnlock, kCases, kDossier, kVisit, kDirectory, kSync, kExitReport, kCoReport, kConsents };

// The record forms (record_form.h): a person with their dossier from the case list, a plan item or
// a consent from the open dossier; the same forms in edit mode over an existing record of the
// open case file; and "Review done" (the monthly review).
enum class FormKind {
  kNone, kNewDossier, kNewPlanItem, kNewConsent,
  kEditPerson, kEditDossier, kEditVisit, kEditPlanItem, kEditReferral, kEditConsent, kReviewDone,
  // Issue 15 (exit preparation): a team member, the référent handover, a checklist step's details,
  // the care handover.
  kNewTeamMember, kEditTeamMember, kHandover, kEditExitStep, kEditCareHandover,
  kNewAssessment, kNewRelative,  // issue 15: the dossier's "Assessment" and "Family" tabs
  kEditAssessment, kEditRelative,
};

// "unlock", "cases", "dossier", "visit", "directory", "sync", "exit_report", "co_report",
// "consents" (command line and tests).
const char* ScreenName(Screen screen);
std::optional<Screen> ScreenFromName(std::string_view name);

// A one-line message over the current screen: a translation key, optional detail (e.g. the core's
// error sentence) and whether it reports a failure.
struct Banner {
  std::string key;
  std::string detail;
  bool error = false;
};

// "Undo" offered after a delete or an edit (records_controller.h): what was done (a translation
// key) and until when the button shows (timers clock, ms).
struct UndoBar {
  std::string key;
  int64_t until_ms = 0;
};

struct UiState {
  Screen screen = Screen::kUnlock;

  // Overlays.
  bool settings_open = false;
  bool start_visit_open = false;  // the "start a visit" sheet: the second tap starts it
  bool refer_open = false;        // directory: "refer this person" to the selected service
  bool export_open = false;       // sync: bundle path picker for export
  bool import_open = false;       // sync: bundle path picker for import
  FormKind form = FormKind::kNone;  // the record form shown over the screen, if any
  // A consent whose withdrawal waits for the second tap ("" = none): withdrawing cannot be undone
  // from the app, so a stray tap on a tablet must not do it.
  std::string withdraw_consent_id;
  // A tab the case file is asked to show once ("disclosures" after a document left; "" = the
  // worker's own choice, kept by ImGui).
  std::string dossier_tab;
  // Issue 15: the earlier assessment the Assessment tab sets beside the latest ("" = the one before).
  std::string compare_assessment;

  // Display settings (saved beside the vault; they hold no case data).
  std::string language = "fr";
  int ui_scale_percent = 100;   // the worker's choice: 100, 125, 150, 175, 200
  float content_scale = 1.0f;   // the display's DPI scale (glfwGetWindowContentScale)
  int auto_lock_minutes = 5;

  std::optional<Banner> banner;
  std::optional<UndoBar> undo;
  std::string demo_passphrase;  // demo vault only: shown on the unlock screen
  bool busy = false;   // a slow step (key derivation) runs after the next frame is shown
  bool quit = false;

  float Scale() const { return content_scale * static_cast<float>(ui_scale_percent) / 100.0f; }
};

}  // namespace passerelle::ui
