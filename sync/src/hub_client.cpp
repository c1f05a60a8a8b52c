// The device side of a hub sync (hub_client.h; docs/hub.md, "Protocol"). One session:
//   holdings -> one sealed upload of the shareable ops the hub lacks -> the missing bundles
//   downloaded (in one request, or a few when they are large) and imported through the bundle import path, all in one durable transaction (each
//   in its savepoint; a large one alone, in its own batches) -> "applied" told to the hub only
//   after the commit that covers them -> holdings asked again for what arrived meanwhile.
// Exactly-once in effect at any cut: uploads carry fresh bundle ids and the importers drop ops
// they hold; an import records its bundle id in the transaction that merges it, so a bundle
// fetched again after a cut before "applied" is recognised (kConflict) and only acknowledged.
#include "passerelle/sync/hub_client.h"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>

#include "engine_internal.h"
#include "summary.h"
#include "hub_address.h"
#include "hub_device_key.h"
#include "hub_packets.h"
#include "hub_sigpipe.h"
#include "passerelle/core/hub_enrolment.h"
#include "passerelle/platform/clock.h"
#include "passerelle/sync/bundle.h"
#include "passerelle/sync/hub_protocol.h"
#include "passerelle/sync/hub_transport.h"

namespace passerelle::sync {
namespace {

namespace proto = hubproto;

// Ops merged in one session transaction before it commits (and its bundles are acknowledged): a
// cut costs at most this much work again, never a second application, and memory stays bounded.
constexpr size_t kSessionTxOps = core::SyncStore::kImportBatchOps;
// Times a session asks the hub again for bundles that arrived while it was importing.
constexpr int kMaxReasks = 8;
// Declared bytes of sealed bundles asked for in one fetch request (a larger bundle goes alone): a
// day's work of a whole team is one request, a first sync of years a few, and the device holds at
// most this much of them at once besides what it is merging.
constexpr uint64_t kFetchBytes = 8u << 20;
// Ops per uploaded bundle: bounds the sealed size (well under the hub's limit) and the memory of
// whoever imports it.
constexpr size_t kUploadOps = 20000;

std::string Hex(std::span<const uint8_t> bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

// A refused call: the hub's one sentence, with a code the CLI can map (403 revoked/unknown
// device -> kRefused; other 4xx -> kInvalidInput; 5xx -> kIoError, try again later).
Status FromReply(const HubReply& r) {
  std::string sentence = proto::DecodeErrorBody(r.body, r.status).error;
  if (r.status == 403 || r.status == 401) return Refused(sentence);
  if (r.status == 404) return NotFound(sentence);
  if (r.status == 409) return Conflict(sentence);
  if (r.status >= 400 && r.status < 500) return InvalidInput(sentence);
  return IoError(sentence);
}

Result<HubReply> Expect200(Result<HubReply> r) {
  if (!r.ok()) return r.status();
  if (r->status != 200) return FromReply(*r);
  return r;
}

uint64_t CountOf(const std::vector<proto::OpRange>& ranges) {
  uint64_t n = 0;
  for (const auto& r : ranges) n += r.last - r.first + 1;
  return n;
}

void MergeChanges(std::vector<DossierChange>& into, std::vector<DossierChange> from) {
  for (auto& c : from) {
    auto it = std::find_if(into.begin(), into.end(), [&](const DossierChange& d) { return d.dossier_id == c.dossier_id; });
    if (it == into.end()) {
      into.push_back(std::move(c));
      continue;
    }
    it->records += c.records;
    if (it->person_name.empty()) it->person_name = c.person_name;
    std::set<std::string> authors(it->authors.begin(), it->authors.end());
    authors.insert(c.authors.begin(), c.authors.end());
    it->authors.assign(authors.begin(), authors.end());
  }
}

Status NetworkOff() {
  return Refused("This device is set to never use the network; turn the network back on (network on) to sync with the office.");
}

bool Unreadable(Code c) { return c == Code::kCorrupt || c == Code::kRefused || c == Code::kUnsupported; }

class Session {
 public:
  Session(core::Vault& vault, HubTransport& hub, const HubProgressFn& progress)
      : vault_(vault), store_(vault), hub_(hub), progress_(progress) {}

  Result<HubSyncResult> Run() {
    PASSERELLE_ASSIGN_OR_RETURN(key_, internal::TeamKeyOf(store_));
    Report(HubSyncStage::kConnecting);
    PASSERELLE_ASSIGN_OR_RETURN(proto::HoldingsReply holdings, Holdings());
    result_.packets_waiting = holdings.packets.size();

    PASSERELLE_RETURN_IF_ERROR(Upload(proto::KnowledgeOf(holdings.hub_knowledge)));
    // Sealed disclosure packets waiting for this device's organisation, as first listed.
    const std::vector<proto::WaitingPacket> packets_listed = holdings.packets;
    // Then what colleagues uploaded, and again what they uploaded meanwhile (only the bundles this
    // session has not seen yet: an unreadable one stays listed and is not fetched twice).
    for (int round = 0;; ++round) {
      std::vector<proto::MissingBundle> fresh;
      for (auto& m : holdings.missing)
        if (seen_.insert(m.bundle_id).second) fresh.push_back(std::move(m));
      if (fresh.empty() || round > kMaxReasks) break;
      PASSERELLE_RETURN_IF_ERROR(Download(fresh));
      PASSERELLE_ASSIGN_OR_RETURN(holdings, Holdings());
    }
    // hubpackets: sealed disclosure packets both ways (hub_packets.cpp).
    PASSERELLE_RETURN_IF_ERROR(internal::ExchangePackets(vault_, hub_, packets_listed, result_));
    Report(HubSyncStage::kFinishing);
    PASSERELLE_RETURN_IF_ERROR(core::NoteHubSync(vault_));
    result_.finished_at = platform::FormatUtc(vault_.clock().NowMillis());
    Report(HubSyncStage::kDone);
    return std::move(result_);
  }

 private:
  void Report(HubSyncStage stage) {
    progress_state_.stage = stage;
    if (progress_) progress_(progress_state_);
  }

  // One bundle for the team (recipient 0) with every shareable op the hub's knowledge lacks,
  // built by the bundle engine's own outbox code: private and withheld notes stay here, and
  // withheld history that became shareable goes up now (knowledge with holes). A very large
  // outbox (a first upload of years) goes as several bundles, in causal order, each within the
  // hub's limits on declared ranges and size.
  Status Upload(const crdt::Knowledge& hub_holds) {
    size_t withheld = 0;
    PASSERELLE_ASSIGN_OR_RETURN(Payload all, internal::OutboxPayload(store_, hub_holds, 0, &withheld));
    result_.withheld = withheld;
    progress_state_.to_send = all.ops.size();
    if (all.ops.empty()) return Status::Ok();  // the hub has all of it: nothing to send
    Report(HubSyncStage::kSending);
    std::vector<core::Op> ops = std::move(all.ops);
    size_t next = 0;
    while (next < ops.size()) {
      Payload p = all;  // same sender, acknowledgement, names and organisation
      platform::RandomBytes(p.id);
      crdt::Knowledge ids;
      size_t ranges = 0;
      while (next < ops.size() && p.ops.size() < kUploadOps) {
        const core::OpId id = ops[next].id;
        ids.Add(id.replica, id.counter);
        ranges = 0;
        for (const auto& [replica, rs] : ids.ranges()) ranges += rs.size();
        if (ranges > proto::kMaxUploadRanges) break;  // this op starts the next bundle
        p.ops.push_back(std::move(ops[next++]));
      }
      crdt::Knowledge declared;
      for (const auto& op : p.ops) declared.Add(op.id.replica, op.id.counter);
      PASSERELLE_RETURN_IF_ERROR(Send(p, declared));
    }
    return Status::Ok();
  }

  Status Send(const Payload& p, const crdt::Knowledge& declared) {
    PASSERELLE_ASSIGN_OR_RETURN(std::vector<uint8_t> sealed, SealBundle(p, key_));
    HubHeaders headers = {{std::string(proto::kBundleIdHeader), Hex(p.id)},
                          {std::string(proto::kRangesHeader), proto::EncodeRangesHeader(proto::RangesOf(declared))}};
    PASSERELLE_ASSIGN_OR_RETURN(HubReply reply,
                                Expect200(hub_.Post(proto::kBundlesPath, proto::kSealedType, sealed, headers)));
    PASSERELLE_ASSIGN_OR_RETURN(proto::UploadReply up, proto::DecodeUploadReply(reply.body));
    if (!up.stored) return IoError("The office hub did not store this device's changes; sync again.");
    result_.sent += p.ops.size();
    progress_state_.sent += p.ops.size();
    Report(HubSyncStage::kSending);
    return Status::Ok();
  }

  Result<proto::HoldingsReply> Holdings() {
    PASSERELLE_ASSIGN_OR_RETURN(HubReply reply,
                                Expect200(hub_.Post(proto::kHoldingsPath, proto::kJsonType, proto::BytesOf("{}"))));
    PASSERELLE_ASSIGN_OR_RETURN(proto::HoldingsReply holdings, proto::DecodeHoldingsReply(reply.body));
    for (const auto& m : holdings.missing)
      if (!seen_.count(m.bundle_id)) {
        ++progress_state_.bundles_total;
        progress_state_.to_receive += CountOf(m.ranges);
      }
    return holdings;
  }

  // Downloads and imports `missing`. What was imported is acknowledged even when a later download
  // failed: the checkpoint moves as far as what is durably applied, no further.
  Status Download(const std::vector<proto::MissingBundle>& missing) {
    core::ImportTransaction tx(store_);
    Status st = DownloadInto(tx, missing);
    Status committed = Commit(tx);
    if (st.ok()) st = committed;
    Status flushed = FlushApplied();
    return st.ok() ? flushed : st;
  }

  // The bundles in as few requests as their declared sizes allow (POST /v1/bundles/fetch: one for a
  // day's work of a whole team), each checked and imported as it would be alone.
  Status DownloadInto(core::ImportTransaction& tx, const std::vector<proto::MissingBundle>& missing) {
    size_t next = 0;
    while (next < missing.size()) {
      size_t end = next + 1;
      uint64_t bytes = missing[next].size;
      while (end < missing.size() && end - next < proto::kMaxFetchIds && bytes + missing[end].size <= kFetchBytes)
        bytes += missing[end++].size;
      Report(HubSyncStage::kReceiving);
      if (one_by_one_) {
        for (; next < end; ++next) {
          PASSERELLE_ASSIGN_OR_RETURN(
              HubReply reply, Expect200(hub_.Get(std::string(proto::kBundlesPath) + "/" + missing[next].bundle_id)));
          PASSERELLE_RETURN_IF_ERROR(ImportOne(tx, missing[next], reply.body));
        }
        continue;
      }
      proto::FetchRequest ask;
      for (size_t i = next; i < end; ++i) ask.bundle_ids.push_back(missing[i].bundle_id);
      PASSERELLE_ASSIGN_OR_RETURN(HubReply reply, hub_.Post(proto::kBundlesFetchPath, proto::kJsonType,
                                                            proto::BytesOf(proto::EncodeFetchRequest(ask))));
      if (reply.status == 404) {
        one_by_one_ = true;  // a hub older than the fetch request: one GET per bundle, as it serves
        continue;
      }
      if (reply.status != 200) return FromReply(reply);
      PASSERELLE_ASSIGN_OR_RETURN(std::vector<proto::FetchedBundle> got,
                                  proto::DecodeFetchReply(reply.body, ask.bundle_ids.size()));
      for (const proto::FetchedBundle& entry : got) {
        if (!entry.held) return NotFound("The office hub holds no such bundle for your organisation.");
        PASSERELLE_RETURN_IF_ERROR(ImportOne(tx, missing[next++], entry.sealed));
      }
    }
    return Status::Ok();
  }

  Status ImportOne(core::ImportTransaction& tx, const proto::MissingBundle& m, std::span<const uint8_t> sealed) {
    PASSERELLE_ASSIGN_OR_RETURN(BundleHeader header, ReadBundleHeader(sealed));
    if (Hex(header.id) != m.bundle_id)
      return Corrupt("The office hub sent another package than the one asked for; nothing of it was imported.");
    const uint64_t declared = CountOf(m.ranges);
    progress_state_.received += declared;
    ++progress_state_.bundles_done;
    if (header.sender == vault_.replica()) {
      // Made here (listed again after this device joined anew): nothing to import.
      ++result_.bundles_already_held;
      applied_.push_back(m.bundle_id);
      return Status::Ok();
    }
    Status st = Import(tx, sealed, m.bundle_id, declared);
    if (Unreadable(st.code())) {
      // Damaged, of another organisation or from a newer app: nothing of it was written. It
      // stays unacknowledged (a later app version may read it) and the session goes on, so
      // one bad package never blocks every colleague's changes behind it.
      ++result_.bundles_unreadable;
      result_.unreadable_reason = st.message();
      return Status::Ok();
    }
    PASSERELLE_RETURN_IF_ERROR(st);
    Report(HubSyncStage::kReceiving);
    if (tx.pending_ops() >= kSessionTxOps) PASSERELLE_RETURN_IF_ERROR(Commit(tx));
    return Status::Ok();
  }

  // One downloaded bundle into the session's transaction (opened at the first one), or, when it is
  // a large one (a first upload of years), alone in its own durable batches after a commit.
  Status Import(core::ImportTransaction& tx, std::span<const uint8_t> sealed, const std::string& id, uint64_t declared) {
    PASSERELLE_ASSIGN_OR_RETURN(auto opened, internal::OpenForImport(vault_, key_, sealed));
    if (opened->op_count() > store_.import_batch_ops()) {
      PASSERELLE_RETURN_IF_ERROR(Commit(tx));
      auto imported = internal::ImportOpened(store_, *opened);  // durable batches, its own summary
      if (imported.ok()) {
        Count(imported->applied, imported->duplicates, imported->buffered);
        MergeChanges(result_.changes, std::move(imported->changes));
      } else if (imported.status().code() == Code::kConflict) {
        Already(declared);
      } else {
        return imported.status();
      }
      applied_.push_back(id);
      return FlushApplied();
    }
    Payload& p = opened->payload();
    PASSERELLE_RETURN_IF_ERROR(opened->NextOps(opened->op_count(), &p.ops));
    if (!tx.open()) PASSERELLE_RETURN_IF_ERROR(tx.Begin(kSessionTxOps));
    AddAuthors(authors_, p.ops);
    Status added = tx.Add(std::move(p));
    if (added.code() == Code::kConflict) {
      // Imported in an earlier session cut before "applied": its ops are all here.
      Already(declared);
    } else {
      PASSERELLE_RETURN_IF_ERROR(added);  // invalid ops: refused before anything was written
    }
    pending_.push_back(id);
    return Status::Ok();
  }

  void Count(size_t applied, size_t duplicates, size_t buffered) {
    ++result_.bundles_imported;
    result_.received += applied;
    result_.duplicates += duplicates;
    result_.buffered += buffered;
  }
  void Already(uint64_t declared) {
    ++result_.bundles_already_held;
    result_.duplicates += declared;
  }

  // Merges what the session transaction holds (one Apply for all its bundles), reads its "what
  // changed" (before the commit: it describes exactly what was merged, once over all its
  // bundles), commits, and only then lets its bundles be acknowledged.
  Status Commit(core::ImportTransaction& tx) {
    if (!tx.open()) return Status::Ok();
    const size_t bundles = tx.pending_bundles();
    auto merged = tx.Merge();
    if (!merged.ok()) {
      Forget();  // rolled back: none of its bundles is applied
      return merged.status();
    }
    auto changes = DescribeChanges(store_, merged->touched_entities, authors_);
    Status st = changes.ok() ? tx.Commit() : changes.status();
    if (st.ok()) {
      result_.bundles_imported += bundles;
      result_.received += merged->applied;
      result_.duplicates += merged->duplicates;
      result_.buffered += merged->buffered;
      MergeChanges(result_.changes, std::move(changes).value());
      applied_.insert(applied_.end(), pending_.begin(), pending_.end());
    }
    Forget();
    return st;
  }
  void Forget() {
    pending_.clear();
    authors_.clear();
  }

  Status FlushApplied() {
    if (applied_.empty()) return Status::Ok();
    const std::string body = proto::EncodeAppliedRequest({applied_});
    PASSERELLE_RETURN_IF_ERROR(Expect200(hub_.Post(proto::kAppliedPath, proto::kJsonType, proto::BytesOf(body))).status());
    applied_.clear();
    return Status::Ok();
  }

  core::Vault& vault_;
  core::SyncStore store_;
  HubTransport& hub_;
  const HubProgressFn& progress_;
  platform::SecureBuffer key_;
  HubSyncProgress progress_state_;
  HubSyncResult result_;
  std::vector<std::string> applied_;  // durably imported (or made here): to acknowledge
  std::vector<std::string> pending_;  // imported in the open transaction: acknowledged after its commit
  std::set<std::string> seen_;        // every bundle id this session fetched or skipped
  bool one_by_one_ = false;           // the hub predates POST /v1/bundles/fetch
  Authors authors_;                   // who wrote the open transaction's ops, per record
};

HubInfo InfoOf(const std::optional<core::HubEnrolment>& e, bool network_allowed) {
  HubInfo info;
  info.network_allowed = network_allowed;
  if (!e) return info;
  info.enrolled = true;
  info.address = e->address;
  info.hub_name = e->hub_name;
  info.organisation = e->org;
  info.device_id = e->device_id;
  info.fingerprint = internal::GroupFingerprint(e->ca_fingerprint_hex);
  info.enrolled_at = e->enrolled_at;
  info.last_sync_at = e->last_sync_at;
  return info;
}

}  // namespace

Result<HubInfo> GetHubInfo(core::Vault& vault) {
  PASSERELLE_ASSIGN_OR_RETURN(auto e, core::LoadHubEnrolment(vault, false));
  PASSERELLE_ASSIGN_OR_RETURN(bool allowed, core::NetworkAllowed(vault));
  HubInfo info = InfoOf(e, allowed);
  return info;
}

Status LeaveHub(core::Vault& vault) {
  PASSERELLE_ASSIGN_OR_RETURN(auto e, core::LoadHubEnrolment(vault, false));
  if (!e) return NotFound("This device has joined no office hub.");
  return core::ForgetHubEnrolment(vault);
}

Status SetNetworkAllowed(core::Vault& vault, bool allowed) { return core::SetNetworkAllowed(vault, allowed); }
Result<bool> NetworkAllowed(core::Vault& vault) { return core::NetworkAllowed(vault); }

Result<HubSyncResult> SyncWithHubOver(core::Vault& vault, HubTransport& transport, const HubProgressFn& progress) {
  PASSERELLE_ASSIGN_OR_RETURN(bool allowed, core::NetworkAllowed(vault));
  if (!allowed) return NetworkOff();
  PASSERELLE_ASSIGN_OR_RETURN(auto e, core::LoadHubEnrolment(vault, false));
  internal::ScopedNoSigpipe no_sigpipe;  // a cut while sending is an error, not the process's end
  // hubpackets: a vault of no team (a maison de justice's single device) syncs packets only.
  PASSERELLE_ASSIGN_OR_RETURN(bool team, internal::HasTeamKey(vault));
  if (!team) {
    PASSERELLE_ASSIGN_OR_RETURN(HubSyncResult r, internal::SyncPacketsOnly(vault, transport, progress));
    if (e) r.hub_name = e->hub_name;
    return r;
  }
  Session session(vault, transport, progress);
  PASSERELLE_ASSIGN_OR_RETURN(HubSyncResult r, session.Run());
  if (e) r.hub_name = e->hub_name;
  return r;
}

Result<HubSyncResult> SyncWithHub(core::Vault& vault, const HubProgressFn& progress, const std::atomic<bool>* cancel) {
  // The setting is read before anything else: with the network off no socket is ever opened.
  PASSERELLE_ASSIGN_OR_RETURN(bool allowed, core::NetworkAllowed(vault));
  if (!allowed) return NetworkOff();
  PASSERELLE_ASSIGN_OR_RETURN(auto e, core::LoadHubEnrolment(vault, true));
  if (!e) return NotFound("This device has joined no office hub yet: join it first with the code the office gives you.");
  PASSERELLE_ASSIGN_OR_RETURN(internal::HubAddress address, internal::ParseHubAddress(e->address));
  TlsClientConfig config;
  config.host = address.host;
  config.port = address.port;
  config.pinned_ca_fingerprint_hex = e->ca_fingerprint_hex;
  config.ca_cert_pem = e->ca_cert_pem;
  config.client_cert_pem = e->cert_pem;
  config.client_key_pem = std::move(e->key_pem);
  config.cancel = cancel;
  PASSERELLE_ASSIGN_OR_RETURN(std::unique_ptr<HubTransport> transport, ConnectTls(config));
  config.client_key_pem = platform::SecureBuffer();  // the key is needed only to connect
  return SyncWithHubOver(vault, *transport, progress);
}


}  // namespace passerelle::sync
