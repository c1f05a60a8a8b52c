// The promise of the note editor: a crash or kill loses at most the last second of typing.
// A child process types into VisitEditorModel (the editor's real autosave policy, driven like
// the event loop drives it: Tick() on every keystroke and while waiting), writing each
// keystroke's time into shared memory; the parent SIGKILLs it at a random moment, reopens the
// vault and checks that every keystroke typed more than one second before the kill is in the
// saved note, and that the saved note is exactly a prefix of what was typed.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

#include "passerelle/core/case_files.h"
#include "steady_clock.h"
#include "support/temp_dir.h"
#include "visit_editor_model.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

constexpr int kMaxKeys = 20000;
constexpr int kRounds = 16;
const char* const kPassphrase = "autosave kill test passphrase";

struct Shared {
  std::atomic<int> keys;           // keystrokes typed so far
  std::atomic<int> visit_ready;    // 1 once the visit exists (its id is in visit_id)
  std::atomic<int64_t> max_save_ms;
  char visit_id[64];
  int64_t typed_at[kMaxKeys];      // steady-clock ms of each keystroke
};

int64_t Now() {
  SteadyClock c;
  return c.NowMillis();
}

char KeyAt(int i) { return i % 11 == 10 ? ' ' : static_cast<char>('a' + (i * 7) % 26); }

[[noreturn]] void TypeUntilKilled(const std::string& path, const std::string& dossier, Shared* shared, unsigned seed) {
  auto vault = core::Vault::Open(path, platform::SecureBuffer::FromString(kPassphrase));
  if (!vault.ok()) _exit(2);
  SteadyClock clock;
  VisitEditorModel editor(clock);
  if (!editor.Prepare(**vault, dossier, core::Today(**vault)).ok() || !editor.Start(**vault).ok()) _exit(3);
  std::snprintf(shared->visit_id, sizeof shared->visit_id, "%s", editor.visit().id.c_str());
  shared->visit_ready.store(1);
  std::mt19937 rng(seed);
  std::string body;
  for (int i = 0; i < kMaxKeys; ++i) {
    body += KeyAt(i);
    shared->typed_at[i] = Now();
    shared->keys.store(i + 1);
    editor.Edit(body);
    // Mostly fast typing (15-60 ms between keys), sometimes a pause to think (0.3-1.5 s).
    int64_t gap = rng() % 12 == 0 ? 300 + static_cast<int64_t>(rng() % 1200) : 15 + static_cast<int64_t>(rng() % 45);
    int64_t next = Now() + gap;
    do {  // the event loop: wake at the autosave deadline or at the next keystroke
      int64_t before = Now();
      if (!editor.Tick(**vault).ok()) _exit(4);
      int64_t took = Now() - before;
      if (took > shared->max_save_ms.load()) shared->max_save_ms.store(took);
      int64_t wake = std::min(next, editor.NextDeadline().value_or(next));
      if (wake > Now()) std::this_thread::sleep_for(std::chrono::milliseconds(wake - Now()));
    } while (Now() < next);
  }
  _exit(0);
}

}  // namespace

TEST_CASE("SIGKILL at random moments loses no more than the last second of typing") {
  testing::TempDir dir;
  const std::string path = dir.File("kill.vault");
  std::string dossier;
  {
    core::VaultOptions opts;
    opts.kdf = core::KdfParams::LowCostForTests();
    opts.worker = "Test Worker";
    opts.service = "Test Service";
    auto v = core::Vault::Create(path, platform::SecureBuffer::FromString(kPassphrase), opts);
    REQUIRE(v.ok());
    auto person = core::AddPerson(**v, {{"name", "Fictional Person"}, {"establishment", "Prison de Haren"}});
    REQUIRE(person.ok());
    auto d = core::AddDossier(**v, {{"person_id", *person}});
    REQUIRE(d.ok());
    dossier = *d;
  }
  void* mem = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  REQUIRE(mem != MAP_FAILED);
  auto* shared = new (mem) Shared{};
  std::mt19937 rng(20261123);
  int64_t worst_loss_ms = 0;
  int64_t total_keys = 0;
  for (int round = 0; round < kRounds; ++round) {
    shared->keys.store(0);
    shared->visit_ready.store(0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) TypeUntilKilled(path, dossier, shared, static_cast<unsigned>(round) + 1);
    // Wait for the visit to exist, then let the child type for a random time before the kill.
    int64_t deadline = Now() + 20000;
    while (shared->visit_ready.load() == 0 && Now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(shared->visit_ready.load() == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 3000));
    int64_t killed_at = Now();
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    const int typed = shared->keys.load();
    total_keys += typed;

    auto v = core::Vault::Open(path, platform::SecureBuffer::FromString(kPassphrase));
    REQUIRE(v.ok());
    auto notes = core::ListNotes(**v, dossier);
    REQUIRE(notes.ok());
    std::string saved;
    for (const auto& n : *notes)
      if (n.visit_id == shared->visit_id) saved = n.body;
    CAPTURE(round);
    CAPTURE(typed);
    REQUIRE(saved.size() <= static_cast<size_t>(typed));
    for (size_t i = 0; i < saved.size(); ++i) REQUIRE(saved[i] == KeyAt(static_cast<int>(i)));  // a prefix, intact
    // The first lost keystroke: how long before the kill was it typed?
    const int first_lost = static_cast<int>(saved.size());
    int64_t loss_ms = first_lost < typed ? killed_at - shared->typed_at[first_lost] : 0;
    CAPTURE(loss_ms);
    CHECK(loss_ms <= 1000);
    worst_loss_ms = std::max(worst_loss_ms, loss_ms);
    auto check = (*v)->Check();
    REQUIRE(check.ok());
    CHECK(check->empty());
  }
  std::printf("autosave SIGKILL test: %d kills, %lld keystrokes; worst loss %lld ms of typing; slowest save %lld ms\n",
              kRounds, static_cast<long long>(total_keys), static_cast<long long>(worst_loss_ms),
              static_cast<long long>(shared->max_save_ms.load()));
  munmap(mem, sizeof(Shared));
}
