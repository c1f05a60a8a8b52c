// Deleting a record of the open case file, and "Undo" for the last delete or edit (drawn by the
// dossier screen, the visit editor and undo_bar.cpp), handled by RecordsController.
// Thread-safety: UI thread only.
#pragma once

#include <string>
#include <variant>

#include "intents.h"

namespace passerelle::ui {

namespace intent {
struct DeleteRecord { std::string record_id; };  // tombstoned at once; "Undo" restores it
struct UndoLast {};
struct DismissUndo {};
}  // namespace intent

using RecordsIntent = std::variant<intent::DeleteRecord, intent::UndoLast, intent::DismissUndo>;

namespace intent {
RecordsIntent GroupOf(const AlternativeOf<RecordsIntent> auto&);
}  // namespace intent

}  // namespace passerelle::ui
