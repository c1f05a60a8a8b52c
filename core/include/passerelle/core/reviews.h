// Who took part, and when the follow-up was last reviewed: the monthly review of a case file
// (seed 004: the programme is reviewed every month by those who carry it) and the participants of
// a visit or a review (a tripartite visit: the person, the worker, the justice assistant).
// Writes validate everything first and make one Vault::Apply call; reads return plain structs.
// Thread-safety: as the Vault.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/case_files.h"

namespace passerelle::core {

struct Review {
  std::string id, dossier_id, held_on, next_review, comment, author;
  std::vector<std::string> participants;  // sorted
};

// The same day one month later, clamped to the month's last day (2026-01-31 -> 2026-02-28);
// "" when `iso` is not a valid YYYY-MM-DD date.
std::string OneMonthLater(std::string_view iso);

// "Review done": records the review (held_on defaults to today, next_review to one month later;
// dates in either typed form) with its participants, and sets the dossier's next_review to the
// review's next_review, in one transaction. Refuses a review held in the future, a next review
// that is not after the review, a blank participant; `fields` may hold dossier_id (required),
// held_on, next_review, comment.
Result<std::string> RecordReview(Vault& v, const FieldValues& fields, const std::vector<std::string>& participants);
// The dossier's reviews, newest first.
Result<std::vector<Review>> ListReviews(const Vault& v, const std::string& dossier_id);

// Makes the participants of a live visit or review exactly `participants` (names or roles, one
// line each; a blank one refused, a repeated one kept once), adding and removing elements in one transaction so
// a colleague's concurrent additions are kept (add-wins set).
Status SetParticipants(Vault& v, const std::string& id, const std::vector<std::string>& participants);
// A record's participants, sorted ("" for an id without the field).
Result<std::vector<std::string>> Participants(const Vault& v, const std::string& id);

}  // namespace passerelle::core
