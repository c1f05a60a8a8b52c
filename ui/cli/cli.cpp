#include "cli.h"

#include <cstdio>
#include <cstdlib>

#include "passerelle/platform/file.h"
#include "passerelle/platform/terminal.h"

namespace passerelle::cli {
namespace {

const std::set<std::string> kBooleanFlags = {"json", "canonical", "shared-only", "inside-prison", "dry-run",
                                             "low-cost-kdf", "all"};

// Both read straight into guarded memory; the environment's copy is wiped (platform/terminal.h).
Result<platform::SecureBuffer> SecretFromFile(const std::string& path) { return platform::ReadSecretFromFile(path); }

Result<platform::SecureBuffer> SecretFromEnv(const char* name) { return platform::TakeSecretFromEnvironment(name); }

}  // namespace

int ExitCodeFor(const Status& st) {
  switch (st.code()) {
    case Code::kOk: return kExitOk;
    case Code::kWrongPassphrase: return kExitWrongPassphrase;
    case Code::kInvalidInput: return kExitInvalidInput;
    case Code::kNotFound: return kExitNotFound;
    case Code::kIoError: return kExitIo;
    case Code::kCorrupt: return kExitCorrupt;
    case Code::kConflict: return kExitConflict;
    case Code::kUnsupported: return kExitUnsupported;
    case Code::kInternal: return kExitInternal;
  }
  return kExitInternal;
}

Result<Args> ParseArgs(const std::vector<std::string>& words) {
  Args a;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.size() > 2 && w.rfind("--", 0) == 0) {
      std::string name = w.substr(2);
      auto eq = name.find('=');
      if (eq != std::string::npos) {
        a.options[name.substr(0, eq)] = name.substr(eq + 1);
      } else if (kBooleanFlags.count(name)) {
        a.flags.insert(name);
      } else if (i + 1 < words.size()) {
        a.options[name] = words[++i];
      } else {
        return InvalidInput("The option --" + name + " needs a value.");
      }
    } else {
      a.positional.push_back(w);
    }
  }
  return a;
}

Result<platform::SecureBuffer> Context::Passphrase(const std::string& prompt) {
  auto env = SecretFromEnv("PASSERELLE_PASSPHRASE");
  if (env.ok()) return env;
  std::string file = args.Get("passphrase-file");
  if (!file.empty()) return SecretFromFile(file);
  return platform::ReadSecretFromTerminal(prompt);
}

Result<platform::SecureBuffer> Context::NewPassphrase(const char* env_name, const std::string& file_option) {
  auto env = SecretFromEnv(env_name);
  if (env.ok()) return env;
  std::string file = args.Get(file_option);
  if (!file.empty()) return SecretFromFile(file);
  PASSERELLE_ASSIGN_OR_RETURN(auto first, platform::ReadSecretFromTerminal("New passphrase: "));
  PASSERELLE_ASSIGN_OR_RETURN(auto again, platform::ReadSecretFromTerminal("Repeat the new passphrase: "));
  if (first.view() != again.view()) return InvalidInput("The two passphrases differ; nothing was changed.");
  return first;
}

Result<std::unique_ptr<core::Vault>> Context::OpenVault() {
  PASSERELLE_ASSIGN_OR_RETURN(auto pass, Passphrase("Passphrase for " + vault_path + ": "));
  return core::Vault::Open(vault_path, pass);
}

void PrintJson(const std::string& json_text) {
  std::fwrite(json_text.data(), 1, json_text.size(), stdout);
  std::fputc('\n', stdout);
}

}  // namespace passerelle::cli
