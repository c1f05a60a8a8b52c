// Reading a secret from the controlling terminal without echoing it.
#pragma once

#include <string>

#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"

namespace passerelle::platform {

// Prints `prompt` to stderr and reads one line from the terminal with echo off. Fails with
// kInvalidInput if standard input is not a terminal (scripts must use the environment or a file).
Result<SecureBuffer> ReadSecretFromTerminal(const std::string& prompt);

}  // namespace passerelle::platform
