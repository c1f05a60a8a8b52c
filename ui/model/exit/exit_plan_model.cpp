#include "exit_plan_model.h"

#include <algorithm>

#include "secret_text.h"

namespace passerelle::ui {

Status ExitPlanModel::Load(const core::Vault& vault, const std::string& dossier_id, const std::string& expected_release,
                           const std::string& today, const std::map<std::string, std::string>& services) {
  auto steps = core::ListExitSteps(vault, dossier_id);
  if (!steps.ok()) return steps.status();
  auto care = core::GetCareHandover(vault, dossier_id);
  if (!care.ok()) return care.status();
  auto team = core::ListTeam(vault, dossier_id);
  if (!team.ok()) return team.status();
  Wipe();
  steps_ = std::move(*steps);
  care_ = std::move(*care);
  team_ = std::move(*team);
  today_ = today;
  days_to_release_ = core::CalendarDaysBetween(today, expected_release);
  for (const auto& s : steps_)
    if (auto it = services.find(s.service_id); it != services.end()) services_[it->first] = it->second;
  for (const auto& m : team_)
    if (auto it = services.find(m.service_id); it != services.end()) services_[it->first] = it->second;
  if (auto it = services.find(care_.service_id); it != services.end()) services_[it->first] = it->second;
  return Status::Ok();
}

int ExitPlanModel::open_steps() const {
  return static_cast<int>(std::count_if(steps_.begin(), steps_.end(), [](const core::ExitStep& s) { return s.Open(); }));
}

std::string ExitPlanModel::MemberName(const std::string& member_id) const {
  for (const auto& m : team_)
    if (m.id == member_id) return m.name;
  return {};
}

std::string ExitPlanModel::ServiceName(const std::string& service_id) const {
  auto it = services_.find(service_id);
  return it == services_.end() ? service_id : it->second;
}

bool ExitPlanModel::Holds(const std::string& id) const {
  if (id.empty()) return false;
  if (id == care_.id) return true;
  for (const auto& s : steps_)
    if (s.id == id) return true;
  for (const auto& m : team_)
    if (m.id == id) return true;
  return false;
}

void ExitPlanModel::Wipe() {
  for (auto& s : steps_)
    for (std::string* f : {&s.id, &s.dossier_id, &s.member_id, &s.service_id, &s.commune, &s.comment, &s.due_date})
      WipeString(*f);
  steps_.clear();
  for (std::string* f : {&care_.id, &care_.dossier_id, &care_.treatment_continues, &care_.treatment, &care_.prescriber,
                         &care_.first_appointment, &care_.service_id, &care_.sharing_agreed})
    WipeString(*f);
  care_ = {};
  for (auto& m : team_)
    for (std::string* f : {&m.id, &m.name, &m.organisation, &m.contact, &m.responsible_for, &m.since, &m.until})
      WipeString(*f);
  team_.clear();
  for (auto& [id, name] : services_) WipeString(name);
  services_.clear();
  days_to_release_.reset();
}

}  // namespace passerelle::ui
