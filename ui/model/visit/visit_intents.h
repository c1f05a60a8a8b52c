// The visit note editor's intents (the start sheet and the editor, drawn by
// visit_editor_screen.cpp; "Visit" on a case row and "New visit" on the case file push
// OpenStartVisit too), handled by VisitController. The note travels as SecretText.
// Thread-safety: UI thread only.
#pragma once

#include <string>
#include <variant>

#include "intents.h"
#include "secret_text.h"

namespace passerelle::ui {

namespace intent {
struct OpenStartVisit { std::string dossier_id; };  // first tap: the sheet with date/place prefilled
struct CloseStartVisit {};
struct SetVisitPlace { std::string place; };
struct SetVisitKind { std::string kind; };
struct SetVisitDate { std::string typed; };           // 04/11/2026 or 2026-11-04; today by default
struct SetVisitParticipants { SecretText lines; };    // one per line (tripartite, case consultation)
struct UndoNote {};                                   // Ctrl+Z or the button: the text before the last edit
struct RedoNote {};
struct StartVisit { uint64_t token = 0; };           // second tap; the sheet's SubmitOnce token
struct OpenVisit { std::string dossier_id; std::string visit_id; };
struct SetOutcome { std::string outcome; };
struct EditNote { SecretText body; };
struct NoteFocusLost {};                             // save at once
struct SetNoteScope { std::string scope; std::string partner; };
struct TogglePracticeCode { std::string code; };
struct ToggleNoteDomain { std::string domain; };
struct FinishVisit {};
}  // namespace intent

using VisitIntent =
    std::variant<intent::OpenStartVisit, intent::CloseStartVisit, intent::SetVisitPlace, intent::SetVisitKind,
                 intent::SetVisitDate, intent::SetVisitParticipants, intent::UndoNote, intent::RedoNote, intent::StartVisit, intent::OpenVisit, intent::SetOutcome, intent::EditNote, intent::NoteFocusLost,
                 intent::SetNoteScope, intent::TogglePracticeCode, intent::ToggleNoteDomain, intent::FinishVisit>;

namespace intent {
VisitIntent GroupOf(const AlternativeOf<VisitIntent> auto&);
}  // namespace intent

}  // namespace passerelle::ui
