#include "schema.h"

#include <string>
#include <vector>

#include "sql.h"
#include "sync_index.h"
#include "text_store.h"

namespace passerelle::core::schema {
namespace {

// Case tables carry no foreign keys on purpose: merged operations arrive in any order (a note may
// land before its dossier), and the CRDT, not the database, decides what exists. They are WITHOUT
// ROWID, keyed by their (time-ordered) ids: one B-tree instead of a table plus an id index, so a
// save encrypts fewer pages.
constexpr const char* kV1 = R"sql(
CREATE TABLE replica_state (
  singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
  replica_id   INTEGER NOT NULL,
  next_counter INTEGER NOT NULL,
  hlc_last     INTEGER NOT NULL,
  worker       TEXT NOT NULL,
  service      TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE TABLE person (
  id TEXT PRIMARY KEY, name TEXT, alias TEXT, birth_date TEXT, language TEXT, establishment TEXT,
  status TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE TABLE dossier (
  id TEXT PRIMARY KEY, person_id TEXT, service TEXT, referent TEXT, basis TEXT,
  mandate_conditions TEXT, opened_on TEXT, expected_release TEXT, next_hearing TEXT,
  next_review TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX dossier_person ON dossier(person_id);
CREATE TABLE visit (
  id TEXT PRIMARY KEY, dossier_id TEXT, date TEXT, place TEXT, kind TEXT, outcome TEXT,
  author TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX visit_dossier ON visit(dossier_id, date);
CREATE TABLE note (
  id TEXT PRIMARY KEY, dossier_id TEXT, visit_id TEXT, author TEXT, created_at TEXT, scope TEXT,
  partner TEXT, body TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX note_dossier ON note(dossier_id, created_at);
CREATE TABLE plan_item (
  id TEXT PRIMARY KEY, dossier_id TEXT, domain TEXT, goal TEXT, status TEXT, barriers TEXT,
  levers TEXT, due_date TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX plan_item_dossier ON plan_item(dossier_id, domain);
CREATE TABLE consent (
  id TEXT PRIMARY KEY, dossier_id TEXT, partner TEXT, scope TEXT, given_on TEXT, expires_on TEXT,
  withdrawn_on TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX consent_dossier ON consent(dossier_id);
CREATE TABLE referral (
  id TEXT PRIMARY KEY, plan_item_id TEXT, service_id TEXT, status TEXT, comment TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX referral_plan_item ON referral(plan_item_id);

-- Winner's stamp of every last-writer-wins register.
CREATE TABLE field_clock (
  entity_id TEXT NOT NULL, field TEXT NOT NULL, hlc INTEGER NOT NULL, replica INTEGER NOT NULL,
  PRIMARY KEY (entity_id, field)
) WITHOUT ROWID;

-- Add-wins observed-remove sets: one row per add tag; a remove marks the tags it observed.
-- A remove that arrives before its add leaves a removed row, so the late add stays removed.
CREATE TABLE set_member (
  entity_id TEXT NOT NULL, field TEXT NOT NULL, add_replica INTEGER NOT NULL,
  add_counter INTEGER NOT NULL, element TEXT NOT NULL, removed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (entity_id, field, add_replica, add_counter)
) WITHOUT ROWID;

-- Sequence-CRDT state of each long text (the materialised string is in the entity's column).
CREATE TABLE text_state (
  entity_id TEXT NOT NULL, field TEXT NOT NULL, state BLOB NOT NULL,
  PRIMARY KEY (entity_id, field)
) WITHOUT ROWID;

-- The operation log: every op ever applied here, local or merged. seq is local arrival order.
CREATE TABLE oplog (
  seq         INTEGER PRIMARY KEY,
  replica     INTEGER NOT NULL,
  counter     INTEGER NOT NULL,
  hlc         INTEGER NOT NULL,
  entity_id   TEXT NOT NULL,
  field       TEXT NOT NULL,
  kind        INTEGER NOT NULL,
  value       BLOB,
  removed_tags BLOB,
  UNIQUE (replica, counter)
);
CREATE INDEX oplog_field ON oplog(entity_id, field, hlc);
)sql";

// v2: the service directory's tables (the directory module, core/src/directory/; design in
// docs/directory.md). Reference data, written only by directory::Import in one transaction:
// no CRDT metadata and no op log. Annotations are private, device-local notes keyed by entry id,
// deliberately without a foreign key so that they outlive the entry's removal from the directory.
constexpr const char* kV2Directory = R"sql(
CREATE TABLE dir_meta (
  singleton          INTEGER PRIMARY KEY CHECK (singleton = 1),
  format             INTEGER NOT NULL,
  version            INTEGER NOT NULL,
  published          TEXT NOT NULL,
  imported_at        TEXT NOT NULL,
  entry_count        INTEGER NOT NULL,
  vocabulary_version INTEGER NOT NULL,
  vocabulary_json    TEXT NOT NULL
);
-- The vocabulary installed with the directory: labels for display and filters, and every word
-- of every label and synonym, folded (lowercase, no accents), for query expansion.
CREATE TABLE dir_vocab (
  list TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, sector TEXT NOT NULL,
  label_fr TEXT NOT NULL, label_nl TEXT NOT NULL, label_en TEXT NOT NULL,
  PRIMARY KEY (list, id)
) WITHOUT ROWID;
CREATE TABLE dir_synonym (
  word TEXT NOT NULL, list TEXT NOT NULL, id TEXT NOT NULL,
  PRIMARY KEY (word, list, id)
) WITHOUT ROWID;
-- rid is assigned in name order at import, so rid order is alphabetical order: the order of
-- results within a rank class. position keeps the file's order for export. The columns are what a
-- search result shows and explains; the whole entry, as canonical JSON, is in dir_entry_data, so
-- the rows searches read stay small and their pages stay in the (decrypted) page cache.
CREATE TABLE dir_entry (
  rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, position INTEGER NOT NULL, kind TEXT NOT NULL,
  name TEXT NOT NULL, name_nl TEXT NOT NULL, aliases TEXT NOT NULL, organisation TEXT NOT NULL,
  commune TEXT NOT NULL, postcode TEXT NOT NULL, description_fr TEXT NOT NULL,
  description_nl TEXT NOT NULL, sectors TEXT NOT NULL, themes TEXT NOT NULL, regions TEXT NOT NULL,
  languages TEXT NOT NULL, inside_prison INTEGER, verified INTEGER NOT NULL
);
CREATE TABLE dir_entry_data (rid INTEGER PRIMARY KEY, data TEXT NOT NULL);
-- Three nested indexes, one per rank class (names; + organisation, place, vocabulary; + the
-- descriptions), each with the facet tokens filters use. Contentless: the text is in dir_entry,
-- and a search only asks the index "which rows".
CREATE VIRTUAL TABLE dir_fts_name USING fts5(
  text, content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
CREATE VIRTUAL TABLE dir_fts_about USING fts5(
  text, content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
CREATE VIRTUAL TABLE dir_fts_all USING fts5(
  text, content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
CREATE TABLE dir_annotation (
  id TEXT PRIMARY KEY, entry_id TEXT NOT NULL, author TEXT NOT NULL, created_at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX dir_annotation_entry ON dir_annotation(entry_id, created_at);
)sql";

// v3: the sync queue's bookkeeping (SyncStore, sync_store.h; docs/sync.md). Peers are keyed by
// replica id. A peer's acknowledgement is a Knowledge (ranges of op counters per origin replica),
// one row per range. Everything here is inside the encrypted database, the team key included.
constexpr const char* kV3Sync = R"sql(
CREATE TABLE sync_team (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  team_key  BLOB NOT NULL,
  joined_at TEXT NOT NULL
);
CREATE TABLE sync_replica (
  replica INTEGER PRIMARY KEY, worker TEXT NOT NULL, service TEXT NOT NULL
);
CREATE TABLE sync_peer (
  replica        INTEGER PRIMARY KEY,
  last_import_at TEXT,
  last_export_at TEXT,
  imports        INTEGER NOT NULL DEFAULT 0,
  exports        INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sync_peer_range (
  peer INTEGER NOT NULL, replica INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL,
  PRIMARY KEY (peer, replica, first)
) WITHOUT ROWID;
CREATE TABLE sync_imported (
  bundle_id   BLOB PRIMARY KEY,
  sender      INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  applied     INTEGER NOT NULL,
  duplicates  INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// v4: the log and the register clocks store small integer refs instead of the replica id, field
// name and entity id they repeat (refs.h explains why), and the log is keyed by its ops' ids
// (replica, counter) instead of an arrival number plus a unique index on them. The index on
// (entity, field, hlc) gives way to a history chain per field (merger.h): one B-tree per op
// instead of three. field_clock now has a row per field with ops of any kind: the chain's newest
// op, and for registers the winner. Export order is causal order by HLC (docs/sync.md).
constexpr const char* kV4CompactLog = R"sql(
CREATE TABLE ref_replica (ref INTEGER PRIMARY KEY, replica INTEGER NOT NULL UNIQUE);
CREATE TABLE ref_field (ref INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE ref_entity (ref INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
INSERT INTO ref_replica(replica) SELECT replica FROM oplog UNION SELECT replica FROM field_clock;
INSERT INTO ref_field(name) SELECT field FROM oplog UNION SELECT field FROM field_clock;
INSERT INTO ref_entity(id) SELECT entity_id FROM oplog UNION SELECT entity_id FROM field_clock;

CREATE TABLE oplog_v4 (
  replica_ref      INTEGER NOT NULL,
  counter          INTEGER NOT NULL,
  hlc              INTEGER NOT NULL,
  entity_ref       INTEGER NOT NULL,
  field_ref        INTEGER NOT NULL,
  kind             INTEGER NOT NULL,
  value            BLOB,
  removed_tags     BLOB,
  prev_replica_ref INTEGER,  -- the op logged before this one on the same field here (history chain)
  prev_counter     INTEGER,
  PRIMARY KEY (replica_ref, counter)
) WITHOUT ROWID;
INSERT INTO oplog_v4
  SELECT r.ref, o.counter, o.hlc, e.ref, f.ref, o.kind, o.value, o.removed_tags,
         lag(r.ref) OVER w, lag(o.counter) OVER w
  FROM oplog o JOIN ref_replica r ON r.replica = o.replica JOIN ref_entity e ON e.id = o.entity_id
  JOIN ref_field f ON f.name = o.field
  WINDOW w AS (PARTITION BY o.entity_id, o.field ORDER BY o.seq);

CREATE TABLE field_clock_v4 (
  entity_ref       INTEGER NOT NULL,
  field_ref        INTEGER NOT NULL,
  hlc              INTEGER,           -- register winner: its stamp and op id; NULL for sets and texts
  replica_ref      INTEGER,
  counter          INTEGER,
  last_replica_ref INTEGER NOT NULL,  -- newest op of the field's history chain
  last_counter     INTEGER NOT NULL,
  PRIMARY KEY (entity_ref, field_ref)
) WITHOUT ROWID;
INSERT INTO field_clock_v4
  SELECT e.ref, f.ref, c.hlc, wr.ref, w.counter, lr.ref, l.counter
  FROM (SELECT entity_id, field, max(seq) AS seq FROM oplog GROUP BY entity_id, field) h
  JOIN oplog l ON l.seq = h.seq
  JOIN ref_entity e ON e.id = h.entity_id JOIN ref_field f ON f.name = h.field
  JOIN ref_replica lr ON lr.replica = l.replica
  LEFT JOIN field_clock c ON c.entity_id = h.entity_id AND c.field = h.field
  LEFT JOIN oplog w ON w.entity_id = c.entity_id AND w.field = c.field AND w.hlc = c.hlc
                   AND w.replica = c.replica AND w.kind = 1
  LEFT JOIN ref_replica wr ON wr.replica = c.replica;
DROP TABLE oplog;
ALTER TABLE oplog_v4 RENAME TO oplog;
DROP TABLE field_clock;
ALTER TABLE field_clock_v4 RENAME TO field_clock;
)sql";

// v5 (issue 12): the vault's organisation (its identity, the secret keys included: the database is
// encrypted, and secrets are read into guarded memory only for use) and the recipients it has
// verified (public cards). Neither is case data: they are not in the operation log and do not sync
// as records; the organisation travels in the team key file (sync/team.h).
constexpr const char* kV5Organisation = R"sql(
CREATE TABLE organisation_self (
  singleton         INTEGER PRIMARY KEY CHECK (singleton = 1),
  id                TEXT NOT NULL,
  name              TEXT NOT NULL,
  kind              TEXT NOT NULL,
  encryption_public BLOB NOT NULL,
  encryption_secret BLOB NOT NULL,
  signing_public    BLOB NOT NULL,
  signing_secret    BLOB NOT NULL,
  origin            TEXT NOT NULL   -- 'created', 'team' (adopted from a team key file), 'derived' (upgrade)
);
CREATE TABLE organisation_recipient (
  id                TEXT PRIMARY KEY,
  name              TEXT NOT NULL,
  kind              TEXT NOT NULL,
  encryption_public BLOB NOT NULL,
  signing_public    BLOB NOT NULL,
  fingerprint       TEXT NOT NULL,
  verified_at       TEXT NOT NULL
);
)sql";

// v6 (issue 12): what leaves the service and what a maison de justice receives. The disclosure
// log and the received attendance facts are grow-only record kinds (model.h EntitySpec::grow_only);
// the exit report and the co-constructed report (with its passages) are ordinary records.
constexpr const char* kV6Disclosure = R"sql(
CREATE TABLE disclosure_log (
  id TEXT PRIMARY KEY, dossier_id TEXT, at TEXT, worker TEXT, device TEXT, recipient TEXT,
  recipient_org TEXT, kind TEXT, record_ids TEXT, field_categories TEXT, basis TEXT, consent_id TEXT,
  basis_text TEXT, content_hash TEXT, verification_code TEXT, referral_id TEXT, period_from TEXT,
  period_to TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX disclosure_log_dossier ON disclosure_log(dossier_id, at);
CREATE TABLE exit_report (
  id TEXT PRIMARY KEY, dossier_id TEXT, author TEXT, created_at TEXT, residual_risk TEXT,
  service_strategies TEXT, return_risk TEXT, self_assessment_plan TEXT, concerning_behaviours TEXT,
  help_and_contact TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX exit_report_dossier ON exit_report(dossier_id);
CREATE TABLE co_report (
  id TEXT PRIMARY KEY, dossier_id TEXT, author TEXT, created_at TEXT, title TEXT, agreed_on TEXT,
  agreement_how TEXT, agreed_hash TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX co_report_dossier ON co_report(dossier_id);
CREATE TABLE co_report_passage (
  id TEXT PRIMARY KEY, dossier_id TEXT, report_id TEXT, position TEXT, voice TEXT, text TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX co_report_passage_report ON co_report_passage(report_id);
CREATE TABLE received_attestation (
  id TEXT PRIMARY KEY, person_name TEXT, person_birth_date TEXT, period_from TEXT, period_to TEXT,
  issuer_id TEXT, issuer_name TEXT, issuer_fingerprint TEXT, issued_at TEXT, verification_code TEXT,
  content_hash TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE TABLE received_visit (
  id TEXT PRIMARY KEY, attestation_id TEXT, date TEXT, kind TEXT, outcome TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX received_visit_attestation ON received_visit(attestation_id, date);
)sql";

// The sync index (core/src/sync_index.h, docs/sync.md "The sync index"): what the log holds as
// counter ranges per replica, and every op of a private note, kept by the merge in each Apply's
// transaction so that an export or `sync status` no longer reads the whole log and note table.
// Filled here from the log by the same queries Vault::Check compares the index with.
constexpr const char* kV7SyncIndex = R"sql(
CREATE TABLE sync_held (
  replica_ref INTEGER NOT NULL,
  first       INTEGER NOT NULL,
  last        INTEGER NOT NULL,
  PRIMARY KEY (replica_ref, first)
) WITHOUT ROWID;
INSERT INTO sync_held
  SELECT replica_ref, min(counter), max(counter) FROM (SELECT replica_ref, counter,
    counter - row_number() OVER (PARTITION BY replica_ref ORDER BY counter) AS island FROM oplog)
  GROUP BY replica_ref, island;
CREATE TABLE sync_restricted_note (note_ref INTEGER PRIMARY KEY);
INSERT INTO sync_restricted_note
  SELECT e.ref FROM note n JOIN ref_entity e ON e.id = n.id WHERE n.scope = 'private';
CREATE TABLE sync_withheld (
  replica_ref INTEGER NOT NULL,
  counter     INTEGER NOT NULL,
  note_ref    INTEGER NOT NULL,
  field_ref   INTEGER NOT NULL,
  PRIMARY KEY (replica_ref, counter)
) WITHOUT ROWID;
CREATE INDEX sync_withheld_note ON sync_withheld(note_ref);
INSERT INTO sync_withheld
  SELECT o.replica_ref, o.counter, o.entity_ref, o.field_ref FROM oplog o
  JOIN sync_restricted_note r ON r.note_ref = o.entity_ref;
-- A partner note whose consent has lapsed is held back too (consent_internal.h); lapse follows the
-- calendar, not an edit, so the outbox looks the few partner notes up through this index.
CREATE INDEX note_scope ON note(scope);
)sql";

// v8: the monthly review of a follow-up (model.cpp kReviewFields: seed 004, the programme reviewed
// every month). Its participants are a set (set_member), like a visit's participants, which need
// no column either.
constexpr const char* kV8Reviews = R"sql(
CREATE TABLE review (
  id TEXT PRIMARY KEY, dossier_id TEXT, held_on TEXT, next_review TEXT, comment TEXT, author TEXT,
  deleted TEXT
) WITHOUT ROWID;
CREATE INDEX review_dossier ON review(dossier_id, held_on);
)sql";

// v9: this device's enrolment with an office hub (core/hub_enrolment.h, docs/hub.md): one row,
// the device's private key inside the encrypted vault like the team key; and device settings
// that are not case data and never sync ("never use the network").
constexpr const char* kV9HubEnrolment = R"sql(
CREATE TABLE hub_enrolment (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  address TEXT NOT NULL, hub_name TEXT NOT NULL, org TEXT NOT NULL, device_id TEXT NOT NULL,
  ca_fingerprint TEXT NOT NULL, ca_cert_pem TEXT NOT NULL, cert_pem TEXT NOT NULL,
  key_pem BLOB NOT NULL, enrolled_at TEXT NOT NULL, last_sync_at TEXT
);
CREATE TABLE device_setting (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
)sql";

// Issue 15 (exit preparation): the exit checklist's steps, the dossier team, the care handover
// (model.cpp kExitStepFields, kTeamMemberFields, kCareHandoverFields).
constexpr const char* kV10ExitPlan = R"sql(
CREATE TABLE exit_step (
  id TEXT PRIMARY KEY, dossier_id TEXT, step TEXT, status TEXT, member_id TEXT, days_before TEXT,
  service_id TEXT, commune TEXT, housing_route TEXT, comment TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX exit_step_dossier ON exit_step(dossier_id);
CREATE TABLE team_member (
  id TEXT PRIMARY KEY, dossier_id TEXT, role TEXT, name TEXT, organisation TEXT, service_id TEXT,
  contact TEXT, responsible_for TEXT, since TEXT, until TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX team_member_dossier ON team_member(dossier_id);
CREATE TABLE care_handover (
  id TEXT PRIMARY KEY, dossier_id TEXT, treatment_continues TEXT, treatment TEXT, prescriber TEXT,
  first_appointment TEXT, service_id TEXT, sharing_agreed TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX care_handover_dossier ON care_handover(dossier_id);
)sql";

// v11 (issue 14): long text where it does not waste pages. In a WITHOUT ROWID table (an index
// B-tree) a row longer than about 1,000 bytes keeps ~490 bytes on its page and spills the rest onto
// overflow pages of its own, mostly empty: a third of a five-year vault was such waste. A rowid
// table keeps rows of up to ~4,060 bytes on the leaf page. So the note table (its body) and the
// text states become rowid tables; their ids stay unique through the primary key's index, and every
// query reads them by the same columns as before. (The log's long text ops are compressed instead:
// core/src/log_value.h.) And the mark that lets a save extend its own unshared insertion.
constexpr const char* kV11LongTextRows = R"sql(
-- The body last: reading any other column (a note's scope, its tombstone) never walks the body.
CREATE TABLE note_v9 (
  id TEXT PRIMARY KEY NOT NULL, dossier_id TEXT, visit_id TEXT, author TEXT, created_at TEXT, scope TEXT,
  partner TEXT, deleted TEXT, body TEXT
);
INSERT INTO note_v9(id, dossier_id, visit_id, author, created_at, scope, partner, deleted, body)
  SELECT id, dossier_id, visit_id, author, created_at, scope, partner, deleted, body FROM note ORDER BY id;
DROP TABLE note;
ALTER TABLE note_v9 RENAME TO note;
CREATE INDEX note_dossier ON note(dossier_id, created_at);
CREATE INDEX note_scope ON note(scope);
CREATE TABLE text_state_v9 (
  entity_id TEXT NOT NULL, field TEXT NOT NULL, state BLOB NOT NULL,
  PRIMARY KEY (entity_id, field)
);
INSERT INTO text_state_v9(entity_id, field, state)
  SELECT entity_id, field, state FROM text_state ORDER BY entity_id, field;
DROP TABLE text_state;
ALTER TABLE text_state_v9 RENAME TO text_state;
-- The highest of this device's own op counters that has left it (been put in a bundle): a local
-- text insertion above it may still be extended in place by the next save (autosave coalescing,
-- docs/vault.md). Everything a vault made before this version may have left.
ALTER TABLE replica_state ADD COLUMN shared_through INTEGER NOT NULL DEFAULT 0;
UPDATE replica_state SET shared_through = next_counter - 1;
-- The insertion the last autosave logged (0: none): the only op a later autosave may extend.
ALTER TABLE replica_state ADD COLUMN typing_run INTEGER NOT NULL DEFAULT 0;
)sql";

// v12 (issue 15 parts 2, 3, 5; model.cpp): a plan item's stage in seed 002's hierarchy of needs
// (its picked barrier and lever suggestions are a set: set_member, no column); the needs and risk
// assessment; the person's relatives (their linked plan items are a set). Existing plan items keep a
// NULL stage rather than one written here: a value this migration wrote would have no operation
// behind it, so a device that migrated and one that received the same item by sync would hold
// different rows (and dumps). Every device reads a NULL stage as its domain's default instead
// (needs.h DefaultStageFor), and the first edit records it. A private assessment is withheld from
// sync like a private note: the sync index's note_ref columns hold any scoped record's ref.
constexpr const char* kV12NeedsRelatives = R"sql(
ALTER TABLE plan_item ADD COLUMN stage TEXT;
CREATE TABLE assessment (
  id TEXT PRIMARY KEY, dossier_id TEXT, assessed_on TEXT, assessor TEXT, instrument TEXT, needs TEXT,
  protective_factors TEXT, risk_summary TEXT, next_assessment TEXT, scope TEXT, author TEXT,
  created_at TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX assessment_dossier ON assessment(dossier_id, assessed_on);
CREATE INDEX assessment_scope ON assessment(scope);
CREATE TABLE relative (
  id TEXT PRIMARY KEY, dossier_id TEXT, name TEXT, relation TEXT, contact_consent TEXT, contact_by TEXT,
  person_id TEXT, deleted TEXT
) WITHOUT ROWID;
CREATE INDEX relative_dossier ON relative(dossier_id, name);
)sql";

// After v12 (issue 16, hubpackets): the packet outbox (core/packet_outbox.h). A sealed packet
// Disclose() made for a recipient organisation waits here until the office hub acknowledged it
// after its durable commit (sent_at). A rowid table: a packet is a few kilobytes (kV11's reason).
// Only sealed bytes and routing facts; nothing here syncs.
constexpr const char* kV13PacketOutbox = R"sql(
CREATE TABLE packet_outbox (
  packet_id TEXT PRIMARY KEY NOT NULL, log_entry_id TEXT NOT NULL, kind TEXT NOT NULL, to_org_id TEXT NOT NULL,
  to_org_name TEXT NOT NULL, to_org_fingerprint TEXT NOT NULL, queued_at TEXT NOT NULL, sent_at TEXT,
  sealed BLOB NOT NULL
);
CREATE INDEX packet_outbox_unsent ON packet_outbox(sent_at, queued_at);
)sql";

// v14: sync costs that follow the changes, not the history (docs/sync.md, "The sync index").
// A restricted note no other device can hold an op of is "secret": rule 2 cannot concern it, so
// the outbox reads its ops as one aggregate row (`sync_secret_ops`, ranges kept by the merge)
// instead of one row per op. Here: every op of it is this replica's, and either none was ever
// put in a bundle (above shared_through) or its scope was never anything but private (a note's
// scope is required, so its first batch set it: nothing of it was ever shareable). A peer's acknowledgement (one hole per run of private
// edits) becomes one blob in its `sync_peer` row instead of a row per range. The two blobs are
// written by sync_index::AfterSecretNotesMigration, run right after this SQL.
constexpr const char* kV14SyncSecretNotes = R"sql(
ALTER TABLE sync_restricted_note ADD COLUMN secret INTEGER NOT NULL DEFAULT 0;
UPDATE sync_restricted_note SET secret = 1 WHERE NOT EXISTS (
    SELECT 1 FROM sync_withheld w WHERE w.note_ref = sync_restricted_note.note_ref
    AND w.replica_ref IS NOT (SELECT r.ref FROM ref_replica r JOIN replica_state s ON r.replica = s.replica_id))
  AND (NOT EXISTS (
      SELECT 1 FROM sync_withheld w WHERE w.note_ref = sync_restricted_note.note_ref
      AND w.counter <= coalesce((SELECT shared_through FROM replica_state), w.counter))
    OR (SELECT count(*) = count(CASE WHEN CAST(o.value AS TEXT) = 'private' THEN 1 END) AND count(*) > 0
        FROM sync_withheld w JOIN ref_field f ON f.ref = w.field_ref AND f.name = 'scope'
        JOIN oplog o ON o.replica_ref = w.replica_ref AND o.counter = w.counter
        WHERE w.note_ref = sync_restricted_note.note_ref));
CREATE INDEX sync_restricted_shared ON sync_restricted_note(note_ref) WHERE secret = 0;
CREATE TABLE sync_secret_ops (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), ranges BLOB NOT NULL);
ALTER TABLE sync_peer ADD COLUMN knowledge BLOB;
)sql";

// v15 (issue 14, the text stored once: text_store.h, log_value.h): a text state is now written
// without its visible text (read from the record's column instead) and a logged text insertion
// without its characters (read from the state). No table changes, and nothing is rewritten here:
// rows written before read back as they are, and each note's state takes the new form at its next
// save. The version is raised so that an older build, which could read neither form, refuses the
// vault ("made by a newer version") instead of failing on its notes.
constexpr const char* kV15TextStoredOnce = R"sql(
SELECT 1;
)sql";

// v16 (issue 14, session 7: core/src/text_store.h; docs/vault.md "The body in compressed chunks"):
// a note's text leaves its row for `text_chunk`, zstd-compressed, at most 4 KiB of text per chunk,
// so a save rewrites only the chunks its edit touched. The key is the record's ref (ref_entity)
// times 2^20 plus the chunk's place in the text: a rowid, so a chunk (under a page once
// compressed) stays on its leaf page and a text's chunks are one range. The column keeps NULL (no
// text) or '' (the text is in its chunks). Finished by MoveTextsIntoChunks, run right after.
constexpr const char* kV16TextChunks = R"sql(
CREATE TABLE text_chunk (k INTEGER PRIMARY KEY, data BLOB NOT NULL);
)sql";

// Every migration, in version order; all of them live in this file.
const std::vector<const char*>& Migrations() {
  static const std::vector<const char*> kAll = {kV1, kV2Directory, kV3Sync, kV4CompactLog, kV5Organisation,
                                                kV6Disclosure, kV7SyncIndex, kV8Reviews, kV9HubEnrolment,
                                                kV10ExitPlan, kV11LongTextRows, kV12NeedsRelatives,
                                                kV13PacketOutbox, kV14SyncSecretNotes, kV15TextStoredOnce,
                                                kV16TextChunks};
  return kAll;
}

}  // namespace

int LatestVersion() { return static_cast<int>(Migrations().size()); }

Result<int> CurrentVersion(sqlite3* db) {
  sql::Stmt q(db, "PRAGMA user_version");
  if (!q.Step()) return q.status().ok() ? Internal("PRAGMA user_version returned nothing.") : q.status();
  return static_cast<int>(q.Int(0));
}

Status Migrate(sqlite3* db, int target) {
  if (target < 0) target = LatestVersion();
  PASSERELLE_ASSIGN_OR_RETURN(int current, CurrentVersion(db));
  if (current > LatestVersion())
    return Status::Error(Code::kUnsupported, "This vault was made by a newer version of Passerelle; update the app.");
  if (current >= target) return Status::Ok();
  sql::Transaction tx(db);
  PASSERELLE_RETURN_IF_ERROR(tx.Begin());
  for (int v = current; v < target; ++v) {
    const char* step = Migrations()[static_cast<size_t>(v)];
    PASSERELLE_RETURN_IF_ERROR(sql::Exec(db, step));
    // The steps SQL alone cannot finish: encoding range sets into blobs, compressing texts.
    if (step == kV14SyncSecretNotes) PASSERELLE_RETURN_IF_ERROR(sync_index::AfterSecretNotesMigration(db));
    if (step == kV16TextChunks) PASSERELLE_RETURN_IF_ERROR(MoveTextsIntoChunks(db));
  }
  PASSERELLE_RETURN_IF_ERROR(sql::Exec(db, "PRAGMA user_version = " + std::to_string(target)));
  return tx.Commit();
}

}  // namespace passerelle::core::schema
