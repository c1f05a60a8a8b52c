// Who does what around the person (issue 15, seed 004: "Indiquez clairement dès le départ qui fait
// quoi"; "les institutions savent qui fait quoi"; "une seule personne doit être responsable du
// dossier"). A dossier's team: each member with a role from TeamRoles(), their organisation, how to
// reach them, what they are responsible for, since when and, once they left, until when.
//
// The référent stays one person: HandOverReferent is the one action that changes the dossier's
// référent, ends the outgoing référent's membership and adds the incoming one, in one transaction;
// its history is the dossier's referent field history plus the ended memberships.
// The person's own "who to ask for what" is WhoToAsk: the current members with their role,
// organisation, contact and responsibility (the exit report's "where the person can get help").
// Writes validate everything first and make one Vault::Apply call. Thread-safety: as the Vault.
#pragma once

#include <string>
#include <vector>

#include "passerelle/core/case_files.h"

namespace passerelle::core {

struct TeamMember {
  std::string id, dossier_id, role, name, organisation, service_id, contact, responsible_for, since, until;
  bool Current(const std::string& today) const { return until.empty() || until > today; }
};

// Adds a member: `fields` needs dossier_id, role, name; may hold organisation, service_id (a
// directory entry), contact, responsible_for, since (typed date; today by default), until. A
// référent is added with HandOverReferent, not here (one référent at a time).
Result<std::string> AddTeamMember(Vault& v, const FieldValues& fields);
// Changes a member's fields (not the dossier; the role referent neither way: the handover does it).
Status UpdateTeamMember(Vault& v, const std::string& member_id, const FieldValues& fields);
// Every member of the dossier, current ones first (by role order, then name), then those who left
// (latest first).
Result<std::vector<TeamMember>> ListTeam(const Vault& v, const std::string& dossier_id);
// The members current on `today` (YYYY-MM-DD), in role order: what the person's printable "who to
// ask for what" lists.
Result<std::vector<TeamMember>> WhoToAsk(const Vault& v, const std::string& dossier_id, const std::string& today);

// The référent handover: sets the dossier's referent to `name`, ends (until = `on`) the membership
// of every current référent member, adds `name` as référent since `on` (typed; today if empty),
// with `contact` and `organisation` if given. Refuses a blank name, the current référent again, a
// date in the future. One transaction; nothing written on refusal.
Result<std::string> HandOverReferent(Vault& v, const std::string& dossier_id, const std::string& name,
                                     const std::string& on, const std::string& contact = {},
                                     const std::string& organisation = {});

}  // namespace passerelle::core
