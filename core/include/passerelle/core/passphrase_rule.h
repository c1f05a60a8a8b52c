// The one rule a new vault passphrase must meet, for every front end: `passerelle-cli init` and
// `passwd`, and the app's first-run screen accept and refuse exactly the same passphrases, with
// the same sentence (the app's English text is this sentence; tests/ui/passphrase_rule_test.cpp).
// Length is counted in Unicode code points, so "été été été" counts as 11 whatever its bytes.
// The app's strength hint (ui/support/passphrase.h) only advises above this floor. Pure, thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

#include "passerelle/platform/status.h"

namespace passerelle::core {

inline constexpr size_t kMinPassphraseLength = 10;  // code points

// Code points in `utf8` (an ill-formed sequence counts as one).
size_t PassphraseLength(std::string_view utf8);
// Ok, or kInvalidInput with kPassphraseTooShort.
Status CheckNewPassphrase(std::string_view utf8);
inline constexpr const char* kPassphraseTooShort = "A new passphrase needs at least 10 characters.";

}  // namespace passerelle::core
