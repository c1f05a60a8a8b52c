// Text CRDT on real editing traces (issue 4): replays each sequential trace as local edits on
// one replica and prints local apply time, encoded size of the whole history (EncodeState),
// the time for a fresh replica to load it (DecodeState + Text), the time for a second replica
// to merge every op the first produced, and peak RSS. bench/run_text_bench.sh runs it beside
// the peer libraries (Yjs, Automerge, Loro) and prints ratios.
// Usage: text_trace_bench [rounds] [trace-name...]   (default: 5 automerge-paper sveltecomponent)
// The traces are read from $PASSERELLE_BENCH_TRACES, else from the directory the build was
// configured with (CMake PASSERELLE_BENCH_TRACES, default ../shared/bench/traces); a missing
// directory is said plainly. Every replay is also checked, as the tests check their small traces:
// local, reloaded, remote and delta-synced replicas must all reach endContent, or the bench fails.
// Output: human-readable lines plus one "RESULT key=value ..." line per trace.
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "passerelle/core/crdt/text.h"
#include "trace_loader.h"

using passerelle::crdt::TextDoc;
using passerelle::crdt::TextOp;
using Clock = std::chrono::steady_clock;

namespace {

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Resident memory now, from /proc (Linux); 0 where unavailable.
double CurrentRssMb() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long pages = 0, resident = 0;
  const int n = std::fscanf(f, "%lu %lu", &pages, &resident);
  std::fclose(f);
  return n == 2 ? static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1048576.0 : 0;
}

double PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

// Replays the trace on a fresh replica; returns its ops if `ops` is given.
TextDoc Replay(const passerelle::testing::EditTrace& trace, std::vector<TextOp>* ops) {
  TextDoc doc(1);
  if (!trace.start_content.empty()) doc.Insert(0, trace.start_content);
  for (const auto& txn : trace.txns) {
    for (const auto& p : txn.patches) {
      if (p.deleted > 0) {
        TextOp op = doc.Delete(p.pos, p.deleted);
        if (ops) ops->push_back(std::move(op));
      }
      if (!p.inserted.empty()) {
        TextOp op = doc.Insert(p.pos, p.inserted);
        if (ops) ops->push_back(std::move(op));
      }
    }
  }
  return doc;
}

std::string TracesDir() {
  const char* env = std::getenv("PASSERELLE_BENCH_TRACES");
  return env != nullptr && *env != '\0' ? env : PASSERELLE_BENCH_TRACES;
}

bool RunTrace(const std::string& dir, const std::string& name, int rounds) {
  auto loaded = passerelle::testing::LoadTrace(passerelle::testing::TracePath(dir, name));
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s\n", loaded.status().message().c_str());
    return false;
  }
  const auto& trace = *loaded;
  std::vector<double> local, load, encode, remote;
  size_t bytes = 0;
  // What one replayed document holds, apart from the trace (whose JSON parse dominates the
  // process peak): resident growth while it is alive.
  malloc_trim(0);
  const double before = CurrentRssMb();
  double doc_mb = 0;
  {
    TextDoc doc = Replay(trace, nullptr);
    doc_mb = CurrentRssMb() - before;
  }
  for (int round = 0; round < rounds; ++round) {
    const auto t0 = Clock::now();
    TextDoc doc = Replay(trace, nullptr);
    local.push_back(Ms(Clock::now() - t0));
    if (doc.Text() != trace.end_content) {
      std::fprintf(stderr, "%s: local replay does not reach endContent\n", name.c_str());
      return false;
    }
    const auto t1 = Clock::now();
    const std::vector<uint8_t> state = doc.EncodeState();
    encode.push_back(Ms(Clock::now() - t1));
    bytes = state.size();

    const auto t2 = Clock::now();
    auto fresh = TextDoc::DecodeState(state, 2);
    const std::string text = fresh.ok() ? fresh->Text() : std::string();
    load.push_back(Ms(Clock::now() - t2));
    if (!fresh.ok() || text != trace.end_content) {
      std::fprintf(stderr, "%s: fresh replica does not load the state\n", name.c_str());
      return false;
    }
  }
  {
    std::vector<TextOp> ops;
    ops.reserve(trace.patch_count);
    TextDoc doc = Replay(trace, &ops);
    for (int round = 0; round < rounds; ++round) {
      TextDoc other(2);
      const auto t0 = Clock::now();
      for (const TextOp& op : ops) {
        if (!other.Apply(op).ok()) return false;
      }
      remote.push_back(Ms(Clock::now() - t0));
      if (other.Text() != trace.end_content) {
        std::fprintf(stderr, "%s: remote replica does not reach endContent\n", name.c_str());
        return false;
      }
    }
    // A replica that knew nothing catches up through the delta sync serves (OpsSince).
    TextDoc fresh(3);
    for (const TextOp& op : doc.OpsSince({})) {
      if (!fresh.Apply(op).ok()) return false;
    }
    if (fresh.Text() != trace.end_content) {
      std::fprintf(stderr, "%s: a replica synced from nothing does not reach endContent\n", name.c_str());
      return false;
    }
  }
  std::printf("%s: %zu patches, %zu chars at the end\n", name.c_str(), trace.patch_count, trace.end_content.size());
  std::printf("  local apply      %8.1f ms  (median of %d)\n", Median(local), rounds);
  std::printf("  encoded history  %8zu bytes\n", bytes);
  std::printf("  encode           %8.1f ms\n", Median(encode));
  std::printf("  fresh load+text  %8.2f ms\n", Median(load));
  std::printf("  remote merge     %8.1f ms  (every op applied on a second replica)\n", Median(remote));
  std::printf("  document memory  %8.1f MB  (resident growth while one replayed document is alive)\n", doc_mb);
  std::printf("  peak RSS         %8.1f MB  (whole process, trace JSON parsing included)\n", PeakRssMb());
  std::printf(
      "RESULT trace=%s local_ms=%.2f bytes=%zu load_ms=%.3f encode_ms=%.2f remote_ms=%.2f doc_mb=%.1f peak_rss_mb=%.1f\n",
      name.c_str(), Median(local), bytes, Median(load), Median(encode), Median(remote), doc_mb, PeakRssMb());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
  if (rounds < 1) rounds = 1;
  std::vector<std::string> names;
  for (int i = 2; i < argc; ++i) names.emplace_back(argv[i]);
  if (names.empty()) names = {"automerge-paper", "sveltecomponent"};
  const std::string dir = TracesDir();
  if (!std::filesystem::is_directory(dir)) {
    std::fprintf(stderr,
                 "The editing traces directory %s does not exist: set PASSERELLE_BENCH_TRACES to the folder that "
                 "holds automerge-paper.json.gz and sveltecomponent.json.gz (josephg/editing-traces).\n",
                 dir.c_str());
    return 2;
  }
  bool ok = true;
  for (const auto& name : names) ok = RunTrace(dir, name, rounds) && ok;
  return ok ? 0 : 1;
}
