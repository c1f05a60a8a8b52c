// Issue 15 in the app, headless over the demo vault: the showcase case file (release within 90
// days) opens on its Release tab; a step's status and who does it change from the checklist; the
// care handover shows its sensitivity reminder and edits through its form; the Team tab adds a
// member and hands the référent over (the previous one listed among who left); the case list's
// badge counts open steps; every tab and form in fr, nl and en with no missing label.
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>

#include "app_controller.h"
#include "demo_vault.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "imgui_memory.h"
#include "app_frame.h"
#include "exit_intents.h"
#include "form_intents.h"
#include "passerelle/core/exit_plan.h"
#include "passerelle/core/team.h"
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
    setenv("PASSERELLE_ASSETS", PASSERELLE_SOURCE_DIR "/assets", 1);  // the demo imports the directory
    REQUIRE(demo::CreateDemoVault(dir.File("demo.vault")).ok());
    AppConfig config;
    config.vault_path = dir.File("demo.vault");
    config.timers_clock = &clock;
    config.demo_passphrase = demo::kDemoPassphrase;
    app = std::make_unique<AppController>(config, i18n);
    ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
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
    ApplyTheme(1.0f);
  }
  ~Headless() {
    app.reset();
    ImGui::DestroyContext(ctx);
  }
  void Unlock() { REQUIRE(app->UnlockWith(platform::SecureBuffer::FromString(demo::kDemoPassphrase)).ok()); }

  void Frame() {
    probe.Clear();
    ImGui::NewFrame();
    ScreenEnv env{app->i18n(), app->ui(), 1.0f, font_set.title, &probe};
    DrawApp(*app, env, intents);
    ImGui::Render();
    REQUIRE(ImGui::GetDrawData() != nullptr);
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
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
};

const core::ExitStep& Step(const DossierModel& d, const char* name) {
  for (const auto& s : d.exit_plan().steps())
    if (s.step == name) return s;
  FAIL("no step " << name);
  return d.exit_plan().steps().front();
}

}  // namespace

TEST_CASE("the Release tab: first within 90 days, status and who change in place, care handover with its reminder") {
  Headless h;
  h.Unlock();
  ImGui::GetIO().DisplaySize = ImVec2(1280, 1800);
  REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
  REQUIRE(h.app->dossier().exit_plan().checklist_first());
  h.Frames(2);
  h.Find("exit_plan.checklist");
  h.Find("exit_plan.care_sensitive");
  h.Find("exit.status.bank_account");
  const std::string dossier = h.app->dossier().dossier_id();
  const int open_before = h.app->dossier().exit_plan().open_steps();
  CHECK(Step(h.app->dossier(), "bank_account").status == "not_started");
  // The step's status as the combo pushes it, then who does it (a current member of the team).
  h.intents.Push(intent::SetExitStep{dossier, "bank_account", "status", "done"});
  std::string member;
  for (const auto& m : h.app->dossier().exit_plan().team())
    if (m.role == "justice_assistant") member = m.id;
  REQUIRE(!member.empty());
  h.intents.Push(intent::SetExitStep{dossier, "first_nights_bed", "member_id", member});
  h.Apply();
  h.Frames(2);
  CHECK(Step(h.app->dossier(), "bank_account").status == "done");
  CHECK(Step(h.app->dossier(), "first_nights_bed").member_id == member);
  CHECK(h.app->dossier().exit_plan().open_steps() == open_before - 1);
  // The case list's row counts the open steps with the release.
  bool counted = false;
  for (const CaseRow* r : h.app->cases().visible())
    if (r->dossier_id == dossier) counted = r->open_exit_steps == open_before - 1 && r->release_soon;
  CHECK(counted);
  // A stray intent for another dossier writes nothing.
  const auto before = h.app->vault()->Version().value();
  h.intents.Push(intent::SetExitStep{"dos-0000000000000000000", "housing", "status", "done"});
  h.Apply();
  CHECK(h.app->vault()->Version().value() == before);
  // The step's details form, and the care handover's.
  h.Tap("exit_plan.details.social_income");
  REQUIRE(h.intents.Find<intent::OpenEditForm>() != nullptr);
  h.Apply();
  h.Frames(2);
  h.Find("form.commune");
  CHECK(h.probe.Find("form.housing_route") == nullptr);  // the housing step's, not this one's
  h.intents.Push(intent::SetFormField{"commune", SecretText("Schaerbeek")});
  h.intents.Push(intent::SubmitForm{});
  h.Apply();
  h.Frames(2);
  CHECK(Step(h.app->dossier(), "social_income").commune == "Schaerbeek");
  h.Tap("exit_plan.edit_care");
  h.Apply();
  h.Frames(2);
  h.Find("form.prescriber");
  h.intents.Push(intent::SetFormField{"first_appointment", SecretText("12/03/2027")});
  h.intents.Push(intent::SubmitForm{});
  h.Apply();
  h.Frames(2);
  CHECK(h.app->dossier().exit_plan().care().first_appointment == "2027-03-12");
}

TEST_CASE("the Team tab: add a member, hand the référent over, who left stays listed") {
  Headless h;
  h.Unlock();
  ImGui::GetIO().DisplaySize = ImVec2(1280, 1800);
  REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
  h.Frames(2);
  h.Apply();
  h.Tap("dossier.tab.team");
  h.Frames(2);
  h.Find("exit_plan.add_member");
  const size_t members = h.app->dossier().exit_plan().team().size();
  h.Tap("exit_plan.add_member");
  REQUIRE(h.intents.Find<intent::OpenForm>() != nullptr);
  CHECK(h.intents.Find<intent::OpenForm>()->kind == FormKind::kNewTeamMember);
  h.Apply();
  h.Frames(2);
  h.intents.Push(intent::SetFormField{"role", SecretText("mentor")});
  h.intents.Push(intent::SetFormField{"name", SecretText("Youssef (fictif) M.")});
  h.intents.Push(intent::SetFormField{"responsible_for", SecretText("Sport et loisirs")});
  h.intents.Push(intent::SubmitForm{});
  h.Apply();
  h.Frames(2);
  REQUIRE(h.app->dossier().exit_plan().team().size() == members + 1);
  // A blank name is refused under the field, nothing written.
  const auto before = h.app->vault()->Version().value();
  h.Tap("exit_plan.add_member");
  h.Apply();
  h.intents.Push(intent::SetFormField{"role", SecretText("mentor")});
  h.intents.Push(intent::SubmitForm{});
  h.Apply();
  h.Frames(2);
  h.Find("form.window");
  CHECK(h.app->vault()->Version().value() == before);
  h.intents.Push(intent::CloseForm{});
  h.Apply();
  // The handover: one action; the outgoing référent ends, the dossier's référent changes.
  const std::string previous = h.app->dossier().summary().dossier.referent;
  h.Frames(2);
  h.Tap("exit_plan.hand_over");
  h.Apply();
  h.Frames(2);
  h.intents.Push(intent::SetFormField{"name", SecretText("Lotte (fictief) V.")});
  h.intents.Push(intent::SubmitForm{});
  h.Apply();
  h.Frames(2);
  CHECK(h.app->dossier().summary().dossier.referent == "Lotte (fictief) V.");
  bool previous_left = false;
  for (const auto& m : h.app->dossier().exit_plan().team())
    if (m.role == "referent" && m.name == previous) previous_left = !m.until.empty();
  CHECK(previous_left);
  h.Find("exit_plan.past_members");
}

TEST_CASE("Release and Team tabs and their forms draw in every language with no missing label") {
  Headless h;
  h.Unlock();
  for (std::string lang : {"fr", "nl", "en"}) {
    CAPTURE(lang);
    UiIntents setup;
    setup.Push(intent::SetLanguage{lang});
    h.app->Apply(setup);
    for (auto size : {ImVec2(1280, 1800), ImVec2(800, 1280)}) {
      ImGui::GetIO().DisplaySize = size;
      REQUIRE(ShowcaseScreen(*h.app, Screen::kCases).ok());
      h.Frames(2);
      REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
      h.Frames(2);
      h.Apply();
      for (const char* tab : {"release", "team"}) {
        h.intents.Push(intent::ShowDossierTab{tab});
        h.Apply();
        h.Frames(2);
        h.intents.Take();
      }
      const auto& d = h.app->dossier();
      std::vector<std::pair<FormKind, std::string>> forms = {
          {FormKind::kEditExitStep, Step(d, "housing").id}, {FormKind::kEditCareHandover, d.exit_plan().care().id},
          {FormKind::kEditTeamMember, d.exit_plan().team().front().id}};
      for (const auto& [kind, id] : forms) {
        h.intents.Push(intent::OpenEditForm{kind, id});
        h.Apply();
        h.Frames(2);
        h.Find("form.window");
        h.intents.Push(intent::CloseForm{});
        h.Apply();
      }
      for (FormKind kind : {FormKind::kNewTeamMember, FormKind::kHandover}) {
        h.intents.Push(intent::OpenForm{kind});
        h.Apply();
        h.Frames(2);
        h.Find("form.window");
        h.intents.Push(intent::CloseForm{});
        h.Apply();
      }
    }
  }
  CHECK(h.i18n.missing() == std::vector<std::string>{});
}
