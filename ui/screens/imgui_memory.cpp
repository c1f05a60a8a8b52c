#include "imgui_memory.h"

#include <cstring>

#include "imgui.h"
#include "imgui_internal.h"
#include "passerelle/platform/secure_buffer.h"

namespace passerelle::ui {
namespace {
template <typename T>
void WipeVector(ImVector<T>& v) {
  if (v.Data != nullptr) platform::SecureWipe(v.Data, static_cast<size_t>(v.Capacity) * sizeof(T));
  v.clear();  // frees the buffer
}
}  // namespace

void WipeImGuiTextMemory() {
  ImGuiContext* ctx = ImGui::GetCurrentContext();
  if (ctx == nullptr) return;
  ImGui::ClearActiveID();
  ImGuiInputTextState& state = ctx->InputTextState;
  WipeVector(state.TextW);
  WipeVector(state.TextA);
  WipeVector(state.InitialTextA);
  platform::SecureWipe(&state.Stb, sizeof(state.Stb));  // includes the undo characters
  state.ID = 0;
  state.CurLenW = state.CurLenA = 0;
  platform::SecureWipe(ctx->TempBuffer, sizeof(ctx->TempBuffer));
  // Typed characters wait here for the next frame; the vector keeps its (stale) contents.
  WipeVector(ctx->IO.InputQueueCharacters);
}

}  // namespace passerelle::ui
