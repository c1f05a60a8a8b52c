// Issue 16 part 6: the sync screen's office section drawn headless (the shared harness of
// headless_input.h, a scripted hub: no socket) in every language: its key widgets and no missing
// translation; taps become the section's intents; "Sync with the office" disabled while "never use
// the network" is on, with the reason on screen; the enrolment form types into the model; the
// result names the case file and the author, never an id; progress drawn while the sync runs.
#include <doctest/doctest.h>

#include <map>
#include <vector>

#include "headless_input.h"
#include "hub_intents.h"
#include "hub_sync_screen.h"
#include "support/fake_hub_port.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

struct Office {
  testing::FakeHubPort hub;
  testing::Harness h{&hub};
  Office() { h.Unlock(); }
  void Show() {
    REQUIRE(ShowcaseScreen(*h.app, Screen::kSync).ok());
    h.Settle();
  }
  void Wait() {
    for (int i = 0; i < 500 && h.app->hub().running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      h.app->Tick();
    }
    REQUIRE_FALSE(h.app->hub().running());
    h.Settle();
  }
  // Every text the office section draws (ImGui's own text log, which stops at the end of a
  // window, hence the section drawn alone in one window), read as a person would read it.
  std::string Texts() {
    ImGui::NewFrame();
    ImGui::SetNextWindowSize(ImVec2(1000, 700));
    ImGui::Begin("###texts");
    ImGui::LogToBuffer();
    WidgetProbe probe;
    ScreenEnv env{h.app->i18n(), h.app->ui(), 1.0f, h.font_set.title, &probe};
    UiIntents ignored;
    DrawHubSync(h.app->hub(), env, ignored);
    std::string all = GImGui->LogBuffer.c_str();
    GImGui->LogBuffer.clear();
    ImGui::LogFinish();
    ImGui::End();
    ImGui::Render();
    return all;
  }
};

}  // namespace

TEST_CASE("the office section draws in every language: enrolment form, then the office and its button") {
  Office o;
  for (std::string lang : {"fr", "nl", "en"}) {
    CAPTURE(lang);
    UiIntents setup;
    setup.Push(intent::SetLanguage{lang});
    o.h.app->Apply(setup);
    o.hub.enrolment = {};
    o.Show();
    o.h.Centre("hub.section");
    o.h.Centre("hub.address");
    o.h.Centre("hub.code");
    CHECK_FALSE(o.h.probe.Find("hub.join")->enabled);  // nothing typed yet
    CHECK(o.h.probe.Find("hub.sync") == nullptr);
    o.h.Centre("hub.network_off");
    o.hub.enrolment = {true, "Maison de justice de Liège", "CAPREV", "mdj.example:8443", "2026-12-03T16:45:00Z"};
    o.Show();
    CHECK(o.h.probe.Find("hub.sync")->enabled);
    o.h.Centre("hub.office");
    o.h.Centre("hub.last_sync");
    CHECK(o.Texts().find("Maison de justice de Liège") != std::string::npos);
    CHECK(o.Texts().find("mdj.example") == std::string::npos);  // the address only on the form
  }
  CHECK(o.h.i18n.missing() == std::vector<std::string>{});
}

TEST_CASE("typing the address and the code, then one tap, enrols; a tap on the button is the sync intent") {
  Office o;
  o.Show();
  o.h.QueueTap("hub.address");
  o.h.Drain();
  o.h.QueueTyping("mdj.example:8443");
  o.h.Drain();
  o.h.Settle();
  CHECK(o.h.app->hub().address() == "mdj.example:8443");
  o.h.QueueTap("hub.code");
  o.h.Drain();
  o.h.QueueTyping("7K3Q-9XPA-M2DE-4HRT-KQ2V");
  o.h.Drain();
  o.h.Settle();
  CHECK(o.h.app->hub().CanJoin());
  CHECK(o.h.probe.Find("hub.join")->enabled);
  CHECK(o.hub.network_calls == 0);
  o.h.QueueTap("hub.join");
  o.h.Drain();
  o.Wait();
  CHECK(o.hub.joins == 1);
  CHECK(o.hub.joined_code == "7K3Q9XPAM2DE4HRTKQ2V");
  REQUIRE(o.h.probe.Find("hub.sync") != nullptr);
  o.h.QueueTap("hub.sync");
  CHECK(o.h.FramesUntil<intent::SyncWithOffice>() > 0);
}

TEST_CASE("never use the network: the button is disabled and the reason is on screen") {
  Office o;
  o.hub.enrolment = {true, "Maison de justice de Liège", "CAPREV", "mdj.example:8443", ""};
  o.Show();
  CHECK(o.h.probe.Find("hub.sync")->enabled);
  o.h.QueueTap("hub.network_off");
  o.h.Drain();
  o.h.Settle();
  CHECK(o.hub.network_off);
  CHECK_FALSE(o.h.probe.Find("hub.sync")->enabled);
  CHECK(o.Texts().find(o.h.i18n.T("hub.network_off_reason")) != std::string::npos);
  o.h.QueueTap("hub.sync");  // a tap on the disabled button does nothing
  CHECK(o.h.FramesUntil<intent::SyncWithOffice>() == 0);
  CHECK(o.hub.network_calls == 0);
}

TEST_CASE("the progress bar while the sync runs, then the result in plain words") {
  Office o;
  o.hub.enrolment = {true, "Maison de justice de Liège", "CAPREV", "mdj.example:8443", ""};
  auto dossiers = core::ListDossiers(*o.h.app->vault());
  REQUIRE(dossiers.ok());
  REQUIRE_FALSE(dossiers->empty());
  const auto& first = dossiers->front();
  o.hub.steps = {{4, 4, 20, 10, true}};
  o.hub.outcome = {4, 20, {{first.dossier.id, first.person.name, 7, {"Ana (CAPREV)"}}}, "", {}, {}, 0};
  o.hub.Hold();
  o.Show();
  o.h.QueueTap("hub.sync");
  o.h.Drain();
  REQUIRE(o.hub.WaitParked());
  o.h.app->Tick();
  o.h.Settle();
  o.h.Centre("hub.progress");
  CHECK_FALSE(o.h.probe.Find("hub.sync")->enabled);
  // The caption counts records each way.
  CHECK(o.Texts().find(o.h.i18n.Format("hub.progress", {{"sent", "4"}, {"to_send", "4"}, {"received", "10"},
                                                          {"to_receive", "20"}})) != std::string::npos);
  o.hub.Release();
  o.Wait();
  CHECK(o.h.probe.Find("hub.progress") == nullptr);
  o.h.Centre("hub.result");
  std::string texts = o.Texts();
  CHECK(texts.find(first.person.name) != std::string::npos);
  CHECK(texts.find("Ana (CAPREV)") != std::string::npos);
  CHECK(texts.find(first.dossier.id) == std::string::npos);
  o.h.Settle();
  INFO("button at y=", o.h.Centre("hub.open." + first.dossier.id).y);
  o.h.QueueTap("hub.open." + first.dossier.id);
  CHECK(o.h.FramesUntil<intent::OpenDossier>() > 0);
  o.h.app->Apply(o.h.intents);
  o.h.Settle();
  CHECK(o.h.app->ui().screen == Screen::kDossier);
}

TEST_CASE("a sealed document the office refused for good is said once, in words, not as nothing new") {
  Office o;
  o.hub.enrolment = {true, "Maison de justice de Liège", "CAPREV", "mdj.example:8443", ""};
  o.hub.outcome = {0, 0, {}, "", {}, {}, 0, 1};
  o.Show();
  o.h.QueueTap("hub.sync");
  o.h.Drain();
  o.Wait();
  o.h.Centre("hub.result");
  const std::string texts = o.Texts();
  CHECK(texts.find(o.h.i18n.Plural("hub.packets_refused", 1)) != std::string::npos);
  CHECK(texts.find(o.h.i18n.T("hub.nothing_new")) == std::string::npos);
}

TEST_CASE("the result counts in words that agree with the number: one record, seven records, nothing sent") {
  Office o;
  o.hub.enrolment = {true, "Maison de justice de Liège", "CAPREV", "mdj.example:8443", ""};
  auto dossiers = core::ListDossiers(*o.h.app->vault());
  REQUIRE(dossiers.ok());
  REQUIRE(dossiers->size() >= 2);
  const auto& one = (*dossiers)[0];
  const auto& seven = (*dossiers)[1];
  // The third row is a change outside any case file (a person recorded without one).
  o.hub.outcome = {0, 9,
                   {{one.dossier.id, one.person.name, 1, {"Ana (CAPREV)"}},
                    {seven.dossier.id, seven.person.name, 7, {"Ben (CAPREV)"}},
                    {"", "", 1, {"Ana (CAPREV)"}}},
                   "", {}, {}, 0};
  const std::map<std::string, std::vector<std::string>> expected = {
      {"en",
       {one.person.name + ": 1 record changed by Ana (CAPREV)", seven.person.name + ": 7 records changed by Ben (CAPREV)",
        "Outside any case file: 1 record changed by Ana (CAPREV)"}},
      {"fr",
       {one.person.name + "\u00a0: 1 élément modifié par Ana (CAPREV)",
        seven.person.name + "\u00a0: 7 éléments modifiés par Ben (CAPREV)",
        "Hors dossier\u00a0: 1 élément modifié par Ana (CAPREV)"}},
      {"nl",
       {one.person.name + ": 1 element gewijzigd door Ana (CAPREV)",
        seven.person.name + ": 7 elementen gewijzigd door Ben (CAPREV)",
        "Buiten een dossier: 1 element gewijzigd door Ana (CAPREV)"}}};
  // Nothing went up and nine came down: the summary says so in words, without "(s)".
  const std::map<std::string, std::string> summary = {
      {"en", "Synced: nothing sent, 9 received."},
      {"fr", "Synchronisé\u00a0: aucune modification envoyée, 9 reçues."},
      {"nl", "Gesynchroniseerd: niets verstuurd, 9 ontvangen."}};
  for (const auto& [lang, rows] : expected) {
    CAPTURE(lang);
    UiIntents setup;
    setup.Push(intent::SetLanguage{lang});
    o.h.app->Apply(setup);
    o.Show();
    o.h.QueueTap("hub.sync");
    o.h.Drain();
    o.Wait();
    const std::string texts = o.Texts();
    for (const std::string& row : rows) CHECK_MESSAGE(texts.find(row) != std::string::npos, row);
    CHECK(texts.find("1 records") == std::string::npos);
    CHECK_MESSAGE(texts.find(summary.at(lang)) != std::string::npos, summary.at(lang));
    CHECK(texts.find("(s)") == std::string::npos);
    CHECK(texts.find("(en)") == std::string::npos);
  }
}
