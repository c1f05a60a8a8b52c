#include "script.h"

#include <cstring>
#include <fstream>

#include "imgui.h"
#include "passerelle/platform/terminal.h"
#include "passerelle/platform/utf8.h"
#include "text_fold.h"

namespace passerelle::app {
namespace {

std::string Utf8(char32_t cp) {
  std::string out;
  platform::utf8::AppendUtf8(out, cp);
  return out;
}

}  // namespace

bool ScriptRunner::Load(const std::string& path, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = "cannot read script " + path;
    return false;
  }
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty() && line[0] != '#') lines_.push_back(line);
  }
  return true;
}

ScriptStep ScriptRunner::Step(ui::AppController& app, ui::UiIntents& intents, int64_t now_ms) {
  ScriptStep step;
  if (now_ms < wait_until_ms_) return step;
  if (!wait_for_file_.empty()) {
    if (!std::ifstream(wait_for_file_)) return step;
    wait_for_file_.clear();
  }
  if (waiting_for_hub_) {
    if (app.hub().running()) return step;
    waiting_for_hub_ = false;
    if (app.hub().error()) {
      step.failed = step.done = true;
      step.error = "script: the sync with the office failed (" + app.hub().error()->key + ": " +
                   app.hub().error()->detail + ")";
      return step;
    }
  }
  if (!passphrase_.empty()) {
    auto fields = app.passphrase_fields();
    if (passphrase_typed_ < passphrase_.size()) {
      // One code point per frame, as a keyboard would deliver it.
      std::string_view rest = passphrase_.view().substr(passphrase_typed_);
      size_t next = 0;
      char32_t cp = ui::NextCodePoint(rest, next);
      passphrase_typed_ += next;
      ImGui::GetIO().AddInputCharacter(static_cast<unsigned int>(cp));
      app.UserActivity();
      return step;
    }
    // Submitted only if the field really received the keystrokes.
    const size_t held = strnlen(fields.passphrase, fields.capacity);
    const bool received = held == passphrase_field_bytes_ + passphrase_.size() &&
                          std::memcmp(fields.passphrase + passphrase_field_bytes_, passphrase_.data(),
                                      passphrase_.size()) == 0;
    passphrase_.Wipe();
    if (!received) {
      step.failed = step.done = true;
      step.error = "script: the passphrase field did not receive the typed passphrase";
      return step;
    }
    intents.Push(ui::intent::Unlock{});
    return step;
  }
  if (!typing_.empty()) {
    std::string body = app.visit().body() + Utf8(typing_.front());
    typing_.pop_front();
    intents.Push(ui::intent::EditNote{ui::SecretText(std::move(body))});
    app.UserActivity();
    return step;
  }
  if (next_ >= lines_.size()) {
    step.done = true;
    return step;
  }
  const std::string& line = lines_[next_++];
  size_t space = line.find(' ');
  std::string cmd = line.substr(0, space);
  std::string arg = space == std::string::npos ? std::string() : line.substr(space + 1);
  auto fail = [&](const std::string& why) {
    step.failed = step.done = true;
    step.error = "script line \"" + line + "\": " + why;
    return step;
  };
  app.UserActivity();
  using namespace ui::intent;
  if (cmd == "wait") {
    wait_until_ms_ = now_ms + std::atoll(arg.c_str());
  } else if (cmd == "unlock") {
    auto fields = app.passphrase_fields();
    if (arg.size() + 1 > fields.capacity) return fail("passphrase too long");
    std::memcpy(fields.passphrase, arg.c_str(), arg.size() + 1);
    intents.Push(Unlock{});
  } else if (cmd == "type-passphrase-from-file") {
    auto secret = platform::ReadSecretFromFile(arg);
    if (!secret.ok() || secret.value().empty()) return fail("no passphrase in the file");
    passphrase_ = std::move(secret).value();
    passphrase_typed_ = 0;
    auto fields = app.passphrase_fields();
    passphrase_field_bytes_ = strnlen(fields.passphrase, fields.capacity);
  } else if (cmd == "mark") {
    if (!std::ofstream(arg)) return fail("cannot create the file");
  } else if (cmd == "wait-file") {
    wait_for_file_ = arg;
  } else if (cmd == "lock") {
    intents.Push(Lock{});
  } else if (cmd == "lang") {
    intents.Push(SetLanguage{arg});
  } else if (cmd == "screen") {
    auto screen = ui::ScreenFromName(arg);
    if (!screen) return fail("unknown screen");
    intents.Push(Navigate{*screen});
  } else if (cmd == "search") {
    intents.Push(SetCaseQuery{ui::SecretText(arg)});
  } else if (cmd == "open-first") {
    auto rows = app.cases().visible();
    if (rows.empty()) return fail("no case file in the list");
    intents.Push(OpenDossier{rows.front()->dossier_id});
  } else if (cmd == "start-visit") {
    if (!app.dossier().loaded()) return fail("no dossier open");
    intents.Push(OpenStartVisit{app.dossier().dossier_id()});
    intents.Push(StartVisit{});
  } else if (cmd == "open-start-visit") {
    if (!app.dossier().loaded()) return fail("no dossier open");
    intents.Push(OpenStartVisit{app.dossier().dossier_id()});
  } else if (cmd == "settings") {
    intents.Push(OpenSettings{true});
  } else if (cmd == "type") {
    for (size_t i = 0; i < arg.size();) typing_.push_back(ui::NextCodePoint(arg, i));
  } else if (cmd == "outcome") {
    intents.Push(SetOutcome{arg});
  } else if (cmd == "scope") {
    intents.Push(SetNoteScope{arg, ""});
  } else if (cmd == "focus-lost") {
    intents.Push(NoteFocusLost{});
  } else if (cmd == "finish") {
    intents.Push(FinishVisit{});
  } else if (cmd == "directory-search") {
    intents.Push(SetDirectoryQuery{ui::SecretText(arg)});
  } else if (cmd == "select-first-service") {
    auto first = app.directory().first_result_id();
    if (first.empty()) return fail("no directory result");
    intents.Push(SelectService{first});
  } else if (cmd == "create-team") {
    intents.Push(CreateTeamKey{});
  } else if (cmd == "recipient") {
    intents.Push(SetSyncRecipient{arg});
  } else if (cmd == "export" || cmd == "import") {
    intents.Push(SetBundlePath{arg});
    if (cmd == "export") intents.Push(ExportBundle{});
    else intents.Push(ImportBundle{});
  } else if (cmd == "hub-sync") {
    intents.Push(SyncWithOffice{});
    waiting_for_hub_ = true;
  } else if (cmd == "screenshot") {
    step.screenshot = arg;
  } else if (cmd == "quit") {
    intents.Push(Quit{});
    step.done = true;
  } else {
    return fail("unknown command");
  }
  return step;
}

}  // namespace passerelle::app
