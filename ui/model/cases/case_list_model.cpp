#include "case_list_model.h"

#include <algorithm>
#include <tuple>

#include "dates.h"
#include "passerelle/core/exit_plan.h"
#include "text_fold.h"

namespace passerelle::ui {

CaseRow MakeCaseRow(const core::DossierSummary& s, const std::string& today, int open_exit_steps) {
  CaseRow r;
  r.dossier_id = s.dossier.id;
  r.person_name = s.person.name;
  r.alias = s.person.alias;
  r.establishment = s.person.establishment;
  r.person_status = s.person.status;
  r.referent = s.dossier.referent;
  r.service = s.dossier.service;
  r.basis = s.dossier.basis;
  r.next_review = s.dossier.next_review;
  r.expected_release = s.dossier.expected_release;
  r.next_hearing = s.dossier.next_hearing;
  r.last_visit = s.last_visit;
  if (auto d = DaysBetween(today, r.next_review)) {
    r.days_to_review = *d;
    r.review_overdue = *d < 0;
    r.review_soon = *d >= 0 && *d <= kReviewSoonDays;
    r.review_this_week = *d <= kReviewSoonDays;
  }
  if (auto d = DaysBetween(today, r.expected_release)) {
    r.days_to_release = *d;
    const core::ReleaseUrgency u = core::ReleaseUrgencyFor(*d, open_exit_steps);
    r.release_soon = u.soon;
    r.open_exit_steps = u.open_steps;
  }
  if (auto d = DaysBetween(today, r.next_hearing)) {
    r.days_to_hearing = *d;
    r.hearing_soon = *d >= 0 && *d <= kHearingSoonDays;
  }
  if (r.review_overdue) {
    r.urgency = Urgency::kReviewOverdue;
    r.urgency_days = -r.days_to_review;
  } else if (r.release_soon) {
    r.urgency = Urgency::kReleaseSoon;
    r.urgency_days = r.days_to_release;
  } else if (r.review_soon) {
    r.urgency = Urgency::kReviewSoon;
    r.urgency_days = r.days_to_review;
  } else if (r.hearing_soon) {
    r.urgency = Urgency::kHearingSoon;
    r.urgency_days = r.days_to_hearing;
  }
  return r;
}

std::vector<size_t> FilterAndSort(const std::vector<CaseRow>& rows, const CaseFilters& filters,
                                  const std::string& worker, const std::string& service) {
  std::vector<size_t> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const CaseRow& r = rows[i];
    if (filters.owner == CaseOwner::kMine && r.referent != worker) continue;
    if (filters.owner == CaseOwner::kService && r.service != service) continue;
    if (!filters.status.empty() && r.person_status != filters.status) continue;
    if (filters.review_this_week && !r.review_this_week) continue;
    if (filters.coming_soon) {
      bool review = !r.next_review.empty() && r.days_to_review <= kComingSoonDays;
      bool release = !r.expected_release.empty() && r.days_to_release >= 0 && r.days_to_release <= kComingSoonDays;
      if (!review && !release) continue;
    }
    if (!MatchesQuery(filters.query.str(), {r.person_name, r.alias, r.establishment, r.referent}))
      continue;
    out.push_back(i);
  }
  std::stable_sort(out.begin(), out.end(), [&](size_t a, size_t b) {
    const CaseRow& x = rows[a];
    const CaseRow& y = rows[b];
    // Overdue: the longest overdue first; the others: the nearest date first.
    auto key = [](const CaseRow& r) {
      return r.urgency == Urgency::kReviewOverdue ? -r.urgency_days : r.urgency_days;
    };
    // The same release day: more exit steps open first (core::ReleaseSortsBefore).
    const int open_x = x.urgency == Urgency::kReleaseSoon ? -x.open_exit_steps : 0;
    const int open_y = y.urgency == Urgency::kReleaseSoon ? -y.open_exit_steps : 0;
    return std::make_tuple(static_cast<int>(x.urgency), key(x), open_x, FoldForSearch(x.person_name)) <
           std::make_tuple(static_cast<int>(y.urgency), key(y), open_y, FoldForSearch(y.person_name));
  });
  return out;
}

Status CaseListModel::Load(const core::Vault& vault, const std::string& today) {
  auto summaries = core::ListDossiers(vault);
  if (!summaries.ok()) return summaries.status();
  WipeRows();
  today_ = today;
  worker_ = vault.worker();
  service_ = vault.service();
  auto open = core::OpenExitStepCounts(vault);
  if (!open.ok()) return open.status();
  for (const auto& s : *summaries) {
    auto it = open->find(s.dossier.id);
    rows_.push_back(MakeCaseRow(s, today, it == open->end() ? 0 : it->second));
  }
  Refilter();
  return Status::Ok();
}

void CaseListModel::SetQuery(std::string query) {
  filters_.query = SecretText(std::move(query));
  Refilter();
}
void CaseListModel::SetOwner(CaseOwner owner) {
  filters_.owner = owner;
  Refilter();
}
void CaseListModel::SetStatus(std::string status) {
  filters_.status = std::move(status);
  Refilter();
}
void CaseListModel::SetComingSoon(bool on) {
  filters_.coming_soon = on;
  Refilter();
}

void CaseListModel::Refilter() {
  order_ = FilterAndSort(rows_, filters_, worker_, service_);
  CaseFilters owner_only;
  owner_only.owner = filters_.owner;
  reviews_this_week_ = 0;
  for (size_t i : FilterAndSort(rows_, owner_only, worker_, service_)) reviews_this_week_ += rows_[i].review_this_week;
}

void CaseListModel::SetReviewThisWeek(bool on) {
  filters_.review_this_week = on;
  Refilter();
}

std::vector<const CaseRow*> CaseListModel::visible() const {
  std::vector<const CaseRow*> out;
  out.reserve(order_.size());
  for (size_t i : order_) out.push_back(&rows_[i]);
  return out;
}

void CaseListModel::Wipe() {
  WipeRows();
  filters_.query = SecretText();
}

void CaseListModel::WipeRows() {
  for (auto& r : rows_)
    for (std::string* s : {&r.dossier_id, &r.person_name, &r.alias, &r.establishment, &r.person_status, &r.referent,
                           &r.service, &r.basis, &r.next_review, &r.expected_release, &r.next_hearing, &r.last_visit})
      WipeString(*s);
  rows_.clear();
  rows_.shrink_to_fit();
  order_.clear();
}

}  // namespace passerelle::ui
