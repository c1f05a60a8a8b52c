// Who may hold what: the one visibility rule for case data (docs/sync.md, "Visibility"). Every
// place that decides whether someone may see or receive a note asks MayHold: the note lists
// (ListNotes), the shared dump (CanonicalDump with shared_only) and the sync outbox
// (SyncStore::OutboxFor).
//
// Only notes carry a visibility scope. A private note is its author's alone: not listed for
// another worker on the same device, left out of the shared dump, and none of its ops leaves the
// device, whoever wrote them. One exception keeps replicas convergent: a device that already holds
// some op of the note (it was shared once) receives the note's "scope" ops, which carry no
// content, so it learns that the note became private and stops showing it. Service and partner
// notes belong to the team; the consent a partner note needs is checked by Vault::Apply for every
// local edit (consent.h), and a partner note whose consent is no longer in force is held by the
// sync outbox as if it were private (SyncStore::OutboxFor, docs/disclosures.md "Consents").
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

namespace passerelle::core {

enum class NoteScope { kPrivate, kService, kPartner };

// The stored form ("private", "service", "partner": the NoteScopes() vocabulary). nullopt for
// anything else, the empty text of a note whose scope op has not arrived included.
std::optional<NoteScope> ParseNoteScope(std::string_view text);
std::string_view FormatNoteScope(NoteScope scope);

// Who would hold the note or the op.
enum class Holder {
  kAuthor,  // the note's own author
  kTeam,    // anyone else: a colleague reading on this device, or another device of the team
};

// May `holder` hold a record whose note scope is `scope`? nullopt: the record is not a note, or
// its scope is unknown here (this device received the note's other ops, so it was shared).
// For one op of the record, `field` is the op's field and `holder_knew_note` whether that device
// already holds some op of the note (only a private note's scope ops depend on it).
bool MayHold(std::optional<NoteScope> scope, Holder holder, std::string_view field = {},
             bool holder_knew_note = false);

}  // namespace passerelle::core
