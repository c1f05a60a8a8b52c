#include "passerelle/core/model.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "passerelle/platform/utf8.h"
#include "plan_suggestions_data.h"

namespace passerelle::core {
namespace {

using sv = std::string_view;

// `"value"`, built by appending: GCC 12 at -O2/-O3 reports a false -Wrestrict on
// `"\"" + std::string(value)` (operator+(const char*, string&&) inserts at the front).
std::string Quoted(sv value) {
  std::string out;
  out.reserve(value.size() + 2);
  out += '"';
  out += value;
  out += '"';
  return out;
}

constexpr std::array<sv, 5> kPersonStatuses = {"pretrial_detention", "sentenced", "sentence_modality",
                                               "conditional_release", "released_end_of_sentence"};
constexpr std::array<sv, 4> kLanguages = {"fr", "nl", "de", "en"};
constexpr std::array<sv, 2> kBases = {"voluntary", "mandate"};
constexpr std::array<sv, 3> kVisitKinds = {"individual", "tripartite", "case_consultation"};
// Protocol 003 §7: exactly what may be reported to a justice assistant, nothing more.
constexpr std::array<sv, 5> kOutcomes = {"present", "justified_absence", "no_show", "ended_by_person",
                                         "risk_situation"};
constexpr std::array<sv, 3> kScopes = {"private", "service", "partner"};
constexpr std::array<sv, 10> kDomains = {"housing", "social_admin_rights", "training", "employment",
                                         "debts", "physical_health", "mental_health", "addiction",
                                         "family_social_network", "justice"};
constexpr std::array<sv, 5> kPlanStatuses = {"planned", "in_progress", "achieved", "on_hold", "abandoned"};
// care_handover (issue 15 part 6): the care handover on a referral sheet, health data, never by default.
constexpr std::array<sv, 6> kConsentScopes = {"attendance", "referral",  "shared_notes",
                                              "exit_report", "co_report", "care_handover"};
constexpr std::array<sv, 5> kReferralStatuses = {"suggested", "contacted", "accepted", "waiting_list",
                                                 "refused"};
// Seed 002's table of practices (EUTEx survey), in its order; kPracticeNumbers holds each code's
// number in that table ("07" motivation in prison, "99" not applicable), position for position.
constexpr std::array<sv, 15> kPracticeCodes = {
    "motivational_interviewing", "cognitive_behavioural", "biographical_work", "working_alliance",
    "anger_management", "therapy", "motivation_in_prison", "classic_social_work", "social_network",
    "local_authorities", "mentoring", "change_talk", "ideology_focused", "religious_counselling",
    "not_applicable"};
constexpr std::array<sv, 15> kPracticeNumbers = {"01", "02", "03", "04", "05", "06", "07", "08",
                                                 "09", "10", "11", "12", "13", "14", "99"};
// A disclosure's document kinds and legal bases (disclosure.h; docs/disclosures.md).
constexpr std::array<sv, 5> kDocumentKinds = {"attendance", "referral", "exit_report", "co_report", "access_copy"};
constexpr std::array<sv, 4> kDisclosureBases = {"consent", "mandate", "necessity", "right_of_access"};
constexpr std::array<sv, 2> kVoices = {"person", "worker"};
constexpr std::array<sv, 3> kAgreementWays = {"signed", "oral", "written"};
// Seed 001 (social pole): "trop peu de démarches faisables durant l'incarcération afin d'anticiper
// la sortie (carte d'identité, mutuelle, logement, RIS, etc.)", "un lit en urgence pour les premiers
// jours"; seed 004: continuity of care. In the order a worker goes through them (exit_plan.cpp).
constexpr std::array<sv, 8> kExitSteps = {"identity_card", "health_insurance", "social_income", "housing",
                                          "first_nights_bed", "bank_account", "care_appointment",
                                          "debt_mediation"};
constexpr std::array<sv, 4> kExitStepStatuses = {"not_started", "in_progress", "done", "not_needed"};
constexpr std::array<sv, 3> kHousingRoutes = {"registration", "social_rental_agency", "transition_house"};
// Seed 004: "Indiquez clairement dès le départ qui fait quoi"; one person responsible for the file.
constexpr std::array<sv, 7> kTeamRoles = {"referent",     "justice_assistant", "partner_service", "mentor",
                                          "care_contact", "family_contact",    "other"};
constexpr std::array<sv, 3> kCareAnswers = {"yes", "no", "unknown"};
constexpr std::array<sv, 3> kCareSharing = {"yes", "no", "not_asked"};

// Issue 15 (needs.h). Seed 002: "en commençant par les besoins fondamentaux et en renforçant la
// confiance ... travail de stabilisation, sur l'identité, les discours et les visions du monde ...
// aide à la réintégration sociale", in that order.
constexpr std::array<sv, 4> kStages = {"basic_needs_trust", "stabilisation_transition", "identity_worldview",
                                       "social_reintegration"};
constexpr std::array<sv, 4> kNeedLevels = {"none", "low", "moderate", "high"};
constexpr std::array<sv, 2> kAssessmentScopes = {"private", "service"};
constexpr std::array<sv, 7> kRelations = {"partner", "parent", "child", "sibling", "other_family", "friend", "other"};
constexpr std::array<sv, 3> kContactConsents = {"agrees", "refuses", "not_asked"};

const Vocabulary kVocPersonStatus{"person_status", kPersonStatuses};
const Vocabulary kVocLanguage{"language", kLanguages};
const Vocabulary kVocBasis{"basis", kBases};
const Vocabulary kVocVisitKind{"visit_kind", kVisitKinds};
const Vocabulary kVocOutcome{"attendance_outcome", kOutcomes};
const Vocabulary kVocScope{"note_scope", kScopes};
const Vocabulary kVocDomain{"life_domain", kDomains};
const Vocabulary kVocPlanStatus{"plan_status", kPlanStatuses};
const Vocabulary kVocConsentScope{"consent_scope", kConsentScopes};
const Vocabulary kVocReferralStatus{"referral_status", kReferralStatuses};
const Vocabulary kVocPractice{"practice_code", kPracticeCodes};
const Vocabulary kVocDocumentKind{"document_kind", kDocumentKinds};
const Vocabulary kVocDisclosureBasis{"disclosure_basis", kDisclosureBases};
const Vocabulary kVocVoice{"passage_voice", kVoices};
const Vocabulary kVocAgreement{"agreement_way", kAgreementWays};
const Vocabulary kVocExitStep{"exit_step", kExitSteps};
const Vocabulary kVocExitStepStatus{"exit_step_status", kExitStepStatuses};
const Vocabulary kVocHousingRoute{"housing_route", kHousingRoutes};
const Vocabulary kVocTeamRole{"team_role", kTeamRoles};
const Vocabulary kVocCareAnswer{"care_answer", kCareAnswers};
const Vocabulary kVocCareSharing{"care_sharing", kCareSharing};
const Vocabulary kVocStage{"needs_stage", kStages};
const Vocabulary kVocNeedLevel{"need_level", kNeedLevels};
const Vocabulary kVocAssessmentScope{"assessment_scope", kAssessmentScopes};
const Vocabulary kVocRelation{"relation", kRelations};
const Vocabulary kVocContactConsent{"contact_consent", kContactConsents};
// Filled from the compiled-in suggestions file (plan_suggestions.cpp, a function-local static, so
// it is ready whichever translation unit starts first).
const Vocabulary kVocSuggestion{"plan_suggestion", PlanSuggestionKeySpan()};

using M = FieldMerge;
using T = ValueType;
using E = EntityType;

const FieldSpec kPersonFields[] = {
    {"name", M::kRegister, T::kText, nullptr, {}, kRequired},
    {"alias", M::kRegister, T::kText},
    {"birth_date", M::kRegister, T::kDate},
    {"language", M::kRegister, T::kEnum, &kVocLanguage},
    {"establishment", M::kRegister, T::kText},
    {"status", M::kRegister, T::kEnum, &kVocPersonStatus},
};
const FieldSpec kDossierFields[] = {
    {"person_id", M::kRegister, T::kRef, nullptr, E::kPerson, kRequired | kFixed},
    {"service", M::kRegister, T::kText},
    {"referent", M::kRegister, T::kText},  // optional: a vault may have no worker name
    {"basis", M::kRegister, T::kEnum, &kVocBasis, {}, kRequired},
    {"mandate_conditions", M::kRegister, T::kText, nullptr, {}, kMultiLine},
    {"opened_on", M::kRegister, T::kDate, nullptr, {}, kRequired},
    {"expected_release", M::kRegister, T::kDate},
    {"next_hearing", M::kRegister, T::kDate},
    {"next_review", M::kRegister, T::kDate},
};
const FieldSpec kVisitFields[] = {
    {"dossier_id", M::kRegister, T::kRef, nullptr, E::kDossier, kRequired | kFixed},
    {"date", M::kRegister, T::kDate, nullptr, {}, kRequired},
    {"place", M::kRegister, T::kText},
    {"kind", M::kRegister, T::kEnum, &kVocVisitKind, {}, kRequired},
    {"outcome", M::kRegister, T::kEnum, &kVocOutcome},
    {"author", M::kRegister, T::kText, nullptr, {}, kRequired | kFixed},
    {"practice_codes", M::kSet, T::kEnum, &kVocPractice},
    // Who took part (a tripartite visit: the person, the worker, the justice assistant), one name
    // or role per element: a set, so two devices adding participants both keep theirs.
    {"participants", M::kSet, T::kText},
};
const FieldSpec kNoteFields[] = {
    {"dossier_id", M::kRegister, T::kRef, nullptr, E::kDossier, kRequired | kFixed},
    {"visit_id", M::kRegister, T::kRef, nullptr, E::kVisit},
    {"author", M::kRegister, T::kText, nullptr, {}, kRequired | kFixed},
    {"created_at", M::kRegister, T::kDateTime, nullptr, {}, kRequired | kFixed},
    {"scope", M::kRegister, T::kEnum, &kVocScope, {}, kRequired},
    {"partner", M::kRegister, T::kText},
    {"body", M::kText, T::kText, nullptr, {}, kMultiLine},
    {"domains", M::kSet, T::kEnum, &kVocDomain},
    {"practice_codes", M::kSet, T::kEnum, &kVocPractice},
};
const FieldSpec kPlanFields[] = {
    {"dossier_id", M::kRegister, T::kRef, nullptr, E::kDossier, kRequired | kFixed},
    {"domain", M::kRegister, T::kEnum, &kVocDomain, {}, kRequired},
    {"goal", M::kRegister, T::kText, nullptr, {}, kRequired},
    {"status", M::kRegister, T::kEnum, &kVocPlanStatus, {}, kRequired},
    {"barriers", M::kRegister, T::kText, nullptr, {}, kMultiLine},
    {"levers", M::kRegister, T::kText, nullptr, {}, kMultiLine},
    {"due_date", M::kRegister, T::kDate},
    // Issue 15: the stage of seed 002's hierarchy of needs. Not required, so a device that has not
    // been updated still syncs its items: an item without one is read at its domain's default stage
    // (needs.h DefaultStageFor), on every replica alike.
    {"stage", M::kRegister, T::kEnum, &kVocStage},
    // The seed's barriers and levers the worker picked (plan_suggestions.h), by stable key, so the
    // service can count which recur; the free-text barriers and levers above stay.
    {"suggestions", M::kSet, T::kEnum, &kVocSuggestion},
    // Issue 15 part 8: seed 002's practice codes (the same closed list as a visit's and a note's),
    // an add-wins set like theirs, so two devices tagging the item offline both keep their codes.
    {"practice_codes", M::kSet, T::kEnum, &kVocPractice},
};
const FieldSpec kConsentFields[] = {
    {"dossier_id", M::kRegister, T::kRef, nullptr, E::kDossier, kRequired | kFixed},
    {"partner", M::kRegister, T::kText, nullptr, {}, kRequired | kFixed},
    {"scope", M::kRegister, T::kEnum, &kVocConsentScope, {}, kRequired | kFixed},
    {"given_on", M::kRegister, T::kDate, nullptr, {}, kRequired},
    {"expires_on", M::kRegister, T::kDate},
    {"withdrawn_on", M::kRegister, T::kDate},
};
const FieldSpec kReferralFields[] = {
    {"plan_item_id", M::kRegister, T::kRef, nullptr, E::kPlanItem, kRequired | kFixed},
    {"service_id", M::kRegister, T::kText, nullptr, {}, kRequired},  // a directory entry id; the directory may lag behind
    {"status", M::kRegister, T::kEnum, &kVocReferralStatus, {}, kRequired},
    {"comment", M::kRegister, T::kText, nullptr, {}, kMultiLine},
};
// Every field of a log entry is a fact of the disclosure, fixed at creation (the kind is grow-only).
const FieldSpec kDisclosureLogFields[] = {
    {"dossier_id", M::kRegister, T::kRef, nullptr, E::kDossier, kRequired | kFixed},
    {"at", M::kRegister, T::kDateTime, nullptr, {}, kRequired | kFixed},
    {"worker", M::kRegister, T::kText, nullptr, {}, kRequired | kFixed},
    {"device", M::kRegister, T::kText, nullptr, {}, kRequired | kFixed},
    {"recipient", M::kRegister, T::kText, nullptr, {}, kRequired | kFixed},
    {"recipient_org", M::kRegister, T::kText, nullptr, {}, kFixed},
    {"kind", M::kRegister, T::kEnum, &kVocDocumentKind, {}, kRequired | kFixed},
    {"record_ids", M::kRegister, T::kText, nullptr, {}, kFixed | kMultiLine},        // one id a line
    {"field_categories", M::kRegister, T::kText, nullptr, {}, kFixed | kMultiLine},  // one a line
    {"basis", M::kRegister, T::kEnum, &kVocDisclosureBasis, {}, kRequired | kFixed},
    {"consent_id", M::kRegister, T::kRef, nullptr, E::kConsent, kFixed},
    {"basis_text", M::kRegister, T::kText, nullptr, {}, kFixed | kMultiLine},  // mandate or necessity reason
    {"content_hash", M::kRegister, T::kText, nullptr, {}, kRequired | kFixed},
    {"verification_code", M::kRegister, T::kText, nullptr, {}, kFixed},
    {"referral_id", M::kRegister, T::kRef, nullptr, E::kReferral, kFixed},
    {"period_from", M::kRegister, T::kDate, nullptr, {}, kFixed},
    {"period_to", M::kRegister, T::kDate, nullptr, {}, kFixed},
};
const FieldSpec kExitReportFields[] = {
    {"dossier_id", M::kRegister, T::kRef, nullptr, E::kDossier, kRequired | kFixed},
    {"author", M::kRegister, T::kText, nullptr, {}, kRequired | kFixed},
    {"created_at", M::kRegister, T::kDateTime, nullptr, {}, kRequired | kFixed},
    {"residual_risk", M::kRegister, T::kText, nullptr, {}, kMultiLine},
    {"service_strategies", M::kRegister, T::kText, nullptr, {}, kMultiLine},
    {"return_risk", M::kRegister, T::kText, nullptr, {}, kMultiLine},
    {"self_assessment_plan", M::kRegister, T::kText, nullptr, {}, kMultiLine},
    {"concerning_behaviours", M::kRegister, T::kText, nullptr, {}, kMultiLine},
    {"help_and_contact", M::kRegister, T::kText, nullptr, {}, kMultiLine},
};
const FieldSpec kCoReportFields[] = {
    {"dossier_id", M::kRegister, T::kRef, nullptr, E::kDossier, kRequired | kFixed},
    {"author", M::kRegister, T::kText, nullptr, {}, kRequired | kFixed},
    {"created_at", M::kRegister, T::kDateTime, nullptr, {}, kRequired | kFixed},
    {"title", M::kRegister, T::kText},
    {"agreed_on", M::kRegister, T::kDate},
    {"agreement_how", M::kRegister, T::kEnum, &kVocAgreement},
    {"agreed_hash", M::kRegister, T::kText},
};
const FieldSpec kCoReportPassageFields[] = {
    {"dossier_id", M::kRegister, T::kRef, nullptr, E::kDossier, kRequired | kFixed},
    {"report_id", M::kRegister, T::kRef, nullptr, E::kCoReport, kRequired | kFixed},
    {"position", M::kRegister, T::kText, nullptr, {}, kRequired},
    {"voice", M::kRegister, T::kEnum, &kVocVoice, {}, kRequired},
    {"text", M::kRegister, T::kText, nullptr, {}, kRequired | kMultiLine},
};
const FieldSpec kReceivedAttestationFields[] = {
    {"person_name", M::kRegister, T::kText, nullptr, {}, kRequired | kFixed},
    {"person_birth_date", M::kRegister, T::kDate, nullptr, {}, kFixed},
    {"period_from", M::kRegister, T::kDate, nullptr, {}, kFixed},
    {"period_to", M::kRegister, T::kDate, nullptr, {}, kFixed},
    {"issuer_id", M::kRegister, T::kText, nullptr, {}, kRequired | kFixed},
    {"issuer_name", M::kRegister, T::kText, nullptr, {}, kRequired | kFixed},
    {"issuer_fingerprint", M::kRegister, T::kText, nullptr, {}, kFixed},
    {"issued_at", M::kRegister, T::kText, nullptr, {}, kFixed},
    {"verification_code", M::kRegister, T::kText, nullptr, {}, kRequired | kFixed},
    {"content_hash", M::kRegister, T::kText, nullptr, {}, kFixed},
};
const FieldSpec kReceivedVisitFields[] = {
    {"attestation_id", M::kRegister, T::kRef, nullptr, E::kReceivedAttestation, kRequired | kFixed},
    {"date", M::kRegister, T::kDate, nullptr, {}, kRequired | kFixed},
    {"kind", M::kRegister, T::kEnum, &kVocVisitKind, {}, kRequired | kFixed},
    {"outcome", M::kRegister, T::kEnum, &kVocOutcome, {}, kFixed},
};

// The monthly review of the follow-up (seed 004: "ce programme doit être révisé tous les mois"):
// when it was held, who took part, the next review it set, what was decided.
const FieldSpec kReviewFields[] = {
    {"dossier_id", M::kRegister, T::kRef, nullptr, E::kDossier, kRequired | kFixed},
    {"held_on", M::kRegister, T::kDate, nullptr, {}, kRequired},
    {"next_review", M::kRegister, T::kDate},
    {"comment", M::kRegister, T::kText, nullptr, {}, kMultiLine},
    {"author", M::kRegister, T::kText, nullptr, {}, kRequired | kFixed},
    {"participants", M::kSet, T::kText},
};

// Issue 15. One exit step of a dossier's checklist. Its id is derived from the dossier and the step
// (exit_plan.cpp ExitStepId), so two devices that start the same step offline write the same record
// and the registers merge, instead of leaving two rows for one step. The due date is counted back
// from the dossier's expected release: days_before (digits) when the worker changed the default.
const FieldSpec kExitStepFields[] = {
    {"dossier_id", M::kRegister, T::kRef, nullptr, E::kDossier, kRequired | kFixed},
    {"step", M::kRegister, T::kEnum, &kVocExitStep, {}, kRequired | kFixed},
    {"status", M::kRegister, T::kEnum, &kVocExitStepStatus, {}, kRequired},
    {"member_id", M::kRegister, T::kRef, nullptr, E::kTeamMember},  // who does it (team.h)
    {"days_before", M::kRegister, T::kText},
    {"service_id", M::kRegister, T::kText},  // a directory entry id, as a referral's
    {"commune", M::kRegister, T::kText},     // social income: the commune whose CPAS will be competent
    {"housing_route", M::kRegister, T::kEnum, &kVocHousingRoute},
    {"comment", M::kRegister, T::kText, nullptr, {}, kMultiLine},
};
// Who does what around the person (seed 004). A member who left keeps the record with `until`:
// the team's history, the référent handover's included (team.h HandOverReferent).
const FieldSpec kTeamMemberFields[] = {
    {"dossier_id", M::kRegister, T::kRef, nullptr, E::kDossier, kRequired | kFixed},
    {"role", M::kRegister, T::kEnum, &kVocTeamRole, {}, kRequired},
    {"name", M::kRegister, T::kText, nullptr, {}, kRequired},
    {"organisation", M::kRegister, T::kText},
    {"service_id", M::kRegister, T::kText},  // a directory entry (a partner service)
    {"contact", M::kRegister, T::kText},     // how to reach them: phone, e-mail, days of presence
    {"responsible_for", M::kRegister, T::kText, nullptr, {}, kMultiLine},
    {"since", M::kRegister, T::kDate},
    {"until", M::kRegister, T::kDate},
};
// Continuity of care (seed 004: "il est primordial que la continuité du traitement soit assurée";
// seed 001: "pas de connaissance du traitement, de la posologie"). Health data: held by the service
// only, never on a document without its own consent scope (exit_plan.h). One per dossier, its id
// derived from the dossier like an exit step's.
const FieldSpec kCareHandoverFields[] = {
    {"dossier_id", M::kRegister, T::kRef, nullptr, E::kDossier, kRequired | kFixed},
    {"treatment_continues", M::kRegister, T::kEnum, &kVocCareAnswer},
    {"treatment", M::kRegister, T::kText, nullptr, {}, kMultiLine},
    {"prescriber", M::kRegister, T::kText},  // who prescribes it outside
    {"first_appointment", M::kRegister, T::kDate},
    {"service_id", M::kRegister, T::kText},  // the directory service of that first appointment
    {"sharing_agreed", M::kRegister, T::kEnum, &kVocCareSharing},
};
// Issue 15 part 3: a dated needs and risk assessment (seed 002: "évaluer le risque et les besoins",
// "outils de diagnostic social et d'évaluation des besoins"). Earlier assessments are kept: a new
// one is a new record. `needs` holds one "domain=level" line per life domain assessed (a register:
// the assessment is edited as a whole); the scope follows a note's visibility rule (visibility.h).
const FieldSpec kAssessmentFields[] = {
    {"dossier_id", M::kRegister, T::kRef, nullptr, E::kDossier, kRequired | kFixed},
    {"assessed_on", M::kRegister, T::kDate, nullptr, {}, kRequired},
    {"assessor", M::kRegister, T::kText, nullptr, {}, kRequired},
    {"instrument", M::kRegister, T::kText},
    {"needs", M::kRegister, T::kText, nullptr, {}, kMultiLine},
    {"protective_factors", M::kRegister, T::kText, nullptr, {}, kMultiLine},
    {"risk_summary", M::kRegister, T::kText, nullptr, {}, kMultiLine},
    {"next_assessment", M::kRegister, T::kDate},
    {"scope", M::kRegister, T::kEnum, &kVocAssessmentScope, {}, kRequired},
    {"author", M::kRegister, T::kText, nullptr, {}, kRequired | kFixed},
    {"created_at", M::kRegister, T::kDateTime, nullptr, {}, kRequired | kFixed},
};
// Issue 15 part 5: a relative, minimal (seed 002: "travailler avec les familles"; 003: "proches,
// famille"). `person_id` when the relative is also followed as a person of their own; the plan
// items of the family domain the relative is linked to are a set (two devices linking both keep theirs).
const FieldSpec kRelativeFields[] = {
    {"dossier_id", M::kRegister, T::kRef, nullptr, E::kDossier, kRequired | kFixed},
    {"name", M::kRegister, T::kText, nullptr, {}, kRequired},
    {"relation", M::kRegister, T::kEnum, &kVocRelation, {}, kRequired},
    {"contact_consent", M::kRegister, T::kEnum, &kVocContactConsent, {}, kRequired},
    {"contact_by", M::kRegister, T::kText},
    {"person_id", M::kRegister, T::kRef, nullptr, E::kPerson},
    {"plan_item_ids", M::kSet, T::kRef, nullptr, E::kPlanItem},
};

const EntitySpec kEntities[] = {
    {E::kPerson, "person", "per", kPersonFields},
    {E::kDossier, "dossier", "dos", kDossierFields},
    {E::kVisit, "visit", "vis", kVisitFields},
    {E::kNote, "note", "not", kNoteFields},
    {E::kPlanItem, "plan_item", "pla", kPlanFields},
    {E::kConsent, "consent", "con", kConsentFields},
    {E::kReferral, "referral", "ref", kReferralFields},
    {E::kDisclosureLog, "disclosure_log", "dis", kDisclosureLogFields, true},
    {E::kExitReport, "exit_report", "exr", kExitReportFields},
    {E::kCoReport, "co_report", "cor", kCoReportFields},
    {E::kCoReportPassage, "co_report_passage", "cop", kCoReportPassageFields},
    {E::kReceivedAttestation, "received_attestation", "rat", kReceivedAttestationFields, true},
    {E::kReceivedVisit, "received_visit", "rav", kReceivedVisitFields, true},
    {E::kReview, "review", "rev", kReviewFields},
    {E::kExitStep, "exit_step", "exs", kExitStepFields},
    {E::kTeamMember, "team_member", "tem", kTeamMemberFields},
    {E::kCareHandover, "care_handover", "cah", kCareHandoverFields},
    {E::kAssessment, "assessment", "ass", kAssessmentFields},
    {E::kRelative, "relative", "rel", kRelativeFields},
};

bool AllDigits(sv s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
int ToInt(sv s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

bool Vocabulary::Contains(sv v) const { return std::find(values.begin(), values.end(), v) != values.end(); }

const Vocabulary& PersonStatuses() { return kVocPersonStatus; }
const Vocabulary& Languages() { return kVocLanguage; }
const Vocabulary& FollowUpBases() { return kVocBasis; }
const Vocabulary& VisitKinds() { return kVocVisitKind; }
const Vocabulary& AttendanceOutcomes() { return kVocOutcome; }
const Vocabulary& NoteScopes() { return kVocScope; }
const Vocabulary& LifeDomains() { return kVocDomain; }
const Vocabulary& PlanStatuses() { return kVocPlanStatus; }
const Vocabulary& ConsentScopes() { return kVocConsentScope; }
const Vocabulary& ReferralStatuses() { return kVocReferralStatus; }
const Vocabulary& PracticeCodes() { return kVocPractice; }
const Vocabulary& DocumentKinds() { return kVocDocumentKind; }
const Vocabulary& DisclosureBases() { return kVocDisclosureBasis; }
const Vocabulary& PassageVoices() { return kVocVoice; }
const Vocabulary& AgreementWays() { return kVocAgreement; }
const Vocabulary& ExitSteps() { return kVocExitStep; }
const Vocabulary& ExitStepStatuses() { return kVocExitStepStatus; }
const Vocabulary& HousingRoutes() { return kVocHousingRoute; }
const Vocabulary& TeamRoles() { return kVocTeamRole; }
const Vocabulary& CareAnswers() { return kVocCareAnswer; }
const Vocabulary& CareSharing() { return kVocCareSharing; }
const Vocabulary& NeedsStages() { return kVocStage; }
const Vocabulary& NeedLevels() { return kVocNeedLevel; }
const Vocabulary& AssessmentScopes() { return kVocAssessmentScope; }
const Vocabulary& RelativeRelations() { return kVocRelation; }
const Vocabulary& ContactConsents() { return kVocContactConsent; }
const Vocabulary& PlanSuggestionKeys() { return kVocSuggestion; }

std::string_view PracticeCodeNumber(sv code) {
  for (size_t i = 0; i < kPracticeCodes.size(); ++i)
    if (kPracticeCodes[i] == code) return kPracticeNumbers[i];
  return {};
}

std::string_view PracticeCodeForNumber(sv number) {
  for (size_t i = 0; i < kPracticeNumbers.size(); ++i)
    if (kPracticeNumbers[i] == number) return kPracticeCodes[i];
  return {};
}

const FieldSpec* EntitySpec::Find(sv field) const {
  for (const auto& f : fields)
    if (f.name == field) return &f;
  return nullptr;
}

std::span<const EntitySpec> AllEntities() { return kEntities; }
const EntitySpec& Spec(EntityType type) { return kEntities[static_cast<size_t>(type)]; }

const EntitySpec* SpecForId(sv entity_id) {
  // Vault::NewEntityId: 3-letter prefix, '-', 11 hex digits of time and 8 of randomness.
  if (entity_id.size() != 4 + 19 || entity_id[3] != '-') return nullptr;
  for (char c : entity_id.substr(4))
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return nullptr;
  for (const auto& e : kEntities)
    if (entity_id.substr(0, 3) == e.prefix) return &e;
  return nullptr;
}

bool IsValidEntityId(sv entity_id) { return SpecForId(entity_id) != nullptr; }

std::string QuotedForMessage(sv value) {
  if (!ValidateText("", value, false, 64, 0, nullptr)) return "a value that is not printable text";
  return Quoted(value);
}

bool IsBlank(sv value) {
  return std::all_of(value.begin(), value.end(), [](char c) { return c == ' '; });
}

bool ValidateText(sv what, sv value, bool multi_line, size_t max_line_code_points, size_t max_bytes,
                  std::string* message) {
  auto fail = [&](const std::string& why) {
    if (message) *message = std::string(what) + " " + why;
    return false;
  };
  // The byte bound first, so a huge value is refused before it is walked.
  if (multi_line && value.size() > max_bytes)
    return fail("is too long: at most " + std::to_string(max_bytes / 1024) + " KiB of text is accepted.");
  // A code point takes at most 4 bytes, so a line of more bytes than that is over the bound too.
  if (!multi_line && value.size() > 4 * max_line_code_points)
    return fail("is too long: at most " + std::to_string(max_line_code_points) + " characters on one line.");
  size_t code_points = 0;
  for (size_t i = 0; i < value.size();) {
    // Printable ASCII (most of a note) needs no decoding: a note save walks the whole body.
    const auto byte = static_cast<uint8_t>(value[i]);
    if (byte >= 0x20 && byte < 0x7F) {
      ++i;
      ++code_points;
      continue;
    }
    auto d = platform::utf8::DecodeNext(value, i);
    if (!d.valid) return fail("is not valid UTF-8 text: check the encoding of what was typed or imported.");
    ++code_points;
    const bool control = d.cp < 0x20 || d.cp == 0x7F || (d.cp >= 0x80 && d.cp < 0xA0);
    if (control && !(multi_line && (d.cp == '\n' || d.cp == '\t')))
      return fail(multi_line ? "contains a control character (only line breaks and tabs are allowed)."
                             : "contains a control character or line break (one line of text is expected).");
  }
  if (!multi_line && code_points > max_line_code_points)
    return fail("is too long: at most " + std::to_string(max_line_code_points) + " characters on one line.");
  return true;
}

bool IsValidDate(sv s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  sv y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
  if (!AllDigits(y) || !AllDigits(m) || !AllDigits(d)) return false;
  int year = ToInt(y), month = ToInt(m), day = ToInt(d);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max_day = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= max_day;
}

std::optional<std::string> LocalDateToIso(sv s) {
  // The same forms as the app's date fields (ui/model/forms/record_form.cpp ParseDateInput):
  // surrounding spaces ignored; 2026-12-01 as is; else day first, as Belgians write it, with '/',
  // '.' or '-', a day and month of one or two digits and a four-digit year (a two-digit year is
  // refused rather than guessed: is 04/11/26 1926 or 2026 for a birth date?).
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (s.size() == 10 && s[4] == '-' && s[7] == '-' && AllDigits(s.substr(0, 4)) && AllDigits(s.substr(5, 2)) &&
      AllDigits(s.substr(8, 2)))
    return std::string(s);
  for (char sep : {'/', '.', '-'}) {
    const size_t a = s.find(sep);
    const size_t b = a == sv::npos ? sv::npos : s.find(sep, a + 1);
    if (b == sv::npos) continue;
    sv d = s.substr(0, a), m = s.substr(a + 1, b - a - 1), y = s.substr(b + 1);
    if (d.empty() || d.size() > 2 || m.empty() || m.size() > 2 || y.size() != 4) return std::nullopt;
    if (!AllDigits(d) || !AllDigits(m) || !AllDigits(y)) return std::nullopt;
    std::string iso(y);
    iso += '-';
    if (m.size() == 1) iso += '0';
    iso += m;
    iso += '-';
    if (d.size() == 1) iso += '0';
    iso += d;
    return iso;
  }
  return std::nullopt;
}

std::string DateProblem(sv what, sv typed, sv iso) {
  const bool shaped = iso.size() == 10 && iso[4] == '-' && iso[7] == '-' && AllDigits(iso.substr(0, 4)) &&
                      AllDigits(iso.substr(5, 2)) && AllDigits(iso.substr(8, 2));
  if (shaped && ToInt(iso.substr(0, 4)) < 1900)
    return "The " + std::string(what) + " " + std::string(typed) + " is before 1900.";
  if (shaped) return "The " + std::string(what) + " " + std::string(typed) + " does not exist.";
  return "The " + std::string(what) + " " + QuotedForMessage(typed) +
         " is not a date: write it as 2026-12-01 or 01/12/2026.";
}

bool IsValidDateTime(sv s) {
  if (s.size() != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return false;
  if (!IsValidDate(s.substr(0, 10))) return false;
  sv h = s.substr(11, 2), mi = s.substr(14, 2), se = s.substr(17, 2);
  if (!AllDigits(h) || !AllDigits(mi) || !AllDigits(se)) return false;
  return ToInt(h) < 24 && ToInt(mi) < 60 && ToInt(se) < 60;
}

bool ValidateValue(const FieldSpec& field, sv value, std::string* message) {
  auto fail = [&](const std::string& why) {
    if (message) *message = why;
    return false;
  };
  if (!ValidateText("The " + std::string(field.name), value, field.Has(kMultiLine), kMaxLineCodePoints,
                    kMaxLongTextBytes, message))
    return false;
  switch (field.type) {
    case ValueType::kText:
      return true;
    case ValueType::kDate:
      // Stored and synced dates are ISO only; a local entry was normalised before (LocalDateToIso).
      if (!IsValidDate(value)) {
        std::string what(field.name);
        std::replace(what.begin(), what.end(), '_', ' ');
        if (value.size() == 10 && value[4] == '-' && value[7] == '-') return fail(DateProblem(what, value, value));
        return fail("The " + what + " " + QuotedForMessage(value) + " is not a date of the form YYYY-MM-DD.");
      }
      return true;
    case ValueType::kDateTime:
      if (!IsValidDateTime(value))
        return fail("The " + std::string(field.name) + " " + Quoted(value) +
                    " is not a real UTC time of the form YYYY-MM-DDTHH:MM:SSZ.");
      return true;
    case ValueType::kEnum: {
      if (field.vocabulary->Contains(value)) return true;
      // A long list (the barrier and lever suggestions) is not spelt out: the message stays one
      // short sentence, and `help` or the list's own command gives the values.
      if (field.vocabulary->values.size() > 20)
        return fail(QuotedForMessage(value) + " is not a known " + std::string(field.vocabulary->name) + ".");
      std::string allowed;
      for (auto v : field.vocabulary->values) allowed += (allowed.empty() ? "" : ", ") + std::string(v);
      return fail(Quoted(value) + " is not a known " + std::string(field.vocabulary->name) + " (allowed: " + allowed +
                  ").");
    }
    case ValueType::kRef: {
      const EntitySpec* target = SpecForId(value);
      if (target == nullptr || target->type != *field.ref)
        return fail(Quoted(value) + " is not a " + std::string(Spec(*field.ref).name) + " id.");
      return true;
    }
    case ValueType::kBool:
      if (value == "0" || value == "1") return true;
      return fail("The " + std::string(field.name) + " must be 0 or 1.");
  }
  return fail("Unknown value type.");
}

}  // namespace passerelle::core
