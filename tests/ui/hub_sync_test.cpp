// Issue 16 part 6: "Sync with the office" behind AppController, without a window, over the demo
// vault and a scripted hub (tests/support/fake_hub_port.h). No socket unless the worker tapped:
// showing the sync screen reads the vault only; enrolment normalises the typed code; a sync runs
// on a worker thread whose progress (in records) is polled each frame, while the vault is lent to
// it (other taps dropped, no autosave); the result names case files and authors, never an id;
// "never use the network" refuses both network actions; each failure is one translated sentence;
// Lock during a sync stops it first and leaves nothing on screen.
#include <doctest/doctest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "app_controller.h"
#include "demo_vault.h"
#include "load_i18n.h"
#include "support/fake_hub_port.h"
#include "support/temp_dir.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

struct App {
  testing::TempDir dir;
  std::string path = dir.File("demo.vault");
  platform::FakeClock clock{1'000'000};
  I18n i18n = testing::LoadI18n();
  testing::FakeHubPort hub;
  std::unique_ptr<AppController> app;
  App() {
    setenv("PASSERELLE_ASSETS", PASSERELLE_SOURCE_DIR "/assets", 1);
    REQUIRE(demo::CreateDemoVault(path).ok());
    AppConfig config;
    config.vault_path = path;
    config.timers_clock = &clock;
    config.hub_port = &hub;
    app = std::make_unique<AppController>(config, i18n);
    REQUIRE(app->UnlockWith(platform::SecureBuffer::FromString(demo::kDemoPassphrase)).ok());
  }
  template <typename... I>
  void Do(I... intents) {
    UiIntents out;
    (out.Push(std::move(intents)), ...);
    app->Apply(out);
  }
  // The event loop: a Tick per frame until the job ended.
  void WaitJob() {
    for (int i = 0; i < 500 && app->hub().running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      app->Tick();
    }
    REQUIRE_FALSE(app->hub().running());
  }
  void Enrol() {
    hub.enrolment = {true, "Maison de justice de Liège", "CAPREV", "mdj.example:8443", ""};
    Do(intent::Navigate{Screen::kSync});
    REQUIRE(app->hub().enrolled());
  }
};

bool HasHexId(const std::string& s) { return std::regex_search(s, std::regex("[0-9a-fA-F]{16}")); }

}  // namespace

TEST_CASE("showing the sync screen reads the enrolment from the vault and opens no connection") {
  App a;
  a.Do(intent::Navigate{Screen::kSync});
  CHECK(a.app->hub().loaded());
  CHECK_FALSE(a.app->hub().enrolled());
  a.Do(intent::Navigate{Screen::kCases}, intent::Navigate{Screen::kSync});
  a.Do(intent::SetHubAddress{"mdj.example:8443"}, intent::SetHubCode{"7k3q 9xpa-m2de-4hrt-kq2v"});
  a.app->Tick();
  CHECK(a.hub.network_calls == 0);  // typing, showing, ticking: nothing reaches the network
}

TEST_CASE("enrolment sends the typed address and the code normalised, once, and only on the tap") {
  App a;
  a.Do(intent::Navigate{Screen::kSync});
  a.hub.enrolment = {false, "Maison de justice de Liège", "CAPREV", "", ""};
  SUBCASE("an incomplete code is refused on the device, without a connection") {
    a.Do(intent::SetHubAddress{"mdj.example:8443"}, intent::SetHubCode{"7K3Q-9XPA"});
    CHECK_FALSE(a.app->hub().CanJoin());
    a.Do(intent::JoinHub{});
    CHECK_FALSE(a.app->hub().running());
    CHECK(a.hub.network_calls == 0);
    REQUIRE(a.app->hub().error());
    CHECK(a.app->hub().error()->key == "hub.error.code_format");
  }
  SUBCASE("a complete code enrols the device and the code is forgotten") {
    a.Do(intent::SetHubAddress{"mdj.example:8443"}, intent::SetHubCode{"7k3q 9xpa-m2de-4hrt-kq2v"});
    CHECK(a.hub.network_calls == 0);
    a.Do(intent::JoinHub{});
    a.WaitJob();
    CHECK(a.hub.joins == 1);
    CHECK(a.hub.joined_address == "mdj.example:8443");
    CHECK(a.hub.joined_code == "7K3Q9XPAM2DE4HRTKQ2V");
    CHECK(a.app->hub().enrolled());
    CHECK(a.app->hub().just_enrolled());
    CHECK(a.app->hub().hub_name() == "Maison de justice de Liège");
    CHECK(a.app->hub().code().empty());
    CHECK_FALSE(a.app->hub().error());
  }
  SUBCASE("a refused code says so in one sentence and the device stays unenrolled") {
    a.hub.join_error = Status::Error(Code::kRefused, "This enrolment code was already used.");
    a.Do(intent::SetHubAddress{"mdj.example:8443"}, intent::SetHubCode{"7K3Q-9XPA-M2DE-4HRT-KQ2V"});
    a.Do(intent::JoinHub{});
    a.WaitJob();
    CHECK_FALSE(a.app->hub().enrolled());
    REQUIRE(a.app->hub().error());
    CHECK(a.app->hub().error()->key == "hub.error.code_refused");
    CHECK(a.app->hub().error()->detail == "This enrolment code was already used.");
  }
}

TEST_CASE("a sync runs off the UI thread: progress in records each frame, the vault lent to it, the result in words") {
  App a;
  a.Enrol();
  a.hub.steps = {{0, 0, 0, 0, false}, {12, 5, 30, 0, true}};
  a.hub.outcome.uploaded = 12;
  a.hub.outcome.downloaded = 30;
  auto dossiers = core::ListDossiers(*a.app->vault());
  REQUIRE(dossiers.ok());
  REQUIRE(dossiers->size() >= 1);
  const std::string dossier = (*dossiers)[0].dossier.id;
  a.hub.outcome.changes = {{dossier, (*dossiers)[0].person.name, 18, {"Ana (CAPREV)", "0123456789abcdef"}}};
  a.hub.Hold();
  a.Do(intent::SyncWithOffice{});
  CHECK(a.app->hub().running());
  REQUIRE(a.hub.WaitParked());
  a.app->Tick();  // one frame: the progress reaches the view-model
  CHECK(a.app->hub().progress().uploaded == 5);
  CHECK(a.app->hub().progress().to_download == 30);
  CHECK(a.app->hub().Fraction() == doctest::Approx(5.0 / 42.0));
  // While it runs, the vault is the sync's: another tap is dropped, the screen stays.
  a.Do(intent::Navigate{Screen::kCases}, intent::SyncWithOffice{});
  CHECK(a.app->ui().screen == Screen::kSync);
  CHECK(a.hub.syncs == 1);
  auto next = a.app->NextDeadline();
  REQUIRE(next);
  CHECK(*next <= a.clock.NowMillis() + 50);  // the loop wakes to move the bar
  a.hub.Release();
  a.WaitJob();
  REQUIRE(a.app->hub().result());
  const auto& r = *a.app->hub().result();
  CHECK(r.uploaded == 12);
  CHECK(r.downloaded == 30);
  REQUIRE(r.changes.size() == 1);
  CHECK(r.changes[0].person_name == (*dossiers)[0].person.name);
  REQUIRE(r.changes[0].authors.size() == 2);
  CHECK(r.changes[0].authors[0] == "Ana (CAPREV)");
  CHECK(r.changes[0].authors[1].empty());  // a device id becomes "a device not yet named"
  for (const auto& c : r.changes)
    for (const auto& au : c.authors) CHECK_FALSE(HasHexId(au));
  CHECK_FALSE(a.app->hub().last_sync().empty());  // re-read from the vault after the sync
  CHECK(std::regex_match(a.app->hub().last_sync(), std::regex(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2})")));
  // After the sync, taps act again.
  a.Do(intent::OpenDossier{dossier});
  CHECK(a.app->ui().screen == Screen::kDossier);
}

TEST_CASE("never use the network: both network actions are refused with the reason, the setting is kept") {
  App a;
  a.Enrol();
  a.Do(intent::SetNetworkOff{true});
  CHECK(a.hub.network_off);
  CHECK(a.app->hub().network_off());
  a.Do(intent::SyncWithOffice{});
  CHECK_FALSE(a.app->hub().running());
  REQUIRE(a.app->hub().error());
  CHECK(a.app->hub().error()->key == "hub.network_off_reason");
  a.Do(intent::SetHubAddress{"mdj.example:8443"}, intent::SetHubCode{"7K3Q-9XPA-M2DE-4HRT-KQ2V"}, intent::JoinHub{});
  CHECK(a.hub.network_calls == 0);
  // Read back from the vault's setting on the next visit of the screen.
  a.Do(intent::Navigate{Screen::kCases}, intent::Navigate{Screen::kSync});
  CHECK(a.app->hub().network_off());
  a.Do(intent::SetNetworkOff{false}, intent::SyncWithOffice{});
  a.WaitJob();
  CHECK(a.hub.syncs == 1);
}

TEST_CASE("each failure is one translated sentence chosen by what went wrong") {
  App a;
  a.Enrol();
  struct Row {
    Code code;
    const char* key;
    const char* sentence = "One sentence from the hub client.";
  };
  // Not reached at all (the TLS transport's own sentence) is told apart from a connection cut.
  for (Row row : {Row{Code::kIoError, "hub.error.unreachable",
                      "The office hub could not be reached at this address; check that this device is on the office "
                      "network and that the hub is running, then sync again."},
                  Row{Code::kIoError, "hub.error.cut"}, Row{Code::kRefused, "hub.error.revoked"},
                  Row{Code::kCorrupt, "hub.error.damaged"}, Row{Code::kConflict, "hub.error.busy"},
                  Row{Code::kInternal, "hub.error.other"}}) {
    CAPTURE(row.key);
    a.hub.sync_error = Status::Error(row.code, row.sentence);
    a.Do(intent::SyncWithOffice{});
    a.WaitJob();
    REQUIRE(a.app->hub().error());
    CHECK(a.app->hub().error()->key == row.key);
    CHECK_FALSE(std::string(a.i18n.T(row.key)).empty());
    CHECK(std::string(a.i18n.T(row.key)) != row.key);  // translated
    CHECK_FALSE(a.app->hub().result());
  }
}

TEST_CASE("Lock during a sync stops it first, then wipes what the office section showed") {
  App a;
  a.Enrol();
  a.hub.Hold();
  a.Do(intent::SyncWithOffice{});
  REQUIRE(a.hub.WaitParked());
  a.Do(intent::Lock{});  // routed even while the sync runs
  CHECK(a.hub.saw_cancel);
  CHECK_FALSE(a.app->unlocked());
  CHECK_FALSE(a.app->hub().running());
  CHECK_FALSE(a.app->hub().loaded());
  CHECK_FALSE(a.app->hub().result());
  CHECK(a.app->hub().hub_name().empty());
}
