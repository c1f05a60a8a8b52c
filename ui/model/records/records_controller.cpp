#include "records_controller.h"

#include <algorithm>

#include "passerelle/core/model.h"
#include "passerelle/core/needs.h"
#include "passerelle/core/reviews.h"
#include "secret_text.h"

namespace passerelle::ui {

void RecordsController::Apply(const RecordsIntent& intent) {
  std::visit([this](const auto& i) { On(i); }, intent);
}

void RecordsController::Offer(UndoAction action, const char* key) {
  Wipe();
  action_ = std::move(action);
  app_.ui().undo = UndoBar{key, app_.NowMillis() + kUndoMillis};
  // The bar says what was just done; an earlier banner ("Undone", "Goal added") would float over
  // it at the bottom of the screen and hide its Undo button.
  if (app_.ui().banner && !app_.ui().banner->error) app_.ui().banner.reset();
}

void RecordsController::Tick() {
  const auto& bar = app_.ui().undo;
  if (bar && app_.NowMillis() >= bar->until_ms) Wipe();
}

std::optional<int64_t> RecordsController::NextDeadline() const {
  const auto& bar = app_.ui().undo;
  if (!bar) return std::nullopt;
  return bar->until_ms;
}

void RecordsController::Wipe() {
  if (action_) {
    for (auto& [id, values] : action_->fields)
      for (auto& [name, value] : values) WipeString(value);
    if (action_->participants) WipeStrings(action_->participants->second);
  }
  action_.reset();
  app_.ui().undo.reset();
}

Result<std::vector<std::string>> RecordsController::WithDependents(const std::string& id) {
  std::vector<std::string> ids{id};
  const core::EntitySpec* spec = core::SpecForId(id);
  if (spec == nullptr) return ids;
  core::Vault& vault = app_.vault();
  const DossierModel& d = dossier_.model();
  switch (spec->type) {
    case core::EntityType::kDossier: {
      // The person goes too when this was their only case file: no screen would show them.
      PASSERELLE_ASSIGN_OR_RETURN(auto all, core::ListDossiers(vault));
      auto self = std::find_if(all.begin(), all.end(), [&](const auto& s) { return s.dossier.id == id; });
      if (self == all.end()) break;
      const std::string person = self->dossier.person_id;
      const bool other = std::any_of(all.begin(), all.end(), [&](const auto& s) {
        return s.dossier.id != id && s.dossier.person_id == person;
      });
      PASSERELLE_ASSIGN_OR_RETURN(bool person_live, core::RecordExists(vault, person));
      if (!other && person_live) ids.push_back(person);
      break;
    }
    case core::EntityType::kVisit: {  // its notes: a note without its visit shows nowhere
      const VisitEditorModel& editor = visit_.model();
      const std::string dossier_id =
          editor.open() && editor.visit().id == id ? editor.visit().dossier_id : d.dossier_id();
      PASSERELLE_ASSIGN_OR_RETURN(auto notes, core::ListNotes(vault, dossier_id));
      for (const auto& n : notes)
        if (n.visit_id == id) ids.push_back(n.id);
      break;
    }
    case core::EntityType::kPlanItem:
      for (const auto& g : d.plan())
        for (const auto& e : g.entries)
          if (e.item.id == id)
            for (const auto& r : e.referrals) ids.push_back(r.referral.id);
      break;
    default: break;
  }
  return ids;
}

void RecordsController::Refresh(const std::vector<std::string>& ids) {
  bool dossier_gone = false;
  for (const auto& id : ids) {
    visit_.Refresh(id);
    if (id == dossier_.model().dossier_id()) {
      auto live = core::RecordExists(app_.vault(), id);
      dossier_gone = live.ok() && !*live;
    }
  }
  app_.Report(cases_.Load(), "error.load_failed");
  if (dossier_gone) {
    dossier_.Wipe();
    UiState& ui = app_.ui();
    if (ui.screen == Screen::kDossier || ui.screen == Screen::kVisit) ui.screen = Screen::kCases;
  } else {
    dossier_.Reload();
  }
}

void RecordsController::On(const intent::DeleteRecord& i) {
  if (!app_.unlocked()) return;
  // Only a record of the open case file, or the visit open in the editor (one started by mistake):
  // a stray intent deletes nothing.
  const VisitEditorModel& editor = visit_.model();
  const bool open_visit = editor.open() && editor.visit().id == i.record_id;
  if (!open_visit && (!dossier_.model().loaded() || !dossier_.model().Holds(i.record_id))) return;
  const std::string editor_dossier = open_visit ? editor.visit().dossier_id : std::string();
  visit_.FlushNote();
  auto ids = WithDependents(i.record_id);
  if (!ids.ok()) return app_.Report(ids.status(), "records.delete_failed");
  Status st = core::DeleteRecords(app_.vault(), *ids);
  if (!st.ok()) return app_.Report(st, "records.delete_failed");
  const core::EntitySpec* spec = core::SpecForId(i.record_id);
  std::string key = "records.undo.deleted." + std::string(spec->name);
  UndoAction action;
  action.restore = *ids;
  Refresh(*ids);
  if (open_visit) dossier_.Open(editor_dossier);  // back to the case file the visit was in
  // The key outlives this call: UndoBar keeps a copy.
  Offer(std::move(action), key.c_str());
}

void RecordsController::On(const intent::UndoLast&) {
  if (!app_.unlocked() || !action_) return;
  UndoAction a = std::move(*action_);
  Wipe();
  core::Vault& vault = app_.vault();
  Status st;
  std::vector<std::string> touched;
  if (!a.remove.empty()) {
    st = core::DeleteRecords(vault, a.remove);
    touched.insert(touched.end(), a.remove.begin(), a.remove.end());
  }
  if (st.ok() && !a.restore.empty()) {
    st = core::RestoreRecords(vault, a.restore);
    touched.insert(touched.end(), a.restore.begin(), a.restore.end());
  }
  for (auto& [id, values] : a.fields) {
    if (!st.ok()) break;
    st = core::UpdateRecord(vault, id, values);
    touched.push_back(id);
    for (auto& [name, value] : values) WipeString(value);
  }
  if (st.ok() && a.participants) {
    st = core::SetParticipants(vault, a.participants->first, a.participants->second);
    touched.push_back(a.participants->first);
    WipeStrings(a.participants->second);
  }
  if (st.ok() && a.picks) {
    st = a.picks->field == "plan_item_ids" ? core::SetRelativePlanItems(vault, a.picks->record_id, a.picks->values)
                                           : core::SetPlanItemSuggestions(vault, a.picks->record_id, a.picks->values);
    touched.push_back(a.picks->record_id);
  }
  if (!st.ok()) return app_.Report(st, "records.undo_failed");
  // A restored case file: open it again where the worker was.
  const bool dossier_back = !a.restore.empty() && core::SpecForId(a.restore.front()) != nullptr &&
                            core::SpecForId(a.restore.front())->type == core::EntityType::kDossier;
  Refresh(touched);
  if (dossier_back) dossier_.Open(a.restore.front());
  app_.Inform("records.undone");
}

}  // namespace passerelle::ui
