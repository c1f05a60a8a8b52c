#include "passerelle/core/passphrase_rule.h"

#include "passerelle/platform/utf8.h"

namespace passerelle::core {

size_t PassphraseLength(std::string_view utf8) {
  size_t count = 0;
  for (size_t i = 0; i < utf8.size();) {
    platform::utf8::DecodeNext(utf8, i);
    ++count;
  }
  return count;
}

Status CheckNewPassphrase(std::string_view utf8) {
  if (PassphraseLength(utf8) < kMinPassphraseLength) return InvalidInput(kPassphraseTooShort);
  return Status::Ok();
}

}  // namespace passerelle::core
