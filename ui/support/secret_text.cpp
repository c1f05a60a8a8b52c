#include "secret_text.h"

#include "passerelle/platform/secure_buffer.h"

namespace passerelle::ui {

void WipeString(std::string& text) {
  // capacity() bytes are owned by the string; the terminating NUL lives at data()[size()].
  if (text.capacity() > 0) platform::SecureWipe(text.data(), text.capacity());
  text.clear();
  text.shrink_to_fit();
}

void WipeStrings(std::vector<std::string>& texts) {
  for (auto& t : texts) WipeString(t);
  texts.clear();
  texts.shrink_to_fit();
}

}  // namespace passerelle::ui
