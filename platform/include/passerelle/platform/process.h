// Process hardening: what a process holding a vault's key does first thing in main().
// Thread-safety: call once, before any other thread starts.
#pragma once

namespace passerelle::platform {

// The environment variable that keeps core dumps and debugger attachment allowed. TEST ONLY: the
// core-dump test (tests/ui/core_dump_test.sh) sets it to take a core dump of the unlocked app and
// prove the passphrase is not in it. Never set it in production.
inline constexpr const char* kAllowCoreDumpForTestsEnv = "PASSERELLE_TEST_ALLOW_CORE_DUMP";

// Makes the process non-dumpable: no core file (RLIMIT_CORE 0, soft and hard) and, on Linux,
// PR_SET_DUMPABLE 0 (no core dump by the kernel, no ptrace attach or /proc/PID/mem read by other
// processes of the same user). Unless PASSERELLE_TEST_ALLOW_CORE_DUMP=1, which leaves both as they
// were. Returns false if a step failed (the caller carries on: hardening is defence in depth).
bool HardenProcess();

}  // namespace passerelle::platform
