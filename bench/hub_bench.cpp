// Office hub benchmark (issue 16; bench/run_hub_bench.sh, results in bench/RESULTS.md).
//
// `workload`: the workload of ../shared/bench/peers/hub (hub_peers.mjs) against one passerelle-hub
// process on loopback TLS 1.3: a service's 1,000 records (case files: 8 fields each) already on
// every device; offline, each of 50 devices makes 300 field updates on random records and writes
// 5 notes of 800 characters typed as 4 appends, each its own transaction, interleaved; then all 50
// sync at once. A device's session lasts from its first connection until (a) the hub acknowledged
// its upload after the durable commit and (b) it holds every other device's day (it syncs again
// until then, as a worker would tap again: the protocol is request/response, the hub pushes
// nothing). Measured: p50/p99/max session, hub CPU (utime+stime of the hub process over the
// sessions) and peak RSS (VmHWM), bytes per session (HTTP bodies up and down, counted by a
// wrapper around the TLS transport: TLS records and HTTP headers are not included), convergence
// (every device's shared canonical dump identical) and durability (the hub SIGKILLed right after
// the last session, restarted, a new device bootstraps the same state).
//
// `bootstrap VAULT`: a new device joins a hub holding the five-year vault (scale_bench gen) and
// syncs once: time, bytes, peak RSS of this process.
//
// The hub runs as its own process (the passerelle-hub binary, `serve`), started fresh on its data
// (SQLite directory or PostgreSQL conninfo) before the measured phase, as after a restart.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "passerelle/core/case_files.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/hub_enrolment.h"
#include "passerelle/core/vault.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/sync/engine.h"
#include "passerelle/sync/hub_client.h"
#include "passerelle/sync/hub_transport.h"
#include "hub_bench_process.h"

namespace fs = std::filesystem;
using namespace passerelle;
using Clock = std::chrono::steady_clock;
using passerelle::bench::Die;
using passerelle::bench::HubProcess;

namespace {

void Check(const Status& st, const std::string& what) {
  if (!st.ok()) Die(what + ": " + st.message());
}
double MsSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

struct Args {
  std::map<std::string, std::string> kv;
  std::vector<std::string> positional;
  std::string Get(const std::string& k, const std::string& def = "") const {
    auto it = kv.find(k);
    return it == kv.end() ? def : it->second;
  }
  int Int(const std::string& k, int def) const { return kv.count(k) ? std::atoi(kv.at(k).c_str()) : def; }
};

Args Parse(int argc, char** argv) {
  Args a;
  for (int i = 2; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0 && i + 1 < argc) a.kv[s.substr(2)] = argv[++i];
    else a.positional.push_back(s);
  }
  return a;
}

// ---- devices ------------------------------------------------------------------------------------

platform::SecureBuffer Pass() { return platform::SecureBuffer::FromString("bench passphrase"); }

std::unique_ptr<core::Vault> NewVault(const fs::path& path, const std::string& worker) {
  core::VaultOptions o;
  o.kdf = core::KdfParams::LowCostForTests();  // unlocking is not what this measures
  o.worker = worker;
  o.service = "CAPREV";
  auto v = core::Vault::Create(path.string(), Pass(), o);
  Check(v.status(), "create " + path.string());
  return std::move(v).value();
}

// Bytes of the HTTP bodies each way, around the real TLS transport.
class CountingTransport : public sync::HubTransport {
 public:
  explicit CountingTransport(std::unique_ptr<sync::HubTransport> inner) : inner_(std::move(inner)) {}
  using sync::HubTransport::Post;
  Result<sync::HubReply> Post(std::string_view path, std::string_view type, std::span<const uint8_t> body,
                              const sync::HubHeaders& headers) override {
    up += body.size();
    ++requests;
    auto r = inner_->Post(path, type, body, headers);
    if (r.ok()) down += r->body.size();
    return r;
  }
  Result<sync::HubReply> Get(std::string_view path) override {
    ++requests;
    auto r = inner_->Get(path);
    if (r.ok()) down += r->body.size();
    return r;
  }
  uint64_t up = 0, down = 0, requests = 0;

 private:
  std::unique_ptr<sync::HubTransport> inner_;
};

// One sync session over TLS as SyncWithHub makes it, with the bytes counted.
Result<sync::HubSyncResult> CountedSync(core::Vault& vault, uint64_t* up, uint64_t* down, uint64_t* requests = nullptr) {
  PASSERELLE_ASSIGN_OR_RETURN(auto e, core::LoadHubEnrolment(vault, true));
  if (!e) return NotFound("not enrolled");
  sync::TlsClientConfig config;
  const size_t colon = e->address.rfind(':');
  config.host = e->address.substr(0, colon);
  config.port = std::atoi(e->address.c_str() + colon + 1);
  config.pinned_ca_fingerprint_hex = e->ca_fingerprint_hex;
  config.ca_cert_pem = e->ca_cert_pem;
  config.client_cert_pem = e->cert_pem;
  config.client_key_pem = std::move(e->key_pem);
  config.timeout_seconds = 120;
  PASSERELLE_ASSIGN_OR_RETURN(auto tls, sync::ConnectTls(config));
  CountingTransport counted(std::move(tls));
  auto r = sync::SyncWithHubOver(vault, counted);
  *up += counted.up;
  *down += counted.down;
  if (requests != nullptr) *requests += counted.requests;
  return r;
}

std::string SharedDump(const core::Vault& v) {
  core::DumpOptions o;
  o.shared_only = true;
  auto d = core::CanonicalDump(v, o);
  Check(d.status(), "dump");
  return *d;
}

std::string Date(std::mt19937_64& rng) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "20%02d-%02d-%02d", 26 + static_cast<int>(rng() % 4), 1 + static_cast<int>(rng() % 12),
                1 + static_cast<int>(rng() % 28));
  return buf;
}

std::string Words(std::mt19937_64& rng, size_t chars) {
  static const char* kWords[] = {"visite", "logement", "CPAS", "formation", "famille", "sante", "emploi", "papiers",
                                 "rendez-vous", "suivi", "sortie", "projet", "avocat", "dette", "mutuelle"};
  std::string s;
  while (s.size() < chars) s += std::string(kWords[rng() % 15]) + " ";
  s.resize(chars);
  return s;
}

struct Percentiles {
  double p50 = 0, p99 = 0, max = 0;
};
Percentiles Of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    double pos = q * static_cast<double>(v.size() - 1);
    size_t lo = static_cast<size_t>(pos);
    size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
  };
  return {at(0.5), at(0.99), v.back()};
}

uint64_t DirBytes(const fs::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file()) total += e.file_size();
  return total;
}

HubProcess HubFromArgs(const Args& a, const fs::path& work) {
  HubProcess hub;
  hub.bin = a.Get("hub", "build/release/hub/passerelle-hub");
  if (!a.Get("postgres").empty()) {
    hub.store_args = {"--postgres", a.Get("postgres")};
  } else {
    fs::create_directories(work / "hub");
    hub.store_args = {"--data", (work / "hub").string()};
  }
  hub.log = (work / "hub.log").string();
  return hub;
}

// ---- workload -----------------------------------------------------------------------------------

int Workload(const Args& a) {
  const int devices = a.Int("devices", 50), records = a.Int("records", 1000), updates = a.Int("updates", 300),
            notes = a.Int("notes", 5), note_chars = a.Int("note-chars", 800), inserts = a.Int("inserts", 4);
  const fs::path work = a.Get("work", "build/hub-bench");
  fs::remove_all(work);
  fs::create_directories(work);
  HubProcess hub = HubFromArgs(a, work);
  hub.Init();
  hub.Start();

  // The service's starting state, made once and uploaded by the office's own device.
  auto t_setup = Clock::now();
  auto office = NewVault(work / "office.vault", "Office");
  Check(sync::InitTeam(*office), "team");
  const std::string team_file = (work / "team.key").string();
  Check(sync::ExportTeamKey(*office, team_file, platform::SecureBuffer::FromString("team"),
                            core::KdfParams::LowCostForTests()),
        "team key export");
  std::mt19937_64 rng(a.Int("seed", 1));
  std::vector<std::string> dossiers;
  for (int r = 0; r < records; ++r) {
    auto made = core::AddPersonWithDossier(
        *office, {{"name", "Personne " + std::to_string(r)}, {"status", "sentenced"}},
        {{"service", "CAPREV"}, {"referent", "Office"}, {"mandate_conditions", Words(rng, 40)},
         {"expected_release", Date(rng)}, {"next_hearing", Date(rng)}, {"next_review", Date(rng)}});
    Check(made.status(), "base record");
    dossiers.push_back(made->second);
  }
  Check(sync::JoinHub(*office, hub.Address(), hub.Code("office")).status(), "office joins");
  Check(sync::SyncWithHub(*office).status(), "office uploads the base");

  // Every device: a colleague's vault, joined to the team and the hub, bootstrapped from it.
  std::vector<std::unique_ptr<core::Vault>> dev(devices);
  std::vector<std::string> codes;
  for (int i = 0; i < devices; ++i) codes.push_back(hub.Code("d" + std::to_string(i)));
  {
    std::atomic<int> next{0};
    auto setup = [&] {
      for (int i; (i = next++) < devices;) {
        dev[i] = NewVault(work / ("d" + std::to_string(i) + ".vault"), "Worker " + std::to_string(i));
        Check(sync::JoinTeam(*dev[i], team_file, platform::SecureBuffer::FromString("team")), "join team");
        Check(sync::JoinHub(*dev[i], hub.Address(), codes[i]).status(), "join hub");
        Check(sync::SyncWithHub(*dev[i]).status(), "bootstrap");
      }
    };
    std::thread t1(setup), t2(setup);
    t1.join();
    t2.join();
  }
  std::fprintf(stderr, "setup (base, %d devices joined and bootstrapped): %.1f s\n", devices, MsSince(t_setup) / 1e3);

  // Offline: each device's day, every update and every append its own transaction, interleaved.
  static const char* kTextFields[] = {"service", "referent", "mandate_conditions"};
  static const char* kDateFields[] = {"expected_release", "next_hearing", "next_review"};
  std::vector<uint64_t> own_counter(devices);
  std::vector<double> edit_ms(devices);
  {
    std::atomic<int> next{0};
    auto edit = [&] {
      for (int i; (i = next++) < devices;) {
        core::Vault& v = *dev[i];
        std::mt19937_64 r(1000 + i);
        auto t = Clock::now();
        const int appends = notes * inserts;
        std::vector<std::pair<std::string, std::string>> note_text;  // id, body so far
        std::vector<std::string> bodies;
        for (int n = 0; n < notes; ++n) bodies.push_back(Words(r, static_cast<size_t>(note_chars)));
        int done_updates = 0, done_appends = 0;
        while (done_updates < updates || done_appends < appends) {
          const bool append = done_appends < appends &&
                              (done_updates >= updates || r() % static_cast<uint64_t>(updates + appends) <
                                                              static_cast<uint64_t>(appends));
          if (append) {
            const int n = done_appends / inserts, k = done_appends % inserts + 1;
            const std::string body = bodies[n].substr(0, static_cast<size_t>(note_chars) * k / inserts);
            if (k == 1) {
              auto id = core::AddNote(v, {{"dossier_id", dossiers[r() % dossiers.size()]}, {"scope", "service"},
                                          {"body", body}});
              Check(id.status(), "note");
              note_text.push_back({*id, body});
            } else {
              Check(core::SaveNoteBody(v, note_text.back().first, body), "append");
            }
            ++done_appends;
          } else {
            const std::string& d = dossiers[r() % dossiers.size()];
            const bool date = r() % 2;
            core::FieldValues f;
            if (date) f = {{kDateFields[r() % 3], Date(r)}};
            else f = {{kTextFields[r() % 3], Words(r, 12 + r() % 30)}};
            Check(core::UpdateRecord(v, d, f), "update");
            ++done_updates;
          }
        }
        edit_ms[i] = MsSince(t);
        auto version = v.Version();
        Check(version.status(), "version");
        own_counter[i] = (*version)[v.replica()];
      }
    };
    std::thread t1(edit), t2(edit);
    t1.join();
    t2.join();
  }
  double edit_total = 0;
  for (double e : edit_ms) edit_total += e;

  // The hub restarts fresh on its data (as after a restart): the measured phase starts now.
  hub.Stop();
  hub.Start();
  double load1 = 0;
  {
    std::ifstream in("/proc/loadavg");
    in >> load1;
  }
  const double cpu_before = hub.CpuSeconds();
  struct rusage self_before {};
  getrusage(RUSAGE_SELF, &self_before);
  std::vector<double> session_ms(devices), ack_ms(devices);
  std::vector<uint64_t> up(devices), down(devices), syncs(devices), requests(devices);
  std::atomic<int> errors{0};
  std::barrier start(devices + 1);
  std::vector<std::thread> threads;
  auto t_all = Clock::now();
  for (int i = 0; i < devices; ++i) {
    threads.emplace_back([&, i] {
      core::Vault& v = *dev[i];
      start.arrive_and_wait();
      auto t = Clock::now();
      bool acked = false;
      for (int round = 0; round < 2000; ++round) {
        auto r = CountedSync(v, &up[i], &down[i], &requests[i]);
        ++syncs[i];
        if (!r.ok()) {
          if (++errors < 5) std::fprintf(stderr, "device %d: %s\n", i, r.status().message().c_str());
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
          continue;
        }
        if (!acked) {
          acked = true;
          ack_ms[i] = MsSince(t);
        }
        auto version = v.Version();
        bool all = version.ok();
        for (int j = 0; j < devices && all; ++j)
          all = (*version)[dev[j]->replica()] >= own_counter[j];
        if (all) break;
        if (r->received == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      session_ms[i] = MsSince(t);
    });
  }
  start.arrive_and_wait();
  for (auto& t : threads) t.join();
  const double wall_ms = MsSince(t_all);
  const double hub_cpu = hub.CpuSeconds() - cpu_before;
  const double hub_rss = hub.PeakRssMb();
  struct rusage self_after {};
  getrusage(RUSAGE_SELF, &self_after);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  const double devices_cpu = secs(self_after.ru_utime) + secs(self_after.ru_stime) - secs(self_before.ru_utime) -
                             secs(self_before.ru_stime);

  // Converged: every device's shared state identical, and complete.
  const std::string first = SharedDump(*dev[0]);
  bool converged = true;
  for (int i = 1; i < devices; ++i) converged = converged && SharedDump(*dev[i]) == first;
  int done = 0;
  for (int i = 0; i < devices; ++i) {
    auto version = dev[i]->Version();
    bool all = version.ok();
    for (int j = 0; j < devices && all; ++j) all = (*version)[dev[j]->replica()] >= own_counter[j];
    done += all ? 1 : 0;
  }

  // Durable: SIGKILL right after the last session, restart, a new device gets the same state.
  const std::string late_code = hub.Code("late");
  hub.Stop(SIGKILL);
  hub.Start();
  auto late = NewVault(work / "late.vault", "Late");
  Check(sync::JoinTeam(*late, team_file, platform::SecureBuffer::FromString("team")), "late joins team");
  Check(sync::JoinHub(*late, hub.Address(), late_code).status(), "late joins hub");
  Check(sync::SyncWithHub(*late).status(), "late bootstraps");
  const bool durable = SharedDump(*late) == first;
  hub.Stop();

  uint64_t up_total = 0, down_total = 0, syncs_total = 0, requests_total = 0;
  for (int i = 0; i < devices; ++i) {
    requests_total += requests[i];
    up_total += up[i];
    down_total += down[i];
    syncs_total += syncs[i];
  }
  Percentiles s = Of(session_ms), ack = Of(ack_ms);
  std::vector<double> per_session(devices);
  for (int i = 0; i < devices; ++i) per_session[i] = static_cast<double>(up[i] + down[i]);
  const uint64_t disk = a.Get("postgres").empty() ? DirBytes(work / "hub") : 0;
  std::printf(
      "RESULT workload backend=%s devices=%d done=%d/%d p50_ms=%.0f p99_ms=%.0f max_ms=%.0f ack_p50_ms=%.0f "
      "ack_max_ms=%.0f wall_ms=%.0f hub_cpu_s=%.2f hub_peak_rss_mb=%.1f up_bytes=%llu down_bytes=%llu "
      "bytes_per_session_p50=%.0f syncs_per_device=%.1f errors=%d disk_bytes=%llu converged=%s "
      "durable_after_kill=%s edit_ms_per_device=%.0f devices_cpu_s=%.1f load1=%.1f requests_per_device=%.1f\n",
      a.Get("postgres").empty() ? "sqlite" : "postgres", devices, done, devices, s.p50, s.p99, s.max, ack.p50, ack.max,
      wall_ms, hub_cpu, hub_rss, static_cast<unsigned long long>(up_total), static_cast<unsigned long long>(down_total),
      Of(per_session).p50, static_cast<double>(syncs_total) / devices, errors.load(),
      static_cast<unsigned long long>(disk), converged ? "true" : "false", durable ? "true" : "false",
      edit_total / devices, devices_cpu, load1, static_cast<double>(requests_total) / devices);
  return converged && durable && done == devices ? 0 : 1;
}

// ---- bootstrap of a new device from a hub holding the five-year vault ---------------------------

int Bootstrap(const Args& a) {
  if (a.positional.empty()) Die("bootstrap needs the generated vault (build/scale-bench/PERCENT/a.vault)");
  const fs::path work = a.Get("work", "build/hub-bench-bootstrap");
  fs::remove_all(work);
  fs::create_directories(work);
  // A copy: the generated vault stays as scale_bench left it.
  const fs::path source = a.positional[0];
  fs::copy_file(source, work / "ana.vault");
  fs::copy_file(source.string() + ".key", work / "ana.vault.key");
  HubProcess hub = HubFromArgs(a, work);
  hub.Init();
  hub.Start();
  core::VaultOptions o;
  o.kdf = core::KdfParams::LowCostForTests();
  auto ana = core::Vault::Open((work / "ana.vault").string(), Pass(), o);
  Check(ana.status(), "open the five-year vault");
  const std::string team_file = (work / "team.key").string();
  Check(sync::ExportTeamKey(**ana, team_file, platform::SecureBuffer::FromString("team"),
                            core::KdfParams::LowCostForTests()),
        "team key");
  Check(sync::JoinHub(**ana, hub.Address(), hub.Code("ana")).status(), "ana joins");
  auto t_fill = Clock::now();
  uint64_t fill_up = 0, fill_down = 0;
  auto filled = CountedSync(**ana, &fill_up, &fill_down);
  Check(filled.status(), "ana uploads five years");
  const double fill_ms = MsSince(t_fill);
  const std::string code = hub.Code("new");
  hub.Stop();
  hub.Start();  // the new device meets a hub that loads from its storage

  auto fresh = NewVault(work / "new.vault", "New");
  Check(sync::JoinTeam(*fresh, team_file, platform::SecureBuffer::FromString("team")), "new joins team");
  Check(sync::JoinHub(*fresh, hub.Address(), code).status(), "new joins hub");
  struct rusage before {};
  getrusage(RUSAGE_SELF, &before);
  const double cpu_before = hub.CpuSeconds();
  uint64_t up = 0, down = 0;
  auto t = Clock::now();
  auto r = CountedSync(*fresh, &up, &down);
  Check(r.status(), "bootstrap");
  const double ms = MsSince(t);
  const double hub_cpu = hub.CpuSeconds() - cpu_before;
  const double hub_rss = hub.PeakRssMb();
  struct rusage after {};
  getrusage(RUSAGE_SELF, &after);
  const bool same = SharedDump(*fresh) == SharedDump(**ana);
  hub.Stop();
  std::printf(
      "RESULT bootstrap backend=%s ms=%.0f received=%zu down_bytes=%llu up_bytes=%llu device_peak_rss_mb=%.0f "
      "hub_cpu_s=%.2f hub_peak_rss_mb=%.0f fill_ms=%.0f fill_up_bytes=%llu same_state=%s\n",
      a.Get("postgres").empty() ? "sqlite" : "postgres", ms, r->received, static_cast<unsigned long long>(down),
      static_cast<unsigned long long>(up), static_cast<double>(after.ru_maxrss) / 1024.0, hub_cpu, hub_rss, fill_ms,
      static_cast<unsigned long long>(fill_up), same ? "true" : "false");
  return same ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  if (!platform::InitCrypto()) Die("crypto");
  const std::string mode = argc > 1 ? argv[1] : "";
  Args a = Parse(argc, argv);
  if (mode == "workload") return Workload(a);
  if (mode == "bootstrap") return Bootstrap(a);
  std::fprintf(stderr,
               "usage: hub_bench workload [--hub BIN] [--work DIR] [--postgres CONNINFO] [--devices 50] [--records 1000]\n"
               "                          [--updates 300] [--notes 5] [--note-chars 800] [--inserts 4] [--seed 1]\n"
               "       hub_bench bootstrap VAULT [--hub BIN] [--work DIR] [--postgres CONNINFO]\n");
  return 64;
}
