// `batch`: unlock once, then run many commands read as JSON lines on standard input, one JSON
// result per line on standard output (docs/cli.md, "Batch mode"). Each line is dispatched to the
// same command function, with the same argument checks (ParseArgs), as on the command line, so a
// batch accepts and refuses exactly what the single commands do; only the unlock is shared (an
// administrator's migration of thousands of records pays the Argon2id cost once, not per record).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "records_json.h"

namespace passerelle::cli {
namespace {

using nlohmann::json;

// A line longer than this is refused without being parsed (a note's text is at most 1 MB).
constexpr size_t kMaxLineBytes = 4u << 20;

// Commands that make, re-key or replace a vault, or run other commands: never inside a batch.
// (verify, which needs no vault, runs with the batch's: it then says whether it knows the signer.)
bool AllowedInBatch(const CommandSpec& c) {
  const std::string name = c.Name();
  return name != "init" && name != "passwd" && name != "demo" && name != "batch";
}

// What a command printed on standard output, captured in memory (never in a file: it may hold case
// data) by pointing stdout at a memory stream while the command runs.
class CapturedStdout {
 public:
  CapturedStdout() {
    std::fflush(stdout);
    saved_ = stdout;
    stream_ = open_memstream(&buffer_, &size_);
    if (stream_ != nullptr) stdout = stream_;
  }
  ~CapturedStdout() { Finish(); }
  CapturedStdout(const CapturedStdout&) = delete;
  CapturedStdout& operator=(const CapturedStdout&) = delete;
  std::string Finish() {
    if (stream_ == nullptr) return {};
    std::fflush(stream_);
    stdout = saved_;
    std::string out(buffer_ == nullptr ? "" : std::string(buffer_, size_));
    std::fclose(stream_);
    std::free(buffer_);
    stream_ = nullptr;
    buffer_ = nullptr;
    return out;
  }

 private:
  FILE* saved_ = nullptr;
  FILE* stream_ = nullptr;
  char* buffer_ = nullptr;
  size_t size_ = 0;
};

struct LineResult {
  int exit = kExitOk;
  json output = nullptr;  // the command's JSON output, its text output as a string, or null
  std::string error;      // the one-sentence error, empty on success
};

LineResult Refused(int exit, std::string sentence) { return {exit, nullptr, std::move(sentence)}; }

// Reads one line's words: {"args": ["person", "add", "--name", "X"]}.
Result<std::vector<std::string>> LineWords(const std::string& line) {
  json doc = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return InvalidInput("The line is not valid JSON.");
  if (!doc.is_object()) return InvalidInput("The line is not a JSON object with an \"args\" list.");
  for (const auto& [key, value] : doc.items())
    if (key != "args") return InvalidInput("The line has a key \"" + key + "\" that a batch line does not take (only \"args\").");
  auto args = doc.find("args");
  if (args == doc.end() || !args->is_array()) return InvalidInput("The line has no \"args\" list.");
  if (args->empty()) return InvalidInput("The line's \"args\" list is empty: name a command.");
  std::vector<std::string> words;
  for (const auto& w : *args) {
    if (!w.is_string()) return InvalidInput("Every element of \"args\" must be a string.");
    words.push_back(w.get<std::string>());
  }
  return words;
}

LineResult RunLine(Context& batch, const std::string& line) {
  auto words = LineWords(line);
  if (!words.ok()) return Refused(kExitInvalidInput, words.status().message());
  const CommandSpec* chosen = FindCommand(*batch.all_commands, *words);
  if (chosen == nullptr)
    return Refused(kExitUsage, "Unknown command " + core::QuotedForMessage((*words)[0]) + "; run passerelle-cli help for the list.");
  if (!AllowedInBatch(*chosen))
    return Refused(kExitUsage, "The command " + chosen->Name() + " cannot run inside a batch.");
  std::vector<std::string> rest(words->begin() + static_cast<long>(chosen->words.size()), words->end());
  for (size_t i = 0; i < rest.size(); ++i) {
    const std::string& w = rest[i];
    for (const auto& global : kGlobalOptions)
      if (w == "--" + global || w.rfind("--" + global + "=", 0) == 0)
        return Refused(kExitUsage, "The option --" + global + " belongs to the batch command, not to one of its lines.");
    if (w == "--help" || w == "-h") return Refused(kExitUsage, "Help cannot run inside a batch; run passerelle-cli help " + chosen->Name() + ".");
    if (w == "--text-file=-" || (w == "--text-file" && i + 1 < rest.size() && rest[i + 1] == "-"))
      return Refused(kExitInvalidInput, "In a batch, standard input holds the commands: give the text with --text or --text-file FILE.");
  }
  // Every command that can print JSON prints it here, so each result line is JSON through and through.
  const bool prints_json = std::find(chosen->flags.begin(), chosen->flags.end(), "json") != chosen->flags.end();
  if (prints_json && std::find(rest.begin(), rest.end(), "--json") == rest.end()) rest.push_back("--json");
  auto args = ParseArgs(*chosen, rest);
  if (!args.ok()) return Refused(kExitUsage, args.status().message());

  Context ctx{std::move(args).value(), batch.vault_path, chosen, std::nullopt};
  ctx.batch_vault = batch.batch_vault;
  ctx.all_commands = batch.all_commands;
  LineResult result;
  std::string printed;
  {
    CapturedStdout capture;
    Status st = chosen->run(ctx);
    printed = capture.Finish();
    if (!st.ok()) {
      result.exit = ctx.exit_code.value_or(ExitCodeFor(st));
      result.error = st.message();
    }
  }
  if (prints_json) {
    json parsed = json::parse(printed, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) result.output = std::move(parsed);
  }
  if (result.output.is_null()) {
    while (!printed.empty() && printed.back() == '\n') printed.pop_back();
    if (!printed.empty()) result.output = printed;
  }
  return result;
}

Status Batch(Context& ctx) {
  if (ctx.args.Has("keep-going") && ctx.args.Has("stop-on-error"))
    return InvalidInput("Choose one of --keep-going and --stop-on-error, not both.");
  const bool keep_going = ctx.args.Has("keep-going");
  // The one unlock: the passphrase is asked (or read) here, once, for every line.
  PASSERELLE_ASSIGN_OR_RETURN(auto vault, ctx.OpenVault());
  ctx.batch_vault = &*vault;
  size_t line_number = 0, failed = 0, run = 0;
  int first_failure = kExitOk;
  size_t first_failed_line = 0;
  std::string line;
  while (std::getline(std::cin, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank lines separate nothing
    LineResult r = line.size() > kMaxLineBytes
                       ? Refused(kExitInvalidInput, "The line is longer than " + std::to_string(kMaxLineBytes >> 20) + " MiB.")
                       : RunLine(ctx, line);
    ++run;
    json out{{"line", line_number}, {"exit", r.exit}, {"output", r.output},
             {"error", r.error.empty() ? json(nullptr) : json(r.error)}};
    PrintJson(JsonText(out));
    std::fflush(stdout);  // a script reading the results as they come sees each at once
    if (r.exit != kExitOk) {
      ++failed;
      if (first_failure == kExitOk) {
        first_failure = r.exit;
        first_failed_line = line_number;
      }
      if (!keep_going) break;
    }
  }
  if (failed == 0) return Status::Ok();
  // The batch exits with the first failed line's code; its sentence is in that line's result.
  ctx.exit_code = first_failure;
  const std::string where = "Line " + std::to_string(first_failed_line) + " failed with exit " + std::to_string(first_failure);
  if (!keep_going) return InvalidInput(where + "; the lines after it were not run.");
  return InvalidInput(where + "; " + std::to_string(failed) + " of " + std::to_string(run) + " lines failed.");
}

}  // namespace

void RegisterBatchCommands(std::vector<CommandSpec>& out) {
  out.push_back({{"batch"},
                 "batch [--stop-on-error | --keep-going]   (JSON lines on standard input: {\"args\": [\"person\", \"add\", \"--name\", \"X\"]})",
                 Batch, {}, {"stop-on-error", "keep-going"}});
}

}  // namespace passerelle::cli
