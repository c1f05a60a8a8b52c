// Record-merge benchmark (issue 4): 3 replicas share NREC dossier records; each makes NUPD random
// field updates (Apply batches of 100, like the peers' commits of 100), then every replica
// imports the other two replicas' sync bundles into its encrypted vault. Mirrors
// ../shared/bench/peers/record_merge_peers.mjs (same generator, same shape) so the ratios mean
// something; run both with bench/run_records_bench.sh.
// Prints human lines and one "RESULT key=value ..." line for the script.
// usage: records_merge_bench DIR [NREC NUPD]
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "passerelle/core/dump.h"
#include "passerelle/core/sync_store.h"
#include "passerelle/core/vault.h"
#include "passerelle/sync/engine.h"
#include "passerelle/sync/team.h"
#include "sqlite3.h"
#include "vault_internal.h"  // the raw connection, for white-box checks

using namespace passerelle;

namespace {

constexpr int kReplicas = 3;
constexpr int kBatch = 100;
// Eight register fields of a dossier, like the peers' f0..f7.
const char* const kFields[8] = {"service", "referent", "mandate_conditions", "basis",
                                "opened_on", "expected_release", "next_hearing", "next_review"};

double Ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

// The peers' generator: s = s * 1664525 + 1013904223 (mod 2^32), divided by 2^32.
struct Lcg {
  uint32_t s;
  double Next() {
    s = s * 1664525u + 1013904223u;
    return s / 4294967296.0;
  }
};

std::string RecordId(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "dos-%016x", i);
  return buf;
}

std::string Base36(uint64_t v) {
  const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
  char buf[16];
  size_t n = sizeof buf;
  do {
    buf[--n] = digits[v % 36];
    v /= 36;
  } while (v && n > 0);
  return std::string(buf + n, sizeof buf - n);
}

// A valid value for field f from the generator's string (dates and the enum need their shape).
std::optional<std::string> ValueFor(int f, int replica, int i, uint64_t noise) {
  // The peers' value shape: v<replica>-<i>-<base36 noise>.
  char text[64];
  std::snprintf(text, sizeof text, "v%d-%d-%s", replica, i, Base36(noise).c_str());
  if (f == 3) return noise % 2 ? "mandate" : "voluntary";
  if (f >= 4) {
    int day = static_cast<int>(noise % 28) + 1, month = static_cast<int>(noise / 28 % 12) + 1;
    int year = 2020 + static_cast<int>(noise / 336 % 10);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return std::string(buf);
  }
  return std::string(text);
}

void Check(const Status& st, const char* what) {
  if (!st.ok()) {
    std::fprintf(stderr, "%s failed: %s\n", what, st.message().c_str());
    std::exit(1);
  }
}

std::string Hex(crdt::ReplicaId r) { return core::ReplicaHex(r); }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: records_merge_bench DIR [NREC NUPD]\n");
    return 64;
  }
  const std::filesystem::path dir = std::filesystem::path(argv[1]) / "records-merge";
  const int nrec = argc > 2 ? std::atoi(argv[2]) : 10000;
  const int nupd = argc > 3 ? std::atoi(argv[3]) : 100000;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  auto pass = platform::SecureBuffer::FromString("bench passphrase");
  std::vector<std::unique_ptr<core::Vault>> v;
  for (int r = 0; r < kReplicas; ++r) {
    core::VaultOptions o;
    o.kdf = core::KdfParams::LowCostForTests();  // unlock cost is not what this measures
    // Production setting unless BENCH_MEMORY_SECURITY=0 (to show what SQLCipher's mlock'ed,
    // zero-on-free heap costs a large merge).
    if (const char* m = std::getenv("BENCH_MEMORY_SECURITY")) o.memory_security = std::string(m) != "0";
    o.worker = "worker" + std::to_string(r);
    o.service = "SAJ";
    auto made = core::Vault::Create((dir / ("r" + std::to_string(r) + ".vault")).string(), pass, o);
    Check(made.status(), "create");
    v.push_back(std::move(made).value());
  }
  Check(sync::InitTeam(*v[0]), "team init");
  {
    auto key = core::SyncStore(*v[0]).TeamKey();
    Check(key.status(), "team key");
    for (int r = 1; r < kReplicas; ++r) Check(core::SyncStore(*v[r]).SetTeamKey(**key, false), "team join");
  }

  // Shared base: replica 0 creates the records, then two all-pairs rounds so that every replica
  // holds them and has every other replica's acknowledgement (deltas are then only the updates).
  {
    std::vector<core::Op> base;
    for (int i = 0; i < nrec; ++i) base.push_back(core::SetField(RecordId(i), "service", "base"));
    Check(v[0]->Apply(std::move(base)).status(), "base");
    for (int round = 0; round < 2; ++round)
      for (int a = 0; a < kReplicas; ++a)
        for (int b = 0; b < kReplicas; ++b) {
          if (a == b) continue;
          auto bytes = sync::ExportBundle(*v[a], Hex(v[b]->replica()), nullptr);
          Check(bytes.status(), "base export");
          Check(sync::ImportBundle(*v[b], *bytes).status(), "base import");
        }
  }

  // Local updates. BENCH_LOCAL_BATCH (default 100, the peers' commit size) only shortens the set-up
  // while iterating on the merge: the deltas carry the same ops either way.
  const char* local_batch_env = std::getenv("BENCH_LOCAL_BATCH");
  const size_t local_batch = local_batch_env ? std::strtoul(local_batch_env, nullptr, 10) : kBatch;
  double local_ms = 0;
  for (int r = 0; r < kReplicas; ++r) {
    Lcg rng{static_cast<uint32_t>(1000 + r)};
    auto t = std::chrono::steady_clock::now();
    std::vector<core::Op> batch;
    for (int i = 0; i < nupd; ++i) {
      int rec = static_cast<int>(rng.Next() * nrec);
      int f = static_cast<int>(rng.Next() * 8);
      uint64_t noise = static_cast<uint64_t>(rng.Next() * 1e9);
      batch.push_back(core::SetField(RecordId(rec), kFields[f], ValueFor(f, r, i, noise)));
      if (batch.size() == local_batch) {
        Check(v[r]->Apply(std::move(batch)).status(), "local apply");
        batch.clear();
      }
    }
    if (!batch.empty()) Check(v[r]->Apply(std::move(batch)).status(), "local apply");
    local_ms += Ms(t);
  }
  local_ms /= kReplicas;

  // Deltas: each replica's bundle for each other replica.
  std::vector<std::vector<std::vector<uint8_t>>> bundles(kReplicas, std::vector<std::vector<uint8_t>>(kReplicas));
  double export_ms = 0;
  size_t bundle_bytes = 0, bundle_count = 0;
  for (int a = 0; a < kReplicas; ++a)
    for (int b = 0; b < kReplicas; ++b) {
      if (a == b) continue;
      auto t = std::chrono::steady_clock::now();
      sync::ExportSummary s;
      auto bytes = sync::ExportBundle(*v[a], Hex(v[b]->replica()), &s);
      export_ms += Ms(t);
      Check(bytes.status(), "export");
      bundle_bytes += bytes->size();
      ++bundle_count;
      bundles[a][b] = std::move(bytes).value();
    }

  // Full merge: each replica imports the two others' bundles.
  if (std::getenv("BENCH_PAUSE_BEFORE_MERGE")) {  // lets a profiler attach to the merge alone
    std::fprintf(stderr, "MERGE_START\n");
    std::this_thread::sleep_for(std::chrono::seconds(3));
  }
  double merge_total = 0, merge_max = 0;
  for (int b = 0; b < kReplicas; ++b) {
    auto t = std::chrono::steady_clock::now();
    std::clock_t cpu = std::clock();
    size_t applied = 0;
    for (int a = 0; a < kReplicas; ++a) {
      if (a == b) continue;
      auto s = sync::ImportBundle(*v[b], bundles[a][b]);
      Check(s.status(), "import");
      applied += s->applied;
    }
    double ms = Ms(t);
    double cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;
    std::printf("replica %d: merged %zu ops in %.0f ms (%.0f ms of CPU)\n", b, applied, ms, cpu_ms);
    merge_total += ms;
    merge_max = std::max(merge_max, ms);
  }

  if (std::getenv("BENCH_DBSTAT")) {  // pages per table and index of replica 0's vault
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(passerelle::core::internal::Db(*v[0]),
                       "SELECT name, count(*), sum(pgsize), sum(payload), sum(ncell) FROM dbstat GROUP BY name "
                       "ORDER BY 3 DESC",
                       -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
      std::printf("DBSTAT %-28s pages=%6d bytes=%9lld payload=%9lld cells=%lld\n", sqlite3_column_text(st, 0),
                  sqlite3_column_int(st, 1), sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
                  sqlite3_column_int64(st, 4));
    sqlite3_finalize(st);
  }
  std::vector<std::string> dumps;
  for (auto& x : v) {
    auto d = core::CanonicalDump(*x);
    Check(d.status(), "dump");
    dumps.push_back(std::move(d).value());
  }
  bool converged = dumps[1] == dumps[0] && dumps[2] == dumps[0];
  double avg_bytes = static_cast<double>(bundle_bytes) / static_cast<double>(bundle_count);
  std::printf("records=%d fields=8 replicas=%d updates/replica=%d batch=%d\n", nrec, kReplicas, nupd, kBatch);
  std::printf("passerelle local_ms/replica=%.0f bundle_bytes/replica=%.0f export_ms/bundle=%.0f merge_ms/replica=%.0f "
              "merge_ms_max=%.0f converged=%s\n",
              local_ms, avg_bytes, export_ms / static_cast<double>(bundle_count), merge_total / kReplicas, merge_max,
              converged ? "true" : "false");
  std::printf("RESULT local_ms=%.1f bundle_bytes=%.0f export_ms=%.1f merge_ms=%.1f merge_max_ms=%.1f converged=%d\n",
              local_ms, avg_bytes, export_ms / static_cast<double>(bundle_count), merge_total / kReplicas, merge_max,
              converged ? 1 : 0);
  v.clear();
  std::filesystem::remove_all(dir);
  return converged ? 0 : 1;
}
