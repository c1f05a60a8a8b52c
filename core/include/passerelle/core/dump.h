// Canonical dump: the whole materialised state as deterministic JSON (sorted keys, records sorted
// by id, no local-only data such as replica ids, clocks or arrival order). Two vaults that hold
// the same merged state produce byte-identical dumps; tests and administrators compare them.
#pragma once

#include <string>

#include "passerelle/core/vault.h"

namespace passerelle::core {

struct DumpOptions {
  // Leave out notes in the private scope: they never leave their author's device, so replicas
  // converge on everything else.
  bool shared_only = false;
};

Result<std::string> CanonicalDump(const Vault& v, const DumpOptions& options = {});

}  // namespace passerelle::core
