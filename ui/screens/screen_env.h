// What every screen function receives besides its view-model: the words (I18n), the UiState
// (read-only), the scale, the fonts, and an optional probe that records where key widgets were
// drawn (tests use it to check a screen shows what it must, and to click on it headless).
// Thread-safety: UI thread only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "i18n.h"
#include "imgui.h"
#include "ui_state.h"

namespace passerelle::ui {

struct WidgetProbe {
  struct Item {
    std::string id;
    ImVec2 min, max;
    bool enabled = true;
  };
  std::vector<Item> items;
  // Text the widgets drew into a box of their own (a button, a badge, a truncated cell): how wide
  // it is and how wide the box is (layout_check.h reports those that do not fit).
  struct Text {
    std::string id, text;
    float needed = 0, available = 0;
    bool ellipsized = false;  // shortened with "…", the full text in a tooltip
  };
  std::vector<Text> texts;
  const Item* Find(std::string_view id) const {
    for (const auto& i : items)
      if (i.id == id) return &i;
    return nullptr;
  }
  void Clear() {
    items.clear();
    texts.clear();
  }
};

struct ScreenEnv {
  const I18n& t;
  const UiState& ui;
  float scale = 1.0f;           // ui.Scale(), applied to sizes given in design pixels
  ImFont* title_font = nullptr;  // larger bold font for headings (nullptr: the default font)
  WidgetProbe* probe = nullptr;
};

}  // namespace passerelle::ui
