// What a directory entry says in words a person understands: where its information comes from
// (the documents, not internal file names such as "seed 001") and, for each contact detail, that
// it is not known rather than a blank. Pure functions over I18n; the screen draws the result.
// Thread-safety: plain functions.
#pragma once

#include <string>

#include "i18n.h"
#include "passerelle/core/directory.h"

namespace passerelle::ui {

// `source` as the coordinator wrote it, e.g. "seeds 000, 003; vérifié par téléphone 2027-01-15":
// each seed number becomes the document's name in the UI language ("Taken from the R.A.J.
// network's presentation and ..."); what follows a ";" is a coordinator's own note, kept as written.
// A source in any other form is returned unchanged.
std::string SourceInWords(const std::string& source, const I18n& t);

// A field's own text naming a seed file in parentheses ("Engorgement des AIS signalé (seed 001).")
// names the document instead ("… (selon la présentation du réseau R.A.J.)."); the rest as written.
std::string SeedMentionsInWords(const std::string& text, const I18n& t);

// A service *type* (a CPAS, a justice house...) describes a kind of service, with no contact
// details of its own (docs/directory-data.md §2.1): the screen says to look for the local office
// rather than listing every detail as not known.
bool IsServiceType(const core::directory::Entry& e);

}  // namespace passerelle::ui
