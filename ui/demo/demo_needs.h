// The demo's records of issue 15 (fictional): plan items at each stage of the hierarchy of needs
// with seed 001's barriers and levers picked, two dated assessments to compare, relatives (one also
// followed as a person of their own, without a detention status).
#pragma once

#include <string>

#include "passerelle/core/vault.h"

namespace passerelle::demo {

// `index`: which demo person (0 = the first); `housing`: their housing plan item.
Status SeedNeeds(core::Vault& vault, const std::string& dossier, const std::string& housing, bool nl, size_t index);

}  // namespace passerelle::demo
