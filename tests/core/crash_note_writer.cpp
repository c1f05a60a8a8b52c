// Child process for the SIGKILL crash test: opens the vault and saves notes as fast as it can,
// printing each note's number on stdout only after AddNote returned success ("the app said it
// was saved"). The parent kills it at a random moment.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "passerelle/core/case_files.h"
#include "passerelle/core/vault.h"

using namespace passerelle;

int main(int argc, char** argv) {
  if (argc != 4) return 64;
  const std::string path = argv[1], dossier = argv[2];
  const int first = std::atoi(argv[3]);
  core::VaultOptions o;
  o.kdf = core::KdfParams::LowCostForTests();
  auto v = core::Vault::Open(path, platform::SecureBuffer::FromString("pw"), o);
  if (!v.ok()) {
    std::fprintf(stderr, "%s\n", v.status().message().c_str());
    return 1;
  }
  std::printf("ready\n");  // the parent times its kill from here, not from process start
  std::fflush(stdout);
  for (int i = first;; ++i) {
    // A long body so kills land inside page writes, not only between transactions.
    std::string body = "crash-note-" + std::to_string(i) + " " + std::string(static_cast<size_t>(200 + (i % 7) * 900), 'x');
    if (!core::AddNote(**v, {{"dossier_id", dossier}, {"body", body}}).ok()) return 2;
    std::printf("%d\n", i);
    std::fflush(stdout);
  }
}
