// The disclosure screens drawn headless (no window, no GPU; as screens_test.cpp): the Disclosures
// tab, the attestation and referral sheets with their previews, the report editors and the
// consent screen, in every language, with no missing key; taps become the feature's intents.
#include <doctest/doctest.h>

#include <cstdlib>

#include "app_controller.h"
#include "app_frame.h"
#include "demo_vault.h"
#include "imgui.h"
#include "showcase.h"
#include "support/temp_dir.h"
#include "theme.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

struct Headless {
  testing::TempDir dir;
  platform::FakeClock clock{5'000'000};
  I18n i18n;
  std::unique_ptr<AppController> app;
  ImGuiContext* ctx = nullptr;
  FontStore fonts;
  FontSet font_set;
  WidgetProbe probe;
  UiIntents intents;

  Headless() : i18n(I18n::Load(std::string(PASSERELLE_SOURCE_DIR) + "/assets/i18n").value()) {
    setenv("PASSERELLE_ASSETS", PASSERELLE_SOURCE_DIR "/assets", 1);
    REQUIRE(demo::CreateDemoVault(dir.File("demo.vault")).ok());
    AppConfig config;
    config.vault_path = dir.File("demo.vault");
    config.timers_clock = &clock;
    app = std::make_unique<AppController>(config, i18n);
    REQUIRE(app->UnlockWith(platform::SecureBuffer::FromString(demo::kDemoPassphrase)).ok());
    ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1024, 768);
    io.DeltaTime = 1.0f / 60.0f;
    for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = 300 + k;
    std::string error;
    REQUIRE(fonts.Load(PASSERELLE_FONT_REGULAR, PASSERELLE_FONT_BOLD, &error));
    font_set = fonts.Build(*io.Fonts, i18n, 1.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    REQUIRE(pixels != nullptr);
    ApplyTheme(1.0f);
  }
  ~Headless() {
    app.reset();
    ImGui::DestroyContext(ctx);
  }
  void Frame() {
    probe.Clear();
    ImGui::NewFrame();
    ScreenEnv env{app->i18n(), app->ui(), 1.0f, font_set.title, &probe};
    DrawApp(*app, env, intents);
    ImGui::Render();
  }
  void Frames(int n) {
    for (int i = 0; i < n; ++i) Frame();
  }
  const WidgetProbe::Item& Find(const std::string& id) {
    const WidgetProbe::Item* item = probe.Find(id);
    INFO("widget ", id);
    REQUIRE(item != nullptr);
    return *item;
  }
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
  void Show(const char* name) {
    REQUIRE(ShowcaseNamed(*app, name).ok());
    intents.Take();
    Frames(3);
    app->Apply(intents);  // the tab asked for is shown once, then the worker's choice
    Frames(2);
  }
};

}  // namespace

TEST_CASE("disclosure screens draw in every language with their key widgets and no missing key") {
  Headless h;
  for (std::string lang : {"fr", "nl", "en"}) {
    CAPTURE(lang);
    UiIntents setup;
    setup.Push(intent::SetLanguage{lang});
    h.app->Apply(setup);

    h.Show("disclosures");
    h.Find("dossier.tab.disclosures");
    h.Find("disclosure.log");
    CHECK(h.Find("disclosure.open.attendance").enabled);
    h.Find("disclosure.open.exit_report");
    h.Find("disclosure.open.co_report");
    h.Find("disclosure.open.consents");
    REQUIRE_FALSE(h.app->disclosure().log().empty());
    h.Find("disclosure.log." + h.app->disclosure().log().front().id);
    CHECK(h.app->ui().dossier_tab.empty());  // asked once, then left to the worker

    h.Show("attestation");
    h.Find("disclosure.dialog");
    h.Find("disclosure.preview");
    CHECK(h.Find("disclosure.confirm").enabled);
    h.Find("disclosure.recipient.Maison de justice");

    h.Show("referral_sheet");
    h.Find("disclosure.dialog");
    h.Find("disclosure.tick.plan_item.levers");
    h.Find("disclosure.preview");
    UiIntents close;
    close.Push(intent::CloseDisclosure{});
    h.app->Apply(close);

    h.Show("exit_report");
    h.Find("report.title");
    h.Find("exit.residual_risk");
    h.Find("exit.help_and_contact");
    h.Find("report.disclose");

    h.Show("co_report");
    h.Find("co.agreement");
    h.Find("co.voice_person.1");
    h.Find("co.how.signed");
    CHECK_FALSE(h.Find("co.record_agreement").enabled);  // how the person agreed is not chosen yet

    h.Show("consents");
    h.Find("consents.title");
    REQUIRE_FALSE(h.app->disclosure().consents().empty());
    for (const auto& c : h.app->disclosure().consents()) h.Find("consents.card." + c.consent.id);
  }
  CHECK(h.i18n.missing() == std::vector<std::string>{});
}

TEST_CASE("taps: the tab opens the attestation sheet; Confirm is off until a preview; Preview asks the core") {
  Headless h;
  h.Show("disclosures");
  h.Tap("disclosure.open.attendance");
  const auto* open = h.intents.Find<intent::OpenDisclosure>();
  REQUIRE(open != nullptr);
  CHECK(open->kind == DisclosureKind::kAttendance);
  h.app->Apply(h.intents);
  h.Frames(3);
  CHECK_FALSE(h.Find("disclosure.confirm").enabled);  // nothing previewed yet
  CHECK(h.Find("disclosure.preview_button").enabled);
  h.Tap("disclosure.preview_button");
  CHECK(h.intents.Find<intent::PreviewDisclosure>() != nullptr);
  h.app->Apply(h.intents);
  h.Frames(3);
  h.Find("disclosure.preview");
  CHECK(h.Find("disclosure.confirm").enabled);
  h.Tap("disclosure.close");
  CHECK(h.intents.Find<intent::CloseDisclosure>() != nullptr);
}

TEST_CASE("the plan's referrals offer a referral sheet; the consents tab leads to what each consent allows") {
  Headless h;
  h.Show("dossier");
  UiIntents tab;
  tab.Push(intent::ShowDossierTab{"plan"});
  h.app->Apply(tab);
  h.Frames(3);
  std::string referral;
  for (const auto& g : h.app->dossier().plan())
    for (const auto& e : g.entries)
      for (const auto& r : e.referrals) referral = r.referral.id;
  REQUIRE_FALSE(referral.empty());
  h.Tap("dossier.referral_sheet." + referral);
  const auto* open = h.intents.Find<intent::OpenDisclosure>();
  REQUIRE(open != nullptr);
  CHECK(open->kind == DisclosureKind::kReferral);
  CHECK(open->referral_id == referral);
  h.intents.Take();
  tab.Push(intent::ShowDossierTab{"consents"});
  h.app->Apply(tab);
  h.Frames(3);
  h.Tap("dossier.consents_allow");
  CHECK(h.intents.Find<intent::OpenConsents>() != nullptr);
}
