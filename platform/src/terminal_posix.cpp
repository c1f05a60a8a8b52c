#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "passerelle/platform/terminal.h"

namespace passerelle::platform {

Result<SecureBuffer> ReadSecretFromTerminal(const std::string& prompt) {
  if (!::isatty(STDIN_FILENO))
    return InvalidInput(
        "No passphrase given: set PASSERELLE_PASSPHRASE, use --passphrase-file, or run in a terminal.");
  std::fputs(prompt.c_str(), stderr);
  std::fflush(stderr);
  termios old_attr {};
  ::tcgetattr(STDIN_FILENO, &old_attr);
  termios quiet = old_attr;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  // Read byte by byte into guarded memory so the secret never sits in a std::string.
  SecureBuffer buf(1024);
  size_t n = 0;
  char c = 0;
  while (n < buf.size() && ::read(STDIN_FILENO, &c, 1) == 1 && c != '\n') buf.data()[n++] = static_cast<uint8_t>(c);
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old_attr);
  std::fputs("\n", stderr);
  SecureBuffer out(n);
  for (size_t i = 0; i < n; ++i) out.data()[i] = buf.data()[i];
  return out;
}

}  // namespace passerelle::platform
