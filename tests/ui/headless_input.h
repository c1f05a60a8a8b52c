// The headless harness of the issue 13 tests: the demo vault's AppController drawn in Dear ImGui
// frames with no renderer (tests/support/headless_screens.h), its input fed through the app's InputQueue
// exactly as the window's GLFW callbacks feed it (a press and its release between two frames,
// characters typed in a burst). Included by input_test.cpp, lock_place_test.cpp and
// hub_sync_screen_test.cpp.
#pragma once

#include <doctest/doctest.h>

#include <cstring>

#include "imgui_internal.h"
#include "input_queue.h"
#include "passerelle/core/case_files.h"
#include "support/headless_screens.h"

namespace passerelle::testing {

using namespace passerelle::ui;

// GLFW's key codes (what the app's queue stores; the test does not link GLFW).
constexpr int kKeyEnter = 257, kKeyBackspace = 259, kKeyA = 65;

struct Harness : Headless {
  InputQueue input;

  // `hub_port`: the office hub the app talks to (a fake that opens no socket; nullptr = the real one).
  explicit Harness(HubPort* hub_port = nullptr) : Headless(ImVec2(1280, 800), hub_port) {
    ImGuiIO& io = ImGui::GetIO();
    for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = 400 + k;  // distinct, unused codes
    io.KeyMap[ImGuiKey_Enter] = kKeyEnter;
    io.KeyMap[ImGuiKey_Backspace] = kKeyBackspace;
    io.KeyMap[ImGuiKey_A] = kKeyA;
  }

  // One frame as the app's loop draws it: queued input handed over, screens drawn, intents kept
  // in `intents` (the caller applies them). Hides Headless::Frame: every frame of this harness
  // takes its input from the queue.
  void Frame() {
    input.Feed(ImGui::GetIO());
    Headless::Frame();
  }
  // Frames until the queue is empty, applying intents after each frame as the loop does.
  void Drain() {
    for (int i = 0; i < 400 && input.Pending(); ++i) {
      Frame();
      app->Apply(intents);
    }
    REQUIRE_FALSE(input.Pending());
  }
  void Settle() {
    for (int i = 0; i < 3; ++i) {
      Frame();
      app->Apply(intents);
    }
  }
  ImVec2 Centre(const std::string& id) {
    const WidgetProbe::Item* item = probe.Find(id);
    INFO("widget ", id);
    REQUIRE(item != nullptr);
    return ImVec2((item->min.x + item->max.x) * 0.5f, (item->min.y + item->max.y) * 0.5f);
  }
  // A tap as a touch screen delivers it: the pointer jumps there, press and release, all before
  // the next frame.
  void QueueTap(const std::string& id) {
    ImVec2 c = Centre(id);
    input.MouseMove(c.x, c.y);
    input.MouseButton(0, true);
    input.MouseButton(0, false);
  }
  // Keystrokes as a keyboard delivers them: key down, the character, key up.
  void QueueTyping(const std::string& ascii) {
    for (char ch : ascii) {
      int key = ch >= 'a' && ch <= 'z' ? kKeyA + (ch - 'a') : 32;
      input.Key(key, true);
      input.Char(static_cast<unsigned char>(ch));
      input.Key(key, false);
    }
  }
  void QueueKey(int key) {
    input.Key(key, true);
    input.Key(key, false);
  }
  // Opens the showcase visit and types `text` into its note editor (focused by a tap).
  void TypeIntoEditor(const std::string& text) {
    REQUIRE(ShowcaseScreen(*app, Screen::kVisit).ok());
    Settle();
    QueueTap("visit.editor");
    Drain();
    Settle();
    std::string before = app->visit().body();
    QueueTyping(text);
    Drain();
    REQUIRE(app->visit().body().size() == before.size() + text.size());  // typed where the tap put the caret
    REQUIRE(app->visit().body().find(text) != std::string::npos);
  }
  // Runs frames after a queued tap and returns how many it took for an intent of type T to be
  // pushed (0 if none within 4 frames). Intents are not applied.
  template <typename T>
  int FramesUntil() {
    for (int i = 1; i <= 4; ++i) {
      Frame();
      if (intents.Find<T>() != nullptr) return i;
    }
    return 0;
  }
};


}  // namespace passerelle::testing
