// The one path out (issue 12 parts 3, 5, 6): the allow-list of each document kind as a table,
// refusals that write nothing, the grow-only disclosure log (Apply refuses edits and deletes,
// local or merged), "disclosed under a consent since withdrawn", the exit report and the
// co-constructed report (the person's agreement, tied to the passages), the access copy without
// other workers' private notes, and the maison de justice's inbox.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "../support/disclosure_fixture.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/consent.h"
#include "passerelle/core/disclosure.h"
#include "passerelle/core/disclosure_seal.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/inbox.h"
#include "passerelle/core/model.h"
#include "passerelle/core/reports.h"

using namespace passerelle;
using namespace passerelle::core;
using passerelle::testing::TempDir;

namespace {

constexpr const char* kMj = passerelle::testing::kMaisonDeJustice;
using World = passerelle::testing::DisclosureWorld;
std::string AllText(const DisclosureDocument& d) { return passerelle::testing::DocumentText(d); }

const char* kMarkers[] = {"NOTEMARK", "GOALMARK", "BARRIERMARK", "LEVERMARK", "COMMENTMARK", "PLACEMARK", "ALIASMARK",
                          "svc-1"};

}  // namespace

TEST_CASE("the attendance attestation carries the allowed fields and nothing else") {
  World w;
  w.Consent(kMj, "attendance");
  auto r = w.Request(DocumentKind::kAttendance);
  r.from_date = "01/04/2026";
  auto p = PreviewDisclosure(*w.service, r);
  REQUIRE_MESSAGE(p.ok(), p.status().message());
  const std::set<std::string> categories(p->field_categories.begin(), p->field_categories.end());
  CHECK(categories == std::set<std::string>{"dossier.id", "person.birth_date", "person.name", "visit.date",
                                            "visit.kind", "visit.outcome"});
  for (const auto& id : p->record_ids) {
    const auto type = SpecForId(id)->type;
    CHECK((type == EntityType::kPerson || type == EntityType::kDossier || type == EntityType::kVisit));
  }
  const std::string text = AllText(p->document);
  for (const char* m : kMarkers) CHECK_MESSAGE(text.find(m) == std::string::npos, m);
  CHECK(text.find("2026-05-04") == std::string::npos);  // dates as DD/MM/YYYY
  CHECK(text.find("04/05/2026") != std::string::npos);
  CHECK(text.find("11/05/2026") != std::string::npos);
  CHECK(text.find("01/03/2026") == std::string::npos);  // before the period
  CHECK(text.find("Zoë Peeters") != std::string::npos);

  auto done = Disclose(*w.service, r);
  REQUIRE_MESSAGE(done.ok(), done.status().message());
  const std::string pdf_text = passerelle::testing::PdfText(w.dir, done->pdf);
  for (const char* m : kMarkers) CHECK_MESSAGE(pdf_text.find(m) == std::string::npos, m);
  CHECK(pdf_text.find("Zoë Peeters") != std::string::npos);
  CHECK(pdf_text.find(done->verification_code) != std::string::npos);
  REQUIRE(!done->packet.empty());  // the maison de justice has a card here
  auto verified = VerifyFile(done->pdf);
  REQUIRE_MESSAGE(verified.ok(), verified.status().message());
  CHECK(verified->statement.kind == "attendance");
  CHECK(verified->statement.verification_code == done->verification_code);
  CHECK(verified->statement.content_hash == done->content_hash);  // a PDF is matched to its log entry
}

TEST_CASE("no basis: refused in one sentence naming the recipient, nothing written") {
  World w;
  w.Consent("CAW Brabantia", "attendance");  // another partner
  w.Consent(kMj, "referral");                // another scope
  const std::string before = passerelle::testing::VaultBytes(*w.service);
  auto done = Disclose(*w.service, w.Request(DocumentKind::kAttendance));
  REQUIRE_FALSE(done.ok());
  CHECK(done.status().code() == Code::kRefused);
  CHECK(done.status().message().find(kMj) != std::string::npos);
  CHECK(passerelle::testing::VaultBytes(*w.service) == before);
  auto log = DisclosureLog(*w.service, w.dossier);
  REQUIRE(log.ok());
  CHECK(log->empty());
  // A preview of a refused disclosure is refused the same way.
  CHECK(PreviewDisclosure(*w.service, w.Request(DocumentKind::kAttendance)).status().code() == Code::kRefused);
}

TEST_CASE("one log entry per disclosure, with its facts; a withdrawn consent is shown as such") {
  World w;
  const std::string consent = w.Consent(kMj, "attendance");
  const int64_t ops_before = passerelle::testing::OpLogSize(*w.service);
  auto done = Disclose(*w.service, w.Request(DocumentKind::kAttendance));
  REQUIRE_MESSAGE(done.ok(), done.status().message());
  CHECK(passerelle::testing::OpLogSize(*w.service) > ops_before);
  auto log = DisclosureLog(*w.service, w.dossier);
  REQUIRE(log.ok());
  REQUIRE(log->size() == 1);
  const auto& e = log->front();
  CHECK(e.id == done->log_entry_id);
  CHECK(e.kind == "attendance");
  CHECK(e.recipient == kMj);
  CHECK(e.worker == "Ana");
  CHECK(e.device == std::to_string(w.service->replica()));
  CHECK(e.basis == "consent");
  CHECK(e.consent_id == consent);
  CHECK(e.content_hash == done->content_hash);
  CHECK(e.verification_code == done->verification_code);
  CHECK(std::count(e.field_categories.begin(), e.field_categories.end(), "visit.outcome") == 1);
  CHECK_FALSE(e.basis_since_withdrawn);

  REQUIRE(WithdrawConsent(*w.service, consent, "2026-05-28").ok());
  log = DisclosureLog(*w.service, std::nullopt);
  REQUIRE(log.ok());
  REQUIRE(log->size() == 1);
  CHECK(log->front().basis_since_withdrawn);
  // ... and nothing more leaves under it.
  CHECK(Disclose(*w.service, w.Request(DocumentKind::kAttendance)).status().code() == Code::kRefused);
  CHECK(DisclosureLog(*w.service, w.dossier)->size() == 1);
}

TEST_CASE("the disclosure log is grow-only: Apply refuses edits and deletes, local or merged") {
  World w;
  w.Consent(kMj, "attendance");
  auto done = Disclose(*w.service, w.Request(DocumentKind::kAttendance));
  REQUIRE(done.ok());
  const std::string id = done->log_entry_id;
  const std::string before = passerelle::testing::VaultBytes(*w.service);
  auto refused = [&](std::vector<Op> ops) {
    auto st = w.service->Apply(std::move(ops)).status();
    CHECK_FALSE(st.ok());
    CHECK(passerelle::testing::VaultBytes(*w.service) == before);
  };
  refused({SetField(id, "recipient", "Police")});
  refused({SetField(id, "recipient", std::nullopt)});
  refused({SetField(id, std::string(kDeletedField), "1")});
  CHECK_FALSE(DeleteRecord(*w.service, id).ok());
  CHECK_FALSE(UpdateRecord(*w.service, id, {{"recipient", "Police"}}).ok());
  // A merged op from another device that rewrites an entry is refused whole as well.
  Op remote = SetField(id, "kind", "referral");
  remote.id = {0x77, 1};
  remote.hlc = 1;
  refused({remote});
  // A brand-new entry written once, whole, is what the kind accepts (sync delivers exactly that).
  const std::string fresh = Vault::NewEntityId("dis");
  CHECK(w.service->Apply({SetField(fresh, "dossier_id", w.dossier), SetField(fresh, "at", "2026-05-28T10:00:00Z"),
                          SetField(fresh, "worker", "Ana"), SetField(fresh, "device", "1"),
                          SetField(fresh, "recipient", "X"), SetField(fresh, "kind", "attendance"),
                          SetField(fresh, "basis", "necessity"), SetField(fresh, "content_hash", "h")})
            .ok());
  // ... but the same field twice in one call is not.
  const std::string twice = Vault::NewEntityId("dis");
  CHECK_FALSE(w.service->Apply({SetField(twice, "recipient", "A"), SetField(twice, "recipient", "B")}).ok());
}

TEST_CASE("the état de nécessité needs a written reason, is in red and logged") {
  World w;
  auto r = w.Request(DocumentKind::kAttendance, "Police de Mons");
  r.necessity_reason = "short";
  CHECK(Disclose(*w.service, r).status().code() == Code::kRefused);
  r.necessity_reason = "Threat of violence against a named person, reported today.";
  auto p = PreviewDisclosure(*w.service, r);
  REQUIRE_MESSAGE(p.ok(), p.status().message());
  CHECK(p->necessity);
  CHECK(std::any_of(p->document.blocks.begin(), p->document.blocks.end(),
                    [](const DocumentBlock& b) { return b.kind == DocumentBlock::Kind::kNotice; }));
  auto done = Disclose(*w.service, r);
  REQUIRE(done.ok());
  auto log = DisclosureLog(*w.service, w.dossier);
  REQUIRE(log->size() == 1);
  CHECK(log->front().basis == "necessity");
  CHECK(log->front().basis_text == *r.necessity_reason);
}

TEST_CASE("under a judicial mandate, attendance goes to the maison de justice without a separate consent") {
  World w;
  REQUIRE(UpdateRecord(*w.service, w.dossier, {{"basis", "mandate"}}).ok());
  auto done = Disclose(*w.service, w.Request(DocumentKind::kAttendance));
  REQUIRE_MESSAGE(done.ok(), done.status().message());
  CHECK(DisclosureLog(*w.service, w.dossier)->front().basis == "mandate");
  // The mandate covers attendance only.
  auto exit = SetExitReport(*w.service, w.dossier, {{"residual_risk", "low"}});
  REQUIRE(exit.ok());
  CHECK(Disclose(*w.service, w.Request(DocumentKind::kExitReport)).status().code() == Code::kRefused);
}

TEST_CASE("the referral sheet: minimal identity, the need, only the ticked fields, notes under shared_notes") {
  World w;
  w.Consent("CAW Brabantia", "referral");
  auto r = w.Request(DocumentKind::kReferral, "CAW Brabantia");
  r.referral_id = w.referral;
  auto p = PreviewDisclosure(*w.service, r);
  REQUIRE_MESSAGE(p.ok(), p.status().message());
  std::string text = AllText(p->document);
  CHECK(text.find("GOALMARK") != std::string::npos);  // the need
  for (const char* m : {"NOTEMARK", "BARRIERMARK", "LEVERMARK", "COMMENTMARK", "PLACEMARK", "ALIASMARK"})
    CHECK_MESSAGE(text.find(m) == std::string::npos, m);
  r.ticked_fields = {"plan_item.barriers", "person.alias"};
  p = PreviewDisclosure(*w.service, r);
  REQUIRE(p.ok());
  text = AllText(p->document);
  CHECK(text.find("BARRIERMARK") != std::string::npos);
  CHECK(text.find("ALIASMARK") != std::string::npos);
  CHECK(text.find("LEVERMARK") == std::string::npos);
  r.ticked_fields = {"note.body"};  // not on the list
  CHECK(PreviewDisclosure(*w.service, r).status().code() == Code::kInvalidInput);
  r.ticked_fields = {};
  r.note_ids = {w.note};
  CHECK(Disclose(*w.service, r).status().code() == Code::kRefused);  // no shared_notes consent
  w.Consent("CAW Brabantia", "shared_notes");
  auto done = Disclose(*w.service, r);
  REQUIRE_MESSAGE(done.ok(), done.status().message());
  CHECK(passerelle::testing::PdfText(w.dir, done->pdf).find("NOTEMARK") != std::string::npos);
  auto log = DisclosureLog(*w.service, w.dossier);
  CHECK(log->front().referral_id == w.referral);  // the referral links to its disclosure
}

TEST_CASE("exit report: seed 004's headings, one per dossier, disclosed under exit_report") {
  World w;
  auto id = SetExitReport(*w.service, w.dossier, {{"residual_risk", "Faible."}, {"help_and_contact", "CAW, 02/000"}});
  REQUIRE(id.ok());
  auto again = SetExitReport(*w.service, w.dossier, {{"return_risk", "Modéré."}});
  REQUIRE(again.ok());
  CHECK(*again == *id);
  auto report = GetExitReport(*w.service, w.dossier);
  REQUIRE(report.ok());
  REQUIRE(report->has_value());
  CHECK((*report)->Section("residual_risk") == "Faible.");
  CHECK((*report)->Section("return_risk") == "Modéré.");
  CHECK(SetExitReport(*w.service, w.dossier, {{"opinion", "x"}}).status().code() == Code::kInvalidInput);
  CHECK(Disclose(*w.service, w.Request(DocumentKind::kExitReport, "SPS Haren")).status().code() == Code::kRefused);
  w.Consent("SPS Haren", "exit_report");
  auto done = Disclose(*w.service, w.Request(DocumentKind::kExitReport, "SPS Haren"));
  REQUIRE_MESSAGE(done.ok(), done.status().message());
  const std::string text = passerelle::testing::PdfText(w.dir, done->pdf);
  CHECK(text.find("Modéré.") != std::string::npos);
  CHECK(text.find("NOTEMARK") == std::string::npos);
  auto dump = CanonicalDump(*w.service, {});
  REQUIRE(dump.ok());
  CHECK(dump->find("\"exit_report\"") != std::string::npos);
  CHECK(dump->find("Modéré.") != std::string::npos);
}

TEST_CASE("co-constructed report: the person's words set apart, agreement required and tied to the text") {
  World w;
  w.Consent("Avocat Me Dubois", "co_report");
  auto report = AddCoReport(*w.service, {{"dossier_id", w.dossier}, {"title", "Notre bilan"}});
  REQUIRE(report.ok());
  REQUIRE(AddCoReportPassage(*w.service, *report, "worker", "We met eight times.").ok());
  auto passage = AddCoReportPassage(*w.service, *report, "person", "Je veux retrouver un travail.");
  REQUIRE(passage.ok());
  CHECK(AddCoReportPassage(*w.service, *report, "police", "x").status().code() == Code::kInvalidInput);
  auto r = w.Request(DocumentKind::kCoReport, "Avocat Me Dubois");
  const std::string before = passerelle::testing::VaultBytes(*w.service);
  CHECK(Disclose(*w.service, r).status().code() == Code::kRefused);  // no agreement yet
  CHECK(passerelle::testing::VaultBytes(*w.service) == before);
  REQUIRE(RecordCoReportAgreement(*w.service, *report, "28/05/2026", "signed").ok());
  auto p = PreviewDisclosure(*w.service, r);
  REQUIRE_MESSAGE(p.ok(), p.status().message());
  const auto words = std::find_if(p->document.blocks.begin(), p->document.blocks.end(),
                                  [](const DocumentBlock& b) { return b.kind == DocumentBlock::Kind::kPersonWords; });
  REQUIRE(words != p->document.blocks.end());
  CHECK(words->text == "Je veux retrouver un travail.");
  // An edit after the agreement voids it.
  REQUIRE(UpdateRecord(*w.service, *passage, {{"text", "Je veux un travail."}}).ok());
  CHECK(Disclose(*w.service, r).status().code() == Code::kRefused);
  REQUIRE(RecordCoReportAgreement(*w.service, *report, "2026-05-28", "oral").ok());
  CHECK(Disclose(*w.service, r).ok());
}

TEST_CASE("the person's access copy: everything held, other workers' private notes excluded") {
  World w;
  // A private note of another worker, as it would arrive merged from their device.
  const std::string other = Vault::NewEntityId("not");
  REQUIRE(w.service->Apply({SetField(other, "dossier_id", w.dossier), SetField(other, "author", "Bruno"),
                            SetField(other, "created_at", "2026-05-01T10:00:00Z"), SetField(other, "scope", "private"),
                            TextReplace(other, "body", "BRUNOPRIVATE")})
              .ok());
  const std::string own = AddNote(*w.service, {{"dossier_id", w.dossier}, {"scope", "private"}, {"body", "ANAPRIVATE"}}).value();
  (void)own;
  DisclosureRequest r = w.Request(DocumentKind::kAccessCopy, "");
  auto done = Disclose(*w.service, r);
  REQUIRE_MESSAGE(done.ok(), done.status().message());
  CHECK(done->packet.empty());
  const std::string text = passerelle::testing::PdfText(w.dir, done->pdf);
  for (const char* m : {"NOTEMARK", "GOALMARK", "BARRIERMARK", "COMMENTMARK", "PLACEMARK", "ANAPRIVATE"})
    CHECK_MESSAGE(text.find(m) != std::string::npos, m);
  CHECK(text.find("BRUNOPRIVATE") == std::string::npos);
  CHECK(DisclosureLog(*w.service, w.dossier)->front().basis == "right_of_access");
}

TEST_CASE("the maison de justice imports attendance facts only, addressed to it") {
  World w;
  w.Consent(kMj, "attendance");
  w.Consent(kMj, "referral");
  auto att = Disclose(*w.service, w.Request(DocumentKind::kAttendance));
  REQUIRE(att.ok());
  REQUIRE(!att->packet.empty());
  // A service vault does not receive.
  CHECK(ImportAttendancePacket(*w.service, att->packet).status().code() == Code::kRefused);
  // A referral sheet addressed to the maison de justice is refused: it receives attendance facts only.
  auto ref_req = w.Request(DocumentKind::kReferral);
  ref_req.referral_id = w.referral;
  auto ref = Disclose(*w.service, ref_req);
  REQUIRE(ref.ok());
  const std::string before = passerelle::testing::VaultBytes(*w.mj);
  CHECK(ImportAttendancePacket(*w.mj, ref->packet).status().code() == Code::kRefused);
  CHECK(passerelle::testing::VaultBytes(*w.mj) == before);
  // Another maison de justice cannot open a packet for Mons.
  auto other = passerelle::testing::MakeVault(w.dir, "mj2.vault", &w.clock, "Maison de justice de Liège",
                                              "maison_de_justice");
  CHECK_FALSE(ImportAttendancePacket(*other, att->packet).ok());
  // An altered packet is refused.
  auto altered = att->packet;
  altered[altered.size() / 2] ^= 1;
  CHECK_FALSE(ImportAttendancePacket(*w.mj, altered).ok());
  CHECK(passerelle::testing::VaultBytes(*w.mj) == before);

  auto got = ImportAttendancePacket(*w.mj, att->packet);
  REQUIRE_MESSAGE(got.ok(), got.status().message());
  CHECK(got->person_name == "Zoë Peeters");
  CHECK(got->issuer_name == "CAPREV");
  CHECK(got->visits.size() == 3);
  CHECK(ImportAttendancePacket(*w.mj, att->packet).status().code() == Code::kConflict);
  auto list = ListReceived(*w.mj);
  REQUIRE(list.ok());
  REQUIRE(list->size() == 1);
  CHECK(list->front().visits.front().date == "2026-03-01");
  // The maison de justice's whole vault: the received facts and nothing of the service's file.
  auto dump = CanonicalDump(*w.mj, {});
  REQUIRE(dump.ok());
  for (const char* m : kMarkers) CHECK_MESSAGE(dump->find(m) == std::string::npos, m);
  for (const char* kind : {"person", "dossier", "visit", "note", "plan_item", "referral", "consent"})
    CHECK_MESSAGE(dump->find("\"" + std::string(kind) + "\": []") != std::string::npos, kind);
}
