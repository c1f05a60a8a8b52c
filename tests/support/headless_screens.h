// The headless screen harness: the demo vault's AppController drawn in Dear ImGui frames with no
// renderer (the font atlas is built in memory, draw lists are produced and dropped), with the
// widget probe to find what a screen drew and simulated mouse presses to tap it. Shared by the
// screen tests of tests/ui/ (screens, records, disclosures, exit plan, needs) and, with its input
// fed through the app's InputQueue, by tests/ui/headless_input.h. A failing ImGui assertion
// aborts the test. Thread-safety: one harness at a time (ImGui has one current context).
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "app_controller.h"
#include "app_frame.h"
#include "demo_vault.h"
#include "disclosure_intents.h"
#include "form_intents.h"
#include "imgui.h"
#include "secret_text.h"
#include "settings_intents.h"
#include "showcase.h"
#include "support/temp_dir.h"
#include "theme.h"

namespace passerelle::testing {

struct Headless {
  TempDir dir;
  platform::FakeClock clock{5'000'000};
  ui::I18n i18n;
  std::unique_ptr<ui::AppController> app;
  ImGuiContext* ctx = nullptr;
  ui::FontStore fonts;
  ui::FontSet font_set;
  ui::WidgetProbe probe;
  ui::UiIntents intents;

  // `display`: the window's size in pixels; `hub_port`: the office hub the app talks to (a fake
  // that opens no socket; nullptr = the real one). The vault starts locked (Unlock()).
  explicit Headless(ImVec2 display = ImVec2(1280, 800), ui::HubPort* hub_port = nullptr)
      : i18n(ui::I18n::Load(std::string(PASSERELLE_SOURCE_DIR) + "/assets/i18n").value()) {
    setenv("PASSERELLE_ASSETS", PASSERELLE_SOURCE_DIR "/assets", 1);  // the demo imports the directory
    REQUIRE(demo::CreateDemoVault(dir.File("demo.vault")).ok());
    ui::AppConfig config;
    config.vault_path = dir.File("demo.vault");
    config.timers_clock = &clock;
    config.demo_passphrase = demo::kDemoPassphrase;
    config.hub_port = hub_port;
    app = std::make_unique<ui::AppController>(config, i18n);
    ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = display;
    io.DeltaTime = 1.0f / 60.0f;
    // Key indices as a backend would map them (GLFW's codes are not needed: any distinct ints).
    for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = 300 + k;
    std::string error;
    REQUIRE(fonts.Load(PASSERELLE_FONT_REGULAR, PASSERELLE_FONT_BOLD, &error));
    font_set = fonts.Build(*io.Fonts, i18n, 1.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas; no GPU upload
    REQUIRE(pixels != nullptr);
    ui::ApplyTheme(1.0f);
  }
  Headless(const Headless&) = delete;
  Headless& operator=(const Headless&) = delete;
  ~Headless() {
    app.reset();
    ImGui::DestroyContext(ctx);
  }
  void Unlock() { REQUIRE(app->UnlockWith(platform::SecureBuffer::FromString(demo::kDemoPassphrase)).ok()); }

  // One frame as the app draws it; the intents the screens pushed stay in `intents`.
  void Frame() {
    probe.Clear();
    ImGui::NewFrame();
    ui::ScreenEnv env{app->i18n(), app->ui(), 1.0f, font_set.title, &probe};
    ui::DrawApp(*app, env, intents);
    ImGui::Render();
    REQUIRE(ImGui::GetDrawData() != nullptr);
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
  }
  void Frames(int n) {
    for (int i = 0; i < n; ++i) Frame();
  }
  const ui::WidgetProbe::Item& Find(const std::string& id) {
    const ui::WidgetProbe::Item* item = probe.Find(id);
    INFO("widget ", id);
    REQUIRE(item != nullptr);
    return *item;
  }
  // Press and release the left button on a widget drawn in the last frame.
  void Tap(const std::string& id) {
    const auto item = Find(id);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2((item.min.x + item.max.x) * 0.5f, (item.min.y + item.max.y) * 0.5f);
    Frame();
    io.MouseDown[0] = true;
    Frame();
    io.MouseDown[0] = false;
    Frame();
  }
  void Apply() { app->Apply(intents); }
  // Applies intents at once, as if the screens had pushed them.
  template <typename... I>
  void Do(I... more) {
    ui::UiIntents out;
    (out.Push(std::move(more)), ...);
    app->Apply(out);
  }
  void Language(const char* lang) { Do(ui::intent::SetLanguage{lang}); }
  void Set(const char* field, const std::string& value) { Do(ui::intent::SetFormField{field, ui::SecretText(value)}); }
  // A showcase state (`--demo --screen NAME`), drawn until the tab it asked for is shown.
  void Show(const char* name) {
    REQUIRE(ui::ShowcaseNamed(*app, name).ok());
    intents.Take();
    Frames(3);
    app->Apply(intents);  // the tab asked for is shown once, then the worker's choice
    Frames(2);
  }
  // A tab of the open case file.
  void ShowTab(const char* tab) {
    Do(ui::intent::ShowDossierTab{tab});
    Frames(3);
    app->Apply(intents);  // the tab clears its one-time request
    intents.Take();
    Frames(2);
  }
};

// A tall window (every tab's content in view), unlocked, on the showcase case file (its release
// is within 90 days; it holds the demo's exit plan, assessments and relatives).
struct HeadlessDossier : Headless {
  HeadlessDossier() : Headless(ImVec2(1280, 1800)) {
    Unlock();
    REQUIRE(ui::ShowcaseScreen(*app, ui::Screen::kDossier).ok());
  }
};

}  // namespace passerelle::testing
