// Issue 13 defect 2: lock keeps the place. After a manual or automatic lock, unlocking brings the
// worker back to the same screen, case file, visit and directory entry, the note re-read from the
// vault and at the same scroll position; while locked the view-models hold nothing.
#include "headless_input.h"

using namespace passerelle;
using namespace passerelle::ui;
using passerelle::testing::Harness;

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
