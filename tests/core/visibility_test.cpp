// The visibility rule (core/visibility.h) as a table: who may hold a note of each scope, and which
// ops of a private note may reach a device that knew it. The end-to-end behaviour over bundles is
// tests/sync/visibility_test.cpp.
#include <doctest/doctest.h>

#include <string>

#include "passerelle/core/model.h"
#include "passerelle/core/visibility.h"

using namespace passerelle::core;

TEST_CASE("note scopes parse and format as the stored vocabulary, in the enum's order") {
  const auto& words = NoteScopes().values;
  REQUIRE(words.size() == 3);
  const NoteScope all[] = {NoteScope::kPrivate, NoteScope::kService, NoteScope::kPartner};
  for (size_t i = 0; i < 3; ++i) {
    CHECK(FormatNoteScope(all[i]) == words[i]);
    CHECK(ParseNoteScope(words[i]) == all[i]);
  }
  CHECK(FormatNoteScope(NoteScope::kPrivate) == "private");
  CHECK(FormatNoteScope(NoteScope::kService) == "service");
  CHECK(FormatNoteScope(NoteScope::kPartner) == "partner");
  for (const char* bad : {"", "Private", "private ", "team", "shared_notes"}) {
    CAPTURE(std::string(bad));
    CHECK_FALSE(ParseNoteScope(bad).has_value());
  }
}

TEST_CASE("a private note is its author's alone; service and partner notes are the team's") {
  CHECK(MayHold(NoteScope::kPrivate, Holder::kAuthor));
  CHECK_FALSE(MayHold(NoteScope::kPrivate, Holder::kTeam));
  for (NoteScope s : {NoteScope::kService, NoteScope::kPartner}) {
    CHECK(MayHold(s, Holder::kAuthor));
    CHECK(MayHold(s, Holder::kTeam));
  }
  // Not a note, or a note whose scope op has not arrived (it was shared: its other ops are here).
  CHECK(MayHold(std::nullopt, Holder::kTeam));
  CHECK(MayHold(std::nullopt, Holder::kTeam, "body"));
}

TEST_CASE("of a private note, only the scope ops reach a device, and only one that knew the note") {
  CHECK(MayHold(NoteScope::kPrivate, Holder::kTeam, "scope", /*holder_knew_note=*/true));
  CHECK_FALSE(MayHold(NoteScope::kPrivate, Holder::kTeam, "scope", /*holder_knew_note=*/false));
  for (const char* field : {"body", "domains", "deleted", "partner", "author", "dossier_id"}) {
    CAPTURE(std::string(field));
    CHECK_FALSE(MayHold(NoteScope::kPrivate, Holder::kTeam, field, true));
    CHECK_FALSE(MayHold(NoteScope::kPrivate, Holder::kTeam, field, false));
    CHECK(MayHold(NoteScope::kService, Holder::kTeam, field, false));
  }
}
