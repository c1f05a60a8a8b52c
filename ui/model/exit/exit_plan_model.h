// The case file's exit preparation as the Release and Team tabs show it (issue 15): the exit
// checklist (every step of the closed list, its status, who does it and by when, counted back from
// the expected release), the care handover (health data: shown with a sensitivity reminder), and
// the dossier team (current members first, then those who left: the référent handovers' history).
// Loaded with the dossier (DossierModel::Load). Thread-safety: UI thread only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "passerelle/core/exit_plan.h"
#include "passerelle/core/team.h"

namespace passerelle::ui {

class ExitPlanModel {
 public:
  // `services`: directory entry id -> display name (a step's or the care handover's service).
  Status Load(const core::Vault& vault, const std::string& dossier_id, const std::string& expected_release,
              const std::string& today, const std::map<std::string, std::string>& services);
  const std::vector<core::ExitStep>& steps() const { return steps_; }
  const core::CareHandover& care() const { return care_; }
  const std::vector<core::TeamMember>& team() const { return team_; }  // current first, then past
  // Days to the expected release (nullopt without one); the Release tab comes first within 90 days.
  std::optional<int64_t> days_to_release() const { return days_to_release_; }
  bool checklist_first() const { return core::ChecklistFirst(days_to_release_); }
  int open_steps() const;
  // A team member's name ("" if not in this dossier's team), a directory service's name (its id
  // when the directory does not know it).
  std::string MemberName(const std::string& member_id) const;
  std::string ServiceName(const std::string& service_id) const;
  const std::string& today() const { return today_; }
  bool Holds(const std::string& id) const;
  void Wipe();

 private:
  std::vector<core::ExitStep> steps_;
  core::CareHandover care_;
  std::vector<core::TeamMember> team_;
  std::map<std::string, std::string> services_;
  std::optional<int64_t> days_to_release_;
  std::string today_;
};

}  // namespace passerelle::ui
