// The case list: every dossier of this vault as a row, filtered while the worker types and sorted
// by urgency, the way a caseload is triaged on a Monday morning:
//   1. monthly review overdue (most overdue first),
//   2. release coming within kReleaseSoonDays, or within 90 days while exit checklist steps are
//      open (soonest first, then more steps open first) — housing, ID card, health insurance and
//      income must be ready on the day of release (core/exit_plan.h ReleaseUrgencyFor),
//   3. monthly review due within kReviewSoonDays,
//   4. sentence-execution court (TAP) hearing within kHearingSoonDays,
//   5. everything else, by name.
// Filtering and sorting are pure functions over rows (unit-tested without a vault); the model
// loads rows from the vault and keeps the worker's filters. Thread-safety: UI thread only.
#pragma once

#include <string>
#include <vector>

#include "passerelle/core/case_files.h"
#include "secret_text.h"

namespace passerelle::ui {

inline constexpr int kReleaseSoonDays = 60;
inline constexpr int kReviewSoonDays = 7;
inline constexpr int kHearingSoonDays = 14;
inline constexpr int kComingSoonDays = 30;  // the "coming soon" filter: review or release within

// Whose case files the list shows: the worker's own, their service's, or every one in the vault.
enum class CaseOwner { kMine, kService, kAll };

enum class Urgency { kReviewOverdue = 0, kReleaseSoon = 1, kReviewSoon = 2, kHearingSoon = 3, kNone = 4 };

struct CaseRow {
  std::string dossier_id, person_name, alias, establishment, person_status, referent, service, basis;
  std::string next_review, expected_release, next_hearing, last_visit;
  Urgency urgency = Urgency::kNone;
  int64_t urgency_days = 0;  // days overdue (kReviewOverdue) or days until (the others)
  bool review_overdue = false, release_soon = false, review_soon = false, hearing_soon = false;
  bool review_this_week = false;  // the monthly review is overdue or due within 7 days
  int64_t days_to_review = 0, days_to_release = 0, days_to_hearing = 0;
  int open_exit_steps = 0;  // issue 15: shown on the release badge ("3 steps open")
};

struct CaseFilters {
  CaseOwner owner = CaseOwner::kMine;
  std::string status;          // person status id, "" = any
  bool coming_soon = false;    // review or release within kComingSoonDays (or overdue review)
  bool review_this_week = false;  // only the monthly reviews to hold this week (overdue included)
  SecretText query;
};

// One row with its urgency computed for `today` (YYYY-MM-DD). `open_exit_steps`: the dossier's
// open exit checklist steps; with the release near they make it urgent (core::ReleaseUrgencyFor:
// within kReleaseSoonDays always, within 90 days while a step is open).
CaseRow MakeCaseRow(const core::DossierSummary& summary, const std::string& today, int open_exit_steps = 0);
// Indices of the rows that pass `filters`, in urgency order.
std::vector<size_t> FilterAndSort(const std::vector<CaseRow>& rows, const CaseFilters& filters,
                                  const std::string& worker, const std::string& service);

class CaseListModel {
 public:
  // Reads every dossier; on failure the previous rows are kept and the status returned.
  Status Load(const core::Vault& vault, const std::string& today);
  void SetQuery(std::string query);
  void SetOwner(CaseOwner owner);
  void SetStatus(std::string status);
  void SetComingSoon(bool on);
  void SetReviewThisWeek(bool on);
  // Monthly reviews to hold this week (overdue included) among the case files the owner filter
  // shows: what the case list announces above the rows.
  size_t reviews_this_week() const { return reviews_this_week_; }

  const CaseFilters& filters() const { return filters_; }
  // Rows passing the filters, most urgent first.
  std::vector<const CaseRow*> visible() const;
  size_t total() const { return rows_.size(); }
  const std::string& today() const { return today_; }
  // Locking: every name and date read from the vault is overwritten.
  void Wipe();

 private:
  void Refilter();
  void WipeRows();

  std::vector<CaseRow> rows_;
  std::vector<size_t> order_;
  size_t reviews_this_week_ = 0;
  CaseFilters filters_;
  std::string today_, worker_, service_;
};

}  // namespace passerelle::ui
