#include "input_queue.h"

#include <cfloat>

#include "imgui.h"
#include "passerelle/platform/secure_buffer.h"

namespace passerelle::ui {

static_assert(sizeof(ImGuiIO::KeysDown) / sizeof(bool) == InputQueue::kKeys);
static_assert(sizeof(ImGuiIO::MouseDown) / sizeof(bool) == InputQueue::kButtons);

void InputQueue::Push(const Event& e) {
  // A run of moves only matters by its last position (unless a button change separates them).
  if (e.kind == Kind::kMove && count_ > 0) {
    Event& last = events_[(head_ + count_ - 1) % kCapacity];
    if (last.kind == Kind::kMove) {
      last = e;
      return;
    }
  }
  // Full only if nothing drew a frame for ~300 taps: the oldest moment is dropped, not the newest.
  if (count_ == kCapacity) {
    platform::SecureWipe(&events_[head_], sizeof(Event));
    head_ = (head_ + 1) % kCapacity;
    --count_;
  }
  events_[(head_ + count_) % kCapacity] = e;
  ++count_;
}

void InputQueue::MouseMove(float x, float y) { Push({Kind::kMove, false, 0, x, y}); }
void InputQueue::MouseLeft() { Push({Kind::kLeave, false, 0, 0, 0}); }

void InputQueue::MouseButton(int button, bool down) {
  if (button >= 0 && button < kButtons) Push({Kind::kButton, down, button, 0, 0});
}

void InputQueue::Key(int key, bool down) {
  if (key >= 0 && key < kKeys) Push({Kind::kKey, down, key, 0, 0});
}

void InputQueue::Char(unsigned int c) {
  if (c != 0 && c <= 0x10FFFF) Push({Kind::kChar, false, static_cast<int>(c), 0, 0});
}

bool InputQueue::Feed(ImGuiIO& io) {
  std::array<bool, kButtons> button_changed{};
  std::array<bool, kKeys> key_changed{};
  bool any_button = false, any_key = false, text = false;
  while (count_ > 0) {
    Event& e = events_[head_];
    bool stop = false;
    switch (e.kind) {
      case Kind::kMove:
      case Kind::kLeave:
        // After a button change the pointer stays where the button changed, for this frame.
        if (any_button) {
          stop = true;
          break;
        }
        has_pointer_ = e.kind == Kind::kMove;
        x_ = e.x;
        y_ = e.y;
        break;
      case Kind::kButton:
        // One change per button per frame (a press and its release are two frames: a click), and
        // not together with typing (the tap may move the focus away from where the text goes).
        if (button_changed[static_cast<size_t>(e.code)] || any_key || text) {
          stop = true;
          break;
        }
        buttons_[static_cast<size_t>(e.code)] = e.down;
        button_changed[static_cast<size_t>(e.code)] = any_button = true;
        break;
      case Kind::kKey:
        // One change per key per frame; never after text or a tap in the same frame (widgets read
        // keys before characters, so a key after text would be applied before it).
        if (key_changed[static_cast<size_t>(e.code)] || text || any_button) {
          stop = true;
          break;
        }
        keys_[static_cast<size_t>(e.code)] = e.down;
        key_changed[static_cast<size_t>(e.code)] = any_key = true;
        break;
      case Kind::kChar:
        // A character follows its key press in the same frame, but never a tap.
        if (any_button) {
          stop = true;
          break;
        }
        io.AddInputCharacter(static_cast<unsigned int>(e.code));
        text = true;
        break;
      case Kind::kNone: break;
    }
    if (stop) break;
    platform::SecureWipe(&e, sizeof(Event));  // a typed character may be part of a passphrase
    head_ = (head_ + 1) % kCapacity;
    --count_;
  }
  io.MousePos = has_pointer_ ? ImVec2(x_, y_) : ImVec2(-FLT_MAX, -FLT_MAX);
  for (int b = 0; b < kButtons; ++b) io.MouseDown[b] = buttons_[static_cast<size_t>(b)];
  for (int k = 0; k < kKeys; ++k) io.KeysDown[k] = keys_[static_cast<size_t>(k)];
  auto held = [&](const int (&codes)[2]) { return keys_[static_cast<size_t>(codes[0])] || keys_[static_cast<size_t>(codes[1])]; };
  io.KeyCtrl = held(kCtrl);
  io.KeyShift = held(kShift);
  io.KeyAlt = held(kAlt);
  io.KeySuper = held(kSuper);
  return count_ > 0;
}

void InputQueue::Clear() {
  platform::SecureWipe(events_.data(), sizeof(events_));
  head_ = count_ = 0;
  buttons_.fill(false);
  keys_.fill(false);
}

}  // namespace passerelle::ui
