// A fresh PostgreSQL schema per test case, on the server named by PASSERELLE_TEST_PG (a libpq
// conninfo; `./dev.sh test` starts a throw-away cluster with pg_virtualenv and sets it). Without
// the variable the PostgreSQL cases say loudly that they did not run, and fail when
// PASSERELLE_REQUIRE_PG is set (the project's test command sets it: in CI they must run).
#pragma once

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <random>
#include <string>

namespace passerelle::testing {

inline const char* TestPgConninfo() {
  const char* env = std::getenv("PASSERELLE_TEST_PG");
  return env != nullptr && *env != '\0' ? env : nullptr;
}

// Reports a PostgreSQL case that could not run; fails it when PostgreSQL is required.
inline void PostgresCaseSkipped(const char* what) {
  std::fprintf(stderr, "POSTGRESQL CASE NOT RUN (%s): PASSERELLE_TEST_PG is not set; ./dev.sh test sets it.\n", what);
  if (std::getenv("PASSERELLE_REQUIRE_PG") != nullptr) FAIL("PASSERELLE_REQUIRE_PG is set but PASSERELLE_TEST_PG is not");
}

// Creates schema hubtest_<random> and drops it (with everything in it) at the end.
class PgSchema {
 public:
  explicit PgSchema(const std::string& base) : base_(base) {
    std::random_device rd;
    name_ = "hubtest_" + std::to_string(rd()) + "_" + std::to_string(rd());
    pqxx::connection c(base_);
    pqxx::work w(c);
    w.exec("CREATE SCHEMA " + name_);
    w.commit();
  }
  ~PgSchema() {
    try {
      pqxx::connection c(base_);
      pqxx::work w(c);
      w.exec("DROP SCHEMA IF EXISTS " + name_ + " CASCADE");
      w.commit();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "could not drop test schema %s: %s\n", name_.c_str(), e.what());
    }
  }
  PgSchema(const PgSchema&) = delete;
  PgSchema& operator=(const PgSchema&) = delete;
  // The conninfo a store opens: the test's server with this schema first on the search path.
  std::string Conninfo() const { return base_ + " options='-c search_path=" + name_ + "'"; }
  const std::string& name() const { return name_; }
  const std::string& base() const { return base_; }

 private:
  std::string base_;
  std::string name_;
};

// nullptr (and the case reported as not run) when no test server is configured.
inline std::unique_ptr<PgSchema> FreshPgSchema(const char* what) {
  const char* base = TestPgConninfo();
  if (base == nullptr) {
    PostgresCaseSkipped(what);
    return nullptr;
  }
  return std::make_unique<PgSchema>(base);
}

}  // namespace passerelle::testing
