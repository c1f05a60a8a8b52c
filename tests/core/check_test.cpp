// Vault::Check (core/src/check.cpp): each of the vault's own verifications finds the damage it is
// there for, whichever way check reads the vault: integrity_check on a second connection pinned to
// the journal snapshot of the main one (a vault written since it opened), to the file alone (a
// vault just opened: its journal is empty), to an immutable file (read-only open), or on the main
// connection itself when the caller holds a write transaction (the second connection could not see
// its uncommitted writes).
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "passerelle/core/case_files.h"
#include "passerelle/core/vault.h"
#include "../support/temp_dir.h"
#include "../support/vault_fixture.h"
#include "vault_internal.h"  // the raw connection: damage only reachable around the mutation path

using namespace passerelle;
using namespace passerelle::core;
using passerelle::testing::TempDir;

namespace {

enum class Way { kWritten, kReopened, kReadOnly, kInsideWriteTransaction };

struct Fixture {
  TempDir dir;
  std::string path = dir.File("a.vault");
  std::unique_ptr<Vault> vault;
  std::string person;

  Fixture() {
    auto v = Vault::Create(path, platform::SecureBuffer::FromString("pass phrase"), passerelle::testing::FastVaultOptions());
    REQUIRE(v.ok());
    vault = std::move(v).value();
    person = AddPersonWithDossier(*vault, {{"name", "Karim B."}}, {}).value().first;
    REQUIRE(UpdateRecord(*vault, person, {{"name", "Karim Benali"}}).ok());
  }
  sqlite3* db() { return internal::Db(*vault); }
  void Exec(const std::string& sql) { REQUIRE(sqlite3_exec(db(), sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK); }
  void Reopen(bool read_only) {
    vault.reset();  // closing checkpoints the journal into the file
    auto options = passerelle::testing::FastVaultOptions();
    options.read_only = read_only;
    auto v = Vault::Open(path, platform::SecureBuffer::FromString("pass phrase"), options);
    REQUIRE(v.ok());
    vault = std::move(v).value();
  }
  // Damages the vault with `sql`, then checks it the given way.
  std::vector<std::string> DamageThenCheck(const std::string& sql, Way way) {
    if (way == Way::kInsideWriteTransaction) Exec("BEGIN IMMEDIATE");
    Exec(sql);
    if (way == Way::kReopened || way == Way::kReadOnly) Reopen(way == Way::kReadOnly);
    auto problems = vault->Check();
    if (way == Way::kInsideWriteTransaction) Exec("ROLLBACK");
    REQUIRE(problems.ok());
    for (const auto& p : *problems) MESSAGE(p);
    return *problems;
  }
};

bool Has(const std::vector<std::string>& problems, const std::string& text) {
  return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

constexpr Way kWays[] = {Way::kWritten, Way::kReopened, Way::kReadOnly, Way::kInsideWriteTransaction};

std::string FieldClockOf(const std::string& entity, const char* field) {
  return "entity_ref = (SELECT ref FROM ref_entity WHERE id = '" + entity +
         "') AND field_ref = (SELECT ref FROM ref_field WHERE name = '" + field + "')";
}

}  // namespace

TEST_CASE("a healthy vault checks clean every way check can read it") {
  for (Way way : kWays) {
    CAPTURE(static_cast<int>(way));
    Fixture f;
    auto problems = f.DamageThenCheck("SELECT 1", way);
    CHECK(problems.empty());
  }
}

TEST_CASE("check finds a row that differs from the log's winning value") {
  for (Way way : kWays) {
    CAPTURE(static_cast<int>(way));
    Fixture f;
    auto problems = f.DamageThenCheck("UPDATE person SET name = 'Someone else' WHERE id = '" + f.person + "'", way);
    CHECK(Has(problems, "row " + f.person + ".name differs from the log"));
  }
}

TEST_CASE("check finds a record whose row is gone") {
  for (Way way : kWays) {
    CAPTURE(static_cast<int>(way));
    Fixture f;
    auto problems = f.DamageThenCheck("DELETE FROM person WHERE id = '" + f.person + "'", way);
    CHECK(Has(problems, "entity " + f.person + " has a register but no row"));
  }
}

TEST_CASE("check finds a register whose winning op is missing from the log") {
  for (Way way : kWays) {
    CAPTURE(static_cast<int>(way));
    Fixture f;
    auto problems = f.DamageThenCheck(
        "DELETE FROM oplog WHERE (replica_ref, counter) = (SELECT replica_ref, counter FROM field_clock WHERE " +
            FieldClockOf(f.person, "name") + ")",
        way);
    CHECK(Has(problems, "register " + f.person + ".name has no operation in the log"));
    CHECK(Has(problems, "the history of " + f.person + ".name is broken"));
  }
}

TEST_CASE("check finds a history chain that starts nowhere") {
  for (Way way : kWays) {
    CAPTURE(static_cast<int>(way));
    Fixture f;
    auto problems =
        f.DamageThenCheck("UPDATE field_clock SET last_counter = last_counter + 1000000 WHERE " + FieldClockOf(f.person, "name"), way);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "the history of " + f.person + ".name is broken");
  }
}

TEST_CASE("check finds ops stamped later than the device's clock, in its place among the problems") {
  for (Way way : kWays) {
    CAPTURE(static_cast<int>(way));
    Fixture f;
    auto problems = f.DamageThenCheck(
        "UPDATE replica_state SET hlc_last = 0; UPDATE field_clock SET last_counter = last_counter + 1000000 WHERE " +
            FieldClockOf(f.person, "name"),
        way);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0] == "the log holds changes stamped later than this device's clock");
    CHECK(problems[1] == "the history of " + f.person + ".name is broken");
  }
}

TEST_CASE("check is clean on either of two connections that write the vault in turn") {
  // Each check pins its second connection to the journal snapshot its main connection reads, with
  // frames in the journal written by the other connection.
  Fixture f;
  auto other = Vault::Open(f.path, platform::SecureBuffer::FromString("pass phrase"), passerelle::testing::FastVaultOptions());
  REQUIRE(other.ok());
  REQUIRE(UpdateRecord(**other, f.person, {{"name", "Karim B. (autre poste)"}}).ok());
  auto problems = f.vault->Check();
  REQUIRE(problems.ok());
  CHECK(problems->empty());
  for (int i = 0; i < 5; ++i) REQUIRE(UpdateRecord(*f.vault, f.person, {{"name", "Nom " + std::to_string(i)}}).ok());
  problems = (*other)->Check();
  REQUIRE(problems.ok());
  CHECK(problems->empty());
}
