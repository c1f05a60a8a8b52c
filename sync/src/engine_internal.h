// Pieces of the bundle engine (engine.cpp) shared with the hub session (hub_client.cpp), so a
// hub upload is built by the same outbox code as a bundle file: same visibility rule, same
// acknowledgement, same organisation check. Not part of the public interface.
#pragma once

#include "passerelle/core/sync_store.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/sync/bundle.h"
#include "passerelle/sync/op_codec.h"

namespace passerelle::sync::internal {

// The payload of a bundle for a peer holding `acked` (recipient 0: the team), ops in causal
// order; `withheld` receives how many ops the peer lacks that stay here. Not sealed.
Result<Payload> OutboxPayload(core::SyncStore& store, const crdt::Knowledge& acked, crdt::ReplicaId recipient,
                              size_t* withheld);
// The team key, or kNotFound with the usual sentence.
Result<platform::SecureBuffer> TeamKeyOf(core::SyncStore& store);
// kRefused for a bundle of another organisation (docs/sync.md, "Organisations").
Status CheckBundleOrganisation(core::Vault& vault, const Payload& p);
// Verifies and decrypts a bundle and checks its organisation (ImportBundle's first half); its ops
// are decoded as they are read. Errors as ImportBundle's, nothing written.
Result<std::unique_ptr<OpenedBundle>> OpenForImport(core::Vault& vault, const platform::SecureBuffer& key,
                                                    std::span<const uint8_t> bundle);
// Merges an opened bundle (ImportBundle's second half): in one transaction, or, past the store's
// batch size (a new device's history), in durable batches decoded one at a time.
Result<ImportSummary> ImportOpened(core::SyncStore& store, OpenedBundle& opened);

}  // namespace passerelle::sync::internal
