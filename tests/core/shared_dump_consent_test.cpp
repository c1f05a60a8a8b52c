// `dump --shared-only` leaves out what sync holds back: a partner note whose shared_notes consent
// has lapsed (withdrawn or expired on the vault's day) is absent from the shared dump, like a
// private note, and comes back when a consent is in force again; the full dump always lists it.
#include <doctest/doctest.h>

#include <string>

#include "../support/temp_dir.h"
#include "../support/vault_fixture.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/consent.h"
#include "passerelle/core/dump.h"

using namespace passerelle;
using namespace passerelle::core;

namespace {
constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr int64_t k2026_12_04 = 1796385600000;  // noon UTC

std::string Dump(Vault& v, bool shared_only) {
  DumpOptions o;
  o.shared_only = shared_only;
  auto d = CanonicalDump(v, o);
  REQUIRE_MESSAGE(d.ok(), d.status().message());
  return *d;
}
}  // namespace

TEST_CASE("the shared dump leaves out partner notes whose consent has lapsed") {
  testing::TempDir dir;
  platform::FakeClock clock{k2026_12_04};
  auto made = Vault::Create(dir.File("v"), platform::SecureBuffer::FromString("pw"), testing::FastVaultOptions(&clock));
  REQUIRE(made.ok());
  Vault& v = **made;
  auto ids = AddPersonWithDossier(v, {{"name", "Karim"}}, {});
  REQUIRE(ids.ok());
  const std::string dossier = ids->second;
  auto withdrawn = AddConsent(v, {{"dossier_id", dossier}, {"partner", "CAW"}, {"scope", "shared_notes"}, {"given_on", "2026-12-01"}});
  auto expiring = AddConsent(v, {{"dossier_id", dossier}, {"partner", "CPAS"}, {"scope", "shared_notes"},
                                 {"given_on", "2026-12-01"}, {"expires_on", "2026-12-05"}});
  REQUIRE(withdrawn.ok());
  REQUIRE(expiring.ok());
  auto caw = AddNote(v, {{"dossier_id", dossier}, {"body", "MARKER-CAW"}, {"scope", "partner"}, {"partner", "CAW"}});
  auto cpas = AddNote(v, {{"dossier_id", dossier}, {"body", "MARKER-CPAS"}, {"scope", "partner"}, {"partner", "CPAS"}});
  auto service = AddNote(v, {{"dossier_id", dossier}, {"body", "MARKER-SERVICE"}});
  REQUIRE_MESSAGE(caw.ok(), caw.status().message());
  REQUIRE(cpas.ok());
  REQUIRE(service.ok());

  // Both consents in force: both partner notes are shared.
  std::string shared = Dump(v, true);
  CHECK(shared.find("MARKER-CAW") != std::string::npos);
  CHECK(shared.find("MARKER-CPAS") != std::string::npos);

  // Withdrawn today: the CAW note leaves the shared dump at once.
  REQUIRE(WithdrawConsent(v, *withdrawn, "2026-12-04").ok());
  shared = Dump(v, true);
  CHECK(shared.find("MARKER-CAW") == std::string::npos);
  CHECK(shared.find(*caw) == std::string::npos);
  CHECK(shared.find("MARKER-CPAS") != std::string::npos);
  CHECK(shared.find("MARKER-SERVICE") != std::string::npos);

  // Expired once the day passes 2026-12-05.
  clock.Advance(2 * kDay);
  shared = Dump(v, true);
  CHECK(shared.find("MARKER-CPAS") == std::string::npos);
  CHECK(shared.find("MARKER-SERVICE") != std::string::npos);

  // The full dump keeps every note.
  const std::string full = Dump(v, false);
  CHECK(full.find("MARKER-CAW") != std::string::npos);
  CHECK(full.find("MARKER-CPAS") != std::string::npos);

  // A new consent in force: the note is shared again.
  REQUIRE(AddConsent(v, {{"dossier_id", dossier}, {"partner", "CAW"}, {"scope", "shared_notes"}, {"given_on", "2026-12-06"}}).ok());
  CHECK(Dump(v, true).find("MARKER-CAW") != std::string::npos);
}
