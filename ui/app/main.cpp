// passerelle: the field app. Wires the controller (ui/model), the screens (ui/screens) and the
// window (window.h), and runs the event-driven loop: the app sleeps in glfwWaitEvents until an
// input event or the next timer deadline (autosave, auto-lock), draws a couple of frames so
// ImGui's layout settles, and sleeps again. Nothing redraws while nothing happens.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "app_controller.h"
#include "demo_vault.h"
#include "hub_demo_port.h"
#include "imgui.h"
#include "imgui_memory.h"
#include "options.h"
#include "passerelle/platform/file.h"
#include "app_frame.h"
#include "passerelle/platform/process.h"
#include "script.h"
#include "showcase.h"
#include "steady_clock.h"
#include "window.h"

namespace passerelle::app {
namespace {

// ImGui needs a frame or two after an event for layouts (auto-sized windows, popups) to settle.
constexpr int kFramesPerWake = 3;
constexpr int kScreenshotFrames = 6;

struct LoopState {
  bool input = false;
  bool lock_shortcut = false;
  bool focus_lost = false;
  bool content_scale_changed = false;
};

LoopState& State(GLFWwindow* w) { return *static_cast<LoopState*>(glfwGetWindowUserPointer(w)); }

void InstallCallbacks(GLFWwindow* window) {
  glfwSetKeyCallback(window, [](GLFWwindow* w, int key, int, int action, int mods) {
    State(w).input = true;
    // Ctrl+L locks at once (also Cmd+L), from any screen.
    if (action == GLFW_PRESS && key == GLFW_KEY_L && (mods & (GLFW_MOD_CONTROL | GLFW_MOD_SUPER)))
      State(w).lock_shortcut = true;
  });
  glfwSetCharCallback(window, [](GLFWwindow* w, unsigned int) { State(w).input = true; });
  glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int, int, int) { State(w).input = true; });
  glfwSetScrollCallback(window, [](GLFWwindow* w, double, double) { State(w).input = true; });
  glfwSetCursorPosCallback(window, [](GLFWwindow* w, double, double) { State(w).input = true; });
  glfwSetWindowFocusCallback(window, [](GLFWwindow* w, int focused) {
    if (!focused) State(w).focus_lost = true;
  });
  glfwSetWindowContentScaleCallback(window, [](GLFWwindow* w, float, float) { State(w).content_scale_changed = true; });
}

// Test-only (tests/ui/real_input_test.sh): with PASSERELLE_TEST_TRACE=FILE the app appends one
// line to FILE whenever what it shows changes: the screen, locked or not, and where the widgets a
// real-input test taps were drawn, so it can click them with real X events wherever the layout put
// them. Nothing from the case files is written.
struct Trace {
  std::string path;
  std::string last;
  ui::WidgetProbe probe;
  void Write(const ui::AppController& app) {
    std::string line = std::string("screen=") + (app.unlocked() ? ui::ScreenName(app.ui().screen) : "unlock") +
                       " unlocked=" + (app.unlocked() ? "1" : "0");
    for (const char* id : {"shell.lock", "nav.cases", "nav.directory", "nav.sync", "visit.editor", "visit.finish",
                           "unlock.passphrase", "unlock.submit"})
      if (const auto* item = probe.Find(id))
        line += std::string(" ") + id + "=" + std::to_string(static_cast<int>((item->min.x + item->max.x) / 2)) +
                "," + std::to_string(static_cast<int>((item->min.y + item->max.y) / 2));
    if (line == last) return;
    last = line;
    if (FILE* f = std::fopen(path.c_str(), "a")) {
      std::fprintf(f, "%s\n", line.c_str());
      std::fclose(f);
    }
  }
};

struct Session {
  AppWindow window;
  LoopState loop;
  ui::FontStore fonts;
  ui::FontSet font_set;
  float font_scale = 0.0f;
  std::string title;
  std::unique_ptr<Trace> trace;
};

void DrawFrame(Session& s, ui::AppController& app, ui::UiIntents& intents, bool hide_mouse = false) {
  float scale = app.ui().Scale();
  if (scale != s.font_scale) {
    s.window.RebuildFonts(s.fonts, app.i18n(), scale, &s.font_set);
    s.font_scale = scale;
  }
  // Only on change: setting the title is an X property change, which wakes the event loop.
  if (s.title != app.i18n().T("app.name")) s.window.SetTitle((s.title = app.i18n().T("app.name")).c_str());
  s.window.BeginFrame(hide_mouse);
  if (s.trace) s.trace->probe.Clear();
  ui::ScreenEnv env{app.i18n(), app.ui(), scale, s.font_set.title, s.trace ? &s.trace->probe : nullptr};
  ui::DrawApp(app, env, intents);
  s.window.Render();
  if (s.trace) s.trace->Write(app);
}

int RunLoop(Session& s, ui::AppController& app, platform::Clock& clock, ScriptRunner* script) {
  ui::UiIntents intents;
  int frames = kFramesPerWake;
  bool was_unlocked = app.unlocked();
  bool was_busy = app.ui().busy;
  int exit_code = 0;
  while (!glfwWindowShouldClose(s.window.handle()) && !app.ui().quit) {
    if (script != nullptr) {
      glfwWaitEventsTimeout(0.01);  // a script types and waits on its own schedule
    } else if (frames > 0) {
      glfwPollEvents();
    } else {
      auto deadline = app.NextDeadline();
      if (deadline) glfwWaitEventsTimeout(static_cast<double>(std::max<int64_t>(0, *deadline - clock.NowMillis())) / 1000.0);
      else glfwWaitEvents();
      frames = kFramesPerWake;
    }
    LoopState& st = s.loop;
    if (st.input) {
      app.UserActivity();
      frames = std::max(frames, kFramesPerWake);
    }
    if (st.focus_lost) app.WindowFocusLost();
    if (st.lock_shortcut) intents.Push(ui::intent::Lock{});
    if (st.content_scale_changed) app.mutable_ui().content_scale = s.window.ContentScale();
    st = LoopState{};
    ScriptStep step;
    if (script != nullptr) step = script->Step(app, intents, clock.NowMillis());
    if (step.failed) {
      std::fprintf(stderr, "%s\n", step.error.c_str());
      exit_code = 1;
    }
    app.Apply(intents);
    app.Tick();
    DrawFrame(s, app, intents);
    if (!step.screenshot.empty()) {
      std::string error;
      if (!s.window.CapturePng(step.screenshot, &error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        exit_code = 1;
      }
    }
    s.window.Present();
    app.FrameShown();
    --frames;
    if (!intents.empty()) {
      app.Apply(intents);
      frames = kFramesPerWake;
    }
    if (app.ui().busy) frames = std::max(frames, 1);
    // Queued input (a press and its release, keys typed in a burst) is handed over a frame at a
    // time: draw until it is all delivered, then let the last of it settle.
    if (s.window.InputPending()) frames = std::max(frames, kFramesPerWake);
    // Locking wiped the view-models; ImGui's own copy of the text being edited goes too.
    if (was_unlocked && !app.unlocked()) {
      ui::WipeImGuiTextMemory();
      frames = kFramesPerWake;
    }
    // An unlock or creation attempt took the passphrase from its guarded field: ImGui's copies
    // of what was typed (its edit buffers, the key queue) are wiped before the key is derived.
    if (!was_busy && app.ui().busy) ui::WipeImGuiTextMemory();
    was_unlocked = app.unlocked();
    was_busy = app.ui().busy;
    if (step.done) break;
  }
  app.Shutdown();
  ui::WipeImGuiTextMemory();
  return exit_code;
}

int Screenshot(Session& s, ui::AppController& app, const AppOptions& o) {
  Status st = ui::ShowcaseNamed(app, o.screen);
  if (!st.ok()) {
    std::fprintf(stderr, "cannot show %s: %s\n", o.screen.c_str(), st.message().c_str());
    return 1;
  }
  ui::UiIntents ignored;  // the screenshot shows one state: intents of settling frames are dropped
  for (int i = 0; i < kScreenshotFrames; ++i) {
    glfwPollEvents();
    DrawFrame(s, app, ignored, /*hide_mouse=*/true);
    if (i + 1 < kScreenshotFrames) s.window.Present();
    ignored.Take();
  }
  std::string error;
  if (!s.window.CapturePng(o.screenshot, &error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  return 0;
}

int Main(int argc, char** argv) {
  auto parsed = ParseOptions(argc, argv);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n%s", parsed.status().message().c_str(), Usage());
    return 64;
  }
  AppOptions o = std::move(parsed).value();
  if (o.help) {
    std::fputs(Usage(), stdout);
    return 0;
  }
  const std::string assets = o.assets.empty() ? std::string(PASSERELLE_ASSETS_DIR) : o.assets;
  // The demo vault imports the bundled service directory from there (core::directory::AssetsDir).
  setenv("PASSERELLE_ASSETS", assets.c_str(), /*overwrite=*/0);
  auto i18n = ui::I18n::Load(assets + "/i18n");
  if (!i18n.ok()) {
    std::fprintf(stderr, "%s\n", i18n.status().message().c_str());
    return 1;
  }
  std::filesystem::path temp_dir;
  if (o.demo && o.vault.empty()) {
    char pattern[] = "/tmp/passerelle-demo-XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
      std::perror("mkdtemp");
      return 1;
    }
    temp_dir = pattern;
    o.vault = (temp_dir / "demo.vault").string();
  }
  if (o.demo && !platform::FileExists(o.vault)) {
    auto demo = demo::CreateDemoVault(o.vault);
    if (!demo.ok()) {
      std::fprintf(stderr, "cannot create the demo vault: %s\n", demo.status().message().c_str());
      return 1;
    }
  }
  int code = 0;
  {
    ui::SteadyClock clock;
    ui::AppConfig config;
    config.vault_path = o.vault;
    config.timers_clock = &clock;
    config.assets_dir = assets;
    if (o.demo) config.demo_passphrase = demo::kDemoPassphrase;
    // The demo's office hub opens no socket; `--screen hub_join` shows a device not yet enrolled.
    std::unique_ptr<ui::HubPort> demo_hub;
    if (o.demo) demo_hub = ui::MakeDemoHubPort(o.screen != "hub_join");
    config.hub_port = demo_hub.get();
    ui::AppController app(config, i18n.value());
    ui::UiIntents setup;
    if (!o.language.empty()) setup.Push(ui::intent::SetLanguage{o.language});
    if (o.scale_percent != 0) setup.Push(ui::intent::SetUiScale{o.scale_percent});
    if (o.auto_lock_minutes != 0) setup.Push(ui::intent::SetAutoLockMinutes{o.auto_lock_minutes});
    app.Apply(setup);
    if (o.demo && o.screen != "unlock" && o.script.empty()) {
      Status st = app.UnlockWith(platform::SecureBuffer::FromString(demo::kDemoPassphrase));
      if (!st.ok()) std::fprintf(stderr, "cannot open the demo vault: %s\n", st.message().c_str());
    }
    Session s;
    if (const char* trace = std::getenv("PASSERELLE_TEST_TRACE"); trace != nullptr && *trace != 0) {
      s.trace = std::make_unique<Trace>();
      s.trace->path = trace;
    }
    std::string error;
    if (!s.window.Open(o.width, o.height, app.i18n().T("app.name"), &s.loop, InstallCallbacks, &error)) {
      std::fprintf(stderr, "passerelle: %s\n", error.c_str());
      return 1;
    }
    if (!s.fonts.Load(PASSERELLE_FONT_REGULAR, PASSERELLE_FONT_BOLD, &error)) {
      std::fprintf(stderr, "passerelle: font: %s\n", error.c_str());
      return 1;
    }
    app.mutable_ui().content_scale = s.window.ContentScale();
    if (!o.screenshot.empty()) {
      code = Screenshot(s, app, o);
    } else if (!o.script.empty()) {
      ScriptRunner script;
      if (!script.Load(o.script, &error)) {
        std::fprintf(stderr, "passerelle: %s\n", error.c_str());
        return 1;
      }
      code = RunLoop(s, app, clock, &script);
    } else {
      if (!o.screen.empty() && app.unlocked()) {
        Status st = ui::ShowcaseNamed(app, o.screen);
        if (!st.ok()) std::fprintf(stderr, "cannot show %s: %s\n", o.screen.c_str(), st.message().c_str());
      }
      code = RunLoop(s, app, clock, nullptr);
    }
    app.Shutdown();
  }
  if (!temp_dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_dir, ec);
  }
  return code;
}

}  // namespace
}  // namespace passerelle::app

int main(int argc, char** argv) {
  passerelle::platform::HardenProcess();  // first: no core dump or debugger may see a passphrase or key
  return passerelle::app::Main(argc, argv);
}
