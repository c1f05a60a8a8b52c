// Five-year vault benchmark (issue 14). One executable, one step per process (so each step starts
// cold, like a CLI command, and its peak memory is its own):
//
//   scale_bench gen DIR PERCENT   builds DIR/a.vault: PERCENT % of a service's five years
//                                 (100 %: 1,000 case files, 20,000 visits, 50,000 notes, ~43 MB
//                                 of note text), through Vault::Apply, one transaction per case
//                                 file; then a colleague's device DIR/b.vault receives everything
//                                 and acknowledges it, and Ana makes ~60 more changes (the "small
//                                 export" of the table).
//   scale_bench STEP DIR          one measured step on DIR (the unlock is not timed):
//                                 small-export, status, screen, full-export, bootstrap, check,
//                                 dump, size
//
// Deterministic: record ids, dates, texts and clocks come from a fixed-seed generator and a fake
// clock; only the vaults' random replica ids and keys differ between runs. Prints one
// "RESULT step=... key=value ..." line; bench/run_scale_bench.sh makes the table.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "passerelle/core/case_files.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/op.h"
#include "passerelle/core/sync_store.h"
#include "passerelle/core/vault.h"
#include "passerelle/platform/file.h"
#include "passerelle/sync/engine.h"
#include <sqlite3.h>

#include "vault_internal.h"  // the pages step reads SQLite's dbstat table

using namespace passerelle;
namespace fs = std::filesystem;

namespace {

constexpr int kCaseFiles = 1000;  // at 100 %
constexpr int kVisitsPerFile = 20;
constexpr int kNotesPerFile = 50;
constexpr int64_t kStartMillis = 1609750800000;  // 2021-01-04 09:00 UTC
constexpr int64_t kFiveYears = 5LL * 365 * 24 * 3600 * 1000;

double Ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

double CpuMs() {  // user + system time of this process: what the step costs on a machine shared with builds
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

double PeakMib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

void Check(const Status& st, const char* what) {
  if (!st.ok()) {
    std::fprintf(stderr, "%s failed: %s\n", what, st.message().c_str());
    std::exit(1);
  }
}

struct Rng {  // xorshift64*: fixed seed, same stream on every machine
  uint64_t s;
  uint64_t Next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ull;
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
};

// Time-ordered ids of Vault::NewEntityId's shape, from the generator instead of the wall clock.
std::string Id(const char* prefix, int64_t millis, Rng& rng) {
  char out[40];
  std::snprintf(out, sizeof out, "%s-%011llx%08x", prefix, static_cast<unsigned long long>(millis & 0xFFFFFFFFFFFll),
                static_cast<unsigned>(rng.Next() & 0xffffffffu));
  return out;
}

std::string Date(int64_t millis) { return platform::FormatUtc(millis).substr(0, 10); }

const char* const kWords[] = {
    "rencontre", "avec", "monsieur", "madame", "au", "parloir", "de", "la", "prison", "situation", "logement",
    "dettes", "médiation", "famille", "enfants", "contact", "CPAS", "dossier", "démarches", "formation", "emploi",
    "santé", "suivi", "psychologue", "assuétudes", "projet", "réinsertion", "libération", "conditionnelle",
    "tribunal", "application", "peines", "attestation", "rendez-vous", "reporté", "motivé", "inquiet", "stable",
    "évolution", "positive", "difficultés", "administratives", "carte", "identité", "mutuelle", "revenu",
    "intégration", "sœur", "frère", "réseau", "soutien", "accompagnement", "entretien", "prochain", "semaine",
    "à", "et", "le", "les", "des", "une", "un", "il", "elle", "souhaite", "explique", "évoque", "prévu", "été"};

std::string Text(Rng& rng, size_t bytes) {
  std::string out;
  out.reserve(bytes + 16);
  size_t sentence = 0;
  while (out.size() < bytes) {
    std::string w = kWords[rng.Below(static_cast<int>(std::size(kWords)))];
    if (sentence == 0 && !w.empty() && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 'a' + 'A');
    out += w;
    if (++sentence > 8 + static_cast<size_t>(rng.Below(10))) {
      out += rng.Below(6) == 0 ? ".\n" : ". ";
      sentence = 0;
    } else {
      out += ' ';
    }
  }
  out += '.';
  return out;
}

// A note's length: most are short visit notes, some reports are long (mean ~860 bytes).
size_t NoteLength(Rng& rng) {
  int r = rng.Below(100);
  if (r < 70) return 150 + static_cast<size_t>(rng.Below(650));
  if (r < 95) return 800 + static_cast<size_t>(rng.Below(1200));
  return 2000 + static_cast<size_t>(rng.Below(4000));
}

const char* const kDomains[] = {"housing", "social_admin_rights", "training", "employment", "debts",
                                "physical_health", "mental_health", "addiction", "family_social_network", "justice"};
const char* const kPractices[] = {"motivational_interviewing", "working_alliance", "classic_social_work",
                                  "social_network", "local_authorities", "change_talk"};
const char* const kOutcomes[] = {"present", "present", "present", "justified_absence", "no_show"};

struct CaseFile {
  std::string dossier;
  std::vector<std::string> notes;
};

// One case file: person, dossier, plan, consent, visits and notes, as the domain layer writes them
// (the same fields AddPersonWithDossier, AddVisit and AddNote give), in one Apply call.
std::vector<core::Op> CaseFileOps(int n, int64_t opened, const std::string& worker, Rng& rng, CaseFile* out,
                                  size_t* text_bytes) {
  using core::SetAdd;
  using core::SetField;
  std::vector<core::Op> ops;
  const std::string person = Id("per", opened, rng), dossier = Id("dos", opened, rng);
  out->dossier = dossier;
  ops.push_back(SetField(person, "name", "Personne " + std::to_string(n)));
  ops.push_back(SetField(person, "birth_date", Date(kStartMillis - (20 + rng.Below(40)) * 365LL * 86400000)));
  ops.push_back(SetField(person, "language", rng.Below(3) == 0 ? "nl" : "fr"));
  ops.push_back(SetField(person, "status", "sentenced"));
  ops.push_back(SetField(dossier, "person_id", person));
  ops.push_back(SetField(dossier, "service", "CAPREV"));
  ops.push_back(SetField(dossier, "referent", worker));
  ops.push_back(SetField(dossier, "basis", rng.Below(2) ? "mandate" : "voluntary"));
  ops.push_back(SetField(dossier, "opened_on", Date(opened)));
  for (int p = 0; p < 2; ++p) {
    const std::string item = Id("pla", opened, rng);
    ops.push_back(SetField(item, "dossier_id", dossier));
    ops.push_back(SetField(item, "domain", kDomains[rng.Below(10)]));
    std::string goal = Text(rng, 60);
    std::replace(goal.begin(), goal.end(), '\n', ' ');  // one line of text
    ops.push_back(SetField(item, "goal", goal));
    ops.push_back(SetField(item, "status", "in_progress"));
  }
  const std::string consent = Id("con", opened, rng);
  ops.push_back(SetField(consent, "dossier_id", dossier));
  ops.push_back(SetField(consent, "partner", "CPAS"));
  ops.push_back(SetField(consent, "scope", "referral"));
  ops.push_back(SetField(consent, "given_on", Date(opened)));
  std::vector<std::string> visits;
  for (int i = 0; i < kVisitsPerFile; ++i) {
    const int64_t when = opened + i * 7LL * 86400000;
    const std::string visit = Id("vis", when, rng);
    visits.push_back(visit);
    ops.push_back(SetField(visit, "dossier_id", dossier));
    ops.push_back(SetField(visit, "date", Date(when)));
    ops.push_back(SetField(visit, "kind", "individual"));
    ops.push_back(SetField(visit, "author", worker));
    ops.push_back(SetField(visit, "outcome", kOutcomes[rng.Below(5)]));
    ops.push_back(SetAdd(visit, "practice_codes", kPractices[rng.Below(6)]));
  }
  for (int i = 0; i < kNotesPerFile; ++i) {
    const int64_t when = opened + (i * kVisitsPerFile / kNotesPerFile) * 7LL * 86400000 + i * 60000;
    const std::string note = Id("not", when, rng);
    out->notes.push_back(note);
    ops.push_back(SetField(note, "dossier_id", dossier));
    ops.push_back(SetField(note, "visit_id", visits[static_cast<size_t>(i * kVisitsPerFile / kNotesPerFile)]));
    ops.push_back(SetField(note, "author", worker));
    ops.push_back(SetField(note, "created_at", platform::FormatUtc(when)));
    ops.push_back(SetField(note, "scope", rng.Below(33) == 0 ? "private" : "service"));  // ~3 % private
    std::string body = Text(rng, NoteLength(rng));
    *text_bytes += body.size();
    ops.push_back(core::TextReplace(note, "body", std::move(body)));
    ops.push_back(SetAdd(note, "domains", kDomains[rng.Below(10)]));
  }
  return ops;
}

auto Pass() { return platform::SecureBuffer::FromString("bench passphrase"); }

std::unique_ptr<core::Vault> OpenVault(const fs::path& path, platform::Clock* clock = nullptr) {
  core::VaultOptions o;
  o.kdf = core::KdfParams::LowCostForTests();  // the unlock is not what this measures
  o.clock = clock;
  auto v = core::Vault::Open(path.string(), Pass(), o);
  Check(v.status(), "open");
  return std::move(v).value();
}

std::unique_ptr<core::Vault> CreateVault(const fs::path& path, const char* worker, platform::Clock* clock = nullptr) {
  core::VaultOptions o;
  o.kdf = core::KdfParams::LowCostForTests();
  o.clock = clock;
  o.worker = worker;
  o.service = "CAPREV";
  auto v = core::Vault::Create(path.string(), Pass(), o);
  Check(v.status(), "create");
  return std::move(v).value();
}

std::string Hex(crdt::ReplicaId r) { return core::ReplicaHex(r); }

int Gen(const fs::path& dir, int percent) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  const int files = std::max(1, kCaseFiles * percent / 100);
  platform::FakeClock clock(kStartMillis);
  auto a = CreateVault(dir / "a.vault", "Ana", &clock);
  Check(sync::InitTeam(*a), "team init");
  Rng rng{0x5ca1eb0057ull};
  auto t = std::chrono::steady_clock::now();
  size_t text_bytes = 0, ops_total = 0;
  std::vector<CaseFile> made;
  for (int n = 0; n < files; ++n) {
    // Case files open evenly over the five years (of the 100 % vault: the 10 % one is its first
    // half-year, not a sparser five years).
    const int64_t opened = kStartMillis + kFiveYears * n / kCaseFiles;
    clock.Set(opened);
    CaseFile cf;
    auto ops = CaseFileOps(n, opened, "Ana", rng, &cf, &text_bytes);
    ops_total += ops.size();
    Check(a->Apply(std::move(ops)).status(), "case file");
    made.push_back(std::move(cf));
  }
  const double gen_ms = Ms(t);

  // A colleague's device receives everything and acknowledges it: Ana's next export is a delta.
  auto b = CreateVault(dir / "b.vault", "Ben");
  {
    auto key = core::SyncStore(*a).TeamKey();
    Check(key.status(), "team key");
    Check(core::SyncStore(*b).SetTeamKey(**key, false), "team join");
  }
  auto t_sync = std::chrono::steady_clock::now();
  auto full = sync::ExportBundle(*a, "Ben", nullptr);
  Check(full.status(), "export to Ben");
  Check(sync::ImportBundle(*b, *full).status(), "Ben imports");
  auto back = sync::ExportBundle(*b, Hex(a->replica()), nullptr);
  Check(back.status(), "export to Ana");
  Check(sync::ImportBundle(*a, *back).status(), "Ana imports");
  const double sync_ms = Ms(t_sync);

  // Ana's next morning: two visits, three notes, five notes edited, ten review dates (~60 ops).
  clock.Set(kStartMillis + kFiveYears * files / kCaseFiles + 86400000);
  Rng edit{42};
  const int64_t now = clock.NowMillis();
  std::vector<core::Op> ops;
  for (int i = 0; i < 2; ++i) {
    const auto& cf = made[static_cast<size_t>(edit.Below(files))];
    const std::string visit = Id("vis", now, edit);
    ops.push_back(core::SetField(visit, "dossier_id", cf.dossier));
    ops.push_back(core::SetField(visit, "date", Date(now)));
    ops.push_back(core::SetField(visit, "kind", "individual"));
    ops.push_back(core::SetField(visit, "author", "Ana"));
    ops.push_back(core::SetField(visit, "outcome", "present"));
    ops.push_back(core::SetAdd(visit, "practice_codes", "working_alliance"));
  }
  for (int i = 0; i < 3; ++i) {
    const auto& cf = made[static_cast<size_t>(edit.Below(files))];
    const std::string note = Id("not", now, edit);
    ops.push_back(core::SetField(note, "dossier_id", cf.dossier));
    ops.push_back(core::SetField(note, "author", "Ana"));
    ops.push_back(core::SetField(note, "created_at", platform::FormatUtc(now)));
    ops.push_back(core::SetField(note, "scope", "service"));
    ops.push_back(core::TextReplace(note, "body", Text(edit, 400)));
    ops.push_back(core::SetAdd(note, "domains", "housing"));
  }
  Check(a->Apply(std::move(ops)).status(), "morning records");
  for (int i = 0; i < 5; ++i) {
    const auto& cf = made[static_cast<size_t>(edit.Below(files))];
    const std::string& note = cf.notes[static_cast<size_t>(edit.Below(kNotesPerFile))];
    clock.Advance(60000);
    Check(a->Apply({core::TextReplace(note, "body", Text(edit, 300) + " (complété)")}).status(), "note edit");
  }
  for (int i = 0; i < 10; ++i) {
    clock.Advance(1000);
    const auto& cf = made[static_cast<size_t>(edit.Below(files))];
    Check(a->Apply({core::SetField(cf.dossier, "next_review", Date(now + 30LL * 86400000))}).status(), "review");
  }
  std::printf("RESULT step=gen percent=%d case_files=%d ops=%zu note_text_bytes=%zu gen_s=%.1f first_sync_s=%.1f\n",
              percent, files, ops_total, text_bytes, gen_ms / 1000, sync_ms / 1000);
  // The note text total, for the size ratio of the "size" step.
  const std::string total = std::to_string(text_bytes);
  Check(platform::WriteFileAtomic((dir / "note_text_bytes").string(), std::vector<uint8_t>(total.begin(), total.end())),
        "write note_text_bytes");
  return 0;
}

uintmax_t FileSize(const fs::path& p) {
  std::error_code ec;
  auto s = fs::file_size(p, ec);
  return ec ? 0 : s;
}

// A note of its own in a new vault (the same ops AddNote writes), with `body` saved once.
std::string MakeNote(core::Vault& v, platform::FakeClock& clock, Rng& rng, const std::string& body) {
  const std::string dossier = Id("dos", clock.NowMillis(), rng), note = Id("not", clock.NowMillis(), rng);
  std::vector<core::Op> ops = {core::SetField(dossier, "service", "CAPREV"),
                               core::SetField(note, "dossier_id", dossier),
                               core::SetField(note, "author", "Ana"),
                               core::SetField(note, "created_at", platform::FormatUtc(clock.NowMillis())),
                               core::SetField(note, "scope", "service")};
  if (!body.empty()) ops.push_back(core::TextReplace(note, "body", body));
  Check(v.Apply(std::move(ops)).status(), "note");
  return note;
}

// Typing cost (issue 14): one save of a note being typed (a few characters added at the end, the
// whole text handed to the core as the app's autosave does), at 200, 2,000 and 20,000
// characters. Mean over 60 saves per length; wall and CPU time of the saves alone. The app's path:
// AutosaveNoteBody (typed-on text may extend the previous autosave's op).
int Typing(const fs::path& dir) {
  fs::create_directories(dir);
  const fs::path path = dir / "typing.vault";
  for (const char* suffix : {"", ".key", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  platform::FakeClock clock(kStartMillis);
  auto v = CreateVault(path, "Ana", &clock);
  Rng rng{7};
  std::vector<size_t> lengths = {200, 2000, 20000};
  if (const char* only = std::getenv("SCALE_TYPING_CHARS")) lengths = {static_cast<size_t>(std::atol(only))};  // profiling
  for (size_t length : lengths) {
    std::string body = Text(rng, length);
    const std::string note = MakeNote(*v, clock, rng, body);
    const int kSaves = std::getenv("SCALE_TYPING_SAVES") ? std::atoi(std::getenv("SCALE_TYPING_SAVES")) : 60;
    auto t = std::chrono::steady_clock::now();
    const double cpu0 = CpuMs();
    for (int i = 0; i < kSaves; ++i) {
      clock.Advance(700);
      body += i % 5 == 4 ? ". " : " mot";
      Check(core::AutosaveNoteBody(*v, note, body), "save");
    }
    std::printf("RESULT step=typing chars=%zu ms=%.3f cpu_ms=%.3f\n", length, Ms(t) / kSaves, (CpuMs() - cpu0) / kSaves);
  }
  return 0;
}

// Autosave history (issue 14): the same 100 notes (~600 characters each) typed with a save every
// 4 characters (the app saves at most every 0.7 s while typing), and saved once each. Compared:
// each vault's growth over an empty vault, and the bundle a new device receives.
int Autosave(const fs::path& dir) {
  fs::create_directories(dir);
  constexpr int kNotes = 100;
  double size[2] = {0, 0}, bundle[2] = {0, 0}, ops[2] = {0, 0};
  for (int mode = 0; mode < 2; ++mode) {  // 0: saved once, 1: autosaved
    const fs::path path = dir / (mode ? "autosaved.vault" : "once.vault");
    for (const char* suffix : {"", ".key", "-wal", "-shm"}) fs::remove(path.string() + suffix);
    platform::FakeClock clock(kStartMillis);
    double empty = 0;
    {
      auto v = CreateVault(path, "Ana", &clock);
      Check(sync::InitTeam(*v), "team init");
    }
    empty = static_cast<double>(FileSize(path) + FileSize(path.string() + "-wal"));
    auto v = OpenVault(path, &clock);
    Rng rng{11};
    for (int n = 0; n < kNotes; ++n) {
      const std::string text = Text(rng, 600);
      if (mode == 0) {
        MakeNote(*v, clock, rng, text);
        continue;
      }
      const std::string note = MakeNote(*v, clock, rng, "");
      for (size_t typed = 4;; typed += 4) {
        while (typed < text.size() && (static_cast<uint8_t>(text[typed]) & 0xC0) == 0x80) ++typed;  // whole characters
        clock.Advance(700);
        Check(core::AutosaveNoteBody(*v, note, text.substr(0, std::min(typed, text.size()))), "autosave");
        if (typed >= text.size()) break;
      }
    }
    sync::ExportSummary s;
    auto b = sync::ExportBundle(*v, "new tablet", &s);
    Check(b.status(), "export");
    bundle[mode] = static_cast<double>(b->size());
    ops[mode] = static_cast<double>(s.ops);
    v.reset();
    { auto reopened = OpenVault(path); }  // closing checkpoints the journal into the file
    size[mode] = static_cast<double>(FileSize(path) + FileSize(path.string() + "-wal")) - empty;
  }
  std::printf("RESULT step=autosave notes=%d once_kb=%.0f autosaved_kb=%.0f size_ratio=%.2f once_bundle_kb=%.1f "
              "autosaved_bundle_kb=%.1f bundle_ratio=%.2f once_ops=%.0f autosaved_ops=%.0f\n",
              kNotes, size[0] / 1e3, size[1] / 1e3, size[1] / size[0], bundle[0] / 1e3, bundle[1] / 1e3,
              bundle[1] / bundle[0], ops[0], ops[1]);
  return 0;
}

int Step(const std::string& step, const fs::path& dir) {
  if (step == "typing") return Typing(dir);
  if (step == "autosave") return Autosave(dir);
  if (step == "size") {
    auto text = platform::ReadFile((dir / "note_text_bytes").string());
    Check(text.status(), "read note_text_bytes");
    const double plain = std::stod(std::string(text->begin(), text->end()));
    {
      auto a = OpenVault(dir / "a.vault");  // closing checkpoints the journal into the file
    }
    const double bytes = static_cast<double>(FileSize(dir / "a.vault") + FileSize(dir / "a.vault-wal"));
    std::printf("RESULT step=size vault_mb=%.1f text_mb=%.1f ratio=%.2f\n", bytes / 1e6, plain / 1e6, bytes / plain);
    return 0;
  }
  if (step == "bootstrap") {
    const fs::path c = dir / "c.vault";
    fs::remove(c);
    fs::remove(dir / "c.vault.key");
    fs::remove(dir / "c.vault-wal");
    fs::remove(dir / "c.vault-shm");
    const double base_mib = PeakMib();
    auto v = CreateVault(c, "Chloé");
    {
      auto a = OpenVault(dir / "a.vault");
      auto key = core::SyncStore(*a).TeamKey();
      Check(key.status(), "team key");
      Check(core::SyncStore(*v).SetTeamKey(**key, false), "team join");
    }
    auto t = std::chrono::steady_clock::now();
    const double cpu0 = CpuMs();
    auto s = sync::ImportBundleFile(*v, (dir / "full.bundle").string());
    const double ms = Ms(t), cpu = CpuMs() - cpu0;
    Check(s.status(), "bootstrap import");
    const double peak = PeakMib();
    if (std::getenv("SCALE_BENCH_NO_DUMP")) {  // profiling the import alone
      std::printf("RESULT step=bootstrap ms=%.0f cpu_ms=%.0f peak_mib=%.0f start_mib=%.0f ops=%zu same_dump=-1\n", ms, cpu,
                  peak, base_mib, s->applied);
      return 0;
    }
    // Same result: the shared-only dumps of the new device and of the source are identical.
    auto mine = core::CanonicalDump(*v, {.shared_only = true});
    Check(mine.status(), "dump new device");
    v.reset();
    auto a = OpenVault(dir / "a.vault");
    auto theirs = core::CanonicalDump(*a, {.shared_only = true});
    Check(theirs.status(), "dump source");
    std::printf("RESULT step=bootstrap ms=%.0f cpu_ms=%.0f peak_mib=%.0f start_mib=%.0f ops=%zu same_dump=%d\n", ms, cpu, peak, base_mib,
                s->applied, *mine == *theirs ? 1 : 0);
    return 0;
  }
  if (step == "pages") {
    // Where the bytes are (sqlite3_analyzer's accounting, from the dbstat table): per table and
    // index, pages, bytes, payload, and how many of the pages are overflow pages and how full they are.
    auto a = OpenVault(dir / "a.vault");
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(core::internal::Db(*a),
                       "SELECT name, count(*), sum(pgsize), sum(payload), sum(pagetype = 'overflow'), "
                       "sum(CASE WHEN pagetype = 'overflow' THEN payload ELSE 0 END), sum(unused) FROM dbstat "
                       "GROUP BY name ORDER BY 3 DESC",
                       -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
      std::printf("PAGES %-26s pages=%7d bytes=%10lld payload=%10lld overflow_pages=%6lld overflow_payload=%10lld unused=%10lld\n",
                  sqlite3_column_text(st, 0), sqlite3_column_int(st, 1), sqlite3_column_int64(st, 2),
                  sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5),
                  sqlite3_column_int64(st, 6));
    sqlite3_finalize(st);
    return 0;
  }
  auto a = OpenVault(dir / "a.vault");
  const double open_mib = PeakMib();
  auto t = std::chrono::steady_clock::now();
  const double cpu0 = CpuMs();
  if (step == "small-export" || step == "full-export") {
    const bool full = step == "full-export";
    sync::ExportSummary s;
    // A device never met gets everything shareable; Ben gets what he has not acknowledged.
    auto bytes = sync::ExportBundle(*a, full ? "new tablet" : "Ben", &s);
    const double ms = Ms(t);
    Check(bytes.status(), "export");
    if (full) Check(platform::WriteFileAtomic((dir / "full.bundle").string(), *bytes), "write bundle");
    std::printf("RESULT step=%s ms=%.1f cpu_ms=%.1f ops=%zu bytes=%zu peak_mib=%.0f\n", step.c_str(), ms, CpuMs() - cpu0, s.ops,
                s.bytes, PeakMib());
  } else if (step == "status") {
    auto s = sync::GetSyncStatus(*a);
    const double ms = Ms(t);
    Check(s.status(), "status");
    std::printf("RESULT step=status ms=%.1f cpu_ms=%.1f pending=%zu withheld=%zu\n", ms, CpuMs() - cpu0,
                s->peers.empty() ? 0 : s->peers[0].pending,
                s->peers.empty() ? 0 : s->peers[0].withheld);
  } else if (step == "screen") {
    // What opening the app's sync screen reads (ui/model/sync: SyncModel and SyncController):
    // the status with what a new device would receive, and the devices this vault can name.
    auto s = sync::GetSyncStatus(*a);
    Check(s.status(), "status");
    const sync::Shareable shareable = s->shareable;
    auto known = sync::KnownDevices(*a);
    Check(known.status(), "devices");
    const double ms = Ms(t);
    std::printf("RESULT step=screen ms=%.1f cpu_ms=%.1f shareable=%zu withheld=%zu\n", ms, CpuMs() - cpu0, shareable.ops,
                shareable.withheld);
  } else if (step == "check") {
    auto problems = a->Check();
    const double ms = Ms(t);
    Check(problems.status(), "check");
    std::printf("RESULT step=check ms=%.0f cpu_ms=%.0f problems=%zu peak_mib=%.0f open_mib=%.0f\n", ms, CpuMs() - cpu0,
                problems->size(), PeakMib(), open_mib);
  } else if (step == "dump") {
    // As `dump --canonical` runs: streamed to standard output (here a file, SCALE_DUMP_OUT, or
    // /dev/null), so the figure includes writing the text.
    const char* path = std::getenv("SCALE_DUMP_OUT");
    std::FILE* out = std::fopen(path ? path : "/dev/null", "wb");
    if (out == nullptr) return 1;
    size_t bytes = 0;
    Check(core::CanonicalDumpTo(*a, {},
                                [&](std::string_view piece) {
                                  bytes += piece.size();
                                  std::fwrite(piece.data(), 1, piece.size(), out);
                                }),
          "dump");
    std::fclose(out);
    const double ms = Ms(t);
    std::printf("RESULT step=dump ms=%.0f cpu_ms=%.0f bytes=%zu peak_mib=%.0f open_mib=%.0f\n", ms, CpuMs() - cpu0, bytes,
                PeakMib(), open_mib);
  } else {
    std::fprintf(stderr, "unknown step %s\n", step.c_str());
    return 64;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "gen") return Gen(argv[2], std::atoi(argv[3]));
  if (argc >= 3) return Step(argv[1], argv[2]);
  std::fprintf(stderr,
               "usage: scale_bench gen DIR PERCENT | scale_bench "
               "small-export|status|screen|full-export|bootstrap|check|dump|size|pages|typing|autosave DIR\n");
  return 64;
}
