// Where a record's long text lives (schema v15, issue 14: the text stored once). The visible
// text is the record's column (a note's `body`), read by every screen, list and dump as it is;
// `text_state` holds the text CRDT's state without that text (TextDoc::EncodeStateWithoutText:
// the runs, the ids, the deleted characters' text); the op log's text insertions carry no text
// either (log_value.h): their characters are read back from the state. Loading a document
// therefore reads the state and the column together; a state written before v15 holds its own
// text and loads as it is. Written by the Merger only (Vault::Apply), in the same transaction
// as the column.
#pragma once

#include <sqlite3.h>

#include <optional>
#include <string>
#include <string_view>

#include "passerelle/core/crdt/text.h"
#include "passerelle/platform/status.h"
#include "sql.h"

namespace passerelle::core {

// The statement LoadTextDoc runs for `entity_id`'s `field` (prepare it once per table and field);
// empty if `field` is not a text field of that record.
std::string TextLoadSql(std::string_view entity_id, std::string_view field);

// The saved document of `entity_id`'s text `field`, for a replica editing as `local`; nullopt if
// it has none yet (no text op ever reached it). kCorrupt if the state and the column disagree.
// `q`: TextLoadSql's statement, reset; reset again on return.
Result<std::optional<crdt::TextDoc>> LoadTextDoc(sql::Stmt& q, std::string_view entity_id, std::string_view field,
                                                 crdt::ReplicaId local);

}  // namespace passerelle::core
