// Wiping what Dear ImGui itself keeps of the text a worker typed or read: the active text field's
// edit buffers and undo history (ImGuiInputTextState), and the scratch buffer ImGui formats text
// into (TempBuffer), and the queue of typed characters. Called when the vault locks, after the
// view-models were wiped, and when an unlock or creation attempt takes the typed passphrase.
// Thread-safety: UI thread only, outside NewFrame/Render.
#pragma once

namespace passerelle::ui {

void WipeImGuiTextMemory();

}  // namespace passerelle::ui
