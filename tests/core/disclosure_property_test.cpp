// The disclosure property test (issue 12, "Proof"). Over random dossiers (visits, notes, plan
// items, referrals, co-constructed reports, each holding a unique marker string) and random
// consent timelines (given in the past or the future, expired, withdrawn; mandates; état de
// nécessité overrides with and without a valid written reason), every disclosure attempt:
//  - succeeds iff a basis is in force, as computed here independently of the core;
//  - on success writes exactly one log entry; on refusal writes nothing (the vault's files are
//    byte-identical) and says kRefused;
//  - for an attendance attestation, neither the PDF's text (pdftotext) nor the packet's decrypted
//    payload ever holds a marker of a note, plan item, referral, visit place or report;
//  - the care handover (issue 15 part 6: health data, its fields holding markers too) appears in a
//    document's PDF text or packet only on a referral sheet that ticks it, under a care_handover
//    consent in force for that recipient and the person's agreement to share it with the
//    referral's service; an état de nécessité never stands in for them.
// Attestations sent to the maison de justice are imported there; its dump holds attendance
// facts only. PASSERELLE_PROPERTY_ITERATIONS=N dossiers (default 10), PASSERELLE_PROPERTY_SEED=S.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <set>

#include "../support/disclosure_fixture.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/disclosure.h"
#include "passerelle/core/disclosure_seal.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/exit_plan.h"
#include "passerelle/core/inbox.h"
#include "passerelle/core/reports.h"

using namespace passerelle;
using namespace passerelle::core;
using passerelle::testing::TempDir;

namespace {

constexpr const char* kMj = "Maison de justice de Mons";
const std::vector<std::string> kRecipients = {kMj, "CAW Brabantia", "SPS Haren"};
const std::vector<std::string> kScopes = {"attendance", "referral", "shared_notes", "exit_report", "co_report",
                                          "care_handover"};
constexpr int64_t kToday = 1'780'000'000'000;  // 2026-05-28 (UTC and Brussels)
const std::string kTodayIso = "2026-05-28";

uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v ? std::strtoull(v, nullptr, 10) : fallback;
}

std::string DayOffset(int days) {
  using namespace std::chrono;
  const sys_days d = sys_days(year{2026} / May / 28) + std::chrono::days(days);
  const year_month_day ymd(d);
  char buf[11];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

struct ConsentFact {
  std::string partner, scope, given, expires, withdrawn;
  bool InForce() const {
    return given <= kTodayIso && (expires.empty() || kTodayIso <= expires) && (withdrawn.empty() || kTodayIso < withdrawn);
  }
};

struct RandomDossier {
  std::string id, referral, shared_note, co_report;
  bool mandate = false, agreed = false;
  bool care_shareable = false;  // a care handover the person agreed to share with the referral's service
  std::string care_to;          // a recipient given both a referral and a care_handover consent, if any
  std::vector<ConsentFact> consents;
  std::vector<std::string> markers, care_markers;
  bool InForce(const std::string& to, const std::string& scope) const {
    for (const auto& c : consents)
      if (c.partner == to && c.scope == scope && c.InForce()) return true;
    return false;
  }
};

class Run {
 public:
  explicit Run(uint64_t seed) : rng_(seed) {
    passerelle::testing::Introduce(*service_, *mj_);
  }

  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool Chance(int percent) { return Pick(100) < percent; }
  std::string Marker() {
    std::string m = "MK" + std::to_string(++counter_) + "Q";
    for (int i = 0; i < 6; ++i) m += "ABCDEFGHJKMNPRSTVWXYZ"[Pick(21)];
    return m;
  }

  RandomDossier MakeDossier() {
    Vault& v = *service_;
    RandomDossier d;
    d.mandate = Chance(30);
    const std::string person = AddPerson(v, {{"name", "Personne " + std::to_string(counter_)},
                                             {"birth_date", "1991-02-03"}}).value();
    d.id = AddDossier(v, {{"person_id", person}, {"basis", d.mandate ? "mandate" : "voluntary"}}).value();
    auto mark = [&] { return d.markers.emplace_back(Marker()); };
    const char* outcomes[] = {"present", "justified_absence", "no_show", "ended_by_person", "risk_situation", ""};
    const char* kinds[] = {"individual", "tripartite", "case_consultation"};
    for (int i = 0, n = 1 + Pick(6); i < n; ++i) {
      FieldValues f{{"dossier_id", d.id}, {"date", DayOffset(-Pick(300))}, {"kind", kinds[Pick(3)]},
                    {"place", "Place " + mark()}};
      if (const char* o = outcomes[Pick(6)]; *o) f["outcome"] = o;
      REQUIRE(AddVisit(v, f, {}).ok());
    }
    for (int i = 0, n = 1 + Pick(4); i < n; ++i) {
      auto note = AddNote(v, {{"dossier_id", d.id}, {"scope", Chance(30) ? "private" : "service"},
                              {"body", "Entretien " + mark() + " difficile"}});
      REQUIRE(note.ok());
      d.shared_note = *note;  // a private one is refused as an excerpt: kept as a case of its own
    }
    // The last note is made a service note, so an excerpt of it needs shared_notes only.
    REQUIRE(UpdateRecord(v, d.shared_note, {{"scope", "service"}}).ok());
    const std::string plan = AddPlanItem(v, {{"dossier_id", d.id}, {"domain", "housing"}, {"goal", "But " + mark()},
                                             {"barriers", mark()}, {"levers", mark()}}).value();
    const std::string service = "svc-" + mark();
    d.referral = AddReferral(v, {{"plan_item_id", plan}, {"service_id", service}, {"comment", mark()}}).value();
    if (Chance(90)) {  // the care handover, its words markers of their own
      const char* agreements[] = {"yes", "yes", "yes", "no", "not_asked"};
      const std::string agreed = agreements[Pick(5)];
      const bool same_service = Chance(85);
      auto care_mark = [&] { return d.care_markers.emplace_back(Marker()); };
      REQUIRE(SetCareHandover(v, d.id, {{"treatment_continues", "yes"}, {"treatment", "Traitement " + care_mark()},
                                        {"prescriber", "Dr " + care_mark()}, {"service_id", same_service ? service : "svc-other"},
                                        {"sharing_agreed", agreed}})
                  .ok());
      d.care_shareable = agreed == "yes" && same_service;
    }
    REQUIRE(SetExitReport(v, d.id, {{"residual_risk", mark()}, {"return_risk", mark()}}).ok());
    d.co_report = AddCoReport(v, {{"dossier_id", d.id}, {"title", mark()}}).value();
    REQUIRE(AddCoReportPassage(v, d.co_report, "person", mark()).ok());
    REQUIRE(AddCoReportPassage(v, d.co_report, "worker", mark()).ok());
    d.agreed = Chance(60);
    if (d.agreed) REQUIRE(RecordCoReportAgreement(v, d.co_report, kTodayIso, "signed").ok());
    // Half the dossiers give one recipient both a referral and a care_handover consent in force,
    // so sheets carrying the care handover are made (and checked) as well as refused.
    if (Chance(50)) {
      const std::string to = d.care_to = kRecipients[Pick(3)];
      for (const char* scope : {"referral", "care_handover"}) {
        REQUIRE(AddConsent(v, {{"dossier_id", d.id}, {"partner", to}, {"scope", scope}, {"given_on", DayOffset(-10)}}).ok());
        d.consents.push_back({to, scope, DayOffset(-10), "", ""});
      }
    }
    for (int i = 0, n = 2 + Pick(9); i < n; ++i) {
      ConsentFact c{kRecipients[Pick(3)], kScopes[Pick(6)], DayOffset(Pick(260) - 230), "", ""};
      FieldValues f{{"dossier_id", d.id}, {"partner", c.partner}, {"scope", c.scope}, {"given_on", c.given}};
      if (Chance(35)) f["expires_on"] = c.expires = DayOffset(Pick(260) - 230 + 0);
      if (!c.expires.empty() && c.expires < c.given) f["expires_on"] = c.expires = c.given;
      auto id = AddConsent(v, f);
      REQUIRE_MESSAGE(id.ok(), id.status().message());
      if (Chance(30)) {
        c.withdrawn = DayOffset(Pick(260) - 230);
        if (c.withdrawn < c.given) c.withdrawn = c.given;
        REQUIRE(WithdrawConsent(v, *id, c.withdrawn).ok());
      }
      d.consents.push_back(c);
    }
    return d;
  }

  void Attempt(const RandomDossier& d) {
    DisclosureRequest r;
    const int kind = Pick(4);
    r.kind = kind == 0 ? DocumentKind::kAttendance
             : kind == 1 ? DocumentKind::kReferral
             : kind == 2 ? DocumentKind::kExitReport
                         : DocumentKind::kCoReport;
    r.dossier_id = d.id;
    r.recipient = kRecipients[Pick(3)];
    // A referral goes more often to the recipient with a care_handover consent, when there is one.
    if (kind == 1 && !d.care_to.empty() && Chance(60)) r.recipient = d.care_to;
    const int necessity = Pick(100);
    bool valid_reason = false, short_reason = false;
    if (necessity < 12) {
      r.necessity_reason = "Imminent danger to a third person, reported this morning.";
      valid_reason = true;
    } else if (necessity < 16) {
      r.necessity_reason = "urgent";
      short_reason = true;
    }
    const std::string scope = kScopes[kind == 0 ? 0 : kind == 1 ? 1 : kind == 2 ? 3 : 4];
    bool expect = d.InForce(r.recipient, scope) || valid_reason ||
                  (kind == 0 && d.mandate && r.recipient == kMj);
    bool care = false;
    if (kind == 1) {
      r.referral_id = d.referral;
      if (Chance(40)) {
        r.note_ids = {d.shared_note};
        expect = expect && (d.InForce(r.recipient, "shared_notes") || valid_reason);
      }
      if (Chance(60)) {  // the care handover: its own consent and the person's agreement, no override
        care = true;
        r.ticked_fields = {"care_handover"};
        expect = expect && d.InForce(r.recipient, "care_handover") && d.care_shareable;
      }
    }
    if (kind == 3) expect = expect && d.agreed;
    if (short_reason) expect = false;
    CAPTURE(d.id);
    CAPTURE(r.recipient);
    CAPTURE(scope);
    CAPTURE(valid_reason);
    CAPTURE(care);

    const std::string before = passerelle::testing::VaultBytes(*service_);
    const size_t log_before = DisclosureLog(*service_, std::nullopt)->size();
    auto result = Disclose(*service_, r);
    const size_t log_after = DisclosureLog(*service_, std::nullopt)->size();
    CHECK_MESSAGE(result.ok() == expect, (result.ok() ? std::string("succeeded") : result.status().message()));
    if (!result.ok()) {
      ++refusals_;
      CHECK(result.status().code() == Code::kRefused);
      CHECK(log_after == log_before);
      CHECK(passerelle::testing::VaultBytes(*service_) == before);
      return;
    }
    ++successes_;
    CHECK(log_after == log_before + 1);
    const std::string text = passerelle::testing::PdfText(dir_, result->pdf);
    CHECK(text.find("Personne") != std::string::npos);  // the extraction works
    // The care handover's words: on a ticked referral sheet only (it succeeded, so it was allowed).
    for (const auto& m : d.care_markers) CHECK_MESSAGE((text.find(m) != std::string::npos) == care, m);
    if (care) ++care_sheets_;
    std::string payload;
    if (!result->packet.empty()) {
      REQUIRE(r.recipient == kMj);
      auto opened = OpenPacket(*mj_, result->packet);
      REQUIRE_MESSAGE(opened.ok(), opened.status().message());
      payload = opened->payload_json;
      for (const auto& m : d.care_markers) CHECK_MESSAGE((payload.find(m) != std::string::npos) == care, m);
    }
    if (r.kind != DocumentKind::kAttendance) return;
    ++attestations_;
    for (const auto& m : d.markers) CHECK_MESSAGE(text.find(m) == std::string::npos, m);
    if (r.recipient != kMj) return;
    REQUIRE(!result->packet.empty());
    for (const auto& m : d.markers) CHECK_MESSAGE(payload.find(m) == std::string::npos, m);
    REQUIRE(ImportAttendancePacket(*mj_, result->packet).ok());
    ++imported_;
  }

  void Finish(const std::vector<RandomDossier>& dossiers) {
    auto dump = CanonicalDump(*mj_, {});
    REQUIRE(dump.ok());
    for (const auto& d : dossiers) {
      for (const auto& m : d.markers) CHECK_MESSAGE(dump->find(m) == std::string::npos, m);
      for (const auto& m : d.care_markers) CHECK_MESSAGE(dump->find(m) == std::string::npos, m);
    }
    for (const char* kind : {"person", "dossier", "visit", "note", "plan_item", "referral", "consent", "exit_report",
                             "co_report", "co_report_passage", "disclosure_log"})
      CHECK_MESSAGE(dump->find("\"" + std::string(kind) + "\": []") != std::string::npos, kind);
    CHECK(ListReceived(*mj_)->size() == imported_);
    MESSAGE("disclosure attempts: " << successes_ << " succeeded (" << attestations_ << " attestations, " << imported_
                                    << " imported by the maison de justice, " << care_sheets_
                                    << " referral sheets with the care handover), " << refusals_ << " refused");
    CHECK(successes_ > 0);
    CHECK(refusals_ > 0);
    // The allowed care case is rare under random timelines (the default seed makes none); it is
    // checked deterministically in core_exit_plan_disclosure_test and ui_disclosure_test.
  }

 private:
  std::mt19937_64 rng_;
  TempDir dir_;
  platform::FakeClock clock_{kToday};
  std::unique_ptr<Vault> service_ = passerelle::testing::MakeVault(dir_, "service.vault", &clock_, "CAPREV");
  std::unique_ptr<Vault> mj_ = passerelle::testing::MakeVault(dir_, "mj.vault", &clock_, kMj, "maison_de_justice");
  int counter_ = 0;
  size_t successes_ = 0, refusals_ = 0, attestations_ = 0, imported_ = 0, care_sheets_ = 0;
};

}  // namespace

TEST_CASE("a disclosure succeeds iff a basis is in force; attestations never carry a marker") {
  const uint64_t seed = EnvOr("PASSERELLE_PROPERTY_SEED", 20261204);
  const uint64_t dossiers = EnvOr("PASSERELLE_PROPERTY_ITERATIONS", 10);
  CAPTURE(seed);
  Run run(seed);
  std::vector<RandomDossier> made;
  for (uint64_t i = 0; i < dossiers; ++i) {
    made.push_back(run.MakeDossier());
    for (int k = 0; k < 8; ++k) run.Attempt(made.back());
  }
  run.Finish(made);
}
