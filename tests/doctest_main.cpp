// The doctest main of every C++ test. Besides its command line, it takes doctest options from the
// environment variable PASSERELLE_TEST_ARGS, one option a line: ctest starts the test binaries
// with no arguments of its own, so this is how `./dev.sh test NAME -- -tc="*wrong*"` reaches
// them (a case filter may hold spaces, hence lines rather than words).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  std::vector<std::string> extra;
  if (const char* env = std::getenv("PASSERELLE_TEST_ARGS")) {
    std::string all(env);
    size_t start = 0;
    while (start <= all.size()) {
      size_t end = all.find('\n', start);
      if (end == std::string::npos) end = all.size();
      if (end > start) extra.push_back(all.substr(start, end - start));
      start = end + 1;
    }
  }
  std::vector<const char*> args(argv, argv + argc);
  for (const std::string& e : extra) args.push_back(e.c_str());
  doctest::Context context;
  context.applyCommandLine(static_cast<int>(args.size()), args.data());
  return context.run();
}
