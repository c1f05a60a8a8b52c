// Delete and undo, for every record of a case file. Deleting tombstones the record (the implicit
// "deleted" register: its data and history stay, and it can be restored) together with what only
// makes sense with it — a case file with its person when they have no other, a visit with its
// notes, a goal with its referrals — in one transaction. After every delete, and every edit or
// review saved through the record forms, "Undo" shows for kUndoMillis: it writes the previous
// values back through the same mutation path (RestoreRecords, UpdateRecord, SetParticipants), so
// the undo itself syncs and appears in the field history. Only the last action can be undone.
// Thread-safety: UI thread only.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app_context.h"
#include "case_list_controller.h"
#include "dossier_controller.h"
#include "passerelle/core/case_files.h"
#include "records_intents.h"
#include "visit_controller.h"

namespace passerelle::ui {

inline constexpr int64_t kUndoMillis = 8000;

// What "Undo" writes back.
struct UndoAction {
  std::vector<std::string> restore;  // records the action tombstoned
  std::vector<std::string> remove;   // records the action created (a review)
  std::vector<std::pair<std::string, core::FieldValues>> fields;  // previous register values
  std::optional<std::pair<std::string, std::vector<std::string>>> participants;  // previous participants
  // Previous picks of a set field: a plan item's "suggestions", a relative's "plan_item_ids".
  struct Picks {
    std::string record_id, field;
    std::vector<std::string> values;
  };
  std::optional<Picks> picks;
  bool empty() const { return restore.empty() && remove.empty() && fields.empty() && !participants && !picks; }
};

class RecordsController {
 public:
  RecordsController(AppContext& app, CaseListController& cases, DossierController& dossier, VisitController& visit)
      : app_(app), cases_(cases), dossier_(dossier), visit_(visit) {}

  void Apply(const RecordsIntent& intent);
  // Shows "Undo" for `action`, with `key` saying what was done (replaces any earlier offer).
  void Offer(UndoAction action, const char* key);
  const std::optional<UndoAction>& pending() const { return action_; }
  // The offer's time is up: the button goes (call from the app's tick).
  void Tick();
  std::optional<int64_t> NextDeadline() const;
  void Wipe();

 private:
  void On(const intent::DeleteRecord&);
  void On(const intent::UndoLast&);
  void On(const intent::DismissUndo&) { Wipe(); }
  // The records deleted with `id` (see the header comment); the first is `id`.
  Result<std::vector<std::string>> WithDependents(const std::string& id);
  // Reads again what shows the changed records.
  void Refresh(const std::vector<std::string>& ids);

  AppContext& app_;
  CaseListController& cases_;
  DossierController& dossier_;
  VisitController& visit_;
  std::optional<UndoAction> action_;
};

}  // namespace passerelle::ui
