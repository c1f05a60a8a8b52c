// Issue 13 defects 1 and 3: taps and keys that always land. Headless Dear ImGui frames (as in
// screens_test.cpp) fed through the app's InputQueue exactly as the window's GLFW callbacks feed
// it: a press and its release arriving between two frames, characters typed in a burst. Typing
// into the note editor and then tapping once on Lock, Done or a top tab must act in the frame
// that receives the release (the same or the next frame after the press); a wrong passphrase
// leaves the field focused and empty, and Enter submits at its first press.
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>

#include "app_controller.h"
#include "app_frame.h"
#include "demo_vault.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "input_queue.h"
#include "passerelle/core/case_files.h"
#include "showcase.h"
#include "support/temp_dir.h"
#include "theme.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

// GLFW's key codes (what the app's queue stores; the test does not link GLFW).
constexpr int kKeyEnter = 257, kKeyBackspace = 259, kKeyA = 65;

struct Harness {
  testing::TempDir dir;
  platform::FakeClock clock{5'000'000};
  I18n i18n;
  std::unique_ptr<AppController> app;
  ImGuiContext* ctx = nullptr;
  FontStore fonts;
  FontSet font_set;
  WidgetProbe probe;
  UiIntents intents;
  InputQueue input;

  Harness() : i18n(I18n::Load(std::string(PASSERELLE_SOURCE_DIR) + "/assets/i18n").value()) {
    setenv("PASSERELLE_ASSETS", PASSERELLE_SOURCE_DIR "/assets", 1);
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
    for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = 400 + k;  // distinct, unused codes
    io.KeyMap[ImGuiKey_Enter] = kKeyEnter;
    io.KeyMap[ImGuiKey_Backspace] = kKeyBackspace;
    io.KeyMap[ImGuiKey_A] = kKeyA;
    std::string error;
    REQUIRE(fonts.Load(PASSERELLE_FONT_REGULAR, PASSERELLE_FONT_BOLD, &error));
    font_set = fonts.Build(*io.Fonts, i18n, 1.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ApplyTheme(1.0f);
  }
  ~Harness() {
    app.reset();
    ImGui::DestroyContext(ctx);
  }
  void Unlock() { REQUIRE(app->UnlockWith(platform::SecureBuffer::FromString(demo::kDemoPassphrase)).ok()); }

  // One frame as the app's loop draws it: queued input handed over, screens drawn, intents kept
  // in `intents` (the caller applies them).
  void Frame() {
    probe.Clear();
    input.Feed(ImGui::GetIO());
    ImGui::NewFrame();
    ScreenEnv env{app->i18n(), app->ui(), 1.0f, font_set.title, &probe};
    DrawApp(*app, env, intents);
    ImGui::Render();
  }
  // Frames until the queue is empty, applying intents after each frame as the loop does.
  void Drain() {
    for (int i = 0; i < 400 && input.Pending(); ++i) {
      Frame();
      app->Apply(intents);
    }
    REQUIRE_FALSE(input.Pending());
  }
  void Settle() {
    for (int i = 0; i < 3; ++i) {
      Frame();
      app->Apply(intents);
    }
  }
  ImVec2 Centre(const std::string& id) {
    const WidgetProbe::Item* item = probe.Find(id);
    INFO("widget ", id);
    REQUIRE(item != nullptr);
    return ImVec2((item->min.x + item->max.x) * 0.5f, (item->min.y + item->max.y) * 0.5f);
  }
  // A tap as a touch screen delivers it: the pointer jumps there, press and release, all before
  // the next frame.
  void QueueTap(const std::string& id) {
    ImVec2 c = Centre(id);
    input.MouseMove(c.x, c.y);
    input.MouseButton(0, true);
    input.MouseButton(0, false);
  }
  // Keystrokes as a keyboard delivers them: key down, the character, key up.
  void QueueTyping(const std::string& ascii) {
    for (char ch : ascii) {
      int key = ch >= 'a' && ch <= 'z' ? kKeyA + (ch - 'a') : 32;
      input.Key(key, true);
      input.Char(static_cast<unsigned char>(ch));
      input.Key(key, false);
    }
  }
  void QueueKey(int key) {
    input.Key(key, true);
    input.Key(key, false);
  }
  // Opens the showcase visit and types `text` into its note editor (focused by a tap).
  void TypeIntoEditor(const std::string& text) {
    REQUIRE(ShowcaseScreen(*app, Screen::kVisit).ok());
    Settle();
    QueueTap("visit.editor");
    Drain();
    Settle();
    std::string before = app->visit().body();
    QueueTyping(text);
    Drain();
    REQUIRE(app->visit().body().size() == before.size() + text.size());  // typed where the tap put the caret
    REQUIRE(app->visit().body().find(text) != std::string::npos);
  }
  // Runs frames after a queued tap and returns how many it took for an intent of type T to be
  // pushed (0 if none within 4 frames). Intents are not applied.
  template <typename T>
  int FramesUntil() {
    for (int i = 1; i <= 4; ++i) {
      Frame();
      if (intents.Find<T>() != nullptr) return i;
    }
    return 0;
  }
};

}  // namespace

TEST_CASE("the queue hands over one change per button and per key each frame, in order") {
  ImGuiContext* ctx = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  InputQueue q;
  q.MouseMove(10, 20);
  q.MouseButton(0, true);
  q.MouseButton(0, false);
  q.MouseMove(300, 300);  // after the release: the click stays where it was made
  CHECK(q.Feed(io));
  CHECK(io.MouseDown[0]);
  CHECK(io.MousePos.x == doctest::Approx(10));
  CHECK(q.Feed(io));
  CHECK_FALSE(io.MouseDown[0]);  // the release, still where the press was
  CHECK(io.MousePos.x == doctest::Approx(10));
  CHECK_FALSE(q.Feed(io));
  CHECK(io.MousePos.x == doctest::Approx(300));
  // A key pressed and released between two frames is seen down for one frame.
  q.Key(kKeyEnter, true);
  q.Key(kKeyEnter, false);
  CHECK(q.Feed(io));
  CHECK(io.KeysDown[kKeyEnter]);
  CHECK_FALSE(q.Feed(io));
  CHECK_FALSE(io.KeysDown[kKeyEnter]);
  // Text typed just before a tap reaches the frame before the tap.
  q.Char('x');
  q.MouseButton(0, true);
  CHECK(q.Feed(io));
  CHECK(io.InputQueueCharacters.Size == 1);
  CHECK_FALSE(io.MouseDown[0]);
  io.InputQueueCharacters.resize(0);
  CHECK_FALSE(q.Feed(io));
  CHECK(io.MouseDown[0]);
  // Modifiers follow their keys.
  q.Key(InputQueue::kCtrl[0], true);
  q.Feed(io);
  CHECK(io.KeyCtrl);
  q.Clear();
  q.Feed(io);
  CHECK_FALSE(io.KeyCtrl);
  ImGui::DestroyContext(ctx);
}

TEST_CASE("after typing in the note editor, one tap on Lock locks at once") {
  Harness h;
  h.Unlock();
  h.TypeIntoEditor("bonjour");
  h.Frame();
  h.QueueTap("shell.lock");
  CHECK(h.FramesUntil<intent::Lock>() == 2);  // press in frame 1, release (the click) in frame 2
  h.app->Apply(h.intents);
  CHECK_FALSE(h.app->unlocked());
}

TEST_CASE("after typing in the note editor, one tap on Done finishes the visit") {
  Harness h;
  h.Unlock();
  h.TypeIntoEditor("au parloir");
  h.Frame();
  h.QueueTap("visit.finish");
  CHECK(h.FramesUntil<intent::FinishVisit>() == 2);
  h.app->Apply(h.intents);
  CHECK(h.app->ui().screen == Screen::kDossier);
  CHECK(h.app->visit().save_state() != SaveState::kPending);  // leaving saved the note
}

TEST_CASE("after typing in the note editor, one tap on a top tab goes there") {
  Harness h;
  h.Unlock();
  h.TypeIntoEditor("logement");
  h.Frame();
  h.QueueTap("nav.directory");
  CHECK(h.FramesUntil<intent::Navigate>() == 2);
  h.app->Apply(h.intents);
  CHECK(h.app->ui().screen == Screen::kDirectory);
}

TEST_CASE("typing and a tap in one burst: every character lands, then the tap") {
  Harness h;
  h.Unlock();
  h.TypeIntoEditor("a");
  h.Frame();
  std::string before = h.app->visit().body();
  h.QueueTyping("vite");
  h.QueueTap("shell.lock");  // the tap arrives before any frame was drawn for the typing
  bool locked = false;
  for (int i = 0; i < 40 && !locked; ++i) {
    h.Frame();
    if (const auto* edit = h.intents.Find<intent::EditNote>()) CHECK(edit->body.str().size() >= before.size());
    locked = h.intents.Find<intent::Lock>() != nullptr;
    if (!locked) h.app->Apply(h.intents);
  }
  REQUIRE(locked);
  CHECK(h.app->visit().body().size() == before.size() + 4);  // typed text reached the note before the lock
  CHECK(h.app->visit().body().find("avite") != std::string::npos);
  h.app->Apply(h.intents);
  CHECK_FALSE(h.app->unlocked());
}

TEST_CASE("unlock: after a wrong passphrase the field is empty and focused; Enter submits at its first press") {
  Harness h;
  REQUIRE(ShowcaseScreen(*h.app, Screen::kUnlock).ok());
  h.Settle();
  // The field has the focus when the screen appears: no tap needed.
  h.QueueTyping("mauvaise phrase");
  h.QueueKey(kKeyEnter);  // pressed and released between two frames
  bool asked = false;
  for (int i = 0; i < 60 && !asked; ++i) {
    h.Frame();
    asked = h.intents.Find<intent::Unlock>() != nullptr;
    h.app->Apply(h.intents);
  }
  REQUIRE(asked);
  h.Frame();  // "Unlocking…" drawn
  h.app->FrameShown();
  h.app->Tick();  // Argon2id: wrong
  REQUIRE_FALSE(h.app->unlocked());
  CHECK(h.app->unlock_model().error_key() == "unlock.wrong_passphrase");
  CHECK(h.app->unlock_model().passphrase().empty());
  h.Settle();
  ImGuiID field = ImGui::GetCurrentContext()->ActiveId;
  CHECK(field != 0);  // the passphrase field has the focus again
  // Retype at once, without tapping the field; one Enter submits.
  h.QueueTyping(demo::kDemoPassphrase);
  h.QueueKey(kKeyEnter);
  asked = false;
  for (int i = 0; i < 80 && !asked; ++i) {
    h.Frame();
    asked = h.intents.Find<intent::Unlock>() != nullptr;
    h.app->Apply(h.intents);
  }
  REQUIRE(asked);
  h.Frame();
  h.app->FrameShown();
  h.app->Tick();
  CHECK(h.app->unlocked());
}

namespace {
// The note editor's scrolling child window (ImGui's own state, which outlives the lock).
ImGuiWindow* EditorWindow() {
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
    if (std::strstr(w->Name, "visit.editor") != nullptr) return w;
  return nullptr;
}
}  // namespace

TEST_CASE("lock keeps the place: same visit, note re-read from the vault, same scroll; nothing held while locked") {
  for (bool automatic : {false, true}) {
    CAPTURE(automatic);
    Harness h;
    h.Unlock();
    REQUIRE(ShowcaseScreen(*h.app, Screen::kVisit).ok());
    h.Settle();
    // A long note, saved, scrolled half-way down.
    std::string note;
    for (int i = 0; i < 60; ++i) note += "Ligne " + std::to_string(i) + " de la note d'entretien.\n";
    UiIntents edit;
    edit.Push(intent::EditNote{SecretText(note)});
    edit.Push(intent::NoteFocusLost{});
    h.app->Apply(edit);
    h.Settle();
    ImGuiWindow* editor = EditorWindow();
    REQUIRE(editor != nullptr);
    REQUIRE(editor->ScrollMax.y > 300);
    ImGui::SetScrollY(editor, 300);
    h.Settle();
    const float scroll = editor->Scroll.y;
    CHECK(scroll == doctest::Approx(300));
    const std::string visit_id = h.app->visit().visit().id;
    const std::string dossier_id = h.app->visit().visit().dossier_id;

    if (automatic) {
      h.clock.Advance(int64_t{h.app->ui().auto_lock_minutes} * 60'000 + 1);
      h.app->Tick();
    } else {
      UiIntents lock;
      lock.Push(intent::Lock{});
      h.app->Apply(lock);
    }
    REQUIRE_FALSE(h.app->unlocked());
    // Nothing decrypted is kept while locked: the view-models are empty.
    CHECK(h.app->visit().body().empty());
    CHECK_FALSE(h.app->visit().open());
    CHECK_FALSE(h.app->dossier().loaded());
    CHECK(h.app->cases().visible().empty());
    h.Settle();  // the unlock screen

    h.Unlock();
    h.Settle();
    CHECK(h.app->ui().screen == Screen::kVisit);
    CHECK(h.app->visit().visit().id == visit_id);
    CHECK(h.app->dossier().dossier_id() == dossier_id);  // "Done" leads back to the same case file
    CHECK(h.app->visit().body() == note);                 // re-read from the vault
    REQUIRE(EditorWindow() == editor);
    CHECK(editor->Scroll.y == doctest::Approx(scroll));
  }
}

TEST_CASE("lock keeps the place on the case file, the directory and the sync screen") {
  Harness h;
  h.Unlock();
  REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
  const std::string dossier_id = h.app->dossier().dossier_id();
  auto lock_unlock = [&] {
    UiIntents lock;
    lock.Push(intent::Lock{});
    h.app->Apply(lock);
    REQUIRE_FALSE(h.app->unlocked());
    h.Unlock();
  };
  lock_unlock();
  CHECK(h.app->ui().screen == Screen::kDossier);
  CHECK(h.app->dossier().dossier_id() == dossier_id);

  UiIntents go;
  go.Push(intent::Navigate{Screen::kDirectory});
  h.app->Apply(go);
  const std::string service = h.app->directory().first_result_id();
  REQUIRE_FALSE(service.empty());
  UiIntents select;
  select.Push(intent::SelectService{service});
  h.app->Apply(select);
  lock_unlock();
  CHECK(h.app->ui().screen == Screen::kDirectory);
  REQUIRE(h.app->directory().selected().has_value());
  CHECK(h.app->directory().selected()->id == service);
  CHECK(h.app->dossier().dossier_id() == dossier_id);  // still the person to refer

  go.Push(intent::Navigate{Screen::kSync});
  h.app->Apply(go);
  lock_unlock();
  CHECK(h.app->ui().screen == Screen::kSync);
}

// Issue 13 defect 5: a creating action acts once per tap.
TEST_CASE("a double tap on a refer row makes one referral; a repeated submit of the same dialog does nothing") {
  Harness h;
  h.Unlock();
  REQUIRE(ShowcaseScreen(*h.app, Screen::kDossier).ok());
  const std::string dossier = h.app->dossier().dossier_id();
  auto referrals = [&] { return core::ShowDossier(*h.app->vault(), dossier)->referrals.size(); };
  const size_t before = referrals();
  UiIntents setup;
  setup.Push(intent::Navigate{Screen::kDirectory});
  h.app->Apply(setup);
  setup.Push(intent::SelectService{h.app->directory().first_result_id()});
  setup.Push(intent::OpenRefer{true});
  h.app->Apply(setup);
  REQUIRE(h.app->ui().refer_open);
  h.Settle();
  const std::string item = h.app->dossier().plan_items().front().id;
  // Two taps before any frame is drawn (a finger bouncing on the glass).
  h.QueueTap("directory.refer_item." + item);
  h.input.MouseButton(0, true);
  h.input.MouseButton(0, false);
  h.Drain();
  h.Settle();
  CHECK(referrals() == before + 1);
  REQUIRE(h.app->ui().banner.has_value());
  CHECK(h.app->ui().banner->key == "directory.referred");  // the UI says what was created

  // Two submits of one dialog instance arriving in the same batch: one referral.
  setup.Push(intent::OpenRefer{true});
  h.app->Apply(setup);
  h.Settle();
  h.QueueTap("directory.refer_item." + item);
  for (int i = 0; i < 4 && h.intents.Find<intent::ReferToPlanItem>() == nullptr; ++i) h.Frame();
  REQUIRE(h.intents.Find<intent::ReferToPlanItem>() != nullptr);
  const intent::ReferToPlanItem tapped = *h.intents.Find<intent::ReferToPlanItem>();
  const intent::ReferToPlanItem* tap = &tapped;
  CHECK(tap->token != 0);
  h.intents.Push(intent::ReferToPlanItem{tapped});
  h.app->Apply(h.intents);
  CHECK(referrals() == before + 2);
  // A stale submit from a dialog instance that has closed creates nothing either.
  setup.Push(intent::OpenRefer{true});
  h.app->Apply(setup);
  UiIntents stale;
  stale.Push(intent::ReferToPlanItem{item, tap->token});
  h.app->Apply(stale);
  CHECK(referrals() == before + 2);
  CHECK(h.app->ui().refer_open);  // the new dialog is still waiting for its own tap
}

TEST_CASE("a double tap on Start creates one visit; a double tap on Save creates one record") {
  Harness h;
  h.Unlock();
  REQUIRE(ShowcaseScreen(*h.app, Screen::kCases).ok());
  h.Settle();
  const std::string dossier = h.app->cases().visible().front()->dossier_id;
  auto visits = [&] { return core::ShowDossier(*h.app->vault(), dossier)->visits.size(); };
  const size_t before = visits();
  h.QueueTap("cases.visit." + dossier);
  h.Drain();
  h.Settle();
  REQUIRE(h.app->ui().start_visit_open);
  h.QueueTap("visit.start.go");
  h.input.MouseButton(0, true);
  h.input.MouseButton(0, false);
  // Both taps' intents in one batch, as if no frame had been applied between them.
  for (int i = 0; i < 8; ++i) h.Frame();
  REQUIRE(h.intents.Find<intent::StartVisit>() != nullptr);
  const intent::StartVisit start = *h.intents.Find<intent::StartVisit>();
  CHECK(start.token != 0);
  h.intents.Push(intent::StartVisit{start});
  h.app->Apply(h.intents);
  CHECK(visits() == before + 1);
  CHECK(h.app->ui().screen == Screen::kVisit);  // what was created is open

  // The record form: Save twice in one batch creates one goal.
  UiIntents open;
  open.Push(intent::OpenDossier{dossier});
  open.Push(intent::OpenForm{FormKind::kNewPlanItem});
  open.Push(intent::SetFormField{"domain", SecretText("housing")});
  open.Push(intent::SetFormField{"goal", SecretText("Trouver un logement")});
  h.app->Apply(open);
  auto goals = [&] { return core::ShowDossier(*h.app->vault(), dossier)->plan.size(); };
  const size_t goals_before = goals();
  UiIntents save;
  save.Push(intent::SubmitForm{});
  save.Push(intent::SubmitForm{});
  h.app->Apply(save);
  CHECK(goals() == goals_before + 1);
  REQUIRE(h.app->ui().banner.has_value());
  CHECK(h.app->ui().banner->key == "form.created.plan_item");
}
