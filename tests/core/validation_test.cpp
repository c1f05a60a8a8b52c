// The core's input validation (issue 10): every text field of every record kind refuses invalid
// UTF-8, control characters, oversize and blank required values; dates are real calendar dates;
// ids have the right shape and kind; author, creation time and owning links are not editable;
// restore only brings back what was deleted; a note's body history can be read and restored.
// Each refusal is kInvalidInput (or kNotFound) in one sentence, and the vault is unchanged.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <functional>

#include "passerelle/core/case_files.h"
#include "passerelle/core/needs.h"
#include "passerelle/core/reviews.h"
#include "passerelle/core/consent.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/exit_plan.h"
#include "passerelle/core/model.h"
#include "passerelle/core/reports.h"
#include "passerelle/core/team.h"
#include "passerelle/core/vault.h"
#include "../support/temp_dir.h"
#include "../support/vault_fixture.h"
#include "vault_internal.h"  // the raw connection, for white-box checks

using namespace passerelle;
using namespace passerelle::core;
using passerelle::testing::TempDir;

namespace {

VaultOptions Fast(platform::Clock* clock) { return passerelle::testing::FastVaultOptions(clock); }

// One live record of every kind, and a way to see that nothing changed.
struct World {
  TempDir dir;
  platform::FakeClock clock{1'780'000'000'000};  // 2026-05-28
  std::unique_ptr<Vault> vault;
  std::map<EntityType, std::string> ids;
  World() {
    auto v = Vault::Create(dir.File("case.vault"), platform::SecureBuffer::FromString("correct horse"), Fast(&clock));
    REQUIRE(v.ok());
    vault = std::move(v).value();
    Vault& x = *vault;
    ids[EntityType::kPerson] = AddPerson(x, {{"name", "Nour"}}).value();
    ids[EntityType::kDossier] = AddDossier(x, {{"person_id", ids[EntityType::kPerson]}}).value();
    const std::string dos = ids[EntityType::kDossier];
    ids[EntityType::kVisit] = AddVisit(x, {{"dossier_id", dos}}, {}).value();
    ids[EntityType::kNote] = AddNote(x, {{"dossier_id", dos}, {"body", "Premier entretien."}}).value();
    ids[EntityType::kPlanItem] = AddPlanItem(x, {{"dossier_id", dos}, {"domain", "housing"}, {"goal", "Logement"}}).value();
    ids[EntityType::kConsent] =
        AddConsent(x, {{"dossier_id", dos}, {"partner", "CPAS"}, {"scope", "attendance"}}).value();
    ids[EntityType::kReferral] =
        AddReferral(x, {{"plan_item_id", ids[EntityType::kPlanItem]}, {"service_id", "svc-1"}}).value();
    // Issue 12: the reports, and the grow-only kinds as the disclosure path and the inbox write them.
    ids[EntityType::kExitReport] = SetExitReport(x, dos, {{"residual_risk", "Faible."}}).value();
    ids[EntityType::kCoReport] = AddCoReport(x, {{"dossier_id", dos}, {"title", "Bilan"}}).value();
    ids[EntityType::kCoReportPassage] = AddCoReportPassage(x, ids[EntityType::kCoReport], "person", "Mes mots.").value();
    const std::string dis = Vault::NewEntityId("dis"), rat = Vault::NewEntityId("rat"), rav = Vault::NewEntityId("rav");
    REQUIRE(x.Apply({SetField(dis, "dossier_id", dos), SetField(dis, "at", "2026-05-28T10:00:00Z"),
                     SetField(dis, "worker", "Ana"), SetField(dis, "device", "1"), SetField(dis, "recipient", "CPAS"),
                     SetField(dis, "kind", "attendance"), SetField(dis, "basis", "consent"),
                     SetField(dis, "content_hash", "sha256:00"), SetField(rat, "person_name", "Nour"),
                     SetField(rat, "issuer_id", "org-1"), SetField(rat, "issuer_name", "CAPREV"),
                     SetField(rat, "verification_code", "AAAA-BBBB-CCCC-DDDD"), SetField(rav, "attestation_id", rat),
                     SetField(rav, "date", "2026-05-01"), SetField(rav, "kind", "individual")})
                .ok());
    ids[EntityType::kDisclosureLog] = dis;
    ids[EntityType::kReceivedAttestation] = rat;
    ids[EntityType::kReceivedVisit] = rav;
    ids[EntityType::kReview] = RecordReview(x, {{"dossier_id", dos}}, {"Nour"}).value();
    // Issue 15: the exit checklist's step (its id derives from the dossier and the step), a team
    // member, the care handover.
    ids[EntityType::kTeamMember] = AddTeamMember(x, {{"dossier_id", dos}, {"role", "mentor"}, {"name", "Ali"}}).value();
    REQUIRE(SetExitStep(x, dos, "identity_card", {{"status", "in_progress"}}).ok());
    const std::vector<ExitStep> steps = ListExitSteps(x, dos).value();
    for (const ExitStep& s : steps)
      if (s.step == "identity_card") ids[EntityType::kExitStep] = s.id;
    REQUIRE(SetCareHandover(x, dos, {{"prescriber", "Dr Lambert"}}).ok());
    ids[EntityType::kCareHandover] = GetCareHandover(x, dos).value().id;
    // Issue 15: an assessment and a relative.
    ids[EntityType::kAssessment] = AddAssessment(x, {{"dossier_id", dos}}, {{"housing", "high"}}).value();
    ids[EntityType::kRelative] = AddRelative(x, {{"dossier_id", dos}, {"name", "Samira"}, {"relation", "sibling"}}).value();
  }
  int64_t OpCount() const { return passerelle::testing::OpLogSize(*vault); }
  std::string State() const { return CanonicalDump(*vault).value() + std::to_string(OpCount()); }
};

struct Bad {
  std::string what, value;
};

// The values a field of this spec must refuse.
std::vector<Bad> BadValues(const FieldSpec& f, const World& w) {
  std::vector<Bad> bad = {
      {"invalid UTF-8", "Jos\xe9"},
      {"a lone continuation byte", "a\x80z"},
      {"an overlong encoding", "\xc0\xaf"},
      {"an encoded surrogate", "\xed\xa0\x80"},
      {"a NUL byte", std::string("a\0b", 3)},
      {"a control character", "a\x01z"},
      {"an escape sequence", "\x1b[31mred"},
      {"a carriage return", "a\rb"},
      {"a C1 control", "a\xc2\x85z"},
  };
  if (!f.Has(kMultiLine)) {
    bad.push_back({"a line break in a one-line field", "one\ntwo"});
    bad.push_back({"a tab in a one-line field", "one\ttwo"});
    bad.push_back({"501 characters on one line", std::string(501, 'x')});
    bad.push_back({"501 two-byte characters", [] {
                     std::string s;
                     for (int i = 0; i < 501; ++i) s += "\xc3\xa9";
                     return s;
                   }()});
  } else {
    bad.push_back({"a 4 MB text", std::string(4u << 20, 'x')});
    bad.push_back({"one byte over the bound", std::string(kMaxLongTextBytes + 1, 'x')});
  }
  if (f.Has(kRequired)) bad.push_back({"only spaces for a required field", "   "});
  switch (f.type) {
    case ValueType::kDate:
      for (const char* d : {"2026-02-30", "2025-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "26-01-01",
                            "2026-1-1", "2026-01-01T00:00:00Z", "1899-12-31", "２０２６-01-01",
                            // The Belgian order is accepted from a worker, but not an impossible date in it.
                            "30/02/2026", "31/04/2026", "12/31/2026", "0/12/2026", "01/12/26", "31.04.2026",
                            "2026/12/01", "1/1/1899", "001/12/2026", "01/12-2026", "30-02-2026"})
        bad.push_back({std::string("the impossible date ") + d, d});
      break;
    case ValueType::kDateTime:
      for (const char* d : {"2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01"})
        bad.push_back({std::string("the impossible time ") + d, d});
      break;
    case ValueType::kEnum:
      bad.push_back({"a value outside the closed list", "astrology"});
      break;
    case ValueType::kRef: {
      for (const auto& [type, id] : w.ids)
        if (type != *f.ref) bad.push_back({"an id of the wrong kind", id});
      std::string good = w.ids.at(*f.ref);
      bad.push_back({"an id with a known prefix but no body", good.substr(0, 4) + "x"});
      bad.push_back({"an id in upper case", good.substr(0, 4) + "ABCDEF0123456789ABC"});
      bad.push_back({"an id one digit short", good.substr(0, good.size() - 1)});
      bad.push_back({"an id one digit long", good + "0"});
      break;
    }
    default:
      break;
  }
  return bad;
}

void CheckRefused(const Status& st, const std::string& what, Code code = Code::kInvalidInput) {
  CAPTURE(what);
  CAPTURE(st.message());
  CHECK(st.code() == code);
  CHECK(!st.message().empty());
  CHECK(st.message().find('\n') == std::string::npos);
  CHECK(st.message().size() < 400);  // one sentence, never the refused value echoed whole
  CHECK(ValidateText("", st.message(), false, 400, 0, nullptr));  // printable UTF-8: safe for JSON
}

// Creates a record of `type` with `field` set to `value` (and valid defaults for the rest).
Status CreateWith(World& w, EntityType type, const std::string& field, const std::string& value) {
  Vault& v = *w.vault;
  const std::string dos = w.ids[EntityType::kDossier];
  FieldValues f;
  switch (type) {
    case EntityType::kPerson:
      f = {{"name", "Nour"}};
      break;
    case EntityType::kDossier:
      f = {{"person_id", w.ids[EntityType::kPerson]}};
      break;
    case EntityType::kVisit:
      f = {{"dossier_id", dos}};
      break;
    case EntityType::kNote:
      f = {{"dossier_id", dos}, {"body", "x"}};
      break;
    case EntityType::kPlanItem:
      f = {{"dossier_id", dos}, {"domain", "housing"}, {"goal", "g"}};
      break;
    case EntityType::kConsent:
      f = {{"dossier_id", dos}, {"partner", "CPAS"}, {"scope", "attendance"}};
      break;
    case EntityType::kReferral:
      f = {{"plan_item_id", w.ids[EntityType::kPlanItem]}, {"service_id", "svc-1"}};
      break;
    case EntityType::kExitReport:
      f = {{"dossier_id", dos}, {"residual_risk", "x"}};
      break;
    case EntityType::kCoReport:
      f = {{"dossier_id", dos}};
      break;
    case EntityType::kCoReportPassage:
      f = {{"report_id", w.ids[EntityType::kCoReport]}, {"voice", "person"}, {"text", "x"}};
      break;
    case EntityType::kDisclosureLog:
    case EntityType::kReceivedAttestation:
    case EntityType::kReceivedVisit:
      // No function creates these from typed values: Disclose and the inbox compose them whole
      // (disclosure_test and the Apply and UpdateRecord rows here refuse their bad values).
      return InvalidInput("A " + std::string(Spec(type).name) + " entry is never typed in.");
    case EntityType::kReview:  // held before today, so a next review today is after it
      f = {{"dossier_id", dos}, {"held_on", "2026-05-01"}};
      break;
    case EntityType::kExitStep:
      f = {{"dossier_id", dos}, {"step", "bank_account"}, {"status", "in_progress"}};
      break;
    case EntityType::kTeamMember:
      f = {{"dossier_id", dos}, {"role", "mentor"}, {"name", "Ali"}};
      break;
    case EntityType::kCareHandover:
      f = {{"dossier_id", dos}};
      break;
    case EntityType::kAssessment:  // assessed before today, so a next assessment today is after it
      f = {{"dossier_id", dos}, {"assessed_on", "2026-05-01"}};
      break;
    case EntityType::kRelative:
      f = {{"dossier_id", dos}, {"name", "Samira"}, {"relation", "sibling"}};
      break;
  }
  f[field] = value;
  switch (type) {
    case EntityType::kPerson: return AddPerson(v, f).status();
    case EntityType::kDossier: return AddDossier(v, f).status();
    case EntityType::kVisit: return AddVisit(v, f, {}).status();
    case EntityType::kNote: return AddNote(v, f).status();
    case EntityType::kPlanItem: return AddPlanItem(v, f).status();
    case EntityType::kConsent: return AddConsent(v, f).status();
    case EntityType::kReferral: return AddReferral(v, f).status();
    case EntityType::kExitReport: {
      // The dossier is the function's argument; every other key is a section (author and
      // creation time are not input, so they are refused as unknown sections).
      const std::string dossier = f["dossier_id"];
      f.erase("dossier_id");
      return SetExitReport(v, dossier, f).status();
    }
    case EntityType::kCoReport: return AddCoReport(v, f).status();
    case EntityType::kCoReportPassage:
      // The passage's dossier and position come from its report: not input.
      if (field == "dossier_id" || field == "position") return InvalidInput("A passage's " + field + " is not input.");
      return AddCoReportPassage(v, f["report_id"], f["voice"], f["text"]).status();
    default: break;
    case EntityType::kReview: return RecordReview(v, f, {}).status();
    case EntityType::kExitStep: {
      // The dossier and the step are the function's arguments; the rest are the step's fields.
      const std::string dossier = f["dossier_id"], step = f["step"];
      f.erase("dossier_id");
      f.erase("step");
      return SetExitStep(v, dossier, step, f);
    }
    case EntityType::kTeamMember: return AddTeamMember(v, f).status();
    case EntityType::kCareHandover: {
      const std::string dossier = f["dossier_id"];
      f.erase("dossier_id");
      return SetCareHandover(v, dossier, f);
    }
    case EntityType::kAssessment: return AddAssessment(v, f, {}).status();
    case EntityType::kRelative: return AddRelative(v, f).status();
  }
  return Internal("unreachable");
}

}  // namespace

TEST_CASE("every field of every record kind refuses bad values, at creation and on change") {
  World w;
  const std::string before = w.State();
  int refusals = 0;
  for (const EntitySpec& e : AllEntities()) {
    const std::string& id = w.ids[e.type];
    for (const FieldSpec& f : e.fields) {
      CAPTURE(e.name);
      CAPTURE(f.name);
      if (f.merge == FieldMerge::kSet) {
        for (const auto& b : BadValues(f, w)) {
          CheckRefused(AddToSet(*w.vault, id, std::string(f.name), b.value), b.what);
          // A list made exactly these elements (plan set --practice, the plan item form).
          CheckRefused(UpdateRecord(*w.vault, id, {}, {{std::string(f.name), {b.value}}}), "set list, " + b.what);
          CheckRefused(w.vault->Apply({SetAdd(id, std::string(f.name), b.value)}).status(), "apply, " + b.what);
          refusals += 3;
        }
        continue;
      }
      for (const auto& b : BadValues(f, w)) {
        // Creation: the same value given to the Add function of the kind. A note's author and
        // creation time are refused whatever their value (they are not input at all).
        CheckRefused(CreateWith(w, e.type, std::string(f.name), b.value), "create, " + b.what);
        // Change: through UpdateRecord (dossier set, plan set, referral set, the app's forms), or
        // the body's autosave for a note.
        Status change = f.merge == FieldMerge::kText ? SaveNoteBody(*w.vault, id, b.value)
                                                     : UpdateRecord(*w.vault, id, {{std::string(f.name), b.value}});
        CheckRefused(change, "change, " + b.what);
        // The single mutation path refuses the raw op too (what a merged op would carry).
        Op op = f.merge == FieldMerge::kText ? TextReplace(id, std::string(f.name), b.value)
                                             : SetField(id, std::string(f.name), b.value);
        if (b.what.rfind("only spaces", 0) != 0)  // blank is a rule of the record, not of one op
          CheckRefused(w.vault->Apply({op}).status(), "apply, " + b.what);
        refusals += 3;
      }
    }
  }
  CHECK(refusals > 500);
  CHECK(w.State() == before);
}

TEST_CASE("the bounds accept what they promise") {
  World w;
  std::string name;
  for (size_t i = 0; i < kMaxLineCodePoints; ++i) name += "\xc3\xa9";  // 500 code points, 1000 bytes
  CHECK(UpdateRecord(*w.vault, w.ids[EntityType::kPerson], {{"name", name}}).ok());
  CHECK(UpdateRecord(*w.vault, w.ids[EntityType::kPerson], {{"name", "Nour 🙂 Ça"}}).ok());
  CHECK(UpdateRecord(*w.vault, w.ids[EntityType::kPlanItem], {{"barriers", "Line one\n\tindented"}}).ok());
  CHECK(SaveNoteBody(*w.vault, w.ids[EntityType::kNote], std::string(kMaxLongTextBytes, 'x')).ok());
  CHECK(UpdateRecord(*w.vault, w.ids[EntityType::kPerson], {{"birth_date", "2024-02-29"}}).ok());
  // An optional field may be cleared.
  CHECK(UpdateRecord(*w.vault, w.ids[EntityType::kPerson], {{"alias", ""}}).ok());
}

TEST_CASE("a 4 MB note is refused with a sentence that gives the limit") {
  World w;
  auto r = AddNote(*w.vault, {{"dossier_id", w.ids[EntityType::kDossier]}, {"body", std::string(4u << 20, 'a')}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Code::kInvalidInput);
  CHECK(r.status().message() == "The body is too long: at most 256 KiB of text is accepted.");
}

TEST_CASE("author, creation time and owning links cannot be changed; required fields cannot be cleared") {
  World w;
  const std::string before = w.State();
  const std::string note = w.ids[EntityType::kNote];
  auto st = UpdateRecord(*w.vault, note, {{"author", "Bram"}});
  CheckRefused(st, "author");
  CHECK(w.State() == before);
  CHECK(st.message() == "The author of a note cannot be changed.");
  CheckRefused(UpdateRecord(*w.vault, note, {{"created_at", "2026-01-01T00:00:00Z"}}), "created_at");
  CheckRefused(UpdateRecord(*w.vault, w.ids[EntityType::kVisit], {{"author", "Bram"}}), "visit author");
  const std::string other_dossier = AddDossier(*w.vault, {{"person_id", w.ids[EntityType::kPerson]}}).value();
  const std::string mid = w.State();
  CheckRefused(UpdateRecord(*w.vault, note, {{"dossier_id", other_dossier}}), "move a note");
  CheckRefused(UpdateRecord(*w.vault, w.ids[EntityType::kDossier], {{"person_id", w.ids[EntityType::kPerson]}}),
               "move a dossier");
  st = UpdateRecord(*w.vault, w.ids[EntityType::kPerson], {{"name", ""}});
  CheckRefused(st, "clear the name");
  CHECK(st.message() == "A person needs a name: it cannot be cleared.");
  CheckRefused(UpdateRecord(*w.vault, w.ids[EntityType::kPerson], {{"name", "    "}}), "blank name");
  CheckRefused(AddPerson(*w.vault, {{"name", "   "}}).status(), "blank name at creation");
  CheckRefused(UpdateRecord(*w.vault, w.ids[EntityType::kPlanItem], {{"goal", ""}}), "clear a goal");
  // A note's author and creation time are the vault's to set, not the caller's.
  CheckRefused(AddNote(*w.vault, {{"dossier_id", w.ids[EntityType::kDossier]}, {"body", "x"},
                                  {"created_at", "2026-02-30T00:00:00Z"}})
                   .status(),
               "note add --created-at");
  CheckRefused(AddNote(*w.vault, {{"dossier_id", w.ids[EntityType::kDossier]}, {"body", "x"}, {"author", "Bram"}})
                   .status(),
               "note add --author");
  // A consent's dates keep their order on change too.
  CheckRefused(UpdateRecord(*w.vault, w.ids[EntityType::kConsent], {{"expires_on", "2000-01-01"}}), "expiry");
  CHECK(w.State() == mid);
}

TEST_CASE("sharing a note with a partner on change needs the same consent as at creation") {
  World w;
  const std::string note = w.ids[EntityType::kNote];
  const std::string dos = w.ids[EntityType::kDossier];
  const std::string before = w.State();
  auto st = UpdateRecord(*w.vault, note, {{"scope", "partner"}, {"partner", "CPAS"}});
  CheckRefused(st, "share without a shared_notes consent (only attendance)", Code::kRefused);
  CHECK(st.message() == "The person has not consented to share notes with CPAS: record their consent first.");
  CheckRefused(UpdateRecord(*w.vault, note, {{"scope", "partner"}}), "partner scope without a partner");
  CHECK(w.State() == before);
  CHECK_FALSE(CheckConsentInForce(*w.vault, dos, "CAW", "shared_notes", Today(*w.vault)).ok());
  auto consent = AddConsent(*w.vault, {{"dossier_id", dos}, {"partner", "CAW"}, {"scope", "shared_notes"}});
  REQUIRE(consent.ok());
  CHECK(CheckConsentInForce(*w.vault, dos, "CAW", "shared_notes", Today(*w.vault)).ok());
  CHECK(UpdateRecord(*w.vault, note, {{"scope", "partner"}, {"partner", "CAW"}}).ok());
  // Switching to another partner is checked against that partner's consent.
  CheckRefused(UpdateRecord(*w.vault, note, {{"partner", "CPAS"}}), "switch partner", Code::kRefused);
  // Once withdrawn, the consent no longer covers a new share.
  REQUIRE(UpdateRecord(*w.vault, note, {{"scope", "service"}, {"partner", ""}}).ok());
  REQUIRE(WithdrawConsent(*w.vault, *consent, Today(*w.vault)).ok());
  CheckRefused(UpdateRecord(*w.vault, note, {{"scope", "partner"}, {"partner", "CAW"}}), "after withdrawal", Code::kRefused);
}

TEST_CASE("restore brings back only a record that exists and was deleted") {
  World w;
  const std::string before = w.State();
  const std::string person = w.ids[EntityType::kPerson];
  CheckRefused(RestoreRecord(*w.vault, "per-x"), "per-x");
  CheckRefused(RestoreRecord(*w.vault, "garbage"), "garbage");
  CheckRefused(RestoreRecord(*w.vault, "per-\xff\xfe"), "invalid UTF-8 id");
  CheckRefused(RestoreRecord(*w.vault, "per-0000000000000000000"), "unknown id", Code::kNotFound);
  CheckRefused(RestoreRecord(*w.vault, person), "a live record", Code::kNotFound);
  CHECK(w.State() == before);
  auto persons = ListPersons(*w.vault).value();
  REQUIRE(DeleteRecord(*w.vault, person).ok());
  CHECK(ListPersons(*w.vault).value().size() == persons.size() - 1);
  REQUIRE(RestoreRecord(*w.vault, person).ok());
  CHECK(ListPersons(*w.vault).value().size() == persons.size());
}

TEST_CASE("history refuses unknown ids and fields") {
  World w;
  CheckRefused(FieldHistory(*w.vault, "per-x", "name").status(), "bad id");
  CheckRefused(FieldHistory(*w.vault, "per-0000000000000000000", "name").status(), "unknown", Code::kNotFound);
  CheckRefused(FieldHistory(*w.vault, w.ids[EntityType::kPerson], "shoe_size").status(), "unknown field");
  CHECK(FieldHistory(*w.vault, w.ids[EntityType::kPerson], "name").value().size() == 1);
}

TEST_CASE("an emptied note body can be read back from its history and restored") {
  World w;
  const std::string note = w.ids[EntityType::kNote];
  // Saves a second apart, as autosave makes them (two saves within one millisecond may show as one).
  w.clock.Advance(1000);
  REQUIRE(SaveNoteBody(*w.vault, note, "Premier entretien. Souhaite un logement.").ok());
  w.clock.Advance(1000);
  REQUIRE(SaveNoteBody(*w.vault, note, "Premier entretien. Souhaite un logement à Gand.").ok());
  w.clock.Advance(1000);
  REQUIRE(SaveNoteBody(*w.vault, note, "").ok());
  auto h = FieldHistory(*w.vault, note, "body");
  REQUIRE(h.ok());
  REQUIRE(h->size() == 4);
  CHECK((*h)[0].value == "Premier entretien.");
  CHECK((*h)[1].value == "Premier entretien. Souhaite un logement.");
  CHECK((*h)[2].value == "Premier entretien. Souhaite un logement à Gand.");
  CHECK((*h)[3].value.empty());
  CHECK((*h)[3].cleared);
  CHECK((*h)[3].current);
  CHECK_FALSE((*h)[2].current);
  CHECK((*h)[2].replica == w.vault->replica());
  CheckRefused(RestoreNoteBody(*w.vault, note, 9), "no version 9", Code::kNotFound);
  w.clock.Advance(1000);
  REQUIRE(RestoreNoteBody(*w.vault, note, 3).ok());
  auto notes = ListNotes(*w.vault, w.ids[EntityType::kDossier]).value();
  REQUIRE(notes.size() == 1);
  CHECK(notes.front().body == "Premier entretien. Souhaite un logement à Gand.");
  auto after = FieldHistory(*w.vault, note, "body").value();
  REQUIRE(after.size() == 5);
  CHECK(after.back().value == notes.front().body);
}

// Dates a worker types, in the app or the CLI: both forms, every date field, creation and change.
TEST_CASE("dates are accepted as 2026-12-01 and 01/12/2026 from a worker, stored as ISO, ISO-only from a bundle") {
  World w;
  struct Case {
    const char* typed;
    const char* stored;  // nullptr: refused with `message`
    const char* message;
  };
  const Case cases[] = {
      {"2026-05-28", "2026-05-28", nullptr},
      {"28/05/2026", "2026-05-28", nullptr},
      {"28/5/2026", "2026-05-28", nullptr},
      {"2026-02-30", nullptr, "The due date 2026-02-30 does not exist."},
      {"30/02/2026", nullptr, "The due date 30/02/2026 does not exist."},
      {"05/28/2026", nullptr, "The due date 05/28/2026 does not exist."},
      {"2025-02-29", nullptr, "The due date 2025-02-29 does not exist."},
      {"01/01/1899", nullptr, "The due date 01/01/1899 is before 1900."},
      {"28.05.2026", "2026-05-28", nullptr},
      {"28-05-2026", "2026-05-28", nullptr},
      {" 28/05/2026 ", "2026-05-28", nullptr},
      {"28/05/26", nullptr, "The due date \"28/05/26\" is not a date: write it as 2026-12-01 or 01/12/2026."},
      {"2026/05/28", nullptr, "The due date \"2026/05/28\" is not a date: write it as 2026-12-01 or 01/12/2026."},
  };
  const std::string plan = w.ids[EntityType::kPlanItem];
  for (const auto& c : cases) {
    CAPTURE(c.typed);
    Status st = UpdateRecord(*w.vault, plan, {{"due_date", c.typed}});
    if (c.stored == nullptr) {
      CHECK(st.code() == Code::kInvalidInput);
      CHECK(st.message() == c.message);
      continue;
    }
    REQUIRE(st.ok());
    auto history = FieldHistory(*w.vault, plan, "due_date").value();
    REQUIRE(!history.empty());
    for (const auto& h : history)
      if (h.current) CHECK(h.value == c.stored);
  }
  // Every date field of every record kind, at creation and on change (today, so no rule on the
  // order of dates can object).
  int accepted = 0;
  for (const EntitySpec& e : AllEntities())
    for (const FieldSpec& f : e.fields) {
      // Grow-only kinds are never typed in (the disclosure path and the inbox write them whole).
      if (f.type != ValueType::kDate || e.grow_only) continue;
      CAPTURE(e.name);
      CAPTURE(f.name);
      // A co-constructed report's agreement date is given with the agreement, not at creation.
      if (e.type != EntityType::kCoReport) CHECK(CreateWith(w, e.type, std::string(f.name), "28/05/2026").ok());
      const std::string& id = w.ids[e.type];
      CHECK(UpdateRecord(*w.vault, id, {{std::string(f.name), "28/05/2026"}}).ok());
      const auto history = FieldHistory(*w.vault, id, std::string(f.name)).value();
      for (const auto& h : history)
        if (h.current) CHECK(h.value == "2026-05-28");
      // What a bundle carries stays ISO-only.
      CHECK(w.vault->Apply({SetField(id, std::string(f.name), "28/05/2026")}).status().code() == Code::kInvalidInput);
      ++accepted;
    }
  CHECK(accepted >= 8);
}

// Issue 15 part 8: a plan item's practice codes are seed 002's closed list, as a visit's.
TEST_CASE("a plan item's practice codes: the closed list at creation, on change and as raw ops; nothing written on refusal") {
  World w;
  const std::string before = w.State();
  const std::string dos = w.ids[EntityType::kDossier], plan = w.ids[EntityType::kPlanItem];
  const FieldValues item{{"dossier_id", dos}, {"domain", "housing"}, {"goal", "Logement"}};
  CheckRefused(AddPlanItem(*w.vault, item, {}, {"astrology"}).status(), "an unknown code at creation");
  CheckRefused(AddPlanItem(*w.vault, item, {}, {"therapy", "07"}).status(), "a number is the CLI's spelling, not a code");
  CheckRefused(UpdateRecord(*w.vault, plan, {}, {{"practice_codes", {"therapy", "astrology"}}}), "one bad code of two");
  CheckRefused(UpdateRecord(*w.vault, plan, {{"goal", ""}}, {{"practice_codes", {"therapy"}}}), "a bad field with good codes");
  CheckRefused(UpdateRecord(*w.vault, plan, {}, {{"goal", {"x"}}}), "a register given as a list");
  CheckRefused(UpdateRecord(*w.vault, plan, {}, {{"colours", {"x"}}}), "an unknown list");
  CheckRefused(UpdateRecord(*w.vault, w.ids[EntityType::kDossier], {}, {{"practice_codes", {"therapy"}}}),
               "a dossier has no practice codes");
  CheckRefused(w.vault->Apply({SetAdd(plan, "practice_codes", "astrology")}).status(), "a raw op");
  CHECK(w.State() == before);
  // Accepted: every code of the table, made exactly a set and changed again in one call each.
  std::vector<std::string> all;
  for (auto c : PracticeCodes().values) all.emplace_back(c);
  const std::string id = AddPlanItem(*w.vault, item, {}, all).value();
  REQUIRE(UpdateRecord(*w.vault, id, {{"status", "in_progress"}}, {{"practice_codes", {"motivation_in_prison", "not_applicable"}}})
              .ok());
  const auto detail = ShowDossier(*w.vault, dos).value();
  for (const auto& p : detail.plan)
    if (p.id == id) {
      CHECK(p.practice_codes == std::vector<std::string>{"motivation_in_prison", "not_applicable"});
      CHECK(p.status == "in_progress");
    }
  const int64_t ops = w.OpCount();
  REQUIRE(UpdateRecord(*w.vault, id, {}, {{"practice_codes", {"not_applicable", "motivation_in_prison"}}}).ok());
  CHECK(w.OpCount() == ops);  // already exactly these: nothing written
  CHECK(CanonicalDump(*w.vault).value().find("\"practice_codes\"") != std::string::npos);
}
