// Scripted sessions (`passerelle --script FILE`): one command per line, run against the real
// window and event loop, for the no-network strace test and for demos. Commands:
//   wait MS | unlock PASSPHRASE | lock | lang fr|nl|en | screen NAME | search TEXT | open-first
//   start-visit | open-start-visit | settings | type TEXT (one character per frame) | outcome ID
//   scope private|service | focus-lost | finish | directory-search TEXT | select-first-service
//   create-team | recipient NAME | export PATH | import PATH | screenshot PATH | quit
//   hub-sync: taps "Sync with the office" and waits until that sync ended; a failed sync stops the
//     script with the error's key (the no-network test's hub flow)
//   mark PATH: creates the empty file PATH | wait-file PATH: waits until PATH exists (with `mark`,
//     lets a test act on the running app between two steps, e.g. take a core dump)
//   type-passphrase-from-file PATH: types the first line of PATH into the focused unlock field as
//     keystrokes (one per frame, through Dear ImGui like a keyboard), then submits it; the file is
//     read straight into guarded memory, so the script itself leaves no copy of the passphrase in
//     ordinary memory (the core-dump test relies on this; a file rather than the environment
//     because AddressSanitizer keeps its own copy of the whole environment).
// Lines starting with # are comments. An unknown command stops the script with an error.
// Thread-safety: UI thread only.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "app_controller.h"
#include "passerelle/platform/secure_buffer.h"

namespace passerelle::app {

struct ScriptStep {
  bool done = false;         // the script has finished (quit or end of file)
  bool failed = false;       // an unknown command or a failed step; `error` says which
  std::string error;
  std::string screenshot;    // capture the next frame to this file
};

class ScriptRunner {
 public:
  // Reads the script; false with a message if unreadable.
  bool Load(const std::string& path, std::string* error);
  // Runs what is due at `now_ms`: pushes intents or calls the controller, at most one command
  // per frame so every step is drawn.
  ScriptStep Step(ui::AppController& app, ui::UiIntents& intents, int64_t now_ms);

 private:
  std::vector<std::string> lines_;
  size_t next_ = 0;
  int64_t wait_until_ms_ = 0;
  std::string wait_for_file_;
  bool waiting_for_hub_ = false;  // hub-sync: until the sync with the office ended
  std::deque<char32_t> typing_;
  platform::SecureBuffer passphrase_;  // being typed by type-passphrase-from-file
  size_t passphrase_typed_ = 0;        // bytes of it sent so far
  size_t passphrase_field_bytes_ = 0;  // what the field held when typing started
};

}  // namespace passerelle::app
