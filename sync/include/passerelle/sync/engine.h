// The sync module's front door: the one header the app and the CLI include (ui/ reaches sync only
// through it). The sync queue over bundle files: export what a peer has not acknowledged, import a
// peer's bundle in one transaction, report what is pending; team membership; the labels and the
// "what changed" summary shown for devices and imports. The outbox is not a stored queue but a
// query: "every op this vault holds that may leave it and that the peer's last acknowledgement
// does not contain" (SyncStore::OutboxFor). Nothing is marked "sent" on export, so an export that
// is lost, interrupted or never imported costs nothing: the next export carries the same ops
// again, and the receiver drops duplicates. A bundle's acknowledgement (what its sender holds)
// is what shrinks the outbox. See docs/sync.md.
// Thread-safety: as the Vault passed in.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "passerelle/core/sync_store.h"
#include "passerelle/core/vault.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"

namespace passerelle::sync {

// How a device is named to users: "Ana (CAPREV)", "Ana" without a service, or its 16-hex-digit
// id when its worker is unknown. The one place that builds this label.
std::string ReplicaLabel(const core::ReplicaName& name);

// Every device this vault can name (its own included), sorted by id.
Result<std::vector<core::ReplicaName>> KnownDevices(core::Vault& vault);

struct ExportSummary {
  std::string peer_label;          // how the recipient is called in messages
  crdt::ReplicaId recipient = 0;   // 0 when the recipient has never sent us a bundle
  bool first_contact = false;      // no acknowledgement yet: everything shareable is included
  size_t ops = 0;                  // ops in the bundle
  size_t withheld = 0;             // ops the peer lacks that stay on this device (private notes)
  size_t bytes = 0;                // bundle file size
};

// Builds a sealed bundle for `peer`: a known device's worker name (case-insensitive) or its
// 16-hex-digit replica id, or any other label for a device never met (then everything shareable
// goes in). Does not change the vault except the "last export" time of a known peer.
// Errors: kNotFound if the vault has no team key; kInvalidInput if the name is ambiguous.
Result<std::vector<uint8_t>> ExportBundle(core::Vault& vault, const std::string& peer, ExportSummary* summary);
// Same, written atomically to `path` (a crash leaves no partial file).
Result<ExportSummary> ExportBundleFile(core::Vault& vault, const std::string& peer, const std::string& path);

// One dossier an import touched, for the "what changed" summary.
struct DossierChange {
  std::string dossier_id;            // "" for records not (yet) attached to a dossier
  std::string person_name;           // "" if unknown here
  size_t records = 0;                // touched records in that dossier
  std::vector<std::string> authors;  // ReplicaLabel of each author, sorted
};

struct ImportSummary {
  core::ReplicaName sender;
  int64_t created_at_millis = 0;
  size_t applied = 0;     // new ops merged
  size_t duplicates = 0;  // ops this vault already had
  size_t buffered = 0;    // text edits waiting for earlier edits still on their way
  std::vector<DossierChange> changes;
};

// Verifies, decrypts and merges a bundle in one transaction. On any error the vault is
// byte-identical to before. Errors (one sentence): kCorrupt for a truncated, damaged, altered or
// foreign-team bundle; kConflict for a bundle already imported (replay) or exported here;
// kNotFound if the vault has no team key; kUnsupported for a newer format.
Result<ImportSummary> ImportBundle(core::Vault& vault, std::span<const uint8_t> bundle);
Result<ImportSummary> ImportBundleFile(core::Vault& vault, const std::string& path);

struct PeerStatus {
  core::ReplicaName name;
  size_t pending = 0;   // ops the peer has not acknowledged and may receive
  size_t withheld = 0;  // ops the peer lacks that stay here (private notes)
  std::string last_import_at;
  std::string last_export_at;
};

// What a device never met would receive (the size of a first-contact bundle), and the changes to
// private notes that stay here.
struct Shareable {
  size_t ops = 0;
  size_t withheld = 0;
};

struct SyncStatus {
  core::ReplicaName self;
  bool has_team_key = false;
  std::string team_key_id;  // hex fingerprint, "" without a key
  std::vector<PeerStatus> peers;
  Shareable shareable;  // CountShareable's answer, from the same read of the sync index
};

Result<SyncStatus> GetSyncStatus(core::Vault& vault);

Result<Shareable> CountShareable(core::Vault& vault);

// --- Team membership: the team key inside the vault (team.h has the key file format) ---
// "team init": gives the vault a new team key. kConflict if it already has one.
Status InitTeam(core::Vault& vault);
// "team export": writes the vault's team key, wrapped, to `path` (atomically).
// kNotFound if the vault has no team key yet.
Status ExportTeamKey(core::Vault& vault, const std::string& path, const platform::SecureBuffer& passphrase,
                     const core::KdfParams& kdf);
// "team join": reads a team key file and stores the key in the vault. Joining the team the
// vault already belongs to is a no-op; a different team is kConflict (nothing changes).
Status JoinTeam(core::Vault& vault, const std::string& path, const platform::SecureBuffer& passphrase);

}  // namespace passerelle::sync
