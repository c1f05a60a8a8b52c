#include "window.h"

#include <GLFW/glfw3.h>

#include <cfloat>
#include <cstdio>
#include <vector>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "stb/stb_image_write.h"

namespace passerelle::app {
namespace {
void OnGlfwError(int code, const char* description) { std::fprintf(stderr, "GLFW error %d: %s\n", code, description); }

// The app's own callbacks, called after the window's (GLFW has one callback per kind), and the
// queue they feed. One window per process.
struct Chain {
  ui::InputQueue* input = nullptr;
  GLFWkeyfun key = nullptr;
  GLFWcharfun chr = nullptr;
  GLFWmousebuttonfun button = nullptr;
  GLFWcursorposfun cursor = nullptr;
  GLFWcursorenterfun enter = nullptr;
  GLFWscrollfun scroll = nullptr;
  GLFWwindowfocusfun focus = nullptr;
} g_chain;

void InstallQueueCallbacks(GLFWwindow* window, ui::InputQueue* input) {
  g_chain.input = input;
  g_chain.key = glfwSetKeyCallback(window, [](GLFWwindow* w, int key, int scancode, int action, int mods) {
    if (action != GLFW_REPEAT) g_chain.input->Key(key, action == GLFW_PRESS);  // ImGui makes its own repeats
    if (g_chain.key) g_chain.key(w, key, scancode, action, mods);
  });
  g_chain.chr = glfwSetCharCallback(window, [](GLFWwindow* w, unsigned int c) {
    g_chain.input->Char(c);
    if (g_chain.chr) g_chain.chr(w, c);
  });
  g_chain.button = glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int button, int action, int mods) {
    // GLFW reports the pointer's moves before the button event, so the queue knows where it is.
    g_chain.input->MouseButton(button, action == GLFW_PRESS);
    if (g_chain.button) g_chain.button(w, button, action, mods);
  });
  g_chain.cursor = glfwSetCursorPosCallback(window, [](GLFWwindow* w, double x, double y) {
    g_chain.input->MouseMove(static_cast<float>(x), static_cast<float>(y));
    if (g_chain.cursor) g_chain.cursor(w, x, y);
  });
  g_chain.enter = glfwSetCursorEnterCallback(window, [](GLFWwindow* w, int entered) {
    ImGui_ImplGlfw_CursorEnterCallback(w, entered);
    if (!entered) g_chain.input->MouseLeft();
    if (g_chain.enter) g_chain.enter(w, entered);
  });
  g_chain.scroll = glfwSetScrollCallback(window, [](GLFWwindow* w, double dx, double dy) {
    ImGui_ImplGlfw_ScrollCallback(w, dx, dy);  // the wheel accumulates in ImGuiIO: nothing is lost
    if (g_chain.scroll) g_chain.scroll(w, dx, dy);
  });
  g_chain.focus = glfwSetWindowFocusCallback(window, [](GLFWwindow* w, int focused) {
    ImGui_ImplGlfw_WindowFocusCallback(w, focused);
    if (g_chain.focus) g_chain.focus(w, focused);
  });
}
}  // namespace

AppWindow::~AppWindow() {
  if (imgui_ready_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  if (window_ != nullptr) glfwDestroyWindow(window_);
  glfwTerminate();
}

bool AppWindow::Open(int width, int height, const char* title, void* user, void (*install_callbacks)(GLFWwindow*),
                     std::string* error) {
  glfwSetErrorCallback(OnGlfwError);
  if (!glfwInit()) {
    *error = "cannot initialise GLFW (is there a display?)";
    return false;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  // No size asked for: the monitor's work area (the screen less the task bar and docks), so the
  // app opens as large as it can be without anything under a panel. An explicit size is in
  // design pixels, scaled to the monitor's DPI where the OS supports it.
  int x = 0, y = 0;
  bool work_area = width <= 0 || height <= 0;
  if (work_area) {
    width = 1280;
    height = 800;
    if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
      int w = 0, h = 0;
      glfwGetMonitorWorkarea(monitor, &x, &y, &w, &h);
      if (w >= 320 && h >= 240) {
        width = w;
        height = h;
      }
    }
  }
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, work_area ? GLFW_FALSE : GLFW_TRUE);
  window_ = glfwCreateWindow(width, height, title, nullptr, nullptr);
  if (window_ == nullptr) {
    *error = "cannot create an OpenGL 3.2 window";
    return false;
  }
  if (work_area) glfwSetWindowPos(window_, x, y);
  glfwSetWindowUserPointer(window_, user);
  if (install_callbacks != nullptr) install_callbacks(window_);
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no imgui.ini: nothing written beside the app, no window titles on disk
  io.LogFilename = nullptr;
  io.ConfigInputTextCursorBlink = false;  // a blinking caret would redraw twice a second: battery
  imgui_ready_ = true;
  // The backend's callbacks would write key and button states straight into ImGuiIO; ours queue
  // them (and hand the backend what it still does itself).
  if (!ImGui_ImplGlfw_InitForOpenGL(window_, /*install_callbacks=*/false) || !ImGui_ImplOpenGL3_Init("#version 150")) {
    *error = "cannot initialise the Dear ImGui backends";
    return false;
  }
  InstallQueueCallbacks(window_, &input_);
  // The backend maps ImGui's keys to GLFW's key codes, which is what the queue stores.
  return true;
}

float AppWindow::ContentScale() const {
  float x = 1.0f, y = 1.0f;
  glfwGetWindowContentScale(window_, &x, &y);
  return x > 0.0f ? x : 1.0f;
}

void AppWindow::SetTitle(const char* title) { glfwSetWindowTitle(window_, title); }

void AppWindow::RebuildFonts(ui::FontStore& store, const ui::I18n& i18n, float scale, ui::FontSet* fonts) {
  ImGuiIO& io = ImGui::GetIO();
  *fonts = store.Build(*io.Fonts, i18n, scale);
  io.Fonts->Build();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  ui::ApplyTheme(scale);
}

void AppWindow::BeginFrame(bool hide_mouse) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();  // display size, time, cursor shape (its mouse and keys are replaced below)
  ImGuiIO& io = ImGui::GetIO();
  const bool pointer_away = io.MousePos.x <= -FLT_MAX;  // the backend: not over the window, window not focused
  input_.Feed(io);
  if (pointer_away && !input_.Pending()) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  if (hide_mouse) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  ImGui::NewFrame();
}

void AppWindow::Render() {
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glViewport(0, 0, w, h);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void AppWindow::Present() { glfwSwapBuffers(window_); }

bool AppWindow::CapturePng(const std::string& path, std::string* error) {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  std::vector<unsigned char> pixels(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL's origin is bottom-left, PNG's top-left.
  std::vector<unsigned char> flipped(pixels.size());
  size_t stride = static_cast<size_t>(w) * 3;
  for (int y = 0; y < h; ++y)
    std::copy_n(pixels.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(h - 1 - y) * stride),
                stride, flipped.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(y) * stride));
  stbi_write_png_compression_level = 9;
  if (stbi_write_png(path.c_str(), w, h, 3, flipped.data(), static_cast<int>(stride)) == 0) {
    *error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace passerelle::app
