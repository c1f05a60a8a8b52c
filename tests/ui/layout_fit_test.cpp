// Issue 13 defect 4, "layouts that fit": every screen and overlay, drawn headless at the tablet
// and laptop sizes (1024x768, 800x1280 portrait, 1280x800) and UI scales 100-200 %, with nothing
// wider than the space it is drawn in (layout_check.h: window and table-column overflow, windows
// off-screen, widget text wider than its box without an ellipsis) and Lock always on screen.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "app_controller.h"
#include "app_frame.h"
#include "demo_vault.h"
#include "hub_demo_port.h"
#include "imgui.h"
#include "layout_check.h"
#include "showcase.h"
#include "support/temp_dir.h"
#include "theme.h"
#include "widgets.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

struct Size {
  int w, h;
};
constexpr Size kSizes[] = {{1024, 768}, {800, 1280}, {1280, 800}};
constexpr int kScales[] = {100, 125, 150, 175, 200};

struct Harness {
  testing::TempDir dir;
  platform::FakeClock clock{5'000'000};
  I18n i18n;
  // The demo's office hub (no socket), not enrolled at first: the sync screen's enrolment form is
  // checked until the "sync office result" state enrols it.
  std::unique_ptr<HubPort> hub = MakeDemoHubPort(/*enrolled=*/false);
  std::unique_ptr<AppController> app;
  ImGuiContext* ctx = nullptr;
  FontStore fonts;
  FontSet font_set;
  float font_scale = 0;
  WidgetProbe probe;
  UiIntents intents;

  Harness() : i18n(I18n::Load(std::string(PASSERELLE_SOURCE_DIR) + "/assets/i18n").value()) {
    setenv("PASSERELLE_ASSETS", PASSERELLE_SOURCE_DIR "/assets", 1);
    REQUIRE(demo::CreateDemoVault(dir.File("demo.vault")).ok());
    AppConfig config;
    config.vault_path = dir.File("demo.vault");
    config.timers_clock = &clock;
    config.demo_passphrase = demo::kDemoPassphrase;
    config.hub_port = hub.get();
    app = std::make_unique<AppController>(config, i18n);
    ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DeltaTime = 1.0f / 60.0f;
    for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = 300 + k;
    std::string error;
    REQUIRE(fonts.Load(PASSERELLE_FONT_REGULAR, PASSERELLE_FONT_BOLD, &error));
  }
  ~Harness() {
    app.reset();
    ImGui::DestroyContext(ctx);
  }
  void Unlock() { REQUIRE(app->UnlockWith(platform::SecureBuffer::FromString(demo::kDemoPassphrase)).ok()); }
  void Apply(UiIntents&& i) { app->Apply(i); }
  void SetSize(Size s, int percent) {
    ImGui::GetIO().DisplaySize = ImVec2(static_cast<float>(s.w), static_cast<float>(s.h));
    UiIntents i;
    i.Push(intent::SetUiScale{percent});
    app->Apply(i);
    float scale = app->ui().Scale();
    if (scale != font_scale) {
      ImGuiIO& io = ImGui::GetIO();
      font_set = fonts.Build(*io.Fonts, i18n, scale);
      unsigned char* pixels = nullptr;
      int w = 0, h = 0;
      io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
      ApplyTheme(scale);
      font_scale = scale;
    }
  }
  void Frame() {
    probe.Clear();
    ImGui::NewFrame();
    ScreenEnv env{app->i18n(), app->ui(), app->ui().Scale(), font_set.title, &probe};
    DrawApp(*app, env, intents);
    ImGui::Render();
  }
  void Frames(int n) {
    for (int i = 0; i < n; ++i) Frame();
    intents.Take();  // what settling frames asked for is not applied
  }
  void Tap(const std::string& id) {
    const WidgetProbe::Item* item = probe.Find(id);
    INFO("widget ", id);
    REQUIRE(item != nullptr);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2((item->min.x + item->max.x) * 0.5f, (item->min.y + item->max.y) * 0.5f);
    Frame();
    io.MouseDown[0] = true;
    Frame();
    io.MouseDown[0] = false;
    Frame();
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  }
  // Draws the current state until it settles and returns what does not fit.
  std::vector<std::string> Problems() {
    Frames(4);
    std::vector<std::string> out;
    for (const auto& p : FindLayoutProblems(&probe)) out.push_back(Describe(p));
    if (!out.empty()) {  // which widgets reach farthest right: where to look first
      const WidgetProbe::Item* widest = nullptr;
      for (const auto& i : probe.items)
        if (i.id != "form.window" && (widest == nullptr || i.max.x > widest->max.x)) widest = &i;
      if (widest != nullptr) out.back() += " [rightmost widget: " + widest->id + "]";
      if (getenv("LAYOUT_DEBUG"))
        for (const auto& i : probe.items) MESSAGE(i.id, " ", i.min.x, "..", i.max.x);
    }
    return out;
  }
  // Lock must be on screen and tappable whenever the vault is open (in the bar or its menu).
  bool LockReachable() {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const WidgetProbe::Item* lock = probe.Find("shell.lock");
    return lock != nullptr && lock->min.x >= 0 && lock->min.y >= 0 && lock->max.x <= display.x &&
           lock->max.y <= display.y && lock->max.x - lock->min.x > 20;
  }
};

// One state of the app to draw, set up from the unlocked demo vault on the case list.
struct State {
  const char* name;
  void (*setup)(Harness&);
};

void OpenDossierTab(Harness& h, const char* tab) {
  REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
  h.Frames(3);
  // The showcase case file (release within 90 days) opens on its Release tab (issue 15), and with
  // eight tabs a narrow window scrolls the tab bar: the tab is asked for as the app does after a
  // disclosure (ShowDossierTab, which also scrolls it into view), where a tap could miss it.
  UiIntents shown;
  shown.Push(intent::ShowDossierTab{tab});
  h.Apply(std::move(shown));
  h.Frames(1);
  REQUIRE(h.probe.Find(std::string("dossier.tab.") + tab) != nullptr);
  h.intents.Take();
}

const State kStates[] = {
    {"cases", [](Harness& h) { REQUIRE(ShowcaseScreen(*h.app, Screen::kCases).ok()); }},
    {"dossier timeline", [](Harness& h) { OpenDossierTab(h, "timeline"); }},
    {"dossier plan", [](Harness& h) { OpenDossierTab(h, "plan"); }},
    {"dossier consents", [](Harness& h) { OpenDossierTab(h, "consents"); }},
    {"dossier history", [](Harness& h) { OpenDossierTab(h, "history"); }},
    {"dossier release", [](Harness& h) { OpenDossierTab(h, "release"); }},
    {"dossier team", [](Harness& h) { OpenDossierTab(h, "team"); }},
    {"visit", [](Harness& h) { REQUIRE(ShowcaseScreen(*h.app, Screen::kVisit).ok()); }},
    {"directory", [](Harness& h) { REQUIRE(ShowcaseScreen(*h.app, Screen::kDirectory).ok()); }},
    {"sync", [](Harness& h) { REQUIRE(ShowcaseScreen(*h.app, Screen::kSync).ok()); }},
    {"sync office result", [](Harness& h) { REQUIRE(ShowcaseNamed(*h.app, "hub").ok()); }},
    {"sync office network off", [](Harness& h) { REQUIRE(ShowcaseNamed(*h.app, "hub_network_off").ok()); }},
    {"settings", [](Harness& h) {
       REQUIRE(ShowcaseScreen(*h.app, Screen::kCases).ok());
       UiIntents i;
       i.Push(intent::OpenSettings{true});
       h.Apply(std::move(i));
     }},
    {"start visit sheet", [](Harness& h) {
       REQUIRE(ShowcaseScreen(*h.app, Screen::kCases).ok());
       UiIntents i;
       i.Push(intent::OpenStartVisit{h.app->cases().visible().front()->dossier_id});
       h.Apply(std::move(i));
     }},
    {"new case file form", [](Harness& h) {
       REQUIRE(ShowcaseScreen(*h.app, Screen::kCases).ok());
       UiIntents i;
       i.Push(intent::OpenForm{FormKind::kNewDossier});
       h.Apply(std::move(i));
     }},
    {"new goal form", [](Harness& h) {
       REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
       UiIntents i;
       i.Push(intent::OpenForm{FormKind::kNewPlanItem});
       h.Apply(std::move(i));
     }},
    {"new consent form", [](Harness& h) {
       REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
       UiIntents i;
       i.Push(intent::OpenForm{FormKind::kNewConsent});
       h.Apply(std::move(i));
     }},
    {"refer dialog", [](Harness& h) {
       REQUIRE(ShowcaseScreen(*h.app, Screen::kDirectory).ok());
       UiIntents i;
       i.Push(intent::OpenRefer{true});
       h.Apply(std::move(i));
     }},
    // Issue 15: the Assessment and Family tabs, their forms, the plan item form's suggestion picks.
    {"dossier assessment", [](Harness& h) { OpenDossierTab(h, "assessment"); }},
    {"dossier family", [](Harness& h) { OpenDossierTab(h, "family"); }},
    {"new assessment form", [](Harness& h) {
       REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
       UiIntents i;
       i.Push(intent::OpenForm{FormKind::kNewAssessment});
       h.Apply(std::move(i));
     }},
    {"new relative form", [](Harness& h) {
       REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
       UiIntents i;
       i.Push(intent::OpenForm{FormKind::kNewRelative});
       h.Apply(std::move(i));
     }},
    {"new goal form with the seed's barriers and levers", [](Harness& h) {
       REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
       UiIntents i;
       i.Push(intent::OpenForm{FormKind::kNewPlanItem});
       i.Push(intent::SetFormField{"domain", SecretText("social_admin_rights")});
       i.Push(intent::SetFormField{"suggestions", SecretText("social_admin_rights.barrier.no_steps_in_prison")});
       h.Apply(std::move(i));
     }},
    // Issue 15 in the app: the edit forms of an assessment and a relative, the directory picker.
    {"edit assessment form", [](Harness& h) { REQUIRE(ShowcaseNamed(*h.app, "assessment_form").ok()); }},
    {"edit relative form", [](Harness& h) { REQUIRE(ShowcaseNamed(*h.app, "relative_form").ok()); }},
    {"exit step form with the directory picker", [](Harness& h) { REQUIRE(ShowcaseNamed(*h.app, "service_picker").ok()); }},
    {"bundle picker", [](Harness& h) {
       REQUIRE(ShowcaseScreen(*h.app, Screen::kSync).ok());
       UiIntents i;
       i.Push(intent::OpenBundleDialog{true, true});
       h.Apply(std::move(i));
     }},
};

void Close(Harness& h) {
  UiIntents i;
  i.Push(intent::OpenSettings{false});
  i.Push(intent::OpenRefer{false});
  i.Push(intent::OpenBundleDialog{true, false});
  i.Push(intent::CloseForm{});
  h.Apply(std::move(i));
  h.app->mutable_ui().start_visit_open = false;
}

}  // namespace

TEST_CASE("the layout check finds text wider than its space, and accepts an ellipsis") {
  Harness h;
  h.SetSize({800, 600}, 100);
  ScreenEnv env{h.app->i18n(), h.app->ui(), 1.0f, nullptr, &h.probe};
  auto draw = [&](auto body) {
    h.probe.Clear();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(300, 200));
    ImGui::Begin("###test", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoScrollbar);
    body();
    ImGui::End();
    ImGui::Render();
    return FindLayoutProblems(&h.probe);
  };
  const std::string long_text(80, 'w');
  for (int i = 0; i < 2; ++i) draw([&] { ImGui::TextUnformatted(long_text.c_str()); });
  CHECK(draw([&] { ImGui::TextUnformatted(long_text.c_str()); }).size() == 1);  // cut at the window's edge
  CHECK(draw([&] { TruncatedText(env, "t", long_text); }).empty());             // "…" and a tooltip
  CHECK(draw([&] { WrappedText(env, "t", "several short words that wrap nicely inside the window"); }).empty());
  CHECK(draw([&] { WrappedText(env, "t", long_text); }).empty());  // one word too long: shortened, not broken
  CHECK(draw([&] { ImGui::Button(long_text.c_str()); }).size() == 1);
  CHECK(draw([&] {
          for (int i = 0; i < 30; ++i) ImGui::TextUnformatted("line");
        }).size() == 1);  // taller than a window that cannot scroll
  CHECK(draw([&] {
          if (ImGui::BeginTable("###t", 2)) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(long_text.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted("x");
            ImGui::EndTable();
          }
        }).size() >= 1);  // a cell wider than its column
  CHECK(draw([&] {
          ButtonRow row(env);
          for (int j = 0; j < 6; ++j) row.Button("b" + std::to_string(j), "Button");
        }).empty());  // a button row wraps instead of running off the edge
  CHECK(draw([&] {
          for (int j = 0; j < 6; ++j) {
            if (j > 0) ImGui::SameLine();
            ImGui::Button("Button");
          }
        }).size() == 1);  // the same buttons on one line do not fit
}

TEST_CASE("every screen fits at 1024x768, 800x1280 and 1280x800, UI scale 100-200 %") {
  Harness h;
  h.Unlock();
  std::vector<std::string> failures;
  for (const char* lang : {"fr", "nl"}) {
    UiIntents l;
    l.Push(intent::SetLanguage{lang});
    h.Apply(std::move(l));
    for (Size size : kSizes) {
      for (int percent : kScales) {
        h.SetSize(size, percent);
        std::string at = std::string(lang) + " " + std::to_string(size.w) + "x" + std::to_string(size.h) + " @" +
                         std::to_string(percent) + "%";
        for (const State& state : kStates) {
          Close(h);
          state.setup(h);
          for (const auto& p : h.Problems()) failures.push_back(at + " " + state.name + ": " + p);
          if (!h.LockReachable()) failures.push_back(at + " " + state.name + ": Lock is not on screen");
        }
        Close(h);
        REQUIRE(ShowcaseScreen(*h.app, Screen::kUnlock).ok());
        for (const auto& p : h.Problems()) failures.push_back(at + " unlock: " + p);
        h.Unlock();
      }
    }
  }
  std::string report;
  for (size_t i = 0; i < failures.size() && i < 3000; ++i) report += failures[i] + "\n";
  INFO(failures.size(), " problems:\n", report);
  CHECK(failures.empty());
}

TEST_CASE("a narrow top bar collapses into a menu holding the screens, languages and settings; Lock stays") {
  Harness h;
  h.Unlock();
  h.SetSize({800, 1280}, 200);
  REQUIRE(ShowcaseScreen(*h.app, Screen::kCases).ok());
  h.Frames(3);
  CHECK(h.probe.Find("nav.directory") == nullptr);  // not in the bar: no room
  CHECK(h.LockReachable());
  h.Tap("shell.menu");
  h.Frames(2);
  for (const char* id : {"nav.cases", "nav.directory", "nav.sync", "lang.fr", "lang.nl", "lang.en", "shell.settings"}) {
    CAPTURE(id);
    CHECK(h.probe.Find(id) != nullptr);
  }
  CHECK(h.Problems().empty());  // the open menu fits on the screen too
  h.Tap("nav.directory");
  REQUIRE(h.intents.Find<intent::Navigate>() != nullptr);
  CHECK(h.intents.Find<intent::Navigate>()->screen == Screen::kDirectory);
  // Wide enough, everything is in the bar and there is no menu.
  h.intents.Take();
  h.SetSize({1280, 800}, 100);
  h.Frames(3);
  CHECK(h.probe.Find("nav.directory") != nullptr);
  CHECK(h.probe.Find("shell.menu") == nullptr);
}

TEST_CASE("a banner floats over the screen: nothing under it moves when it appears or goes") {
  Harness h;
  h.Unlock();
  for (Size size : kSizes) {
    h.SetSize(size, 150);
    REQUIRE(ShowcaseScreen(*h.app, Screen::kCases).ok());
    h.app->mutable_ui().banner.reset();
    h.Frames(3);
    const std::string row = "cases.row." + h.app->cases().visible().front()->dossier_id;
    const auto before_search = *h.probe.Find("cases.search");
    const auto before_row = *h.probe.Find(row);
    h.app->mutable_ui().banner = Banner{"form.created.dossier", "Karim (fictif) B.", false};
    h.Frames(3);
    REQUIRE(h.probe.Find("banner.dismiss") != nullptr);
    CHECK(h.probe.Find("cases.search")->min.y == before_search.min.y);
    CHECK(h.probe.Find(row)->min.y == before_row.min.y);
    CHECK(h.Problems().empty());
    h.Tap("banner.dismiss");
    h.Apply(std::move(h.intents));
    h.Frames(3);
    CHECK(h.probe.Find(row)->min.y == before_row.min.y);
  }
}

TEST_CASE("a form's errors appearing or clearing never move Cancel and Save") {
  Harness h;
  h.Unlock();
  for (Size size : kSizes) {
    for (int percent : {100, 200}) {
      CAPTURE(size.w);
      CAPTURE(percent);
      h.SetSize(size, percent);
      Close(h);
      REQUIRE(ShowcaseScreen(*h.app, Screen::kCases).ok());
      UiIntents open;
      open.Push(intent::OpenForm{FormKind::kNewDossier});
      h.Apply(std::move(open));
      h.Frames(4);
      const auto save = *h.probe.Find("form.submit");
      const auto cancel = *h.probe.Find("form.cancel");
      h.Tap("form.submit");  // nothing typed: the required fields are refused
      h.Apply(std::move(h.intents));
      h.Frames(4);
      REQUIRE(h.probe.Find("form.message") != nullptr);
      CHECK(h.probe.Find("form.submit")->min.y == save.min.y);
      CHECK(h.probe.Find("form.cancel")->min.y == cancel.min.y);
      CHECK(h.Problems().empty());
      UiIntents type;  // the first error clears as the name is typed
      type.Push(intent::SetFormField{"name", SecretText("Test (fictif)")});
      h.Apply(std::move(type));
      h.Frames(4);
      CHECK(h.probe.Find("form.submit")->min.y == save.min.y);
    }
  }
  Close(h);
}

TEST_CASE("the first-run creation form fits at every size and scale") {
  Harness h;
  AppConfig config;  // a vault path with no vault: the unlock screen offers to create one
  config.vault_path = h.dir.File("none.vault");
  config.timers_clock = &h.clock;
  h.app = std::make_unique<AppController>(config, h.i18n);
  REQUIRE(h.app->unlock_model().mode() == UnlockModel::Mode::kCreate);
  std::vector<std::string> failures;
  for (const char* lang : {"fr", "nl"}) {
    UiIntents l;
    l.Push(intent::SetLanguage{lang});
    h.Apply(std::move(l));
    for (Size size : kSizes)
      for (int percent : kScales) {
        h.SetSize(size, percent);
        for (const auto& p : h.Problems())
          failures.push_back(std::string(lang) + " " + std::to_string(size.w) + "x" + std::to_string(size.h) + " @" +
                             std::to_string(percent) + "%: " + p);
      }
  }
  std::string report;
  for (const auto& f : failures) report += f + "\n";
  INFO(failures.size(), " problems:\n", report);
  CHECK(failures.empty());
}
