// The organisation boundary (issue 12 part 1): a team is one organisation's. A maison de justice
// vault (or another service) cannot join a service's team; a service's bundle imported into a
// maison de justice vault is refused, even one that holds the team key; the team key file carries
// the organisation, sealed and bound to the key, and old files without one still work for a
// service. Part 2's outbox rule: a partner note whose consent is no longer in force does not leave
// the device in a bundle.
#include <doctest/doctest.h>

#include <algorithm>

#include "passerelle/core/organisation.h"
#include "passerelle/platform/file.h"
#include "sql.h"
#include "../support/vault_fixture.h"
#include "sync_fixture.h"
#include "vault_internal.h"

using namespace passerelle;
using namespace passerelle::testing;

namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr int64_t k2026_12_04 = 1796385600000;  // noon UTC

std::unique_ptr<core::Vault> NewVault(const TempDir& dir, const std::string& file, const std::string& service,
                                      const std::string& kind = "service", platform::Clock* clock = nullptr) {
  auto o = FastOptions("W-" + file, clock);
  o.service = service;
  o.organisation_kind = kind;
  auto v = core::Vault::Create(dir.File(file), Pass("pw"), o);
  REQUIRE_MESSAGE(v.ok(), v.status().message());
  return std::move(v).value();
}

core::OrganisationCard Own(core::Vault& v) {
  auto c = core::OwnOrganisation(v);
  REQUIRE(c.ok());
  return *c;
}

bool HasTeamKey(core::Vault& v) {
  auto k = core::SyncStore(v).TeamKey();
  REQUIRE(k.ok());
  return k->has_value();
}

std::vector<uint8_t> TeamFile(core::Vault& v, const TempDir& dir, const std::string& name) {
  REQUIRE(sync::ExportTeamKey(v, dir.File(name), Pass("team"), core::KdfParams::LowCostForTests()).ok());
  auto bytes = platform::ReadFile(dir.File(name));
  REQUIRE(bytes.ok());
  return *bytes;
}

void Write(const TempDir& dir, const std::string& name, const std::vector<uint8_t>& bytes) {
  REQUIRE(platform::WriteFileAtomic(dir.File(name), bytes).ok());
}

size_t OpsOf(const sync::Payload& p, const std::string& entity) {
  return static_cast<size_t>(std::count_if(p.ops.begin(), p.ops.end(), [&](const core::Op& o) { return o.entity_id == entity; }));
}

bool Mentions(const sync::Payload& p, const std::string& needle) {
  for (const auto& o : p.ops)
    if (o.value && o.value->find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("a maison de justice vault, or another service, cannot join a service's team; nothing is written") {
  TempDir dir;
  auto caprev = NewVault(dir, "caprev", "CAPREV");
  REQUIRE(sync::InitTeam(*caprev).ok());
  TeamFile(*caprev, dir, "team.key");

  auto mj = NewVault(dir, "mj", "Maison de justice de Mons", "maison_de_justice");
  const auto mj_before = Own(*mj);
  const int64_t log_before = OpLogSize(*mj);
  auto st = sync::JoinTeam(*mj, dir.File("team.key"), Pass("team"));
  CHECK(st.code() == Code::kRefused);
  CHECK(st.message() ==
        "This vault belongs to Maison de justice de Mons (a maison de justice) and cannot join the team of CAPREV "
        "(a service): a team stays inside one organisation, so nothing was changed.");
  CHECK_FALSE(HasTeamKey(*mj));
  CHECK(Own(*mj).id == mj_before.id);
  CHECK(OpLogSize(*mj) == log_before);

  // A maison de justice named like the service is still another kind of organisation.
  auto mj_named = NewVault(dir, "mj2", "CAPREV", "maison_de_justice");
  CHECK(sync::JoinTeam(*mj_named, dir.File("team.key"), Pass("team")).code() == Code::kRefused);
  CHECK_FALSE(HasTeamKey(*mj_named));

  auto caw = NewVault(dir, "caw", "CAW");
  CHECK(sync::JoinTeam(*caw, dir.File("team.key"), Pass("team")).code() == Code::kRefused);
  CHECK_FALSE(HasTeamKey(*caw));

  // A colleague of the same organisation (name typed in another case) joins and adopts its identity.
  auto colleague = NewVault(dir, "colleague", " caprev ");
  REQUIRE(sync::JoinTeam(*colleague, dir.File("team.key"), Pass("team")).ok());
  CHECK(HasTeamKey(*colleague));
  const auto team = Own(*caprev);
  const auto adopted = Own(*colleague);
  CHECK(adopted.id == team.id);
  CHECK(adopted.name == "CAPREV");
  CHECK(adopted.encryption_key == team.encryption_key);
  CHECK(adopted.Fingerprint() == team.Fingerprint());
  // Joining again is fine.
  CHECK(sync::JoinTeam(*colleague, dir.File("team.key"), Pass("team")).ok());
}

TEST_CASE("the organisation section is sealed and bound to the team key file") {
  TempDir dir;
  auto caprev = NewVault(dir, "caprev", "CAPREV");
  REQUIRE(sync::InitTeam(*caprev).ok());
  const auto file = TeamFile(*caprev, dir, "team.key");
  REQUIRE(file.size() > sync::kTeamKeyFileBytes + sync::kTeamOrganisationHeaderBytes);
  // The secret keys are not in the file in the clear (nor the name).
  const std::string text(file.begin(), file.end());
  CHECK(text.find("CAPREV") == std::string::npos);

  auto joiner = NewVault(dir, "j", "CAPREV");
  const size_t body = sync::kTeamKeyFileBytes + sync::kTeamOrganisationHeaderBytes;
  for (size_t at : {body, body + 30, file.size() - 1}) {
    auto bad = file;
    bad[at] ^= 1;
    Write(dir, "bad.key", bad);
    CAPTURE(at);
    CHECK(sync::JoinTeam(*joiner, dir.File("bad.key"), Pass("team")).code() == Code::kCorrupt);
    CHECK_FALSE(HasTeamKey(*joiner));
  }
  auto cut = file;
  cut.resize(file.size() - 5);
  Write(dir, "cut.key", cut);
  CHECK(sync::JoinTeam(*joiner, dir.File("cut.key"), Pass("team")).code() == Code::kCorrupt);
  auto junk = file;
  junk.resize(sync::kTeamKeyFileBytes + 3);
  Write(dir, "junk.key", junk);
  CHECK(sync::JoinTeam(*joiner, dir.File("junk.key"), Pass("team")).code() == Code::kCorrupt);
  // Another team's organisation section after this team's key: refused (bound to the key).
  auto other = NewVault(dir, "other", "CAPREV");
  REQUIRE(sync::InitTeam(*other).ok());
  const auto other_file = TeamFile(*other, dir, "other.key");
  auto swapped = std::vector<uint8_t>(file.begin(), file.begin() + sync::kTeamKeyFileBytes);
  swapped.insert(swapped.end(), other_file.begin() + sync::kTeamKeyFileBytes, other_file.end());
  Write(dir, "swapped.key", swapped);
  CHECK(sync::JoinTeam(*joiner, dir.File("swapped.key"), Pass("team")).code() == Code::kCorrupt);
  CHECK_FALSE(HasTeamKey(*joiner));
  // The key alone still opens (the key file decoder and its fuzzer).
  CHECK(sync::UnwrapTeamKey(file, Pass("team")).ok());
}

TEST_CASE("a team key file made before organisations: a service joins, a maison de justice does not") {
  TempDir dir;
  auto caprev = NewVault(dir, "caprev", "CAPREV");
  REQUIRE(sync::InitTeam(*caprev).ok());
  auto file = TeamFile(*caprev, dir, "team.key");
  file.resize(sync::kTeamKeyFileBytes);  // exactly what the earlier version wrote
  Write(dir, "old.key", file);
  auto mj = NewVault(dir, "mj", "Maison de justice de Mons", "maison_de_justice");
  auto st = sync::JoinTeam(*mj, dir.File("old.key"), Pass("team"));
  CHECK(st.code() == Code::kRefused);
  CHECK(st.message().find("made before organisations") != std::string::npos);
  CHECK_FALSE(HasTeamKey(*mj));
  // A service joins; its organisation is the one every upgraded device of that team derives.
  auto svc = NewVault(dir, "svc", "SAJ");
  REQUIRE(sync::JoinTeam(*svc, dir.File("old.key"), Pass("team")).ok());
  auto svc2 = NewVault(dir, "svc2", "SAJ");
  REQUIRE(sync::JoinTeam(*svc2, dir.File("old.key"), Pass("team")).ok());
  CHECK(Own(*svc).id == Own(*svc2).id);
  CHECK(Own(*svc).kind == core::OrganisationKind::kService);
}

TEST_CASE("a vault upgraded from before organisations gets the identity its team's other devices get") {
  Team t({"Ana", "Bram"});
  for (auto& v : t.v) REQUIRE(core::sql::Exec(core::internal::Db(*v), "DELETE FROM organisation_self").ok());
  CHECK(Own(*t.v[0]).id == Own(*t.v[1]).id);
  t.Exchange(0, 1);  // and their bundles are accepted
}

TEST_CASE("a service's bundle imported into a maison de justice vault is refused, even with the team key") {
  TempDir dir;
  Team t({"Ana", "Bram"});
  CaseFile cf(*t.v[0]);
  REQUIRE(core::AddNote(*t.v[0], {{"dossier_id", cf.dossier}, {"body", "SUBSTANCE-OF-THE-FILE"}}).ok());
  const auto bundle = t.Export(0, 1);

  // Without the team key: refused (it is sealed for the service's team).
  auto mj = NewVault(dir, "mj", "Maison de justice de Mons", "maison_de_justice");
  CHECK_FALSE(sync::ImportBundle(*mj, bundle).ok());
  // With it (a device that joined the team before organisations existed): refused by organisation.
  REQUIRE(core::SyncStore(*mj).SetTeamKey(t.Key(), false).ok());
  const int64_t before = OpLogSize(*mj);
  auto st = sync::ImportBundle(*mj, bundle);
  CHECK(st.status().code() == Code::kRefused);
  CHECK(st.status().message().find("another organisation") != std::string::npos);
  CHECK(OpLogSize(*mj) == before);
  auto dossiers = core::ListDossiers(*mj);
  REQUIRE(dossiers.ok());
  CHECK(dossiers->empty());
  // The same bundle is welcome in the service's own vault.
  t.Import(1, bundle);
}

TEST_CASE("a partner note whose consent is withdrawn or expired does not leave the device") {
  platform::FakeClock ca(k2026_12_04), cb(k2026_12_04);
  Team t({"Ana", "Bram"}, {&ca, &cb});
  CaseFile cf(*t.v[0]);
  auto consent = core::AddConsent(*t.v[0], {{"dossier_id", cf.dossier}, {"partner", "CAW"}, {"scope", "shared_notes"},
                                            {"given_on", "2026-12-01"}, {"expires_on", "2026-12-20"}});
  REQUIRE(consent.ok());
  auto note = core::AddNote(*t.v[0], {{"dossier_id", cf.dossier}, {"scope", "partner"}, {"partner", "CAW"},
                                      {"body", "MARKER-SHARED"}});
  REQUIRE_MESSAGE(note.ok(), note.status().message());
  // In force: it travels (to a colleague of the team).
  auto p = t.Open(t.Export(0, 1));
  CHECK(Mentions(p, "MARKER-SHARED"));

  // A second note, then the consent is withdrawn: its content stays here.
  auto later = core::AddNote(*t.v[0], {{"dossier_id", cf.dossier}, {"scope", "partner"}, {"partner", "CAW"},
                                       {"body", "MARKER-LATER"}});
  REQUIRE(later.ok());
  REQUIRE(core::WithdrawConsent(*t.v[0], *consent, "2026-12-04").ok());
  REQUIRE(core::SaveNoteBody(*t.v[0], *note, "MARKER-SHARED and MARKER-EDIT").ok());
  sync::ExportSummary s;
  auto held_back = t.Open(t.Export(0, 1, &s));
  CHECK_FALSE(Mentions(held_back, "MARKER-LATER"));
  CHECK_FALSE(Mentions(held_back, "MARKER-EDIT"));
  CHECK(OpsOf(held_back, *later) == 0);  // the colleague never knew it: not even that it exists
  for (const auto& o : held_back.ops)
    if (o.entity_id == *note) CHECK(o.field == "scope");
  CHECK(s.withheld > 0);
  // Consent given again: everything travels.
  REQUIRE(core::AddConsent(*t.v[0], {{"dossier_id", cf.dossier}, {"partner", "CAW"}, {"scope", "shared_notes"},
                                      {"given_on", "2026-12-04"}, {"expires_on", "2026-12-20"}})
              .ok());
  auto again = t.Open(t.Export(0, 1));
  CHECK(Mentions(again, "MARKER-LATER"));
  CHECK(Mentions(again, "MARKER-EDIT"));
  // Expiry takes effect on its own, the day after.
  // (Appended, so the text edit carries the whole marker.)
  REQUIRE(core::SaveNoteBody(*t.v[0], *later, "MARKER-LATER qqEXPIRYqq").ok());
  ca.Advance(17 * kDay);  // 2026-12-21
  auto expired = t.Open(t.Export(0, 1));
  CHECK_FALSE(Mentions(expired, "qqEXPIRYqq"));
  // Back to the service's own scope: it travels again, no consent needed within the service.
  REQUIRE(core::UpdateRecord(*t.v[0], *later, {{"scope", "service"}}).ok());
  auto service = t.Open(t.Export(0, 1));
  CHECK(Mentions(service, "qqEXPIRYqq"));
}
