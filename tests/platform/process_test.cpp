// platform::HardenProcess (no core dump, not dumpable, unless the test-only switch is set) and the
// secret sources that read a passphrase straight into guarded memory (platform/terminal.h).
#include <doctest/doctest.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "passerelle/platform/process.h"
#include "passerelle/platform/terminal.h"
#include "../support/temp_dir.h"

using namespace passerelle;

namespace {

// Runs HardenProcess in a child (it cannot be undone) and reports what the child then sees:
// bit 0 = dumpable, bit 1 = RLIMIT_CORE soft and hard are 0, bit 2 = HardenProcess returned true.
int HardenInChild(const char* allow_switch) {
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (allow_switch) ::setenv(platform::kAllowCoreDumpForTestsEnv, allow_switch, 1);
    else ::unsetenv(platform::kAllowCoreDumpForTestsEnv);
    const bool ok = platform::HardenProcess();
    struct rlimit core {};
    ::getrlimit(RLIMIT_CORE, &core);
    const int dumpable = ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1 ? 1 : 0;
    const int no_core = core.rlim_cur == 0 && core.rlim_max == 0 ? 2 : 0;
    ::_exit(dumpable | no_core | (ok ? 4 : 0));
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

}  // namespace

TEST_CASE("HardenProcess: no core file and not dumpable") {
  CHECK(HardenInChild(nullptr) == (2 | 4));
  CHECK(HardenInChild("0") == (2 | 4));  // only "1" opens the test-only switch
}

TEST_CASE("HardenProcess leaves dumping allowed under the test-only switch") {
  REQUIRE(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1);  // the test runner itself is dumpable
  struct rlimit before {};
  ::getrlimit(RLIMIT_CORE, &before);
  int seen = HardenInChild("1");
  CHECK((seen & 1) == 1);
  CHECK((seen & 4) == 4);
  if (before.rlim_cur != 0) CHECK((seen & 2) == 0);
}

TEST_CASE("a secret taken from the environment is wiped there and unset") {
  ::setenv("PASSERELLE_TEST_SECRET", "s3cret words", 1);
  char* in_place = std::getenv("PASSERELLE_TEST_SECRET");
  REQUIRE(in_place != nullptr);
  const size_t length = std::strlen(in_place);
  auto secret = platform::TakeSecretFromEnvironment("PASSERELLE_TEST_SECRET");
  REQUIRE(secret.ok());
  CHECK(secret.value().view() == "s3cret words");
  for (size_t i = 0; i < length; ++i) CHECK(in_place[i] == '\0');  // the environment's own copy
  CHECK(std::getenv("PASSERELLE_TEST_SECRET") == nullptr);
  CHECK(platform::TakeSecretFromEnvironment("PASSERELLE_TEST_SECRET").status().code() == Code::kNotFound);
}

TEST_CASE("a secret file gives its first line, without the line ending") {
  testing::TempDir dir;
  auto write = [&](const std::string& bytes) {
    std::ofstream(dir.File("pass"), std::ios::binary | std::ios::trunc) << bytes;
    return platform::ReadSecretFromFile(dir.File("pass"));
  };
  CHECK(write("correct horse\nsecond line\n").value().view() == "correct horse");
  CHECK(write("crlf words\r\n").value().view() == "crlf words");
  CHECK(write("no newline").value().view() == "no newline");
  CHECK(write("é \xe2\x82\xac").value().view() == "é \xe2\x82\xac");
  CHECK(write("").value().empty());
  CHECK(write(std::string(4096, 'x')).value().size() == 4096);
  CHECK(write(std::string(4097, 'x')).status().code() == Code::kInvalidInput);
  CHECK(platform::ReadSecretFromFile(dir.File("absent")).status().code() == Code::kNotFound);
}
