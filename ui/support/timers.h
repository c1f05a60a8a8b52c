// The two timers of the field app, as plain state machines over an injectable clock so that the
// policies are unit-tested without a window and the SIGKILL test can drive them:
//  - IdleLock: lock the vault after N minutes without user input (default 5, configurable).
//  - AutosavePolicy: when the note editor must write the note to the vault. The promise is that a
//    crash or kill loses at most the last second of typing, so a save is due
//      * `pause_ms` after the last keystroke (typing paused), or
//      * `max_unsaved_ms` after the first unsaved keystroke, even while typing goes on,
//    whichever comes first. Both are below one second with room for the save itself (an fsync'ed
//    SQLCipher commit, measured in docs/ui.md). Focus changes save at once (the editor calls
//    its Flush()).
// Both expose their next deadline so the event loop can sleep exactly until then (no polling).
// Thread-safety: none (owned by the UI thread).
#pragma once

#include <cstdint>
#include <optional>

namespace passerelle::ui {

class IdleLock {
 public:
  static constexpr int kDefaultMinutes = 5;
  static constexpr int kMinMinutes = 1;
  static constexpr int kMaxMinutes = 60;

  // Minutes are clamped to [kMinMinutes, kMaxMinutes].
  void SetMinutes(int minutes);
  int minutes() const { return minutes_; }
  // Call on every user input (and on unlock).
  void Activity(int64_t now_ms) { last_activity_ms_ = now_ms; }
  bool Due(int64_t now_ms) const { return now_ms >= Deadline(); }
  int64_t Deadline() const { return last_activity_ms_ + int64_t{minutes_} * 60'000; }

 private:
  int minutes_ = kDefaultMinutes;
  int64_t last_activity_ms_ = 0;
};

class AutosavePolicy {
 public:
  static constexpr int64_t kPauseMs = 400;
  static constexpr int64_t kMaxUnsavedMs = 700;
  static constexpr int64_t kRetryMs = 1000;  // after a failed save (disk full...)

  // The text changed at `now_ms`.
  void Edited(int64_t now_ms);
  // A save of everything typed so far succeeded / failed at `now_ms`.
  void Saved();
  void Failed(int64_t now_ms);
  bool dirty() const { return dirty_; }
  bool Due(int64_t now_ms) const;
  // When the next save is due; nullopt when there is nothing to save.
  std::optional<int64_t> Deadline() const;

 private:
  bool dirty_ = false;
  int64_t first_unsaved_ms_ = 0;
  int64_t last_edit_ms_ = 0;
  int64_t retry_at_ms_ = 0;
};

}  // namespace passerelle::ui
