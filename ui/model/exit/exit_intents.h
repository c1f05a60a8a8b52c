// The Release and Team tabs' intents (drawn by exit_plan_screen.cpp), handled by ExitController.
// The forms (a team member, the référent handover, the care handover, a step's details) go
// through the record forms (form_intents.h). Thread-safety: UI thread only.
#pragma once

#include <string>
#include <variant>

#include "intents.h"

namespace passerelle::ui {

namespace intent {
// One field of one step of the open dossier's checklist ("status", "member_id"; "" clears).
struct SetExitStep {
  std::string dossier_id, step, field, value;
};
}  // namespace intent

using ExitIntent = std::variant<intent::SetExitStep>;

namespace intent {
ExitIntent GroupOf(const AlternativeOf<ExitIntent> auto&);
}  // namespace intent

}  // namespace passerelle::ui
