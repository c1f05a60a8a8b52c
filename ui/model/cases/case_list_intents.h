// The case list's intents (drawn by case_list_screen.cpp, handled by CaseListController).
// A search may be a person's name: it travels as SecretText. Thread-safety: UI thread only.
#pragma once

#include <string>
#include <variant>

#include "case_list_model.h"
#include "intents.h"
#include "secret_text.h"

namespace passerelle::ui {

namespace intent {
struct SetCaseQuery { SecretText query; };
struct SetCaseOwner { CaseOwner owner = CaseOwner::kMine; };
struct SetCaseStatus { std::string status; };  // "" = any
struct SetComingSoon { bool on = false; };
struct SetReviewThisWeek { bool on = false; };
}  // namespace intent

using CaseListIntent =
    std::variant<intent::SetCaseQuery, intent::SetCaseOwner, intent::SetCaseStatus, intent::SetComingSoon,
                 intent::SetReviewThisWeek>;

namespace intent {
CaseListIntent GroupOf(const AlternativeOf<CaseListIntent> auto&);
}  // namespace intent

}  // namespace passerelle::ui
