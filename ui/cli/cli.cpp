#include "cli.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "passerelle/core/passphrase_rule.h"
#include "passerelle/platform/file.h"
#include "passerelle/platform/terminal.h"
#include "passerelle/platform/utf8.h"

namespace passerelle::cli {
namespace {

// Short option names for reference and text fields; each applies where the record kind has the field.
const std::map<std::string, std::string> kShortNames = {
    {"person", "person_id"}, {"dossier", "dossier_id"}, {"visit", "visit_id"}, {"due", "due_date"},
    {"plan-item", "plan_item_id"}, {"text", "body"}};

bool Contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Set-valued options (a comma-separated list of closed-list values) that may also be given once per
// value: "--practice therapy --practice 08" reads as "--practice therapy,08".
const std::vector<std::string> kRepeatableLists = {"practice", "domains"};

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
    case Code::kRefused: return kExitRefused;
  }
  return kExitInternal;
}

std::string CommandSpec::Name() const {
  std::string name;
  for (const auto& w : words) name += (name.empty() ? "" : " ") + w;
  return name;
}

std::map<std::string, std::string> FieldOptions(core::EntityType type) {
  std::map<std::string, std::string> out;
  const core::EntitySpec& spec = core::Spec(type);
  for (const auto& f : spec.fields) {
    if (f.merge == core::FieldMerge::kSet) continue;  // sets have their own options (--practice, --domains)
    std::string option(f.name);
    std::replace(option.begin(), option.end(), '_', '-');
    out[option] = std::string(f.name);
  }
  for (const auto& [option, field] : kShortNames)
    if (spec.Find(field) != nullptr && spec.Find(field)->merge != core::FieldMerge::kSet) out[option] = field;
  return out;
}

Result<Args> ParseArgs(const CommandSpec& command, const std::vector<std::string>& words) {
  const std::map<std::string, std::string> fields =
      command.fields ? FieldOptions(*command.fields) : std::map<std::string, std::string>{};
  Args a;
  std::map<std::string, std::string> seen;  // what an option sets (its field, or itself) -> option
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.size() <= 2 || w.rfind("--", 0) != 0) {
      if (a.positional.size() >= command.max_positional)
        return InvalidInput("Unexpected argument \"" + w + "\" for " + command.Name() + ".");
      a.positional.push_back(w);
      continue;
    }
    std::string name = w.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    const bool is_flag = Contains(command.flags, name);
    auto field = fields.find(name);
    if (!is_flag && field == fields.end() && !Contains(command.options, name) && !Contains(kGlobalOptions, name))
      return InvalidInput("Unknown option --" + name + " for " + command.Name() + ".");
    const std::string target = field != fields.end() ? field->second : name;
    const bool repeat = Contains(kRepeatableLists, name) && a.options.count(name) > 0;
    if (auto before = seen.find(target); before != seen.end() && !repeat)
      return InvalidInput(before->second == name ? "The option --" + name + " is given twice."
                                                 : "The options --" + before->second + " and --" + name +
                                                       " set the same field.");
    seen[target] = name;
    if (is_flag) {
      if (value) return InvalidInput("The option --" + name + " takes no value.");
      a.flags.insert(name);
      continue;
    }
    if (!value) {
      if (i + 1 >= words.size()) return InvalidInput("The option --" + name + " needs a value.");
      value = words[++i];
    }
    if (repeat)
      a.options[name] += "," + *value;
    else
      a.options[name] = *value;
  }
  return a;
}

core::FieldValues FieldsFromOptions(const Context& ctx) {
  core::FieldValues f;
  if (ctx.command == nullptr || !ctx.command->fields) return f;
  const auto fields = FieldOptions(*ctx.command->fields);
  for (const auto& [name, value] : ctx.args.options) {
    auto field = fields.find(name);
    if (field != fields.end()) f[field->second] = value;
  }
  return f;
}

std::vector<std::string> PracticeCodesOption(const Args& a) {
  std::vector<std::string> out;
  const std::string all = a.Get("practice");
  for (size_t from = 0; from <= all.size() && !all.empty();) {
    size_t end = std::min(all.find(',', from), all.size());
    std::string item = all.substr(from, end - from);
    from = end + 1;
    if (item.empty()) continue;
    // Seed 002's numbering: "07" names motivation_in_prison, as the app shows it ("07 · ...").
    if (auto code = core::PracticeCodeForNumber(item); !code.empty()) item = std::string(code);
    out.push_back(item);
  }
  return out;
}

Result<platform::SecureBuffer> Context::Passphrase(const std::string& prompt) {
  auto env = SecretFromEnv("PASSERELLE_PASSPHRASE");
  if (env.ok()) return env;
  std::string file = args.Get("passphrase-file");
  if (!file.empty()) return SecretFromFile(file);
  return platform::ReadSecretFromTerminal(prompt);
}

Result<platform::SecureBuffer> Context::NewPassphrase(const char* env_name, const std::string& file_option) {
  // The same rule as the app's first-run screen (core/passphrase_rule.h), checked before anything
  // is written.
  auto checked = [](Result<platform::SecureBuffer> pass) -> Result<platform::SecureBuffer> {
    if (pass.ok()) PASSERELLE_RETURN_IF_ERROR(core::CheckNewPassphrase(pass->view()));
    return pass;
  };
  auto env = SecretFromEnv(env_name);
  if (env.ok()) return checked(std::move(env));
  std::string file = args.Get(file_option);
  if (!file.empty()) return checked(SecretFromFile(file));
  PASSERELLE_ASSIGN_OR_RETURN(auto first, platform::ReadSecretFromTerminal("New passphrase: "));
  PASSERELLE_ASSIGN_OR_RETURN(auto again, platform::ReadSecretFromTerminal("Repeat the new passphrase: "));
  if (first.view() != again.view()) return InvalidInput("The two passphrases differ; nothing was changed.");
  return checked(std::move(first));
}

Result<VaultRef> Context::OpenVault() {
  if (batch_vault != nullptr) return VaultRef(batch_vault);
  PASSERELLE_ASSIGN_OR_RETURN(auto pass, Passphrase("Passphrase for " + vault_path + ": "));
  PASSERELLE_ASSIGN_OR_RETURN(auto vault, core::Vault::Open(vault_path, pass));
  return VaultRef(std::move(vault));
}

const CommandSpec* FindCommand(const std::vector<CommandSpec>& commands, const std::vector<std::string>& words) {
  // Longest match on command words, so "dossier add" wins over a hypothetical "dossier".
  const CommandSpec* chosen = nullptr;
  for (const auto& c : commands) {
    if (c.words.size() > words.size()) continue;
    if (!std::equal(c.words.begin(), c.words.end(), words.begin())) continue;
    if (!chosen || c.words.size() > chosen->words.size()) chosen = &c;
  }
  return chosen;
}

namespace {
std::string Joined(std::span<const std::string_view> values) {
  std::string out;
  for (auto v : values) out += (out.empty() ? "" : ", ") + std::string(v);
  return out;
}
}  // namespace

void PrintCommandHelp(const CommandSpec& command, FILE* to) {
  std::fprintf(to, "Usage: passerelle-cli %s\n", command.usage);
  std::vector<std::string> lines;
  for (const auto& o : command.options) {
    // Set-valued options name their closed list (comma-separated values).
    const core::Vocabulary* voc = o == "practice" ? &core::PracticeCodes() : o == "domains" ? &core::LifeDomains() : nullptr;
    std::string allowed = voc ? Joined(voc->values) : "";
    if (o == "practice") {  // seed 002's table: each code with its number, either of which is accepted
      allowed.clear();
      for (auto c : voc->values) allowed += (allowed.empty() ? "" : ", ") + std::string(core::PracticeCodeNumber(c)) + " " + std::string(c);
    }
    std::string line = "--" + o + (voc ? " V1,V2  one or more of: " + allowed : " VALUE");
    if (voc && Contains(kRepeatableLists, o)) line += "  (or the option once per value)";
    lines.push_back(line);
  }
  for (const auto& f : command.flags) lines.push_back("--" + f);
  if (command.fields) {
    const core::EntitySpec& spec = core::Spec(*command.fields);
    for (const auto& [option, field] : FieldOptions(*command.fields)) {
      const core::FieldSpec* f = spec.Find(field);
      // Facts the vault records itself (author, creation time) are not input.
      // The link to the owning record is given once, when the record is added.
      if (f->Has(core::kFixed) && (f->type != core::ValueType::kRef || command.words.back() != "add")) continue;
      std::string line = "--" + option;
      switch (f->type) {
        case core::ValueType::kEnum: line += " V  one of: " + Joined(f->vocabulary->values); break;
        case core::ValueType::kDate: line += " DATE  2026-12-01 or 01/12/2026 (day first)"; break;
        case core::ValueType::kRef: line += " ID  a " + std::string(core::Spec(*f->ref).name) + " id"; break;
        default: line += f->Has(core::kMultiLine) ? " TEXT" : " VALUE"; break;
      }
      std::string dashed = field;
      std::replace(dashed.begin(), dashed.end(), '_', '-');
      if (option != dashed) line += "  (the " + field + " field)";
      lines.push_back(line);
    }
  }
  if (!lines.empty()) std::fputs("Options:\n", to);
  for (const auto& l : lines) std::fprintf(to, "  %s\n", l.c_str());
  if (command.needs_vault_path)
    std::fputs("Also: --vault PATH (or PASSERELLE_VAULT) and --passphrase-file FILE (or PASSERELLE_PASSPHRASE),\n"
               "before or after the command words.\n",
               to);
}

std::string Counted(size_t n, const char* one, const char* other) {
  return std::to_string(n) + " " + (n == 1 ? one : other);
}

std::string WithheldWords(size_t n) {
  return Counted(n, "change to a private note stays", "changes to private notes stay");
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    const char32_t cp = platform::utf8::DecodeNext(text, i).cp;  // an invalid byte shows as one U+FFFD
    const bool combining = (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
                           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
                           (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
                           (cp >= 0xFE00 && cp <= 0xFE0F);
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
                      (cp >= 0x20000 && cp <= 0x3FFFD);
    width += combining ? 0 : wide ? 2 : 1;
  }
  return width;
}

std::string PadRight(std::string_view text, size_t width) {
  std::string out(text);
  const size_t w = DisplayWidth(text);
  if (w < width) out.append(width - w, ' ');
  return out;
}

void PrintTable(const std::vector<std::vector<std::string>>& rows, const std::string& indent) {
  std::vector<size_t> widths;
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  for (const auto& row : rows) {
    std::string line = indent;
    for (size_t c = 0; c < row.size(); ++c) {
      const bool last = c + 1 == row.size();
      line += last ? row[c] : PadRight(row[c], widths[c]) + "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::printf("%s\n", line.c_str());
  }
}

void PrintJson(const std::string& json_text) {
  std::fwrite(json_text.data(), 1, json_text.size(), stdout);
  std::fputc('\n', stdout);
}

}  // namespace passerelle::cli
