// A demo vault with realistic but entirely fictional case files (invented names, no real person),
// used by `passerelle --demo`, `passerelle-cli demo` and the screenshots.
#pragma once

#include <memory>
#include <string>

#include "passerelle/core/vault.h"

namespace passerelle::demo {

inline constexpr const char* kDemoPassphrase = "demo-passerelle";

// Creates a demo vault at `path` filled with fictional dossiers; refuses (Conflict) when a vault
// or key file is already there, and never deletes one. The demo uses the low-cost key
// derivation so it opens instantly; real vaults never do.
Result<std::unique_ptr<core::Vault>> CreateDemoVault(const std::string& path);

}  // namespace passerelle::demo
