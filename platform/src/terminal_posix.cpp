#include <errno.h>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "passerelle/platform/terminal.h"

namespace passerelle::platform {
namespace {

constexpr size_t kMaxSecretBytes = 4096;

// Reads one line from `fd` into guarded memory, one byte at a time, so nothing of the secret (or
// past it) passes through an ordinary buffer.
Result<SecureBuffer> ReadLine(int fd, const std::string& what) {
  SecureBuffer buf(kMaxSecretBytes);
  size_t n = 0;
  for (;;) {
    uint8_t* slot = n < buf.size() ? buf.data() + n : nullptr;
    uint8_t overflow = 0;
    ssize_t r = ::read(fd, slot != nullptr ? slot : &overflow, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return IoError("Could not read " + what + ": " + std::strerror(errno) + ".");
    if (r == 0) break;
    const uint8_t c = slot != nullptr ? *slot : overflow;
    if (c == '\n' || c == '\r') break;
    if (slot == nullptr) {
      SecureWipe(&overflow, 1);
      return InvalidInput("The passphrase in " + what + " is longer than 4096 bytes.");
    }
    ++n;
  }
  SecureBuffer out(n);
  if (n > 0) std::memcpy(out.data(), buf.data(), n);
  return out;
}

}  // namespace

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
  auto line = ReadLine(STDIN_FILENO, "the terminal");
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old_attr);
  std::fputs("\n", stderr);
  return line;
}

Result<SecureBuffer> TakeSecretFromEnvironment(const char* name) {
  char* value = std::getenv(name);
  if (value == nullptr) return NotFound(std::string(name) + " is not set.");
  SecureBuffer secret = SecureBuffer::FromString(value);
  SecureWipe(value, std::strlen(value));
  ::unsetenv(name);
  return secret;
}

Result<SecureBuffer> ReadSecretFromFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("The file " + path + " does not exist.");
    return IoError("Could not open " + path + ": " + std::strerror(errno) + ".");
  }
  auto line = ReadLine(fd, path);
  ::close(fd);
  return line;
}

}  // namespace passerelle::platform
