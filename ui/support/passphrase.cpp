#include "passphrase.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

#include "passerelle/platform/secure_buffer.h"

#include "text_fold.h"

namespace passerelle::ui {

double EstimatePassphraseBits(std::string_view utf8) {
  bool lower = false, upper = false, digit = false, symbol = false, other = false;
  size_t count = 0, repeats = 0, words = 1;
  char32_t previous = 0;
  // Distinct code points, counted on the stack and wiped: a heap container would leave the
  // passphrase's characters in freed memory (the passphrase lives only in guarded memory).
  std::array<char32_t, 1024> distinct{};
  size_t distinct_count = 0;
  for (size_t i = 0; i < utf8.size();) {
    char32_t cp = NextCodePoint(utf8, i);
    ++count;
    if (std::find(distinct.begin(), distinct.begin() + static_cast<std::ptrdiff_t>(distinct_count), cp) ==
            distinct.begin() + static_cast<std::ptrdiff_t>(distinct_count) &&
        distinct_count < distinct.size())
      distinct[distinct_count++] = cp;
    if (cp >= 'a' && cp <= 'z') lower = true;
    else if (cp >= 'A' && cp <= 'Z') upper = true;
    else if (cp >= '0' && cp <= '9') digit = true;
    else if (cp == ' ' || cp == '-' || cp == '_' || cp == '.') ++words, symbol = true;
    else if (cp < 0x80) symbol = true;
    else other = true;
    // "aaaa" and "1234" add almost nothing for a guesser.
    if (count > 1 && (cp == previous || cp == previous + 1)) ++repeats;
    previous = cp;
  }
  platform::SecureWipe(distinct.data(), sizeof distinct);
  if (count == 0) return 0.0;
  double pool = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) + (other ? 64 : 0);
  double per_char = std::log2(std::max(pool, 2.0));
  double effective = static_cast<double>(count - repeats) + 0.25 * static_cast<double>(repeats);
  // Few distinct characters ("abababab") cap the estimate whatever the length.
  double variety_cap = static_cast<double>(distinct_count) * 6.0 + static_cast<double>(words - 1) * 4.0;
  return std::min(effective * per_char, variety_cap + 10.0);
}

PassphraseStrength RatePassphrase(std::string_view utf8) {
  if (utf8.empty()) return PassphraseStrength::kEmpty;
  if (!core::CheckNewPassphrase(utf8).ok()) return PassphraseStrength::kTooShort;
  double bits = EstimatePassphraseBits(utf8);
  if (bits < 50) return PassphraseStrength::kWeak;
  if (bits < 75) return PassphraseStrength::kFair;
  return PassphraseStrength::kStrong;
}

const char* StrengthKey(PassphraseStrength strength) {
  switch (strength) {
    case PassphraseStrength::kEmpty: return "unlock.strength.empty";
    case PassphraseStrength::kTooShort: return "unlock.strength.too_short";
    case PassphraseStrength::kWeak: return "unlock.strength.weak";
    case PassphraseStrength::kFair: return "unlock.strength.fair";
    case PassphraseStrength::kStrong: return "unlock.strength.strong";
  }
  return "unlock.strength.empty";
}

}  // namespace passerelle::ui
