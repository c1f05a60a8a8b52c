// SubmitOnce: a creating action acts once per tap. Each time a dialog or form that creates a
// record opens, it becomes a new instance with its own token; the screen puts the token in the
// submit intent, and the controller creates the record only for the open instance's first
// successful submit. A double tap, a tap landing on a dialog that is already closing, or an intent
// queued twice therefore creates nothing more (issue 13: "Refer" tapped twice made two identical
// referrals). A submit refused by validation leaves the instance open, so the corrected form can
// be submitted. Token 0 is a submit not coming from a screen (scripts, tests): it stands for the
// open instance. Thread-safety: UI thread only.
#pragma once

#include <cstdint>

namespace passerelle::ui {

class SubmitOnce {
 public:
  // The dialog opened: a new instance.
  void Open() {
    token_ = ++last_;
    done_ = false;
  }
  // The dialog closed: no instance is open.
  void Close() { token_ = 0; }
  // The open instance's token (0 = none), for the screen's submit intent.
  uint64_t token() const { return token_; }
  // May the submit of instance `token` create its record?
  bool Accepts(uint64_t token) const { return token_ != 0 && !done_ && (token == 0 || token == token_); }
  // It did: later submits of this instance do nothing.
  void Done() { done_ = true; }

 private:
  uint64_t last_ = 0;
  uint64_t token_ = 0;
  bool done_ = false;
};

}  // namespace passerelle::ui
