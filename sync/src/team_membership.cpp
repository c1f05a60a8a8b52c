// Team membership (engine.h): the team key kept inside the vault, through the SyncStore; the key
// file itself is team.h's. The team's organisation travels with the key (core/organisation.h).
#include "passerelle/sync/engine.h"

#include "passerelle/core/sync_store.h"
#include "passerelle/platform/file.h"
#include "passerelle/sync/team.h"

namespace passerelle::sync {

Status InitTeam(core::Vault& vault) {
  core::SyncStore store(vault);
  PASSERELLE_ASSIGN_OR_RETURN(auto existing, store.TeamKey());
  if (existing) return Conflict("This vault already has a team key; export it with team export instead.");
  PASSERELLE_ASSIGN_OR_RETURN(auto key, NewTeamKey());
  return store.SetTeamKey(key, /*replace=*/false);
}

Status ExportTeamKey(core::Vault& vault, const std::string& path, const platform::SecureBuffer& passphrase,
                     const core::KdfParams& kdf) {
  core::SyncStore store(vault);
  PASSERELLE_ASSIGN_OR_RETURN(auto key, store.TeamKey());
  if (!key) return NotFound("This vault has no team key yet: run team init (or team join) first.");
  PASSERELLE_ASSIGN_OR_RETURN(auto bytes, WrapTeamKey(*key, passphrase, kdf));
  // The organisation section: its header is bound to the sealed key before it, so neither half
  // can be swapped for another file's.
  std::vector<uint8_t> header = TeamOrganisationHeader(0);
  std::vector<uint8_t> associated = bytes;
  associated.insert(associated.end(), header.begin(), header.begin() + 10);  // magic and version
  PASSERELLE_ASSIGN_OR_RETURN(auto sealed, store.SealOrganisationForTeam(*key, associated));
  header = TeamOrganisationHeader(sealed.size());
  bytes.insert(bytes.end(), header.begin(), header.end());
  bytes.insert(bytes.end(), sealed.begin(), sealed.end());
  return platform::WriteFileAtomic(path, bytes);
}

Status JoinTeam(core::Vault& vault, const std::string& path, const platform::SecureBuffer& passphrase) {
  PASSERELLE_ASSIGN_OR_RETURN(auto bytes, platform::ReadFile(path));
  PASSERELLE_ASSIGN_OR_RETURN(auto key, UnwrapTeamKey(bytes, passphrase));
  PASSERELLE_ASSIGN_OR_RETURN(TeamKeyFileParts parts, SplitTeamKeyFile(bytes));
  core::SyncStore store(vault);
  return store.JoinTeam(key, parts.organisation, parts.associated);
}

}  // namespace passerelle::sync
