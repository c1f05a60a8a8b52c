// Preparing the release from the first day (issue 15, seed 001: "préparer la sortie de détention
// dès l'entrée en prison"): each dossier's exit checklist over the closed list of steps
// (ExitSteps(): identity card, health insurance, social income at the CPAS of the competent commune,
// housing, a bed for the first nights, bank account, a care appointment, debt mediation), and the
// care handover (seed 004: continuity of treatment).
//
// A step exists for every dossier even before anyone touched it (status not_started, the default
// offset): the checklist is the closed list, not what was typed. A step's record is written the
// first time it is changed, under an id derived from the dossier and the step (ExitStepId), so two
// devices starting the same step offline write the same record and its fields merge as registers.
// The care handover is one record per dossier under the same scheme.
//
// Health data (the care handover) stays within the service: it syncs only with the team's own
// devices like every case record (sync never crosses organisations), is never in a document but
// through a disclosure that names it, and the app and CLI show it with a sensitivity reminder.
// Writes validate everything first and make one Vault::Apply call. Thread-safety: as the Vault.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/case_files.h"

namespace passerelle::core {

// Days before the expected release by which a step should be done when the worker has not said
// otherwise (a bed for the first nights late, housing early: seed 001 on waiting lists).
int DefaultDaysBefore(std::string_view step);
// The largest offset a worker may give (about five years).
inline constexpr int kMaxDaysBefore = 1825;

struct ExitStep {
  std::string id;  // ExitStepId(dossier, step): written or not
  std::string dossier_id, step, status, member_id, service_id, commune, housing_route, comment;
  int days_before = 0;       // the worker's offset, or DefaultDaysBefore(step)
  bool custom_offset = false;
  std::string due_date;      // expected release - days_before; "" without an expected release
  bool written = false;      // a record exists (someone touched this step)
  bool Open() const { return status == "not_started" || status == "in_progress"; }
};

// The record id of a dossier's step: stable, the same on every device.
std::string ExitStepId(std::string_view dossier_id, std::string_view step);
std::string CareHandoverId(std::string_view dossier_id);

// The dossier's checklist, one entry per step of ExitSteps(), in that order.
Result<std::vector<ExitStep>> ListExitSteps(const Vault& v, const std::string& dossier_id);
// Open steps (not started or in progress) per live dossier, for the case list's urgency.
Result<std::map<std::string, int>> OpenExitStepCounts(const Vault& v);

// Changes one step of a dossier's checklist. `fields` may hold status, member_id (a live team
// member of the same dossier, "" clears), days_before (0..kMaxDaysBefore, "" back to the default),
// due_date (typed date before the expected release: stored as days_before), service_id, commune,
// housing_route (housing only), comment. Refuses an unknown step or field, a dossier that does not
// exist, and writes nothing then.
Status SetExitStep(Vault& v, const std::string& dossier_id, const std::string& step, const FieldValues& fields);

struct CareHandover {
  std::string id, dossier_id, treatment_continues, treatment, prescriber, first_appointment, service_id,
      sharing_agreed;
  bool written = false;
};
Result<CareHandover> GetCareHandover(const Vault& v, const std::string& dossier_id);
// Sets fields of the dossier's care handover (treatment_continues, treatment, prescriber,
// first_appointment as typed, service_id, sharing_agreed); "" clears a field. Nothing is written
// on a refusal.
Status SetCareHandover(Vault& v, const std::string& dossier_id, const FieldValues& fields);

// The urgency rule of the case list (issue 15): when the release is near, the open steps count.
// A case file is "release soon" when its expected release is today or later and either within
// kReleaseSoonDays, or within kChecklistDays with at least one step open. Sorted among themselves
// by days to release, then by more open steps first.
inline constexpr int kExitReleaseSoonDays = 60;
inline constexpr int kChecklistDays = 90;
struct ReleaseUrgency {
  bool soon = false;    // shows the release badge and sorts with the release group
  int64_t days = 0;     // days to release (when soon)
  int open_steps = 0;   // shown on the badge when > 0
};
// `days_to_release`: nullopt without an expected release.
ReleaseUrgency ReleaseUrgencyFor(std::optional<int64_t> days_to_release, int open_steps);
// True when a ranks before b in the release group.
bool ReleaseSortsBefore(const ReleaseUrgency& a, const ReleaseUrgency& b);
// The dossier opens on its Release tab: the release is within kChecklistDays (and not past).
bool ChecklistFirst(std::optional<int64_t> days_to_release);

// Calendar helpers the due dates need: days from `from` to `to` (YYYY-MM-DD), nullopt if either is
// not a date; the date `days` after `from` ("" if `from` is not a date).
std::optional<int64_t> CalendarDaysBetween(std::string_view from, std::string_view to);
std::string CalendarAddDays(std::string_view from, int64_t days);

}  // namespace passerelle::core
