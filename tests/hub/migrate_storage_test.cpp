// `passerelle-hub migrate-storage` (docs/hub.md, "Running with PostgreSQL"): a SQLite hub with rows
// in every table, blobs included, arrives whole in PostgreSQL and the PostgreSQL store serves it;
// a non-empty target, a missing source and missing options are refused and change nothing.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include "../support/postgres_schema.h"
#include "../support/temp_dir.h"
#include "passerelle/hub/store.h"

using namespace passerelle;
using namespace passerelle::hub;
using passerelle::testing::FreshPgSchema;
using passerelle::testing::TempDir;

namespace {

// Runs passerelle-hub with `args` (no shell); its output goes to `log`. Returns the exit code.
int RunHub(const std::vector<std::string>& args, const std::string& log) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> argv = {const_cast<char*>(PASSERELLE_HUB)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(PASSERELLE_HUB, argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<uint8_t> Blob(size_t n, uint8_t seed) {
  std::vector<uint8_t> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(seed + i * 31 + (i >> 8));
  return out;
}

void Fill(Store& s) {
  REQUIRE(s.PutSetting("hub_name", std::vector<uint8_t>{'O', 'f', 'f', 'i', 'c', 'e'}).ok());
  REQUIRE(s.PutSetting("ca_key", Blob(300, 0)).ok());
  REQUIRE(s.BindOrgFingerprint("CAPREV", "fp-caprev").ok());
  REQUIRE(s.AddEnrolment({"h1", "CAPREV", "Awa", 5000, false}).ok());
  REQUIRE(s.AddEnrolment({"h2", "CAPREV", "Bart", 5000, false}).ok());
  REQUIRE(s.RedeemEnrolment("h1", 1).ok());
  REQUIRE(s.RecordFailedAttempt("10.0.0.9", 100).ok());
  REQUIRE(s.RecordFailedAttempt("10.0.0.9", 200).ok());
  REQUIRE(s.AddDevice({"d1", "CAPREV", "Awa", "fpA", 10, 20, false}).ok());
  REQUIRE(s.AddDevice({"d2", "CAPREV", "Bart", "fpB", 11, 21, false}).ok());
  REQUIRE(s.Revoke("d2").ok());
  for (int i = 0; i < 12; ++i) {
    BundleMeta m{"b" + std::to_string(i), "CAPREV", i % 2 ? "d1" : "d2", {{5, 1, uint64_t(i + 1)}}, 0, 1000 + i, 0};
    REQUIRE(s.PutBundle(m, Blob(i == 3 ? 2'000'000 : 500 + i, static_cast<uint8_t>(i))).ok());
  }
  REQUIRE(s.MarkApplied("d1", {"b0", "b2"}).ok());
  REQUIRE(s.PutPacket({"p1", "CAPREV", "fp-spj", 0, 77}, Blob(900, 7)).ok());
  REQUIRE(s.PutPacket({"p2", "CAPREV", "fp-spj", 0, 78}, Blob(901, 8)).ok());
  REQUIRE(s.MarkPacketsReceived("d9", {"p1"}).ok());
}

}  // namespace

TEST_CASE("migrate-storage copies every row and blob of a SQLite hub into PostgreSQL, verified") {
  TempDir dir;
  const std::string data = dir.File("hub");
  {
    auto s = OpenSqliteStore(data);
    REQUIRE(s.ok());
    Fill(**s);
  }
  // Refusals first: nothing to migrate, options missing.
  CHECK(RunHub({"migrate-storage", "--data", dir.File("none"), "--postgres", "dbname=x"}, dir.File("log")) == 4);
  CHECK(RunHub({"migrate-storage", "--data", data}, dir.File("log")) == 3);

  auto schema = FreshPgSchema("migrate-storage");
  if (!schema) return;
  const int rc = RunHub({"migrate-storage", "--data", data, "--postgres", schema->Conninfo()}, dir.File("log"));
  INFO(passerelle::testing::ReadAll(dir.File("log")));
  REQUIRE(rc == 0);
  CHECK(passerelle::testing::ReadAll(dir.File("log")).find("bundles                12 rows") != std::string::npos);

  auto pg = OpenPostgresStore(schema->Conninfo());
  REQUIRE(pg.ok());
  Store& s = **pg;
  CHECK(**s.GetSetting("ca_key") == Blob(300, 0));
  CHECK(**s.OrgFingerprint("CAPREV") == "fp-caprev");
  CHECK(s.RedeemEnrolment("h1", 2).status().code() == Code::kConflict);  // was used before the move
  CHECK(*s.FailedAttemptsSince("10.0.0.9", 0) == 2);
  CHECK((**s.DeviceByFingerprint("fpB")).revoked);
  auto bundles = s.BundlesOf("CAPREV");
  REQUIRE(bundles.ok());
  REQUIRE(bundles->size() == 12);
  for (int i = 0; i < 12; ++i) {
    CHECK((*bundles)[i].bundle_id_hex == "b" + std::to_string(i));
    CHECK(*s.GetBundle("CAPREV", "b" + std::to_string(i)) == Blob(i == 3 ? 2'000'000 : 500 + i, static_cast<uint8_t>(i)));
  }
  CHECK(s.BundlesNotAppliedBy("CAPREV", "d1")->size() == 4);  // b4 b6 b8 b10 (odd ones are d1's own)
  CHECK(*s.GetPacket("fp-spj", "p1") == Blob(900, 7));
  auto left = s.PacketsNotReceivedBy("fp-spj", "d9");  // the receipts moved too
  REQUIRE(left.ok());
  REQUIRE(left->size() == 1);
  CHECK((*left)[0].packet_id_hex == "p2");
  // The sequences continue after the copied rows: a new bundle comes last.
  REQUIRE(s.PutBundle({"new", "CAPREV", "d1", {}, 0, 5000, 0}, Blob(10, 1)).ok());
  REQUIRE(s.RedeemEnrolment("h2", 2).ok());
  REQUIRE(s.RecordFailedAttempt("10.0.0.9", 300).ok());
  bundles = s.BundlesOf("CAPREV");
  CHECK(bundles->back().bundle_id_hex == "new");
  CHECK(bundles->back().seq > (*bundles)[11].seq);

  // A second migration into the now non-empty database is refused and changes nothing.
  CHECK(RunHub({"migrate-storage", "--data", data, "--postgres", schema->Conninfo()}, dir.File("log")) == 7);
  CHECK(passerelle::testing::ReadAll(dir.File("log")).find("empty") != std::string::npos);
  CHECK(s.BundlesOf("CAPREV")->size() == 13);
}
