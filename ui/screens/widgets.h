// Touch-friendly building blocks shared by the screens. Every interactive widget is at least
// kTouchTarget design pixels tall (≈ 9 mm at 96 dpi, Apple/Google guidance for a fingertip) and
// its ImGui id is "label###stable_id", so switching language never changes widget identity.
// Each records itself in the env's probe under its stable id. Thread-safety: UI thread only.
#pragma once

#include <string>

#include "intents.h"
#include "screen_env.h"
#include "secret_text.h"

namespace passerelle::ui {

inline constexpr float kTouchTarget = 48.0f;

float Px(const ScreenEnv& env, float design_px);
float TouchHeight(const ScreenEnv& env);

// Records the last ImGui item in the probe under `id`.
void Probe(const ScreenEnv& env, const std::string& id);

// A button as tall as a fingertip; `label` is already translated. With a fixed `width` (or -1:
// the space left) too narrow for the label, the label wraps between words onto a taller button.
bool TouchButton(const ScreenEnv& env, const std::string& id, const char* label, float width = 0.0f,
                 bool enabled = true);
// An accent-coloured button for the main action of a screen.
bool PrimaryButton(const ScreenEnv& env, const std::string& id, const char* label, float width = 0.0f,
                   bool enabled = true);
// A toggle chip (selected or not), for tags and segmented choices.
bool Chip(const ScreenEnv& env, const std::string& id, const char* label, bool selected);
// Flow layout for a row of chips: call before each chip with its label; it stays on the line when
// the chip fits, else starts a new line. `used` is the caller's running width (start at 0).
void FlowNext(const char* label, bool selected, float* used);
// A radio row: the whole row is the hit target.
bool RadioRow(const ScreenEnv& env, const std::string& id, const char* label, bool selected, bool enabled = true);

// Single-line text field over a value owned elsewhere: returns true and fills `*changed` when
// the worker edited it. The edit buffer wipes itself (it may hold a person's name).
bool EditLine(const ScreenEnv& env, const std::string& id, const char* hint, const std::string& value,
              SecretText* changed, float width = -1.0f);
// The word-wrapping note editor (note_editor.h); `deactivated` is set when it loses focus.
bool EditMultiline(const ScreenEnv& env, const std::string& id, const char* hint, const std::string& value,
                   ImVec2 size, SecretText* changed, bool* deactivated);

// A heading in the title font; a long one (a person's name) wraps between words.
void Heading(const ScreenEnv& env, const char* text);
void Muted(const char* text);
// A coloured label; one wider than the space left is shortened with "…" (full text on hover/tap).
void Badge(const ScreenEnv& env, const char* text, ImU32 background);
float BadgeWidth(const ScreenEnv& env, const char* text);
// "Label: value", the label muted; the value wraps under the label when it does not fit beside it.
void Field(const char* label, const std::string& value);

// ---- Layouts that fit (docs/ui.md, "Layouts that fit") ----
// Every helper below keeps text inside the space it is drawn in, at every window size and UI
// scale, and records what it drew in the probe so the headless layout check can prove it.

// True when the space left on this line is narrower than `design_px` at this scale: screens then
// stack what they would put side by side (two panes, a table's columns, a header's three columns).
bool Narrow(const ScreenEnv& env, float design_px = 720.0f);
// Width of a button or chip showing `label` (its text plus frame padding).
float ButtonWidth(const char* label);
// Call between two items of a row: the next one (`next_width` wide) goes on the same line when it
// fits there, else it starts a new line. Works in windows and in table cells.
void SameLineIfFits(float next_width);
// Places the next item (`width` wide) at the right edge of this line, after the previous item, or
// at the start of a new line when it would not fit beside it.
void RightAligned(float width);
// One line of text in `width` (<= 0: the space left): shortened with "…" when it is wider, the full
// text shown on hover or tap. For table cells and lists where rows must keep one height.
void TruncatedText(const ScreenEnv& env, const std::string& id, const std::string& text, float width = 0.0f,
                   bool muted = false);
// Text that wraps between words in the space left; when one word alone is wider than that space
// (a long e-mail address in a narrow column), it is shown as TruncatedText instead of being broken.
void WrappedText(const ScreenEnv& env, const std::string& id, const std::string& text, bool muted = false);
// A row of buttons that wraps onto a new line instead of running off the edge; each button keeps
// its natural width unless `fill` (then each fills the line it is on when the row wraps).
class ButtonRow {
 public:
  explicit ButtonRow(const ScreenEnv& env) : env_(env) {}
  bool Button(const std::string& id, const char* label, bool enabled = true);
  bool Primary(const std::string& id, const char* label, bool enabled = true);

 private:
  void Place(const char* label);
  const ScreenEnv& env_;
  bool first_ = true;
};

// A modal sheet (a form, a dialog) centred on the screen: `design_width` wide or the screen's width
// less a margin, `design_height` tall (0: as tall as its content), never taller than the screen
// (it scrolls instead), opaque. The caller opens the popup by `title`'s id and ends it with
// ImGui::EndPopup() when this returns true.
bool BeginSheet(const ScreenEnv& env, const std::string& title, float design_width, float design_height = 0.0f);

// Colours used for meaning (not decoration): urgent, warning, fine, neutral.
ImU32 UrgentColour();
ImU32 WarningColour();
ImU32 OkColour();
ImU32 NeutralColour();

}  // namespace passerelle::ui
