// The hub cannot read what it carries (issue 16, promise 1; docs/hub.md, "What the hub learns").
// Vaults hold known note texts and person names; the real sync engine seals bundles from them (in
// the test, never in the hub), and the one path out seals an attendance attestation naming a
// person to a maison de justice; the bundles and the packet are stored in the hub's SQLite
// database and in its PostgreSQL database as the upload handlers store them; then the SQLite file,
// its -wal, and a pg_dump of the PostgreSQL schema are searched for every text and name, as UTF-8
// and as the hex that pg_dump prints bytea in: nothing. A positive control (the organisation name,
// routing metadata the hub does keep in clear) proves each search sees the stored data.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../support/postgres_schema.h"
#include "../support/temp_dir.h"
#include "../sync/sync_fixture.h"
#include "passerelle/core/disclosure.h"
#include "passerelle/core/organisation.h"
#include "passerelle/core/packet_outbox.h"
#include "passerelle/hub/store.h"
#include "passerelle/sync/bundle.h"

using namespace passerelle;
using namespace passerelle::testing;

namespace {

const std::vector<std::string> kPersonNames = {"Zénobie Kowalczyk", "Théodoric Vandermeulen", "Yasmina Ouardighi"};
const std::vector<std::string> kNoteTexts = {
    "Rendez-vous manqué au SPF Justice, rappeler Madame avant jeudi",
    "Logement trouvé rue des Tanneurs, bail signé le 3 mars",
    "Sevrage en cours, suivi hebdomadaire au centre Émergence",
};
const char* kOrg = "CAPREV-ZK";

std::string HexOf(const std::string& s) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

// Every searched string, in the forms the hub's storage could hold it.
std::vector<std::string> Secrets() {
  std::vector<std::string> out;
  for (const auto& list : {kPersonNames, kNoteTexts}) {
    for (const std::string& s : list) {
      out.push_back(s);
      out.push_back(HexOf(s));
      out.push_back(s.substr(0, 12));  // a fragment, in case a page split the whole
    }
  }
  return out;
}

void CheckHoldsNone(const std::string& what, const std::string& bytes) {
  INFO(what);
  REQUIRE(bytes.size() > 0);
  CHECK_MESSAGE(bytes.find(kOrg) != std::string::npos, "positive control: the search sees stored data");
  for (const std::string& secret : Secrets()) CHECK_MESSAGE(bytes.find(secret) == std::string::npos, secret);
}

// A sealed attendance attestation about the first person, to a maison de justice, as Disclose()
// puts it in the packet outbox: its sealed payload holds the person's name and the visit.
std::vector<uint8_t> SealedAttestation(Team& team, const std::string& dossier) {
  core::Vault& v = *team.v[0];
  auto o = FastOptions("Clerk");
  o.service = "Maison de justice ZK";
  o.organisation_kind = "maison_de_justice";
  auto mj = core::Vault::Create(team.dir.File("mj.vault"), Pass("pw"), o);
  REQUIRE(mj.ok());
  auto card = core::OwnOrganisation(**mj);
  REQUIRE(card.ok());
  REQUIRE(core::AddVerifiedRecipient(v, core::EncodeCard(*card), card->Fingerprint()).ok());
  REQUIRE(core::UpdateRecord(v, dossier, {{"basis", "mandate"}}).ok());
  REQUIRE(core::AddVisit(v, {{"dossier_id", dossier}, {"date", "2026-05-04"}, {"kind", "individual"},
                             {"outcome", "present"}}, {}).ok());
  core::DisclosureRequest r;
  r.kind = core::DocumentKind::kAttendance;
  r.dossier_id = dossier;
  r.recipient = o.service;
  auto done = core::Disclose(v, r);
  REQUIRE_MESSAGE(done.ok(), done.status().message());
  auto queued = core::OutboxPackets(v, true, true);
  REQUIRE(queued.ok());
  REQUIRE(queued->size() == 1);
  REQUIRE(queued->front().sealed == done->packet);
  return done->packet;
}

struct Day {
  std::vector<std::vector<uint8_t>> bundles;
  std::vector<uint8_t> packet;
};

// Sealed bundles from a team of three that wrote the known texts: every device's export for a
// device never met (everything shareable), as each would upload it, plus one after more edits;
// and a sealed disclosure packet naming the first person.
Day SealedDay() {
  Team team({"Awa", "Bart", "Chloe"});
  Day day;
  for (size_t i = 0; i < kPersonNames.size(); ++i) {
    core::Vault& v = *team.v[i];
    auto made = core::AddPersonWithDossier(v, {{"name", kPersonNames[i]}, {"status", "sentenced"}}, {});
    REQUIRE_MESSAGE(made.ok(), made.status().message());
    auto note = core::AddNote(v, {{"dossier_id", made->second}, {"scope", "service"}, {"body", kNoteTexts[i]}});
    REQUIRE_MESSAGE(note.ok(), note.status().message());
    if (i == 0) day.packet = SealedAttestation(team, made->second);
  }
  // The control the search must pass first: the texts are really in the vaults' shared data.
  std::vector<std::vector<uint8_t>>& bundles = day.bundles;
  for (size_t i = 0; i < team.v.size(); ++i) {
    REQUIRE(team.Dump(i).find(kNoteTexts[i]) != std::string::npos);
    bundles.push_back(team.Export(i, (i + 1) % team.v.size()));
    team.Import((i + 1) % team.v.size(), bundles.back());
  }
  for (size_t i = 0; i < team.v.size(); ++i) {
    auto all = sync::ExportBundle(*team.v[i], "the office hub", nullptr);
    REQUIRE_MESSAGE(all.ok(), all.status().message());
    bundles.push_back(std::move(all).value());
  }
  return day;
}

void StoreDay(hub::Store& s, const Day& day) {
  const auto& bundles = day.bundles;
  REQUIRE(s.BindOrgFingerprint(kOrg, "card-fingerprint").ok());
  REQUIRE(s.AddDevice({"d0", kOrg, "Awa", "fp0", 1, 1, false}).ok());
  for (size_t i = 0; i < bundles.size(); ++i) {
    auto header = sync::ReadBundleHeader(bundles[i]);  // what the upload handler checks, no key
    REQUIRE(header.ok());
    hub::BundleMeta m;
    m.bundle_id_hex = "bundle" + std::to_string(i);
    m.org = kOrg;
    m.uploader_device = "d0";
    m.ranges = {{1, 1, 10}};
    REQUIRE(s.PutBundle(m, bundles[i]).ok());
  }
  REQUIRE(s.MarkApplied("d0", {"bundle0"}).ok());
  // The packet as the upload handler stores it (its id is the SHA-256 of the sealed bytes).
  hub::PacketMeta p;
  p.packet_id_hex = core::PacketIdOf(day.packet);
  p.from_org = kOrg;
  p.to_org_fingerprint = "MJ-CARD-FINGERPRINT";
  p.size = day.packet.size();
  p.stored_at_ms = 1;
  REQUIRE(s.PutPacket(p, day.packet).ok());
  REQUIRE(s.MarkPacketsReceived("d1", {p.packet_id_hex}).ok());
}

int Run(std::vector<std::string> args, const std::string& out) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 1);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("the hub's SQLite file and WAL hold none of the notes' texts or persons' names") {
  const auto day = SealedDay();
  TempDir dir;
  auto store = hub::OpenSqliteStore(dir.File("hub"));
  REQUIRE(store.ok());
  StoreDay(**store, day);
  // Read while the hub is open: recent pages are still in the WAL, not yet in the main file.
  const std::string wal = ReadAll(dir.File("hub/hub.sqlite-wal"));
  const std::string main_file = ReadAll(dir.File("hub/hub.sqlite"));
  CheckHoldsNone("hub.sqlite + hub.sqlite-wal while open", main_file + wal);
  store = Status::Error(Code::kInternal, "closed");  // closing checkpoints the WAL into the file
  CheckHoldsNone("hub.sqlite after close", ReadAll(dir.File("hub/hub.sqlite")));
}

TEST_CASE("a pg_dump of the hub's PostgreSQL database holds none of the notes' texts or persons' names") {
  auto schema = FreshPgSchema("zero-knowledge pg_dump");
  if (!schema) return;
  const auto day = SealedDay();
  {
    auto store = hub::OpenPostgresStore(schema->Conninfo());
    REQUIRE_MESSAGE(store.ok(), store.status().message());
    StoreDay(**store, day);
  }
  TempDir dir;
  const int rc = Run({"pg_dump", "-d", schema->base(), "-n", schema->name()}, dir.File("dump.sql"));
  REQUIRE(rc == 0);
  const std::string dump = ReadAll(dir.File("dump.sql"));
  CHECK(dump.find("COPY " + schema->name() + ".bundles") != std::string::npos);
  CHECK(dump.find("COPY " + schema->name() + ".packets") != std::string::npos);
  CheckHoldsNone("pg_dump", dump);
}
