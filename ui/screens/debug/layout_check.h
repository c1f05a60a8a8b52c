// Does everything fit? A check for the headless harness (tests/ui/layout_fit_test.cpp) and for
// debugging a screen: after a frame has been drawn, it lists every place where something is wider
// than the space it was drawn in, so the worker would see it cut:
// - a window's content (text, a button, a row of chips) running past its right edge, or past its
//   bottom edge when the window cannot scroll;
// - a table cell's content running past its column, or a column pushed off the table;
// - a window (a sheet, a modal, a menu) leaving the screen;
// - a text drawn by the widgets into a fixed box (a button, a truncated cell) wider than the box,
//   when the widget did not ellipsize it (WidgetProbe::texts, recorded while a probe is set).
// Its messages are for developers (test output, in English), never drawn: hence its own folder,
// outside the screens whose literals ui_i18n_test checks.
// Text shortened with an ellipsis and a tooltip (TruncatedText, table headers, tabs) is not a
// problem: the full text is one hover or tap away. Thread-safety: UI thread, after ImGui::Render().
#pragma once

#include <string>
#include <vector>

#include "screen_env.h"

namespace passerelle::ui {

struct LayoutProblem {
  std::string where;  // the window, table column or widget id
  std::string what;   // what does not fit
  float needed = 0, available = 0;  // pixels
};

// Walks the windows and tables of the frame just rendered, and the probe's text records.
std::vector<LayoutProblem> FindLayoutProblems(const WidgetProbe* probe);
std::string Describe(const LayoutProblem& p);

}  // namespace passerelle::ui
