// The app's disclosure features without a window (issue 12 part 7): DisclosureController behind
// AppController over a real demo vault, intents as the screens push them. The core decides; these
// tests check that the app asks it, shows its answer (the refusal naming the missing consent, the
// preview of exactly what leaves), writes nothing on refusal, and logs each document produced.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "app_controller.h"
#include "demo_vault.h"
#include "load_i18n.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/disclosure.h"
#include "passerelle/core/reports.h"
#include "showcase.h"
#include "support/disclosure_fixture.h"
#include "support/temp_dir.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

struct Fixture {
  testing::TempDir dir;
  std::string path = dir.File("demo.vault");
  platform::FakeClock clock{1'000'000};
  I18n i18n = testing::LoadI18n();
  std::unique_ptr<AppController> app;

  Fixture() {
    REQUIRE(demo::CreateDemoVault(path).ok());
    AppConfig config;
    config.vault_path = path;
    config.timers_clock = &clock;
    app = std::make_unique<AppController>(config, i18n);
    REQUIRE(app->UnlockWith(platform::SecureBuffer::FromString(demo::kDemoPassphrase)).ok());
    REQUIRE(ShowcaseScreen(*app, Screen::kDossier).ok());
  }
  template <typename... I>
  void Do(I... intents) {
    UiIntents out;
    (out.Push(std::move(intents)), ...);
    app->Apply(out);
  }
  const DisclosureModel& m() const { return app->disclosure(); }
  const DisclosureDialog& d() const { return app->disclosure().dialog(); }
  std::string dossier() const { return app->dossier().dossier_id(); }
  size_t LogSize() {
    auto log = core::DisclosureLog(*app->vault(), dossier());
    REQUIRE(log.ok());
    return log->size();
  }
  std::string PreviewText() const {
    std::string all;
    if (!d().preview) return all;
    all += d().preview->title + "\n";
    for (const auto& [k, v] : d().preview->header) all += k + ": " + v + "\n";
    for (const auto& b : d().preview->blocks) {
      all += b.label + " " + b.text;
      for (const auto& c : b.cells) all += " " + c;
      all += "\n";
    }
    return all;
  }
};

}  // namespace

TEST_CASE("consent states: in force, not yet, expired, withdrawn (the core's ActiveOn decides in force)") {
  core::Consent c{"con-1", "dos-1", "CAW", "referral", "2026-03-01", "2026-09-30", ""};
  CHECK(ConsentStateOn(c, "2026-05-01") == ConsentView::State::kInForce);
  CHECK(ConsentStateOn(c, "2026-02-28") == ConsentView::State::kNotYetInForce);
  CHECK(ConsentStateOn(c, "2026-10-01") == ConsentView::State::kExpired);
  c.withdrawn_on = "2026-06-01";
  CHECK(ConsentStateOn(c, "2026-05-31") == ConsentView::State::kInForce);
  CHECK(ConsentStateOn(c, "2026-06-02") == ConsentView::State::kWithdrawn);
  CHECK(std::string(ConsentStateId(ConsentView::State::kWithdrawn)) == "withdrawn");
}

TEST_CASE("the Disclosures tab follows the open case file and lists its log, newest first") {
  Fixture f;
  REQUIRE(f.m().loaded());
  CHECK(f.m().dossier_id() == f.dossier());
  // The demo sent one attendance attestation to the maison de justice.
  REQUIRE(f.m().log().size() == 1);
  CHECK(f.m().log().front().kind == "attendance");
  CHECK(f.m().log().front().recipient == "Maison de justice");
  CHECK_FALSE(f.m().log().front().field_categories.empty());
  // Another case file: the tab follows it.
  auto rows = f.app->cases().visible();
  REQUIRE(rows.size() > 1);
  f.Do(intent::OpenDossier{rows[1]->dossier_id});
  CHECK(f.m().dossier_id() == rows[1]->dossier_id);
}

TEST_CASE("consent screen: each consent with its state; withdrawn and in force both shown") {
  Fixture f;
  f.Do(intent::OpenConsents{});
  REQUIRE(f.app->ui().screen == Screen::kConsents);
  bool withdrawn = false, in_force = false;
  for (const auto& c : f.m().consents()) {
    if (c.state == ConsentView::State::kWithdrawn) withdrawn = true;
    if (c.state == ConsentView::State::kInForce) in_force = true;
  }
  CHECK(withdrawn);
  CHECK(in_force);
  f.Do(intent::Navigate{Screen::kDossier});
  CHECK(f.app->ui().screen == Screen::kDossier);
}

TEST_CASE("attestation: a refusal names the missing consent, writes nothing, and Confirm stays off") {
  Fixture f;
  f.Do(intent::OpenDisclosure{DisclosureKind::kAttendance, {}});
  REQUIRE(f.d().open);
  CHECK(f.d().recipient == "Maison de justice");  // the partner of the attendance consent comes first
  CHECK(f.d().from_date == f.app->dossier().summary().dossier.opened_on);
  // Typed dates: refused text says so and blocks the preview; the Belgian form is read.
  f.Do(intent::SetDisclosurePeriod{false, SecretText("31/02/2026")});
  CHECK(f.d().error_key == "disclosure.bad_date");
  CHECK_FALSE(f.d().CanPreview());
  f.Do(intent::SetDisclosurePeriod{false, SecretText("02/03/2026")});
  CHECK(f.d().from_date == "2026-03-02");
  CHECK(f.d().error_key.empty());
  // A recipient not offered is ignored; a partner with no attendance consent is refused by the core.
  f.Do(intent::SetDisclosureRecipient{"Nobody we know"});
  CHECK(f.d().recipient == "Maison de justice");
  // The person withdraws the attendance consent: nothing is in force for the maison de justice.
  REQUIRE(f.app->dossier().summary().dossier.basis == "voluntary");  // no mandate either
  auto detail = core::ShowDossier(*f.app->vault(), f.dossier());
  REQUIRE(detail.ok());
  for (const auto& c : detail->consents)
    if (c.scope == "attendance" && c.withdrawn_on.empty())
      REQUIRE(core::WithdrawConsent(*f.app->vault(), c.id, f.app->Today()).ok());
  auto before = testing::Snapshot(f.dir.path());
  auto version_before = f.app->vault()->Version();
  REQUIRE(version_before.ok());
  size_t log_before = f.LogSize();
  f.Do(intent::PreviewDisclosure{});
  CHECK_FALSE(f.d().preview.has_value());
  REQUIRE_FALSE(f.d().refusal.empty());
  CHECK(f.d().refusal.find("Maison de justice") != std::string::npos);  // names what is missing
  CHECK(f.d().refusal.find("attendance") != std::string::npos);
  CHECK_FALSE(f.d().CanConfirm());
  f.Do(intent::ConfirmDisclosure{});
  CHECK_FALSE(f.d().done.has_value());
  CHECK(f.LogSize() == log_before);
  auto version_after = f.app->vault()->Version();
  REQUIRE(version_after.ok());
  CHECK(*version_after == *version_before);
  // The vault and its write-ahead log are byte-identical; "-shm" is SQLite's shared-memory index,
  // which readers update.
  auto after = testing::Snapshot(f.dir.path());
  CHECK(after.size() == before.size());
  for (const auto& [file, bytes] : after) {
    if (file.size() >= 4 && file.compare(file.size() - 4, 4, "-shm") == 0) continue;
    CAPTURE(file);
    CHECK((before.count(file) == 1 && before[file] == bytes));
  }
}

TEST_CASE("attestation: preview shows what leaves (no note text), confirm produces a PDF and one log entry") {
  Fixture f;
  auto notes = core::ListNotes(*f.app->vault(), f.dossier());
  REQUIRE(notes.ok());
  REQUIRE_FALSE(notes->empty());
  f.Do(intent::OpenDisclosure{DisclosureKind::kAttendance, {}});
  CHECK_FALSE(f.d().CanConfirm());  // nothing previewed yet
  f.Do(intent::PreviewDisclosure{});
  INFO(f.d().refusal);
  REQUIRE(f.d().preview.has_value());
  std::string text = f.PreviewText();
  CHECK(text.find(f.app->dossier().summary().person.name) != std::string::npos);
  for (const auto& n : *notes) CHECK(text.find(n.body.substr(0, 30)) == std::string::npos);
  CHECK_FALSE(f.d().preview->basis_sentence.empty());
  // Any change drops the preview: Confirm sends only what was last shown.
  f.Do(intent::SetDisclosureLanguage{"nl"});
  CHECK_FALSE(f.d().preview.has_value());
  CHECK_FALSE(f.d().CanConfirm());
  f.Do(intent::PreviewDisclosure{});
  REQUIRE(f.d().preview.has_value());
  size_t before = f.LogSize();
  f.Do(intent::ConfirmDisclosure{});
  INFO(f.d().refusal);
  REQUIRE(f.d().done.has_value());
  CHECK(f.LogSize() == before + 1);
  CHECK(f.m().log().size() == before + 1);  // the tab shows it at once
  CHECK(f.m().log().front().id == f.d().done->log_entry_id);
  CHECK_FALSE(f.d().done->verification_code.empty());
  CHECK(std::filesystem::exists(f.d().done->pdf_path));
  CHECK(std::filesystem::path(f.d().done->pdf_path).parent_path() == f.dir.path());
  f.Do(intent::CloseDisclosure{});
  CHECK_FALSE(f.d().open);
}

TEST_CASE("referral sheet: opened from the plan's referral, ticks only the core's fields, previews them") {
  Fixture f;
  auto rows = f.app->cases().visible();
  f.Do(intent::OpenDossier{rows[1]->dossier_id});  // the demo's second case file has a referral consent
  std::string referral;
  for (const auto& g : f.app->dossier().plan())
    for (const auto& e : g.entries)
      for (const auto& r : e.referrals) referral = r.referral.id;
  REQUIRE_FALSE(referral.empty());
  f.Do(intent::OpenDisclosure{DisclosureKind::kReferral, "ref-does-not-exist"});
  CHECK_FALSE(f.d().open);
  f.Do(intent::OpenDisclosure{DisclosureKind::kReferral, referral});
  REQUIRE(f.d().open);
  CHECK(f.d().recipient == "Housing First Belgium");  // the referral's service
  REQUIRE_FALSE(f.d().tickable.empty());
  f.Do(intent::ToggleDisclosureField{"note.body"});  // not on the core's list: ignored
  CHECK(f.d().ticked.empty());
  f.Do(intent::ToggleDisclosureField{"plan_item.levers"});
  CHECK(f.d().Ticked("plan_item.levers"));
  f.Do(intent::PreviewDisclosure{});
  INFO(f.d().refusal);
  REQUIRE(f.d().preview.has_value());
  CHECK(f.PreviewText().find(f.app->dossier().plan().front().entries.front().item.levers) != std::string::npos);
  f.Do(intent::ToggleDisclosureField{"plan_item.levers"});  // unticked: the preview goes, and so do the levers
  CHECK_FALSE(f.d().preview.has_value());
  f.Do(intent::PreviewDisclosure{});
  REQUIRE(f.d().preview.has_value());
  CHECK(f.PreviewText().find(f.app->dossier().plan().front().entries.front().item.levers) == std::string::npos);
}

TEST_CASE("exit report editor: 004's headings, typed text saved on Save and on leaving, wiped on lock") {
  Fixture f;
  f.Do(intent::OpenExitReport{});
  REQUIRE(f.app->ui().screen == Screen::kExitReport);
  REQUIRE(f.m().exit_report().sections.size() == core::kExitReportSections.size());
  CHECK(f.m().exit_report().sections.front().first == "residual_risk");
  f.Do(intent::SetExitReportSection{"return_risk", SecretText("Risque faible, entourage présent.")});
  CHECK(f.m().exit_report_dirty());
  f.Do(intent::SaveExitReport{});
  CHECK_FALSE(f.m().exit_report_dirty());
  auto saved = core::GetExitReport(*f.app->vault(), f.dossier());
  REQUIRE(saved.ok());
  REQUIRE(saved->has_value());
  CHECK((*saved)->Section("return_risk") == "Risque faible, entourage présent.");
  // Leaving the screen keeps what was typed.
  f.Do(intent::SetExitReportSection{"help_and_contact", SecretText("Appeler le lundi.")});
  f.Do(intent::Navigate{Screen::kCases});
  saved = core::GetExitReport(*f.app->vault(), f.dossier());
  CHECK((*saved)->Section("help_and_contact") == "Appeler le lundi.");
  f.Do(intent::OpenDossier{f.dossier()}, intent::OpenExitReport{});
  f.app->Lock();
  CHECK(f.m().exit_report().sections.empty());
  CHECK_FALSE(f.m().loaded());
}

TEST_CASE("co-constructed report: the person's words marked, agreement recorded, an edit asks for it again") {
  Fixture f;
  f.Do(intent::OpenCoReport{});
  REQUIRE(f.app->ui().screen == Screen::kCoReport);
  size_t n = f.m().co_report().passages.size();
  f.Do(intent::AddCoReportPassage{true}, intent::SetCoReportPassage{n, SecretText("Je tiens à mon logement.")});
  CHECK(f.m().co_report().passages[n].person_words);
  f.Do(intent::SaveCoReport{});
  auto reports = core::ListCoReports(*f.app->vault(), f.dossier());
  REQUIRE(reports.ok());
  REQUIRE(reports->size() == 1);
  const auto& passages = reports->front().passages;
  REQUIRE(passages.size() == n + 1);
  CHECK(passages.back().voice == "person");
  CHECK(passages.back().text == "Je tiens à mon logement.");
  CHECK_FALSE(f.m().co_report().agreement_current);  // changed after the demo's agreement
  // The agreement needs a date and how it was given.
  f.Do(intent::SetAgreementHow{"by pigeon"});
  CHECK(f.m().agreement_how().empty());
  f.Do(intent::SetAgreementDate{SecretText("03/12/2026")}, intent::RecordAgreement{});
  CHECK(f.m().editor_error_key() == "disclosure.co.agreement_incomplete");
  f.Do(intent::SetAgreementHow{"signed"}, intent::RecordAgreement{});
  CHECK(f.m().editor_error_key().empty());
  CHECK(f.m().co_report().agreement_current);
  CHECK(f.m().co_report().agreed_on == "2026-12-03");
  // Marking a passage as the worker's changes the report: the agreement no longer covers it.
  f.Do(intent::MarkPersonWords{n, false}, intent::SaveCoReport{});
  CHECK_FALSE(f.m().co_report().agreement_current);
  // And the core refuses to send it, with its one sentence.
  f.Do(intent::OpenDisclosure{DisclosureKind::kCoReport, {}}, intent::PreviewDisclosure{});
  CHECK_FALSE(f.d().preview.has_value());
  CHECK(f.d().refusal.find("agreed") != std::string::npos);
}

TEST_CASE("the refer dialog no longer says information will be passed on") {
  I18n i18n = testing::LoadI18n();
  for (const char* lang : {"en", "fr", "nl"}) {
    CAPTURE(lang);
    REQUIRE(i18n.SetLanguage(lang));
    std::string rule = i18n.T("directory.refer_rule");
    for (const char* claim : {"will be passed on", "sera transmis", "wordt doorgegeven."}) CHECK(rule.find(claim) == std::string::npos);
  }
  REQUIRE(i18n.SetLanguage("en"));
  CHECK(std::string(i18n.T("directory.refer_rule")).find("nothing is sent") != std::string::npos);
}

TEST_CASE("showcase names for the disclosure screens") {
  Fixture f;
  for (const char* name : {"disclosures", "attestation", "referral_sheet", "exit_report", "co_report", "consents"}) {
    CAPTURE(name);
    CHECK(IsShowcaseName(name));
    CHECK(ShowcaseNamed(*f.app, name).ok());
  }
  CHECK_FALSE(IsShowcaseName("nope"));
  REQUIRE(ShowcaseNamed(*f.app, "attestation").ok());
  CHECK(f.d().open);
  CHECK(f.d().preview.has_value());
  CHECK(f.app->ui().dossier_tab == "disclosures");
}

// Issue 15 part 6, golden words: a referral sheet carrying the care handover (its consent and the
// person's agreement for the referral's service in place), with the app's translations, read back
// from the PDF in French and in Dutch: the section's heading, its sensitivity notice, each label
// and value, and the vocabulary in the reader's language.
TEST_CASE("referral sheet with the care handover, in French and in Dutch, read back from the PDF") {
  passerelle::testing::DisclosureWorld w;
  const I18n i18n = testing::LoadI18n();
  w.Consent("CAW Brabantia", "referral");
  w.Consent("CAW Brabantia", "care_handover");
  REQUIRE(core::SetCareHandover(*w.service, w.dossier,
                                {{"treatment_continues", "yes"}, {"treatment", "Méthadone 40 mg"},
                                 {"prescriber", "Dr Lambert"}, {"first_appointment", "2026-07-01"},
                                 {"service_id", "svc-1"}, {"sharing_agreed", "yes"}})
              .ok());
  struct Golden {
    const char* language;
    std::vector<std::string> lines;
  };
  const Golden goldens[] = {
      {"fr",
       {"Fiche d’orientation", "Relais des soins", "Données de santé, transmises", "Un traitement commencé",
        "Oui", "Traitement", "Méthadone 40 mg", "Qui le prescrit", "Dr Lambert", "Premier rendez-vous",
        "01/07/2026"}},
      {"nl",
       {"Doorverwijsfiche", "Overdracht van de zorg", "Gezondheidsgegevens, doorgegeven", "Moet een",
        "Ja", "Behandeling", "Méthadone 40 mg", "Wie schrijft ze", "Dr Lambert", "Eerste afspraak buiten",
        "01/07/2026"}},
  };
  for (const auto& g : goldens) {
    CAPTURE(g.language);
    core::DisclosureRequest r = w.Request(core::DocumentKind::kReferral, "CAW Brabantia");
    r.referral_id = w.referral;
    r.ticked_fields = {"care_handover"};
    r.language = g.language;
    r.words = [&i18n](std::string_view language, std::string_view key) {
      const auto& table = i18n.table(language);
      auto it = table.find(key);
      return it != table.end() ? it->second : std::string(key);
    };
    auto done = core::Disclose(*w.service, r);
    REQUIRE_MESSAGE(done.ok(), done.status().message());
    const std::string text = passerelle::testing::PdfText(w.dir, done->pdf);
    for (const auto& line : g.lines) CHECK_MESSAGE(text.find(line) != std::string::npos, line);
    CHECK(text.find("svc-1") == std::string::npos);
    CHECK(text.find("disclosure_document.") == std::string::npos);  // every word translated
    CHECK(text.find("exit_plan.") == std::string::npos);
  }
}
