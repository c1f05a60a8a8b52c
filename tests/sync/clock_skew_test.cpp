// Hybrid logical clocks with a wrong wall clock: a device a week ahead wins concurrent writes
// while its stamps are newest, but as soon as another device has seen those stamps its own later
// edits win, even with its wall clock a week behind. Nothing is masked forever.
#include <doctest/doctest.h>

#include "passerelle/platform/clock.h"
#include "sync_fixture.h"

using namespace passerelle;
using namespace passerelle::testing;

namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr int64_t kStart = 1735689600000LL;  // 2025-01-01T00:00:00Z

std::string Review(core::Vault& v, const std::string& dossier) {
  auto d = core::ShowDossier(v, dossier);
  REQUIRE(d.ok());
  return d->summary.dossier.next_review;
}

}  // namespace

TEST_CASE("a replica whose clock is a week ahead masks nothing forever") {
  platform::FakeClock fast(kStart + 7 * kDay), normal(kStart), other(kStart);
  Team t({"fast", "normal", "other"}, {&fast, &normal, &other});
  CaseFile cf(*t.v[1]);
  t.Exchange(1, 0);
  t.Exchange(1, 2);

  // Concurrent edits: the fast device's stamp is a week newer, so it wins for now.
  REQUIRE(core::UpdateRecord(*t.v[0], cf.dossier, {{"next_review", "2025-02-01"}}).ok());
  normal.Advance(60 * 1000);
  REQUIRE(core::UpdateRecord(*t.v[1], cf.dossier, {{"next_review", "2025-03-01"}}).ok());
  t.Exchange(0, 1);
  CHECK(Review(*t.v[0], cf.dossier) == "2025-02-01");
  CHECK(Review(*t.v[1], cf.dossier) == "2025-02-01");
  // The losing value is not gone: the field's history keeps it, with who set it.
  auto history = core::FieldHistory(*t.v[0], cf.dossier, "next_review");
  REQUIRE(history.ok());
  REQUIRE(history->size() == 2);
  CHECK(history->front().value == "2025-03-01");
  CHECK(history->back().current);

  // The normal device has now seen the future stamp: its next edit, a minute later by its own
  // wall clock (still six days before the fast device's), wins everywhere.
  normal.Advance(60 * 1000);
  REQUIRE(core::UpdateRecord(*t.v[1], cf.dossier, {{"next_review", "2025-04-01"}}).ok());
  t.Exchange(1, 0);
  CHECK(Review(*t.v[0], cf.dossier) == "2025-04-01");

  // A third device that only ever heard of the fast device through the normal one behaves the same.
  t.Exchange(1, 2);
  other.Advance(120 * 1000);
  REQUIRE(core::UpdateRecord(*t.v[2], cf.dossier, {{"next_review", "2025-05-01"}}).ok());
  t.Exchange(2, 1);
  t.Exchange(1, 0);
  for (size_t i = 0; i < 3; ++i) CHECK(Review(*t.v[i], cf.dossier) == "2025-05-01");
  CHECK(t.Dump(0) == t.Dump(1));
  CHECK(t.Dump(1) == t.Dump(2));

  // When the wall clocks catch up, ordinary wall-clock order resumes.
  normal.Advance(8 * kDay);
  REQUIRE(core::UpdateRecord(*t.v[1], cf.dossier, {{"next_review", "2025-06-01"}}).ok());
  t.Exchange(1, 0);
  CHECK(Review(*t.v[0], cf.dossier) == "2025-06-01");
  auto healthy = t.v[0]->Check();
  REQUIRE(healthy.ok());
  CHECK(healthy->empty());
}

TEST_CASE("an edit and a delete made concurrently resolve the same way everywhere, edit kept") {
  platform::FakeClock a(kStart), b(kStart);
  Team t({"ana", "bram"}, {&a, &b});
  CaseFile cf(*t.v[0]);
  auto item = core::AddPlanItem(*t.v[0], {{"dossier_id", cf.dossier}, {"domain", "housing"}, {"goal", "Find a flat"}});
  REQUIRE(item.ok());
  t.Exchange(0, 1);
  a.Advance(1000);
  b.Advance(2000);
  REQUIRE(core::DeleteRecord(*t.v[0], *item).ok());
  REQUIRE(core::UpdateRecord(*t.v[1], *item, {{"status", "in_progress"}}).ok());
  t.Exchange(0, 1);
  CHECK(t.Dump(0, false) == t.Dump(1, false));
  CHECK_FALSE(*core::RecordExists(*t.v[1], *item));  // deleted: the tombstone is a register too
  REQUIRE(core::RestoreRecord(*t.v[1], *item).ok());
  auto detail = core::ShowDossier(*t.v[1], cf.dossier);
  REQUIRE(detail->plan.size() == 1);
  CHECK(detail->plan[0].status == "in_progress");  // the concurrent edit was kept
}
