// Visibility: a private note never leaves its author's device. Checked by decrypting every
// bundle and by reading the receiving vaults, through scope changes in both directions and
// through a relay.
#include <doctest/doctest.h>

#include <algorithm>

#include "sync_fixture.h"

using namespace passerelle;
using namespace passerelle::testing;

namespace {

size_t OpsOf(const sync::Payload& p, const std::string& entity) {
  return static_cast<size_t>(std::count_if(p.ops.begin(), p.ops.end(), [&](const core::Op& o) { return o.entity_id == entity; }));
}

bool Mentions(const sync::Payload& p, const std::string& needle) {
  for (const auto& o : p.ops)
    if (o.entity_id == needle || (o.value && o.value->find(needle) != std::string::npos)) return true;
  return false;
}

bool HasNote(core::Vault& v, const std::string& dossier, const std::string& note) {
  auto notes = core::ListNotes(v, dossier);
  REQUIRE(notes.ok());
  return std::any_of(notes->begin(), notes->end(), [&](const core::Note& n) { return n.id == note; });
}

}  // namespace

TEST_CASE("a note written private never appears in any bundle, not even its existence") {
  Team t({"ana", "bram"});
  CaseFile cf(*t.v[0]);
  auto secret = core::AddNote(*t.v[0], {{"dossier_id", cf.dossier}, {"scope", "private"}, {"body", "SECRET-1"}});
  auto shared = core::AddNote(*t.v[0], {{"dossier_id", cf.dossier}, {"body", "shared words"}});
  REQUIRE(secret.ok());
  REQUIRE(shared.ok());
  REQUIRE(core::SaveNoteBody(*t.v[0], *secret, "SECRET-1 and SECRET-2").ok());
  REQUIRE(core::AddToSet(*t.v[0], *secret, "domains", "housing").ok());

  sync::ExportSummary s;
  auto bytes = t.Export(0, 1, &s);
  auto p = t.Open(bytes);
  CHECK(OpsOf(p, *secret) == 0);
  CHECK_FALSE(Mentions(p, "SECRET"));
  CHECK(OpsOf(p, *shared) > 0);
  CHECK(s.withheld > 0);
  // The acknowledgement does not even count the private ops.
  auto held = core::SyncStore(*t.v[0]).Held();
  CHECK(p.sender_holds.Count() == held->Count() - s.withheld);

  t.Import(1, bytes);
  CHECK_FALSE(HasNote(*t.v[1], cf.dossier, *secret));
  CHECK(t.Dump(1, false).find(*secret) == std::string::npos);
  CHECK(t.Dump(1, false).find("SECRET") == std::string::npos);
  t.Exchange(0, 1);
  CHECK(t.Dump(0) == t.Dump(1));  // converged on what both may hold
  CHECK(t.Dump(0, false) != t.Dump(1, false));
}

TEST_CASE("private then service: the note's earlier ops travel once it is shared") {
  Team t({"ana", "bram", "chloe"});
  CaseFile cf(*t.v[0]);
  auto note = core::AddNote(*t.v[0], {{"dossier_id", cf.dossier}, {"scope", "private"}, {"body", "draft"}});
  REQUIRE(note.ok());
  REQUIRE(core::SaveNoteBody(*t.v[0], *note, "draft, then more").ok());
  t.Exchange(0, 1);
  t.Exchange(1, 2);  // everyone has acknowledged Ana's later counters
  REQUIRE(core::UpdateRecord(*t.v[0], cf.dossier, {{"next_review", "2025-05-01"}}).ok());
  t.Exchange(0, 1);
  t.Exchange(1, 2);
  CHECK_FALSE(HasNote(*t.v[2], cf.dossier, *note));

  REQUIRE(core::UpdateRecord(*t.v[0], *note, {{"scope", "service"}}).ok());
  auto p = t.Open(t.Export(0, 1));
  CHECK(OpsOf(p, *note) >= 4);  // its creation, its body edits, the scope change
  t.Exchange(0, 1);
  // Bram relays ops whose counters are below what Chloé acknowledged from Ana long ago.
  t.Exchange(1, 2);
  REQUIRE(HasNote(*t.v[2], cf.dossier, *note));
  auto notes = core::ListNotes(*t.v[2], cf.dossier);
  CHECK(notes->front().body == "draft, then more");
  CHECK(t.Dump(2) == t.Dump(0));
  CHECK(t.Dump(2, false) == t.Dump(0, false));
}

TEST_CASE("service then private: later edits stay home, colleagues learn only the scope") {
  Team t({"ana", "bram"});
  CaseFile cf(*t.v[0]);
  auto note = core::AddNote(*t.v[0], {{"dossier_id", cf.dossier}, {"body", "first words"}});
  REQUIRE(note.ok());
  t.Exchange(0, 1);
  REQUIRE(HasNote(*t.v[1], cf.dossier, *note));

  REQUIRE(core::UpdateRecord(*t.v[0], *note, {{"scope", "private"}}).ok());
  REQUIRE(core::SaveNoteBody(*t.v[0], *note, "first words, then SECRET-3").ok());
  // Meanwhile Bram, who does not know yet, adds to it.
  REQUIRE(core::SaveNoteBody(*t.v[1], *note, "Bram: first words").ok());
  REQUIRE(core::AddToSet(*t.v[0], *note, "domains", "mental_health").ok());
  auto p = t.Open(t.Export(0, 1));
  CHECK_FALSE(Mentions(p, "SECRET"));
  REQUIRE(OpsOf(p, *note) == 1);  // the scope change only, so Bram stops showing the note
  for (const auto& o : p.ops)
    if (o.entity_id == *note) CHECK(o.field == "scope");
  t.Exchange(0, 1);
  CHECK_FALSE(HasNote(*t.v[1], cf.dossier, *note));
  CHECK(t.Dump(1, false).find("SECRET") == std::string::npos);
  CHECK(t.Dump(0) == t.Dump(1));

  // Bram's edit, made before he knew, stays on his device too while the note is private: the
  // rule is the same on every device, whoever wrote the op.
  auto at_ana = core::ListNotes(*t.v[0], cf.dossier);
  REQUIRE(at_ana->size() == 1);
  CHECK(at_ana->front().body == "first words, then SECRET-3");

  // Shared again: the withheld edits travel, both devices show the same merged text.
  REQUIRE(core::UpdateRecord(*t.v[0], *note, {{"scope", "service"}}).ok());
  t.Exchange(0, 1);
  REQUIRE(HasNote(*t.v[1], cf.dossier, *note));
  CHECK(core::ListNotes(*t.v[1], cf.dossier)->front().body == "Bram: first words, then SECRET-3");
  CHECK(t.Dump(0, false) == t.Dump(1, false));
}

TEST_CASE("new notes default to the service scope and travel") {
  Team t({"ana", "bram"});
  CaseFile cf(*t.v[0]);
  auto note = core::AddNote(*t.v[0], {{"dossier_id", cf.dossier}, {"body", "ordinary"}});
  REQUIRE(note.ok());
  t.Exchange(0, 1);
  auto notes = core::ListNotes(*t.v[1], cf.dossier);
  REQUIRE(notes->size() == 1);
  CHECK(notes->front().scope == "service");
}
