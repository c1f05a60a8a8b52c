// The case-file domain as data: closed vocabularies from the protocol and the RAN papers, and a
// descriptor per entity type (its fields and how each merges). The vault's schema, the mutation
// path's validation and the canonical dump are all driven by these descriptors, so adding a field
// is one line here plus a schema migration. User-facing labels for these ids live in
// assets/i18n (fr/nl/en); the core only knows the stable ids.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace passerelle::core {

// A closed list of allowed values (stable ids, stored as text).
struct Vocabulary {
  std::string_view name;  // e.g. "life_domain"
  std::span<const std::string_view> values;
  bool Contains(std::string_view v) const;
};

const Vocabulary& PersonStatuses();      // pretrial_detention, sentenced, ...
const Vocabulary& Languages();           // fr, nl, de, en
const Vocabulary& FollowUpBases();       // voluntary, mandate
const Vocabulary& VisitKinds();          // individual, tripartite, case_consultation
const Vocabulary& AttendanceOutcomes();  // the protocol's list: the only facts an AJ may receive
const Vocabulary& NoteScopes();          // private, service, partner
const Vocabulary& LifeDomains();         // housing, social_admin_rights, ...
const Vocabulary& PlanStatuses();        // planned, in_progress, achieved, on_hold, abandoned
const Vocabulary& ConsentScopes();       // attendance, referral, shared_notes, exit_report, co_report (consent.h)
const Vocabulary& ReferralStatuses();    // suggested, contacted, accepted, waiting_list, refused
const Vocabulary& PracticeCodes();       // motivational_interviewing, ... (seed 002's table, in its order)
// A practice code's number in seed 002's table ("01" ... "14", "99" for not applicable); "" when
// the id is not a practice code.
std::string_view PracticeCodeNumber(std::string_view code);
// The code whose number in seed 002's table is `number` ("07" -> motivation_in_prison); "" if none.
std::string_view PracticeCodeForNumber(std::string_view number);
const Vocabulary& DocumentKinds();       // attendance, referral, exit_report, co_report, access_copy
const Vocabulary& DisclosureBases();     // consent, mandate, necessity, right_of_access
const Vocabulary& PassageVoices();       // person, worker (whose words a co-report passage is)
const Vocabulary& AgreementWays();       // signed, oral, written (how the person agreed to a co-report)
// Issue 15, exit preparation (exit_plan.h, team.h): the closed list of exit steps (seed 001), their
// status, the housing route, the dossier team's roles (seed 004), and the care handover's answers.
const Vocabulary& ExitSteps();           // identity_card, health_insurance, social_income, housing, ...
const Vocabulary& ExitStepStatuses();    // not_started, in_progress, done, not_needed
const Vocabulary& HousingRoutes();       // registration, social_rental_agency, transition_house
const Vocabulary& TeamRoles();           // referent, justice_assistant, partner_service, mentor, ...
const Vocabulary& CareAnswers();         // yes, no, unknown (must the treatment continue?)
const Vocabulary& CareSharing();         // yes, no, not_asked (did the person agree to share it?)
// Issue 15 (needs.h): seed 002's hierarchy of needs, in its order (basic needs first); the level of
// need an assessment records per life domain; who an assessment may be seen by (a note's private or
// service scope: never a partner, it leaves only through a disclosure that names it); a relative's
// relation to the person and whether the person agrees that they be contacted.
const Vocabulary& NeedsStages();         // basic_needs_trust, stabilisation_transition, identity_worldview, social_reintegration
const Vocabulary& NeedLevels();          // none, low, moderate, high
const Vocabulary& AssessmentScopes();    // private, service
const Vocabulary& RelativeRelations();   // partner, parent, child, sibling, other_family, friend, other
const Vocabulary& ContactConsents();     // agrees, refuses, not_asked
// The stable keys of the barrier and lever suggestions (assets/plan_suggestions.json, compiled in;
// plan_suggestions.h).
const Vocabulary& PlanSuggestionKeys();

enum class EntityType : uint8_t {
  kPerson, kDossier, kVisit, kNote, kPlanItem, kConsent, kReferral,
  kDisclosureLog,        // one entry per disclosure: grow-only (disclosure.h)
  kExitReport,           // seed 004's headings (reports.h)
  kCoReport,             // co-constructed report and the person's agreement (reports.h)
  kCoReportPassage,      // one passage, in the person's or the worker's words
  kReceivedAttestation,  // maison de justice side: who signed which attendance facts (inbox.h)
  kReceivedVisit,        // one attendance fact received
  kReview,               // the monthly review of a follow-up (seed 004)
  kExitStep,             // one step of the exit checklist (exit_plan.h, seed 001)
  kTeamMember,           // who does what around the person (team.h, seed 004)
  kCareHandover,         // continuity of care after release (exit_plan.h, seeds 001 and 004)
  kAssessment,           // a dated needs and risk assessment (seed 002; needs.h)
  kRelative,             // a relative of the person (seeds 002, 003; needs.h)
};

enum class FieldMerge : uint8_t {
  kRegister,  // last-writer-wins by HLC, with the history kept in the operation log
  kSet,       // add-wins observed-remove set (stored in set_member, not a column)
  kText,      // sequence CRDT (state in text_state, materialised string in the column)
};

enum class ValueType : uint8_t { kText, kDate, kDateTime, kEnum, kRef, kBool };

// What the domain rules say about a field, beyond its type (combined with |).
enum FieldTrait : uint8_t {
  kRequired = 1,   // a record always has a value: not blank at creation, never cleared
  kFixed = 2,      // set once at creation (author, creation time, the link to the owning record)
  kMultiLine = 4,  // free text over several lines: keeps \n and \t, up to kMaxLongTextBytes
};

struct FieldSpec {
  std::string_view name;
  FieldMerge merge;
  ValueType type;
  const Vocabulary* vocabulary = nullptr;  // kEnum and set elements
  std::optional<EntityType> ref = {};       // kRef: which entity it points to
  uint8_t traits = 0;                       // FieldTrait bits
  bool Has(FieldTrait t) const { return (traits & t) != 0; }
};

// Bounds on every text value the vault accepts (local edits and merged ops alike; docs/vault.md).
// One line (a name, a service, a partner...): 500 code points is several times the longest real
// name or address. Multi-line text (a note body, barriers, levers, mandate conditions, a comment):
// 256 KiB, about 40,000 words, far beyond any visit note, yet small enough that a note is always
// cheap to sync, diff and show. A single merged text-CRDT insertion obeys the same byte bound.
inline constexpr size_t kMaxLineCodePoints = 500;
inline constexpr size_t kMaxLongTextBytes = 256 * 1024;

struct EntitySpec {
  EntityType type;
  std::string_view name;    // "dossier": used in messages, JSON and the table name
  std::string_view prefix;  // "dos": id prefix
  std::span<const FieldSpec> fields;  // "deleted" is implicit on every entity
  // Grow-only: a record is written once, whole, and never changed or deleted (the disclosure log,
  // what a maison de justice received). Vault::Apply refuses any op that would change a field
  // already set or set the deleted flag, local or merged; replicas merge such records as a set.
  bool grow_only = false;
  const FieldSpec* Find(std::string_view field) const;
};

std::span<const EntitySpec> AllEntities();
const EntitySpec& Spec(EntityType type);
// The entity an id belongs to, from its prefix; nullptr for an id of unknown shape. The shape is
// Vault::NewEntityId's: a known prefix, '-', then 19 lowercase hex digits ("dos-19ab3c4d5e6f0a1b2c3").
const EntitySpec* SpecForId(std::string_view entity_id);
bool IsValidEntityId(std::string_view entity_id);

// The implicit tombstone register every entity carries ("1" = deleted, absent/"0" = live).
inline constexpr std::string_view kDeletedField = "deleted";

// Checks that `value` is acceptable for `field`: well-formed UTF-8, no control characters (a
// multi-line field keeps \n and \t; \r is refused, so stored text has one line ending), within
// the size bound above, then the type's rule (real calendar date, closed list, id shape...). On
// failure the message names the field in one sentence; it quotes the value only once the value is
// known to be short, printable UTF-8.
bool ValidateValue(const FieldSpec& field, std::string_view value, std::string* message);
// The text part of ValidateValue alone (encoding, control characters, size), for any text the
// vault stores that is not a whole field value (a text-CRDT insertion, a directory string).
// `what` names the text in the message ("The note body", "The name of entry svc-1").
bool ValidateText(std::string_view what, std::string_view value, bool multi_line, size_t max_line_code_points,
                  size_t max_bytes, std::string* message);
// `"value"` when the value is short printable UTF-8, else a description that does not echo it:
// messages go to terminals and JSON, which must never receive the bytes that were refused.
std::string QuotedForMessage(std::string_view value);
// True when the value holds nothing but spaces (what a required field may not be).
bool IsBlank(std::string_view value);

// YYYY-MM-DD with a real calendar date; YYYY-MM-DDTHH:MM:SSZ for kDateTime.
bool IsValidDate(std::string_view s);
bool IsValidDateTime(std::string_view s);
// A date as a worker types it (CLI, app): "2026-12-01", or day first as Belgians write it,
// "01/12/2026" (also 1/12/2026, 01.12.2026, 01-12-2026; a four-digit year), spaces around ignored. Returns the YYYY-MM-DD spelling, not yet checked against the
// calendar (IsValidDate), or nullopt when the text has neither shape. Dates from bundles are never
// passed through this: remote ops stay ISO-only.
std::optional<std::string> LocalDateToIso(std::string_view s);
// The one-sentence refusal for a typed date `typed` (its ISO spelling `iso`, empty when it has
// neither shape): "The birth date 2026-02-30 does not exist.", "... is not a date: write it as ...".
std::string DateProblem(std::string_view what, std::string_view typed, std::string_view iso);

}  // namespace passerelle::core
