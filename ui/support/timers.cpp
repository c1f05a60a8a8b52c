#include "timers.h"

#include <algorithm>

namespace passerelle::ui {

void IdleLock::SetMinutes(int minutes) { minutes_ = std::clamp(minutes, kMinMinutes, kMaxMinutes); }

void AutosavePolicy::Edited(int64_t now_ms) {
  if (!dirty_) first_unsaved_ms_ = now_ms;
  dirty_ = true;
  last_edit_ms_ = now_ms;
}

void AutosavePolicy::Saved() {
  dirty_ = false;
  retry_at_ms_ = 0;
}

void AutosavePolicy::Failed(int64_t now_ms) { retry_at_ms_ = now_ms + kRetryMs; }

std::optional<int64_t> AutosavePolicy::Deadline() const {
  if (!dirty_) return std::nullopt;
  int64_t due = std::min(last_edit_ms_ + kPauseMs, first_unsaved_ms_ + kMaxUnsavedMs);
  return std::max(due, retry_at_ms_);
}

bool AutosavePolicy::Due(int64_t now_ms) const {
  auto deadline = Deadline();
  return deadline && now_ms >= *deadline;
}

}  // namespace passerelle::ui
