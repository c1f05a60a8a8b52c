// Issue 13 defects 1, 3 and 5: taps and keys that always land, once. Headless frames fed through
// the app's InputQueue (headless_input.h). Typing into the note editor and then tapping once on
// Lock, Done or a top tab must act in the frame that receives the release (the next frame after
// the press); a wrong passphrase leaves the field focused and empty, and Enter submits at its
// first press; a double tap on a creating button creates one record.
#include "headless_input.h"

using namespace passerelle;
using namespace passerelle::ui;
using passerelle::testing::Harness;
using passerelle::testing::kKeyEnter;


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
