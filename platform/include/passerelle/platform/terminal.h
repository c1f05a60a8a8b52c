// Reading a secret (a passphrase) from the controlling terminal without echoing it, from the
// environment, or from the first line of a file: each straight into guarded memory, wiping what
// the OS handed over, so no copy of the secret is left in ordinary memory.
#pragma once

#include <string>

#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"

namespace passerelle::platform {

// Prints `prompt` to stderr and reads one line from the terminal with echo off. Fails with
// kInvalidInput if standard input is not a terminal (scripts must use the environment or a file).
Result<SecureBuffer> ReadSecretFromTerminal(const std::string& prompt);

// The value of environment variable `name`, taken: copied into guarded memory, the environment's
// own copy overwritten in place (what getenv points into, and what a core dump or
// /proc/PID/environ shows) and the variable unset so no child process inherits it. A second call
// in the same process finds it unset. NotFound when the variable is not set.
Result<SecureBuffer> TakeSecretFromEnvironment(const char* name);

// The first line of the file at `path` (without its line ending), read straight into guarded
// memory. NotFound / IoError like ReadFile; InvalidInput when the line is longer than 4096 bytes.
Result<SecureBuffer> ReadSecretFromFile(const std::string& path);

}  // namespace passerelle::platform
