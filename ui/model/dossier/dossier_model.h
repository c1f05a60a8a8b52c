// One case file as the dossier screen shows it: the header (person, establishment, status,
// responsible worker, key dates), the visits timeline with each visit's note, the reintegration
// plan grouped by life domain in the protocol's order (basic needs first: housing and papers
// before training and work) with the referrals of each item, the consents with whether each is
// in force today, and the field history (every value the key fields held, who set it and when,
// from the operation log that sync merges). Thread-safety: UI thread only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "passerelle/core/case_files.h"
#include "exit_plan_model.h"
#include "passerelle/core/reviews.h"
#include "needs_model.h"

namespace passerelle::ui {

struct TimelineEntry {
  core::Visit visit;
  std::string note_id;       // the visit's note ("" if none yet)
  std::string note_excerpt;  // first line(s) of the note, for the timeline
  std::string note_scope;
  std::vector<std::string> note_domains;  // the note's life domains, shown with the practice codes
};

struct ReferralEntry {
  core::Referral referral;
  std::string service_name;  // from the directory; "" when the entry is unknown here
};

struct PlanEntry {
  core::PlanItem item;
  std::vector<ReferralEntry> referrals;
};

struct PlanGroup {
  std::string domain;  // life_domain id
  std::vector<PlanEntry> entries;
  std::string stage;   // issue 15: the stage of the hierarchy of needs the group sits in
};

struct ConsentEntry {
  core::Consent consent;
  bool active = false;  // in force today
};

struct HistoryEntry {
  std::string record;  // "person", "dossier", or a record inside the case file ("visit", "plan_item"...)
  std::string field;   // "status", "referent", "next_review"...
  std::string value;
  bool cleared = false;
  std::string date;    // local date of the change (YYYY-MM-DD)
  core::HlcTimestamp hlc = 0;
  core::ReplicaId replica = 0;
  std::string who;  // "Ana (CAPREV)" when sync has named the device, "" otherwise
  bool this_device = false;
  bool current = false;
  std::string subject;       // which record inside the case file: a goal, a partner, a service
  std::string subject_date;  // or the date that names it (a visit, a review), YYYY-MM-DD
};

// Directory entry id -> display name, for referrals (empty when the directory is not available).
using ServiceNames = std::map<std::string, std::string>;
// Device (replica) -> "worker (service)", as sync learnt them, for the field history.
using ReplicaNames = std::map<core::ReplicaId, std::string>;

inline constexpr size_t kExcerptBytes = 160;

// Shortens a note to its beginning on a character boundary, adding "…" when cut.
std::string NoteExcerpt(const std::string& body, size_t max_bytes = kExcerptBytes);

class DossierModel {
 public:
  Status Load(const core::Vault& vault, const std::string& dossier_id, const std::string& today,
              const ServiceNames& names = {}, const ReplicaNames& replicas = {});
  bool loaded() const { return !detail_.summary.dossier.id.empty(); }
  const std::string& dossier_id() const { return detail_.summary.dossier.id; }
  const core::DossierSummary& summary() const { return detail_.summary; }
  const std::vector<TimelineEntry>& timeline() const { return timeline_; }
  const std::vector<PlanGroup>& plan() const { return plan_; }
  const std::vector<ConsentEntry>& consents() const { return consents_; }
  const std::vector<HistoryEntry>& history() const { return history_; }  // newest first
  const std::vector<core::Review>& reviews() const { return reviews_; }  // monthly reviews, newest first
  // The exit checklist, the care handover and the dossier team (issue 15: Release and Team tabs).
  const ExitPlanModel& exit_plan() const { return exit_plan_; }
  // True when `record_id` is this case file, its person, or one of the records shown with it
  // (what the worker may edit or delete from this screen).
  bool Holds(const std::string& record_id) const;
  // Plan items as (id, domain, goal) for the directory's "refer this person" picker.
  const std::vector<core::PlanItem>& plan_items() const { return detail_.plan; }
  // Issue 15: assessments, relatives, the plan by stage (needs_model.h).
  const NeedsModel& needs() const { return needs_; }
  void Wipe();

 private:
  core::DossierDetail detail_;
  std::vector<TimelineEntry> timeline_;
  std::vector<PlanGroup> plan_;
  std::vector<ConsentEntry> consents_;
  std::vector<HistoryEntry> history_;
  std::vector<core::Review> reviews_;
  ExitPlanModel exit_plan_;
  NeedsModel needs_;
};

}  // namespace passerelle::ui
