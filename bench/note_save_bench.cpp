// Per-note durable save latency (one transaction per note, WAL, synchronous=FULL), the machine's
// fdatasync floor, and unlock time. Built twice from this one file: against SQLCipher
// (note_save_bench) and against the same amalgamation without the codec (note_save_bench_plain);
// bench/run_vault_bench.sh runs both side by side and prints the ratio.
// Output: human-readable lines plus one "RESULT key=value ..." line for the script.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "passerelle/core/case_files.h"
#include "passerelle/core/vault.h"
#include "passerelle/platform/file.h"

using namespace passerelle;
using Clock = std::chrono::steady_clock;

namespace {

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[i];
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void RemoveVault(const std::string& path) {
  for (const char* s : {"", ".key", "-wal", "-shm"}) std::filesystem::remove(path + s);
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : "build/bench-tmp";
  int notes = argc > 2 ? std::atoi(argv[2]) : 400;
  std::filesystem::create_directories(dir);
#ifdef SQLITE_HAS_CODEC
  const char* variant = std::getenv("PASSERELLE_BENCH_MEMORY_SECURITY") ? "encrypted+memsec" : "encrypted";
#else
  const char* variant = "plain";
#endif

  std::vector<double> floor_us;
  auto floor = platform::MeasureFdatasyncMicros(dir, 4096, 200, &floor_us);
  if (!floor.ok()) {
    std::fprintf(stderr, "%s\n", floor.status().message().c_str());
    return 1;
  }

  const std::string path = dir + "/bench-" + variant + ".vault";
  RemoveVault(path);
  core::VaultOptions opts;
  opts.kdf = core::KdfParams::LowCostForTests();  // creation cost is not what we measure here
  // Memory security (on in the app) is process-wide and one-way; measured as its own variant.
  const bool memory_security = std::getenv("PASSERELLE_BENCH_MEMORY_SECURITY") != nullptr;
  opts.memory_security = memory_security;
  opts.worker = "Bench";
  auto v = core::Vault::Create(path, platform::SecureBuffer::FromString("pw"), opts);
  if (!v.ok()) return 1;
  auto person = core::AddPerson(**v, {{"name", "Bench Person"}});
  auto dossier = core::AddDossier(**v, {{"person_id", *person}}).value();
  // A realistic visit note: ~600 characters of accented French.
  std::string body;
  while (body.size() < 600) body += "Entretien au parloir : démarches CPAS, logement, mutuelle, dettes. ";
  std::vector<double> save_ms;
  for (int i = 0; i < notes; ++i) {
    auto t0 = Clock::now();
    auto id = core::AddNote(**v, {{"dossier_id", dossier}, {"body", body + std::to_string(i)}});
    save_ms.push_back(Ms(Clock::now() - t0));
    if (!id.ok()) {
      std::fprintf(stderr, "%s\n", id.status().message().c_str());
      return 1;
    }
  }
  v->reset();

  double unlock_ms = 0;
#ifdef SQLITE_HAS_CODEC
  {
    // Unlock with the production Argon2id cost.
    const std::string upath = dir + "/bench-unlock.vault";
    RemoveVault(upath);
    core::VaultOptions prod;
    prod.worker = "Bench";
    prod.memory_security = memory_security;
    { auto c = core::Vault::Create(upath, platform::SecureBuffer::FromString("pw"), prod); if (!c.ok()) return 1; }
    std::vector<double> runs;
    for (int i = 0; i < 5; ++i) {
      auto t0 = Clock::now();
      auto o = core::Vault::Open(upath, platform::SecureBuffer::FromString("pw"), prod);
      runs.push_back(Ms(Clock::now() - t0));
      if (!o.ok()) return 1;
    }
    unlock_ms = Percentile(runs, 0.5);
    RemoveVault(upath);
  }
#endif
  RemoveVault(path);

  double floor_p50 = Percentile(floor_us, 0.5) / 1000, floor_p99 = Percentile(floor_us, 0.99) / 1000;
  double p50 = Percentile(save_ms, 0.5), p99 = Percentile(save_ms, 0.99);
  std::printf("[%s] fdatasync floor p50 %.3f ms p99 %.3f ms\n", variant, floor_p50, floor_p99);
  std::printf("[%s] note save (%d notes) p50 %.3f ms p99 %.3f ms\n", variant, notes, p50, p99);
  if (unlock_ms > 0) std::printf("[%s] unlock (Argon2id 3 passes, 256 MiB) median %.0f ms\n", variant, unlock_ms);
  std::printf("RESULT variant=%s floor_p50=%.4f floor_p99=%.4f save_p50=%.4f save_p99=%.4f unlock_ms=%.1f\n", variant,
              floor_p50, floor_p99, p50, p99, unlock_ms);
  return 0;
}
