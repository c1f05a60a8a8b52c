// The visibility rule (visibility.h).
#include "passerelle/core/visibility.h"

#include "passerelle/core/model.h"

namespace passerelle::core {

// The scopes' text is the NoteScopes() vocabulary, in the enum's order (checked by
// core_visibility_test), so the stored words are written once, in model.cpp.
std::optional<NoteScope> ParseNoteScope(std::string_view text) {
  const auto& words = NoteScopes().values;
  for (size_t i = 0; i < words.size(); ++i)
    if (words[i] == text) return static_cast<NoteScope>(i);
  return std::nullopt;
}

std::string_view FormatNoteScope(NoteScope scope) { return NoteScopes().values[static_cast<size_t>(scope)]; }

bool MayHold(std::optional<NoteScope> scope, Holder holder, std::string_view field, bool holder_knew_note) {
  if (scope != NoteScope::kPrivate || holder == Holder::kAuthor) return true;
  // A private note's scope ops carry no content; a device that knew the note needs them to agree
  // with everyone else on its scope.
  return field == "scope" && holder_knew_note;
}

}  // namespace passerelle::core
