// The reintegration plan as the seeds describe it (issue 15 parts 2, 3, 5): the stage of seed 002's
// hierarchy of needs on each plan item, dated needs and risk assessments, and the person's
// relatives. Writes check everything first and make one Vault::Apply call; reads return plain
// structs. docs/domain.md maps each record to the seed passage it comes from.
// Thread-safety: as the Vault.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/case_files.h"

namespace passerelle::core {

// ---- Part 2: the hierarchy of needs ----
// The stage an item of `domain` starts at when none was chosen (an item made before schema v12, or
// on a device not yet updated, is read at this stage on every device alike): housing, rights,
// debts and physical health are basic needs; mental health, addiction and justice are the work of
// stabilisation and transition; training, employment and the family and social network are social
// reintegration. Identity and worldview work is always chosen by the worker.
std::string_view DefaultStageFor(std::string_view domain);
// The item's stage: its own, else its domain's default.
std::string StageOf(const PlanItem& item);
// Plan items grouped by stage (NeedsStages() order, basic needs first), each group by life domain
// order then as given; `open` counts items planned, in progress or on hold.
struct StageGroup {
  std::string stage;
  std::vector<PlanItem> items;
  size_t open = 0;
};
std::vector<StageGroup> GroupByStage(const std::vector<PlanItem>& plan);
// A plan item's picked suggestions (plan_suggestions.h keys), sorted.
Result<std::vector<std::string>> PlanItemSuggestions(const Vault& v, const std::string& plan_item_id);
// Makes the item's picked suggestions exactly `keys` (each a known suggestion key), adding and
// removing in one transaction so a colleague's concurrent picks are kept.
Status SetPlanItemSuggestions(Vault& v, const std::string& plan_item_id, const std::vector<std::string>& keys);

// ---- Part 3: needs and risk assessment ----
struct Assessment {
  std::string id, dossier_id, assessed_on, assessor, instrument, protective_factors, risk_summary, next_assessment,
      scope, author, created_at;
  std::map<std::string, std::string> needs;  // life domain -> need level (NeedLevels())
};
// "domain=level" lines -> map; refuses an unknown domain or level, or a domain given twice, in
// one sentence. Blank lines are skipped.
Result<std::map<std::string, std::string>> ParseNeeds(std::string_view text);
std::string FormatNeeds(const std::map<std::string, std::string>& needs);
// Records a new assessment (earlier ones are kept). `fields`: dossier_id (required), assessed_on
// (default today; not in the future), assessor (default the vault's worker), instrument,
// protective_factors, risk_summary, next_assessment (after assessed_on; default: the dossier's
// next monthly review when it is later, so it is proposed at the review), scope (private or
// service, default service: a partner never receives one except through a disclosure that names
// it). `needs`: life domain -> level.
Result<std::string> AddAssessment(Vault& v, const FieldValues& fields, const std::map<std::string, std::string>& needs);
// Changes an assessment the worker may see: the same rules; `needs` replaces the levels when given.
Status UpdateAssessment(Vault& v, const std::string& id, const FieldValues& fields,
                        const std::map<std::string, std::string>* needs = nullptr);
// The dossier's assessments this worker may see (a private one only for its author), newest first.
Result<std::vector<Assessment>> ListAssessments(const Vault& v, const std::string& dossier_id);
// One life domain's level of need in two assessments ("" where an assessment gives none).
struct NeedsComparisonRow {
  std::string domain, first, second;
};
// Every life domain, in LifeDomains() order, with its level in `first` and in `second` (which may
// be null: the first assessment has nothing to compare with). The CLI's `assessment compare` and the
// app's "Compare with the latest" both read this, so they cannot disagree.
std::vector<NeedsComparisonRow> CompareNeeds(const Assessment& first, const Assessment* second);

// ---- Part 5: relatives ----
struct Relative {
  std::string id, dossier_id, name, relation, contact_consent, contact_by, person_id;
  std::vector<std::string> plan_item_ids;  // plan items of the family domain, sorted
};
// `fields`: dossier_id, name, relation (required), contact_consent (default not_asked),
// contact_by (who may contact them), person_id (the relative followed as a person of their own:
// a live person, not the dossier's own). Each linked plan item must be a live item of the same
// dossier in the family and social network domain.
Result<std::string> AddRelative(Vault& v, const FieldValues& fields, const std::vector<std::string>& plan_item_ids = {});
Status UpdateRelative(Vault& v, const std::string& id, const FieldValues& fields);
// Makes the relative's linked plan items exactly `plan_item_ids` (same checks), in one transaction.
Status SetRelativePlanItems(Vault& v, const std::string& id, const std::vector<std::string>& plan_item_ids);
// The dossier's relatives, by name.
Result<std::vector<Relative>> ListRelatives(const Vault& v, const std::string& dossier_id);

}  // namespace passerelle::core
