// The device side of a hub session's merge (issue 16), without the network: one device merges
// its colleagues' days, sealed as the hub would hand them down, the way sync/src/hub_client.cpp
// does it (each bundle opened and checked, added to one core::ImportTransaction, one Apply for
// all, the "what changed" summary, one durable commit). bench/hub_bench.cpp measures the whole
// session over TLS with 50 devices in one process; this isolates the merge, for profiling.
//
//   session_merge_bench gen DIR [COLLEAGUES]   the office's 1,000 records (8 fields each), then
//       COLLEAGUES (default 49) devices, each bootstrapped from them, make their day as the hub
//       bench's devices do (300 field updates on random records, 5 notes of 800 characters typed
//       as 4 saves, each its own transaction, interleaved) and seal it for the office
//       (DIR/day-N.bundle); DIR/me.vault is a device that made its own day too.
//   session_merge_bench merge DIR              copies me.vault, then times the session's merge of
//       every day-N.bundle; prints one RESULT line (wall, CPU, ops, peak RSS).
//   session_merge_bench dump VAULT OUT         the canonical dump of a merged vault (DIR/run/me.vault,
//       copied aside after each build's merge), to compare two builds' merges byte for byte.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/case_files.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/sync_store.h"
#include "passerelle/core/vault.h"
#include "passerelle/platform/file.h"
#include "passerelle/sync/engine.h"
#include "engine_internal.h"
#include "summary.h"

using namespace passerelle;
namespace fs = std::filesystem;

namespace {

void Check(const Status& st, const std::string& what) {
  if (!st.ok()) {
    std::fprintf(stderr, "%s failed: %s\n", what.c_str(), st.message().c_str());
    std::exit(1);
  }
}

double CpuMs() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

platform::SecureBuffer Pass() { return platform::SecureBuffer::FromString("bench passphrase"); }

std::unique_ptr<core::Vault> Open(const fs::path& path, const std::string& worker, bool create) {
  core::VaultOptions o;
  o.kdf = core::KdfParams::LowCostForTests();  // the unlock is not what this measures
  o.worker = worker;
  o.service = "CAPREV";
  auto v = create ? core::Vault::Create(path.string(), Pass(), o) : core::Vault::Open(path.string(), Pass(), o);
  Check(v.status(), path.string());
  return std::move(v).value();
}

// `chars` bytes of filler words: one word of the vocabulary after another, from random places.
std::string Words(std::mt19937_64& rng, size_t chars) {
  static constexpr std::string_view kVocabulary =
      "visite logement CPAS formation famille sante emploi papiers rendez-vous suivi sortie projet avocat dette ";
  std::string out;
  while (out.size() < chars) {
    size_t from = rng() % kVocabulary.size();
    while (from > 0 && kVocabulary[from - 1] != ' ') --from;  // the start of that word
    out.append(kVocabulary.substr(from, kVocabulary.find(' ', from) + 1 - from));
  }
  out.resize(chars);
  return out;
}

std::string Day(std::mt19937_64& rng) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "20%02d-%02d-%02d", 26 + static_cast<int>(rng() % 4), 1 + static_cast<int>(rng() % 12),
                1 + static_cast<int>(rng() % 28));
  return buf;
}

// A worker's day, as bench/hub_bench.cpp's devices make it: every update and every save its own
// transaction, the saves interleaved with the updates.
void WorkDay(core::Vault& v, const std::vector<std::string>& dossiers, uint64_t seed) {
  constexpr int kUpdates = 300, kNotes = 5, kSaves = 4, kNoteChars = 800;
  static const char* kText[] = {"service", "referent", "mandate_conditions"};
  static const char* kDates[] = {"expected_release", "next_hearing", "next_review"};
  std::mt19937_64 r(seed);
  std::vector<std::string> bodies;
  for (int n = 0; n < kNotes; ++n) bodies.push_back(Words(r, kNoteChars));
  std::string note;
  int updates = 0, saves = 0;
  while (updates < kUpdates || saves < kNotes * kSaves) {
    const bool save = saves < kNotes * kSaves &&
                      (updates >= kUpdates || r() % (kUpdates + kNotes * kSaves) < kNotes * kSaves);
    if (save) {
      const int k = saves % kSaves + 1;
      const std::string body = bodies[static_cast<size_t>(saves / kSaves)].substr(0, kNoteChars * k / kSaves);
      if (k == 1) {
        auto id = core::AddNote(v, {{"dossier_id", dossiers[r() % dossiers.size()]}, {"scope", "service"}, {"body", body}});
        Check(id.status(), "note");
        note = *id;
      } else {
        Check(core::SaveNoteBody(v, note, body), "save");
      }
      ++saves;
    } else {
      const std::string& d = dossiers[r() % dossiers.size()];
      core::FieldValues f;
      if (r() % 2) f = {{kDates[r() % 3], Day(r)}};
      else f = {{kText[r() % 3], Words(r, 12 + r() % 30)}};
      Check(core::UpdateRecord(v, d, f), "update");
      ++updates;
    }
  }
}

int Gen(const fs::path& dir, int colleagues) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto office = Open(dir / "office.vault", "Office", true);
  Check(sync::InitTeam(*office), "team");
  std::mt19937_64 rng(1);
  std::vector<std::string> dossiers;
  for (int i = 0; i < 1000; ++i) {
    auto made = core::AddPersonWithDossier(
        *office, {{"name", "Personne " + std::to_string(i)}, {"status", "sentenced"}},
        {{"service", "CAPREV"}, {"referent", "Office"}, {"mandate_conditions", Words(rng, 40)},
         {"expected_release", Day(rng)}, {"next_hearing", Day(rng)}, {"next_review", Day(rng)}});
    Check(made.status(), "record");
    dossiers.push_back(made->second);
  }
  sync::ExportSummary base_summary;
  auto base = sync::ExportBundle(*office, "new tablet", &base_summary);
  Check(base.status(), "base");
  auto key = core::SyncStore(*office).TeamKey();
  Check(key.status(), "team key");
  // A device: joined, holding the base, its day made; sealed for the office (which holds the
  // base), so its bundle carries its day only, as its hub upload does.
  auto device = [&](const fs::path& path, const std::string& worker, uint64_t seed) {
    auto v = Open(path, worker, true);
    Check(core::SyncStore(*v).SetTeamKey(**key, false), "team join");
    Check(sync::ImportBundle(*v, *base).status(), "base import");
    WorkDay(*v, dossiers, seed);
    return v;
  };
  for (int c = 0; c < colleagues; ++c) {
    auto v = device(dir / "colleague.vault", "Worker " + std::to_string(c + 1), 1001 + static_cast<uint64_t>(c));
    Check(sync::ExportBundleFile(*v, "Office", (dir / ("day-" + std::to_string(c) + ".bundle")).string()).status(),
          "day export");
    v.reset();
    for (const char* end : {"", ".key", "-wal", "-shm"}) fs::remove(dir / ("colleague.vault" + std::string(end)));
    std::fprintf(stderr, "colleague %d of %d\n", c + 1, colleagues);
  }
  device(dir / "me.vault", "Worker 0", 1000);
  return 0;
}

// hub_client.cpp's Session::Import (small bundles) and Session::Commit, without the requests.
int Merge(const fs::path& dir) {
  const fs::path work = dir / "run";
  fs::remove_all(work);
  fs::create_directories(work);
  for (const char* end : {"", ".key", "-wal"})
    if (fs::exists(dir / ("me.vault" + std::string(end))))
      fs::copy_file(dir / ("me.vault" + std::string(end)), work / ("me.vault" + std::string(end)));
  std::vector<std::vector<uint8_t>> sealed;
  for (int c = 0; fs::exists(dir / ("day-" + std::to_string(c) + ".bundle")); ++c) {
    auto bytes = platform::ReadFile((dir / ("day-" + std::to_string(c) + ".bundle")).string());
    Check(bytes.status(), "read bundle");
    sealed.push_back(std::move(*bytes));
  }
  auto v = Open(work / "me.vault", "Worker 0", false);
  core::SyncStore store(*v);
  auto key = sync::internal::TeamKeyOf(store);
  Check(key.status(), "team key");

  const auto t = std::chrono::steady_clock::now();
  const double cpu0 = CpuMs();
  core::ImportTransaction tx(store);
  Check(tx.Begin(32768), "begin");
  sync::Authors authors;
  for (const auto& bundle : sealed) {
    auto opened = sync::internal::OpenForImport(*v, *key, bundle);
    Check(opened.status(), "open bundle");
    sync::Payload& p = (*opened)->payload();
    Check((*opened)->NextOps((*opened)->op_count(), &p.ops), "decode");
    sync::AddAuthors(authors, p.ops);
    Check(tx.Add(std::move(p)), "add");
  }
  const double add_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
  const double add_cpu = CpuMs() - cpu0;
  auto merged = tx.Merge();
  Check(merged.status(), "merge");
  auto changes = sync::DescribeChanges(store, merged->touched_entities, authors);
  Check(changes.status(), "summary");
  Check(tx.Commit(), "commit");
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
  const double cpu = CpuMs() - cpu0;
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  std::printf("RESULT step=merge bundles=%zu ops=%zu duplicates=%zu ms=%.1f cpu_ms=%.1f open_add_ms=%.1f "
              "open_add_cpu_ms=%.1f us_per_op=%.2f peak_mib=%.0f\n",
              sealed.size(), merged->applied, merged->duplicates, ms, cpu, add_ms, add_cpu,
              cpu * 1e3 / static_cast<double>(merged->applied ? merged->applied : 1),
              static_cast<double>(u.ru_maxrss) / 1024.0);
  if (std::getenv("SESSION_MERGE_CHECK")) {  // the merged vault is sound
    auto problems = v->Check();
    Check(problems.status(), "check");
    std::printf("RESULT step=check problems=%zu\n", problems->size());
  }
  return 0;
}

// The whole merged state as `dump --canonical` writes it: two builds that merge alike write the
// same bytes.
int Dump(const fs::path& vault, const std::string& out_path) {
  auto v = Open(vault, "Worker 0", false);
  std::FILE* out = std::fopen(out_path.c_str(), "wb");
  if (out == nullptr) return 1;
  Check(core::CanonicalDumpTo(*v, {}, [&](std::string_view piece) { std::fwrite(piece.data(), 1, piece.size(), out); }),
        "dump");
  std::fclose(out);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "dump") return Dump(argv[2], argv[3]);
  if (argc >= 3 && std::string(argv[1]) == "gen") return Gen(argv[2], argc >= 4 ? std::atoi(argv[3]) : 49);
  if (argc >= 3 && std::string(argv[1]) == "merge") return Merge(argv[2]);
  std::fprintf(stderr, "usage: session_merge_bench gen DIR [COLLEAGUES] | merge DIR | dump VAULT OUT\n");
  return 64;
}
