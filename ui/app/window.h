// The window: GLFW + OpenGL 3 + the Dear ImGui backends, font atlas upload, one frame, and the
// PNG capture used by --screenshot. Everything OS- and GPU-specific of the app is here; the rest
// (controller, screens) runs headless in tests. Thread-safety: the main thread only (GLFW).
#pragma once

#include <string>

#include "i18n.h"
#include "input_queue.h"
#include "theme.h"

struct GLFWwindow;

namespace passerelle::app {

class AppWindow {
 public:
  AppWindow() = default;
  ~AppWindow();
  AppWindow(const AppWindow&) = delete;
  AppWindow& operator=(const AppWindow&) = delete;

  // Creates the window (width or height 0: sized to the primary monitor's work area), the GL
  // context and the ImGui context with both backends. `user` is
  // stored as the GLFW user pointer; `install_callbacks` sets the app's GLFW callbacks, then the
  // window installs its own, which queue the input for ImGui, tell the backend what it still
  // handles itself (focus, pointer entering, wheel) and chain to the app's. One window per
  // process. False with a message on failure (no display, no OpenGL 3.2).
  bool Open(int width, int height, const char* title, void* user, void (*install_callbacks)(GLFWwindow*),
            std::string* error);
  GLFWwindow* handle() const { return window_; }
  // The display's DPI scale (1.0 on a 96-dpi screen).
  float ContentScale() const;
  void SetTitle(const char* title);

  // Rebuilds the font atlas at `scale` and uploads it, and re-applies the theme.
  void RebuildFonts(ui::FontStore& store, const ui::I18n& i18n, float scale, ui::FontSet* fonts);

  // `hide_mouse`: the pointer is treated as absent (screenshots show no hover highlight).
  // Hands ImGui the next frame's worth of queued input (input_queue.h).
  void BeginFrame(bool hide_mouse = false);
  // Input events still queued: the loop must draw another frame (without waiting for an event).
  bool InputPending() const { return input_.Pending(); }
  // Renders the ImGui draw data into the back buffer (not yet shown).
  void Render();
  void Present();
  // Reads the back buffer after Render() and writes it as an RGB PNG.
  bool CapturePng(const std::string& path, std::string* error);

 private:
  // Mouse buttons, keys, characters and the pointer's moves go through this queue rather than
  // straight into ImGuiIO (ImGui 1.86 loses a press and release arriving between two frames).
  ui::InputQueue input_;
  GLFWwindow* window_ = nullptr;
  bool imgui_ready_ = false;
};

}  // namespace passerelle::app
