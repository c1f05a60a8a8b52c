// A word-wrapping multi-line text editor for visit notes. Dear ImGui 1.86's InputTextMultiline
// cannot wrap lines, so a paragraph typed on a tablet would run off the right edge; this widget
// wraps at word boundaries, scrolls vertically, and supports what note-taking needs: typing
// (any UTF-8), Enter, Backspace/Delete (Ctrl: by word), arrows (Ctrl: by word), Home/End,
// Page Up/Down, Shift+movement and mouse/touch drag selection, Ctrl+A/C/X/V. No undo.
// It keeps no copy of the text: only caret, selection anchor and scroll live in ImGui's window
// storage, so locking has no editor buffer to wipe. Thread-safety: UI thread, inside a frame.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"
#include "secret_text.h"

namespace passerelle::ui {

struct NoteEditorResult {
  bool edited = false;       // *changed holds the new text
  bool deactivated = false;  // the editor lost focus this frame (save now)
  bool active = false;       // the editor has focus
};

// Draws the editor for `text` in a bordered, scrolling region of `size`. `hint` shows when empty.
NoteEditorResult NoteEditor(const char* str_id, const std::string& text, const char* hint, ImVec2 size,
                            SecretText* changed);

// One visual line: bytes [begin, end) of the text (trailing blanks of a wrapped line included,
// the '\n' of a paragraph end excluded).
struct WrappedLine {
  size_t begin = 0;
  size_t end = 0;
};
// Wraps `text` at word boundaries to `width` pixels with `font` at `font_size`. Always returns at
// least one line.
std::vector<WrappedLine> WrapText(const ImFont* font, float font_size, std::string_view text, float width);

}  // namespace passerelle::ui
