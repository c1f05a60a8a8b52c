// The input queue between the window system and Dear ImGui 1.86. ImGui 1.86 (Debian's) has no
// input queue of its own: a backend writes the *current* state of each key and button into
// ImGuiIO, so a key pressed and released between two frames is never seen, two taps between two
// frames are one, and characters typed just before a tap reach the frame in which the tap moves
// the focus away. The app sleeps between events (docs/ui.md, "Idle rendering"), which makes such
// bursts common; a touch screen's taps are short too. This queue keeps every event in order and
// hands them to ImGui a frame at a time: per frame at most one change of each button and each key,
// a button change never in the same frame as a key change or typed text, text never after a
// button change, and the pointer's moves only up to a button change (so a tap lands where it was
// made). The caller draws frames until Pending() is false.
// Typed characters may be a passphrase: each slot is wiped as soon as it has been handed over.
// ImGui-level and window-system free: the app's window feeds it from GLFW callbacks, the headless
// screen tests feed it directly. Thread-safety: UI thread only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

struct ImGuiIO;

namespace passerelle::ui {

class InputQueue {
 public:
  static constexpr size_t kCapacity = 1024;
  static constexpr int kButtons = 5;
  static constexpr int kKeys = 512;  // io.KeysDown's size in ImGui 1.86
  // The modifier keys' codes: GLFW's (the app's backend), left and right.
  static constexpr int kCtrl[2] = {341, 345}, kShift[2] = {340, 344}, kAlt[2] = {342, 346}, kSuper[2] = {343, 347};

  // Events, in the order the window system delivered them. `key` is the backend's key code (the
  // index io.KeyMap points into io.KeysDown); out-of-range buttons and keys are ignored.
  void MouseMove(float x, float y);
  void MouseButton(int button, bool down);
  void Key(int key, bool down);
  void Char(unsigned int c);
  // The pointer left the window (or the window lost it): ImGui sees no pointer until it moves in.
  void MouseLeft();

  // Hands one frame's worth of events to `io` (call before ImGui::NewFrame, after the backend's
  // own NewFrame): sets MousePos, MouseDown, KeysDown and the modifier flags from the state the
  // queue has reached, and adds the frame's typed characters. Returns true if events remain.
  bool Feed(ImGuiIO& io);
  bool Pending() const { return count_ > 0; }
  // Forgets pending events and the held keys and buttons (wipes pending characters).
  void Clear();

 private:
  enum class Kind : uint8_t { kNone, kMove, kLeave, kButton, kKey, kChar };
  struct Event {
    Kind kind = Kind::kNone;
    bool down = false;
    int code = 0;  // button, key, or character
    float x = 0, y = 0;
  };
  void Push(const Event& e);

  std::array<Event, kCapacity> events_{};
  size_t head_ = 0;
  size_t count_ = 0;
  // The state reached by the events fed so far.
  float x_ = -1e30f, y_ = -1e30f;
  bool has_pointer_ = false;
  std::array<bool, kButtons> buttons_{};
  std::array<bool, kKeys> keys_{};
};

}  // namespace passerelle::ui
