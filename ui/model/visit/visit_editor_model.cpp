#include "visit_editor_model.h"

#include <algorithm>

#include "passerelle/core/consent.h"
#include "passerelle/core/model.h"
#include "secret_text.h"

namespace passerelle::ui {

Status VisitEditorModel::Prepare(const core::Vault& vault, const std::string& dossier_id, const std::string& today) {
  auto detail = core::ShowDossier(vault, dossier_id);
  if (!detail.ok()) return detail.status();
  Wipe();
  start_.dossier_id = dossier_id;
  start_.person_name = detail->summary.person.name;
  start_.date = today;
  // Visits mostly happen where the person is held; after release the worker edits the place.
  start_.place = detail->summary.person.establishment;
  start_.kind = "individual";
  start_.worker = vault.worker();
  LoadPartners(*detail, today);
  return Status::Ok();
}

void VisitEditorModel::SetKind(std::string kind) {
  start_.kind = std::move(kind);
  // Issue 13: a tripartite visit records who was there; the AJ's name is the worker's to add.
  if (start_.kind == "tripartite" && start_.participants.empty())
    start_.participants = start_.person_name + "\n" + start_.worker + "\n";
}

void VisitEditorModel::SetDate(std::string typed) {
  WipeString(start_.date_text);
  start_.date_text = std::move(typed);
}

void VisitEditorModel::SetParticipants(std::string lines) {
  WipeString(start_.participants);
  start_.participants = std::move(lines);
}

std::string VisitEditorModel::StartDate() const {
  if (start_.date_text.empty()) return start_.date;
  auto iso = core::LocalDateToIso(start_.date_text);
  return iso && core::IsValidDate(*iso) ? *iso : std::string();
}

Status VisitEditorModel::Start(core::Vault& vault) {
  if (start_.dossier_id.empty()) return InvalidInput("No dossier was chosen for this visit.");
  const std::string date = StartDate();
  if (date.empty()) return InvalidInput(core::DateProblem("visit date", start_.date_text, core::LocalDateToIso(start_.date_text).value_or("")));
  std::vector<std::string> participants;
  if (start_.kind == "tripartite" || start_.kind == "case_consultation") {
    size_t from = 0;
    const std::string& text = start_.participants;
    while (from <= text.size()) {
      size_t end = std::min(text.find('\n', from), text.size());
      std::string line = text.substr(from, end - from);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.erase(0, 1);
      if (!line.empty()) participants.push_back(std::move(line));
      from = end + 1;
    }
  }
  core::FieldValues f{{"dossier_id", start_.dossier_id}, {"date", date}, {"place", start_.place},
                      {"kind", start_.kind}};
  auto id = core::AddVisit(vault, f, {}, participants);
  if (!id.ok()) return id.status();
  std::sort(participants.begin(), participants.end());
  participants.erase(std::unique(participants.begin(), participants.end()), participants.end());
  visit_ = core::Visit{*id, start_.dossier_id, date, start_.place, start_.kind, "", vault.worker(), {}, participants};
  note_id_.clear();
  WipeString(body_);
  scope_ = "service";
  partner_.clear();
  domains_.clear();
  save_state_ = SaveState::kNothingToSave;
  return Status::Ok();
}

Status VisitEditorModel::Open(const core::Vault& vault, const std::string& dossier_id, const std::string& visit_id,
                              const std::string& today) {
  auto detail = core::ShowDossier(vault, dossier_id);
  if (!detail.ok()) return detail.status();
  auto v = std::find_if(detail->visits.begin(), detail->visits.end(),
                        [&](const core::Visit& x) { return x.id == visit_id; });
  if (v == detail->visits.end()) return NotFound("There is no visit " + visit_id + " in this dossier.");
  Wipe();
  start_ = {dossier_id, detail->summary.person.name, v->date, v->place, v->kind, {}, {}, vault.worker()};
  visit_ = *v;
  for (const auto& n : detail->notes)
    if (n.visit_id == visit_id) {
      note_id_ = n.id;
      body_ = n.body;
      scope_ = n.scope.empty() ? "service" : n.scope;
      partner_ = n.partner;
      domains_ = {n.domains.begin(), n.domains.end()};
      break;
    }
  LoadPartners(*detail, today);
  save_state_ = note_id_.empty() ? SaveState::kNothingToSave : SaveState::kSaved;
  return Status::Ok();
}

void VisitEditorModel::LoadPartners(const core::DossierDetail& detail, const std::string& today) {
  partners_.clear();
  for (const auto& c : detail.consents) {
    auto it = std::find_if(partners_.begin(), partners_.end(),
                           [&](const PartnerOption& p) { return p.partner == c.partner; });
    if (it == partners_.end()) it = partners_.insert(partners_.end(), PartnerOption{c.partner, false, {}, {}});
    if (c.scope == "shared_notes" && c.ActiveOn(today) && !it->can_share) {
      it->can_share = true;
      it->given_on = c.given_on;
      it->expires_on = c.expires_on;
    }
  }
}

const PartnerOption* VisitEditorModel::current_partner() const {
  for (const auto& p : partners_)
    if (p.partner == partner_) return &p;
  return nullptr;
}

Status VisitEditorModel::SetOutcome(core::Vault& vault, const std::string& outcome) {
  if (!open()) return InvalidInput("No visit is open.");
  if (!core::AttendanceOutcomes().Contains(outcome)) return InvalidInput("Unknown attendance outcome " + outcome + ".");
  PASSERELLE_RETURN_IF_ERROR(core::UpdateRecord(vault, visit_.id, {{"outcome", outcome}}));
  visit_.outcome = outcome;
  return Status::Ok();
}

Status VisitEditorModel::TogglePracticeCode(core::Vault& vault, const std::string& code) {
  if (!open()) return InvalidInput("No visit is open.");
  auto& codes = visit_.practice_codes;
  auto it = std::find(codes.begin(), codes.end(), code);
  if (it == codes.end()) {
    PASSERELLE_RETURN_IF_ERROR(core::AddToSet(vault, visit_.id, "practice_codes", code));
    codes.push_back(code);
    std::sort(codes.begin(), codes.end());
  } else {
    PASSERELLE_RETURN_IF_ERROR(core::RemoveFromSet(vault, visit_.id, "practice_codes", code));
    codes.erase(it);
  }
  return Status::Ok();
}

Status VisitEditorModel::ToggleDomain(core::Vault& vault, const std::string& domain) {
  if (!open()) return InvalidInput("No visit is open.");
  if (!core::LifeDomains().Contains(domain)) return InvalidInput("Unknown life domain " + domain + ".");
  bool present = domains_.count(domain) > 0;
  // Before the note exists the tags wait for its creation (AddNote takes them).
  if (!note_id_.empty()) {
    PASSERELLE_RETURN_IF_ERROR(present ? core::RemoveFromSet(vault, note_id_, "domains", domain)
                                       : core::AddToSet(vault, note_id_, "domains", domain));
  }
  if (present) domains_.erase(domain);
  else domains_.insert(domain);
  return Status::Ok();
}

Status VisitEditorModel::SetScope(core::Vault& vault, const std::string& scope, const std::string& partner) {
  if (!open()) return InvalidInput("No visit is open.");
  if (!core::NoteScopes().Contains(scope)) return InvalidInput("Unknown note scope " + scope + ".");
  std::string new_partner = scope == "partner" ? partner : std::string();
  // Protocol 003 §7: the substance of a file never leaves the service without express consent.
  // The core's one check, so the app refuses exactly what the CLI refuses, also before the note
  // exists (Vault::Apply checks it again when the note is written).
  PASSERELLE_RETURN_IF_ERROR(core::CheckNoteSharing(vault, visit_.dossier_id, scope, new_partner, core::Today(vault)));
  if (!note_id_.empty())
    PASSERELLE_RETURN_IF_ERROR(core::UpdateRecord(vault, note_id_, {{"scope", scope}, {"partner", new_partner}}));
  scope_ = scope;
  partner_ = new_partner;
  return Status::Ok();
}

namespace {
size_t Blanks(const std::string& s) { return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n'; })); }
}  // namespace

void VisitEditorModel::Edit(std::string body) {
  if (body == body_) {
    WipeString(body);
    return;
  }
  const int64_t now = clock_.NowMillis();
  const int direction = body.size() > body_.size() ? 1 : -1;
  const size_t delta = body.size() > body_.size() ? body.size() - body_.size() : body_.size() - body.size();
  const bool new_group = undo_.empty() || now - last_edit_ms_ >= kUndoPauseMs || direction != last_edit_direction_ ||
                         delta > 4 /* more than one UTF-8 character: paste, cut, word erased */ ||
                         (direction > 0 && Blanks(body) > Blanks(body_));
  if (new_group) {
    if (undo_.size() >= kUndoDepth) {
      WipeString(undo_.front());
      undo_.erase(undo_.begin());
    }
    undo_.push_back(body_);
  }
  for (auto& r : redo_) WipeString(r);
  redo_.clear();
  last_edit_ms_ = now;
  last_edit_direction_ = direction;
  WipeString(body_);
  body_ = std::move(body);
  policy_.Edited(clock_.NowMillis());
  save_state_ = SaveState::kPending;
}

void VisitEditorModel::UndoEdit() {
  if (undo_.empty()) return;
  redo_.push_back(std::move(body_));
  body_ = std::move(undo_.back());
  undo_.pop_back();
  last_edit_direction_ = 0;  // the next keystroke starts a new group
  policy_.Edited(clock_.NowMillis());
  save_state_ = SaveState::kPending;
}

void VisitEditorModel::RedoEdit() {
  if (redo_.empty()) return;
  undo_.push_back(std::move(body_));
  body_ = std::move(redo_.back());
  redo_.pop_back();
  last_edit_direction_ = 0;
  policy_.Edited(clock_.NowMillis());
  save_state_ = SaveState::kPending;
}

Status VisitEditorModel::Tick(core::Vault& vault) {
  if (!policy_.Due(clock_.NowMillis())) return Status::Ok();
  return Save(vault);
}

Status VisitEditorModel::Flush(core::Vault& vault) {
  if (!policy_.dirty()) return Status::Ok();
  return Save(vault);
}

Status VisitEditorModel::Save(core::Vault& vault) {
  if (!open()) {
    policy_.Saved();
    return Status::Ok();
  }
  Status st;
  if (note_id_.empty()) {
    if (body_.empty()) {  // nothing typed yet: no empty note in the file
      policy_.Saved();
      save_state_ = SaveState::kNothingToSave;
      return Status::Ok();
    }
    core::FieldValues f{{"dossier_id", visit_.dossier_id}, {"visit_id", visit_.id}, {"body", body_},
                        {"scope", scope_}};
    if (scope_ == "partner") f["partner"] = partner_;
    auto id = core::AddNote(vault, f, {domains_.begin(), domains_.end()}, {});
    WipeString(f["body"]);
    if (id.ok()) note_id_ = *id;
    st = id.status();
  } else {
    st = core::AutosaveNoteBody(vault, note_id_, body_);  // typed-on saves may share one op
  }
  int64_t now = clock_.NowMillis();
  if (!st.ok()) {
    policy_.Failed(now);
    save_state_ = SaveState::kFailed;
    save_error_ = st.message();
    return st;
  }
  policy_.Saved();
  save_state_ = SaveState::kSaved;
  last_saved_ms_ = now;
  save_error_.clear();
  return Status::Ok();
}

void VisitEditorModel::Close() { Wipe(); }

void VisitEditorModel::Wipe() {
  WipeStrings(visit_.participants);
  for (std::string* s : {&start_.dossier_id, &start_.person_name, &start_.date, &start_.place, &start_.date_text,
                         &start_.participants, &start_.worker, &visit_.id,
                         &visit_.dossier_id, &visit_.date, &visit_.place, &visit_.kind, &visit_.outcome,
                         &visit_.author, &note_id_, &body_, &partner_, &save_error_})
    WipeString(*s);
  visit_.practice_codes.clear();
  domains_.clear();
  for (auto* stack : {&undo_, &redo_}) {
    for (auto& t : *stack) WipeString(t);
    stack->clear();
  }
  last_edit_ms_ = 0;
  last_edit_direction_ = 0;
  for (auto& p : partners_) WipeString(p.partner);
  partners_.clear();
  scope_ = "service";
  start_.kind = "individual";
  policy_ = AutosavePolicy();
  save_state_ = SaveState::kNothingToSave;
}

}  // namespace passerelle::ui
