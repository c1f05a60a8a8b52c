// Sync over bundle files (engine.h): peer resolution, export, import, status.
#include "passerelle/sync/engine.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "passerelle/core/organisation.h"
#include "passerelle/platform/file.h"
#include "passerelle/sync/bundle.h"
#include "passerelle/sync/op_codec.h"
#include "engine_internal.h"
#include "summary.h"

namespace passerelle::sync {
namespace {

using core::Knowledge;
using core::SyncStore;

struct Recipient {
  crdt::ReplicaId replica = 0;
  std::string label;
  Knowledge acked;
  bool first_contact = true;
};

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::optional<crdt::ReplicaId> ParseHexId(const std::string& s) {
  if (s.size() != 16 || !std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
    return std::nullopt;
  return std::stoull(s, nullptr, 16);
}

Result<Recipient> Resolve(SyncStore& store, const std::string& peer) {
  if (peer.empty()) return InvalidInput("Name the device the bundle is for with --to PEER.");
  PASSERELLE_ASSIGN_OR_RETURN(auto names, store.KnownNames());
  const crdt::ReplicaId self = store.vault().replica();
  std::optional<crdt::ReplicaId> id = ParseHexId(peer);
  if (!id) {
    std::vector<core::ReplicaName> matches;
    for (const auto& n : names)
      if (n.replica != self && Lower(n.worker) == Lower(peer)) matches.push_back(n);
    if (matches.size() > 1) {
      std::string ids;
      for (const auto& m : matches) ids += (ids.empty() ? "" : ", ") + core::ReplicaHex(m.replica);
      return InvalidInput("Several devices belong to \"" + peer + "\" (" + ids + "); name one by its id.");
    }
    if (matches.size() == 1) id = matches.front().replica;
  }
  Recipient r;
  if (!id) {
    r.label = peer;
    return r;
  }
  if (*id == self) return InvalidInput("That is this device; name the device that will import the bundle.");
  r.replica = *id;
  r.label = core::ReplicaHex(*id);
  for (const auto& n : names)
    if (n.replica == *id) r.label = ReplicaLabel(n);
  PASSERELLE_ASSIGN_OR_RETURN(auto known, store.FindPeer(*id));
  if (known && !known->acked.empty()) {
    r.acked = std::move(known->acked);
    r.first_contact = false;
  }
  return r;
}

Result<platform::SecureBuffer> RequireTeamKey(SyncStore& store) {
  PASSERELLE_ASSIGN_OR_RETURN(auto key, store.TeamKey());
  if (!key) return NotFound("This vault has joined no team yet: run team init or team join first.");
  return std::move(*key);
}

// Builds and seals the bundle; records nothing.
Result<std::vector<uint8_t>> Build(SyncStore& store, const std::string& peer, ExportSummary* summary,
                                   crdt::ReplicaId* recipient) {
  PASSERELLE_ASSIGN_OR_RETURN(auto key, RequireTeamKey(store));
  PASSERELLE_ASSIGN_OR_RETURN(Recipient to, Resolve(store, peer));
  size_t withheld = 0;
  PASSERELLE_ASSIGN_OR_RETURN(Payload p, internal::OutboxPayload(store, to.acked, to.replica, &withheld));
  PASSERELLE_ASSIGN_OR_RETURN(auto bytes, SealBundle(p, key));
  if (summary) {
    summary->peer_label = to.label;
    summary->recipient = to.replica;
    summary->first_contact = to.first_contact;
    summary->ops = p.ops.size();
    summary->withheld = withheld;
    summary->bytes = bytes.size();
  }
  *recipient = to.replica;
  return bytes;
}

// A team's bundles stay inside one organisation (docs/sync.md, "Organisations"): even a device
// that holds the team key (it joined before organisations existed) refuses another organisation's.
// A version 1 bundle names no organisation: it comes from a device of this team not yet updated.
Status CheckSameOrganisation(core::Vault& vault, const Payload& p) {
  if (p.organisation_name.empty()) return Status::Ok();
  PASSERELLE_ASSIGN_OR_RETURN(core::OrganisationCard own, core::OwnOrganisation(vault));
  auto kind = core::ParseOrganisationKind(p.organisation_kind);
  if (!kind) return Corrupt("The sync bundle is damaged or has been altered; it was not imported.");
  if (*kind == own.kind && core::SameOrganisationName(p.organisation_name, own.name)) return Status::Ok();
  return Refused("This bundle comes from " + core::DescribeOrganisation(p.organisation_name, *kind) +
                 ", another organisation than this vault's " + core::DescribeOrganisation(own.name, own.kind) +
                 ": a team's data stays inside its organisation, so nothing was imported.");
}

}  // namespace

namespace internal {

Result<Payload> OutboxPayload(SyncStore& store, const Knowledge& acked, crdt::ReplicaId recipient, size_t* withheld) {
  PASSERELLE_ASSIGN_OR_RETURN(core::Outbox outbox, store.OutboxFor(acked));
  core::Vault& v = store.vault();
  Payload p;
  platform::RandomBytes(p.id);
  p.sender = {v.replica(), v.worker(), v.service()};
  PASSERELLE_ASSIGN_OR_RETURN(core::OrganisationCard org, core::OwnOrganisation(v));
  p.organisation_name = org.name;
  p.organisation_kind = std::string(core::OrganisationKindId(org.kind));
  p.recipient = recipient;
  p.created_at_millis = v.clock().NowMillis();
  // The acknowledgement hides this device's own withheld ops: even how many private edits it
  // holds stays here.
  p.sender_holds = outbox.held.Minus(outbox.withheld_own);
  PASSERELLE_ASSIGN_OR_RETURN(p.names, store.KnownNames());
  p.ops = std::move(outbox.ops);
  if (withheld) *withheld = outbox.withheld;
  return p;
}

Result<platform::SecureBuffer> TeamKeyOf(SyncStore& store) { return RequireTeamKey(store); }

Status CheckBundleOrganisation(core::Vault& vault, const Payload& p) { return CheckSameOrganisation(vault, p); }

}  // namespace internal

Result<std::vector<uint8_t>> ExportBundle(core::Vault& vault, const std::string& peer, ExportSummary* summary) {
  SyncStore store(vault);
  crdt::ReplicaId recipient = 0;
  PASSERELLE_ASSIGN_OR_RETURN(auto bytes, Build(store, peer, summary, &recipient));
  if (recipient != 0) PASSERELLE_RETURN_IF_ERROR(store.NoteExport(recipient));
  return bytes;
}

Result<ExportSummary> ExportBundleFile(core::Vault& vault, const std::string& peer, const std::string& path) {
  SyncStore store(vault);
  ExportSummary summary;
  crdt::ReplicaId recipient = 0;
  // Before the bundle is built: building it records in the vault that its ops are leaving
  // (autosave coalescing), and an export that cannot write its file must leave the vault as it was.
  PASSERELLE_RETURN_IF_ERROR(platform::CheckCanWriteFile(path));
  PASSERELLE_ASSIGN_OR_RETURN(auto bytes, Build(store, peer, &summary, &recipient));
  // The file first, the bookkeeping after: a crash in between only loses a timestamp.
  PASSERELLE_RETURN_IF_ERROR(platform::WriteFileAtomic(path, bytes));
  if (recipient != 0) PASSERELLE_RETURN_IF_ERROR(store.NoteExport(recipient));
  return summary;
}

namespace {

// An opened bundle's ops as the core's batched import reads them, noting who wrote what on the
// first pass (the validation pass) for the summary.
class BundleOps : public core::OpSource {
 public:
  BundleOps(OpenedBundle& bundle, Authors& authors) : bundle_(bundle), authors_(authors) {}
  size_t size() const override { return bundle_.op_count(); }
  Status Next(size_t max, std::vector<core::Op>* out) override {
    PASSERELLE_RETURN_IF_ERROR(bundle_.NextOps(max, out));
    if (passes_ <= 1) AddAuthors(authors_, *out);
    return Status::Ok();
  }
  void Rewind() override {
    ++passes_;
    bundle_.Rewind();
  }

 private:
  OpenedBundle& bundle_;
  Authors& authors_;
  int passes_ = 0;
};

}  // namespace

namespace internal {

Result<ImportSummary> ImportOpened(SyncStore& store, OpenedBundle& opened) {
  Payload& p = opened.payload();
  ImportSummary s;
  s.sender = p.sender;
  s.created_at_millis = p.created_at_millis;
  Authors authors;
  // The summary is read inside the import's (last) transaction: it describes exactly what was merged.
  auto describe = [&](const core::ApplyReport& report) -> Status {
    PASSERELLE_ASSIGN_OR_RETURN(s.changes, DescribeChanges(store, report.touched_entities, authors));
    return Status::Ok();
  };
  core::ApplyReport report;
  if (opened.op_count() <= store.import_batch_ops()) {
    PASSERELLE_RETURN_IF_ERROR(opened.NextOps(opened.op_count(), &p.ops));
    AddAuthors(authors, p.ops);
    PASSERELLE_ASSIGN_OR_RETURN(report, store.Import(std::move(p), describe));
  } else {
    BundleOps ops(opened, authors);
    PASSERELLE_ASSIGN_OR_RETURN(report, store.ImportStream(std::move(p), ops, describe));
  }
  s.applied = report.applied;
  s.duplicates = report.duplicates;
  s.buffered = report.buffered;
  return s;
}

Result<std::unique_ptr<OpenedBundle>> OpenForImport(core::Vault& vault, const platform::SecureBuffer& key,
                                                    std::span<const uint8_t> bundle) {
  PASSERELLE_ASSIGN_OR_RETURN(auto opened, OpenBundleStream(bundle, key));
  PASSERELLE_RETURN_IF_ERROR(CheckSameOrganisation(vault, opened->payload()));
  return opened;
}

}  // namespace internal

Result<ImportSummary> ImportBundle(core::Vault& vault, std::span<const uint8_t> bundle) {
  PASSERELLE_RETURN_IF_ERROR(ReadBundleHeader(bundle).status());
  SyncStore store(vault);
  PASSERELLE_ASSIGN_OR_RETURN(auto key, RequireTeamKey(store));
  PASSERELLE_ASSIGN_OR_RETURN(auto opened, internal::OpenForImport(vault, key, bundle));
  return internal::ImportOpened(store, *opened);
}

Result<ImportSummary> ImportBundleFile(core::Vault& vault, const std::string& path) {
  PASSERELLE_ASSIGN_OR_RETURN(auto bytes, platform::ReadFile(path));
  PASSERELLE_RETURN_IF_ERROR(ReadBundleHeader(bytes).status());
  SyncStore store(vault);
  PASSERELLE_ASSIGN_OR_RETURN(auto key, RequireTeamKey(store));
  PASSERELLE_ASSIGN_OR_RETURN(auto opened, internal::OpenForImport(vault, key, bytes));
  std::vector<uint8_t>().swap(bytes);  // the file is not needed once opened: a new device's first bundle is large
  return internal::ImportOpened(store, *opened);
}

Result<std::vector<core::ReplicaName>> KnownDevices(core::Vault& vault) { return SyncStore(vault).KnownNames(); }

Result<Shareable> CountShareable(core::Vault& vault) {
  SyncStore store(vault);
  PASSERELLE_ASSIGN_OR_RETURN(auto outbox, store.OutboxFor(Knowledge{}, /*count_only=*/true));
  return Shareable{outbox.count, outbox.withheld};
}

Result<SyncStatus> GetSyncStatus(core::Vault& vault) {
  SyncStore store(vault);
  SyncStatus s;
  s.self = {vault.replica(), vault.worker(), vault.service()};
  PASSERELLE_ASSIGN_OR_RETURN(auto key, store.TeamKey());
  if (key) {
    s.has_team_key = true;
    auto id = KeyIdOf(*key);
    char hex[2 * 8 + 1];
    sodium_bin2hex(hex, sizeof hex, id.data(), 8);  // a short fingerprint is enough to compare by eye
    s.team_key_id = hex;
  }
  // Every peer's counts and a device never met's (the last), from one read of the sync index.
  PASSERELLE_ASSIGN_OR_RETURN(auto counted, store.PeersWithCounts());
  const auto& peers = counted.peers;
  const auto& outboxes = counted.outboxes;
  for (size_t i = 0; i < peers.size(); ++i) {
    PeerStatus ps;
    ps.name = peers[i].name;
    ps.pending = outboxes[i].count;
    ps.withheld = outboxes[i].withheld;
    ps.last_import_at = peers[i].last_import_at;
    ps.last_export_at = peers[i].last_export_at;
    s.peers.push_back(std::move(ps));
  }
  s.shareable = {outboxes.back().count, outboxes.back().withheld};
  return s;
}

}  // namespace passerelle::sync
