// A monotonic clock behind platform::Clock, for the app's timers (autosave, auto-lock): a wall
// clock set back by an hour must neither postpone a save nor keep a vault open longer.
// Thread-safety: stateless.
#pragma once

#include <chrono>

#include "passerelle/platform/clock.h"

namespace passerelle::ui {

class SteadyClock final : public platform::Clock {
 public:
  int64_t NowMillis() override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
  }
};

}  // namespace passerelle::ui
