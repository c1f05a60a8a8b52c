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
const Vocabulary& ConsentScopes();       // attendance, referral, shared_notes
const Vocabulary& ReferralStatuses();    // suggested, contacted, accepted, waiting_list, refused
const Vocabulary& PracticeCodes();       // motivational_interviewing, ...

enum class EntityType : uint8_t { kPerson, kDossier, kVisit, kNote, kPlanItem, kConsent, kReferral };

enum class FieldMerge : uint8_t {
  kRegister,  // last-writer-wins by HLC, with the history kept in the operation log
  kSet,       // add-wins observed-remove set (stored in set_member, not a column)
  kText,      // sequence CRDT (state in text_state, materialised string in the column)
};

enum class ValueType : uint8_t { kText, kDate, kDateTime, kEnum, kRef, kBool };

struct FieldSpec {
  std::string_view name;
  FieldMerge merge;
  ValueType type;
  const Vocabulary* vocabulary = nullptr;  // kEnum and set elements
  std::optional<EntityType> ref = {};       // kRef: which entity it points to
};

struct EntitySpec {
  EntityType type;
  std::string_view name;    // "dossier": used in messages, JSON and the table name
  std::string_view prefix;  // "dos": id prefix
  std::span<const FieldSpec> fields;  // "deleted" is implicit on every entity
  const FieldSpec* Find(std::string_view field) const;
};

std::span<const EntitySpec> AllEntities();
const EntitySpec& Spec(EntityType type);
// The entity an id belongs to, from its prefix; nullptr for an id of unknown shape.
const EntitySpec* SpecForId(std::string_view entity_id);

// The implicit tombstone register every entity carries ("1" = deleted, absent/"0" = live).
inline constexpr std::string_view kDeletedField = "deleted";

// Checks that `value` is acceptable for `field` (date shape, closed list...). On failure the
// message names the field and the bad value in one sentence.
bool ValidateValue(const FieldSpec& field, std::string_view value, std::string* message);

// YYYY-MM-DD with a real calendar date; YYYY-MM-DDTHH:MM:SSZ for kDateTime.
bool IsValidDate(std::string_view s);
bool IsValidDateTime(std::string_view s);

}  // namespace passerelle::core
