// Canonical dump: the whole materialised state as deterministic JSON (sorted keys, records sorted
// by id, no local-only data such as replica ids, clocks or arrival order). Two vaults that hold
// the same merged state produce byte-identical dumps; tests and administrators compare them.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "passerelle/core/vault.h"

namespace passerelle::core {

struct DumpOptions {
  // Leave out notes in the private scope, and partner notes whose shared_notes consent is not in
  // force on the vault's day: sync holds both back, so replicas converge on everything else.
  bool shared_only = false;
};

Result<std::string> CanonicalDump(const Vault& v, const DumpOptions& options = {});

// The same bytes, handed to `sink` piece by piece as they are made (a record at a time), so a
// large vault's dump is never held whole in memory (the CLI writes them to standard output). On
// an error, what was already handed over is an incomplete document.
using DumpSink = std::function<void(std::string_view)>;
Status CanonicalDumpTo(const Vault& v, const DumpOptions& options, const DumpSink& sink);

}  // namespace passerelle::core
