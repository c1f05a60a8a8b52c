// Team membership (engine.h): the team key kept inside the vault, through the SyncStore; the key
// file itself is team.h's.
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
  return platform::WriteFileAtomic(path, bytes);
}

Status JoinTeam(core::Vault& vault, const std::string& path, const platform::SecureBuffer& passphrase) {
  PASSERELLE_ASSIGN_OR_RETURN(auto bytes, platform::ReadFile(path));
  PASSERELLE_ASSIGN_OR_RETURN(auto key, UnwrapTeamKey(bytes, passphrase));
  core::SyncStore store(vault);
  return store.SetTeamKey(key, /*replace=*/false);
}

}  // namespace passerelle::sync
