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

// A button as tall as a fingertip; `label` is already translated.
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

void Heading(const ScreenEnv& env, const char* text);
void Muted(const char* text);
void Badge(const ScreenEnv& env, const char* text, ImU32 background);
// "Label: value" on one line, the label muted.
void Field(const char* label, const std::string& value);

// Colours used for meaning (not decoration): urgent, warning, fine, neutral.
ImU32 UrgentColour();
ImU32 WarningColour();
ImU32 OkColour();
ImU32 NeutralColour();

}  // namespace passerelle::ui
