// Passphrase rules for first-run vault creation: a minimum length and a strength hint shown while
// the worker types. The estimate is deliberately simple (length x character variety, penalised
// for repeats and sequences) and errs on the side of "weak": the hint nudges towards a long
// phrase of several words, which is easy to type on a tablet and strong against guessing.
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

#include "passerelle/core/passphrase_rule.h"

namespace passerelle::ui {

// The floor is the core's rule (passphrase_rule.h), the same for the CLI's init.
inline constexpr size_t kMinPassphraseLength = core::kMinPassphraseLength;

enum class PassphraseStrength { kEmpty, kTooShort, kWeak, kFair, kStrong };

// Estimated guessing entropy in bits (0 for an empty passphrase).
double EstimatePassphraseBits(std::string_view utf8);
PassphraseStrength RatePassphrase(std::string_view utf8);

// The translation key of the hint for a strength ("unlock.strength.weak"...).
const char* StrengthKey(PassphraseStrength strength);

}  // namespace passerelle::ui
