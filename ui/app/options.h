// Command line of the field app (terminal messages are for developers and CI, in English):
//   passerelle [--vault PATH] [--demo] [--lang fr|nl|en] [--scale PERCENT] [--auto-lock MINUTES]
//              [--screen NAME --screenshot FILE.png] [--size WxH] [--script FILE] [--assets DIR]
// Thread-safety: plain functions.
#pragma once

#include <string>

#include "passerelle/platform/status.h"

namespace passerelle::app {

struct AppOptions {
  std::string vault;          // "" with --demo: a demo vault in a fresh temporary directory
  bool demo = false;          // create the demo vault if missing and unlock it with its passphrase
  std::string language;       // "" = the saved setting
  int scale_percent = 0;      // 0 = the saved setting
  int auto_lock_minutes = 0;  // 0 = the saved setting
  std::string screen;         // unlock, cases, dossier, visit, directory, sync: start on this screen
  std::string screenshot;     // write one frame of `screen` to this PNG and exit
  int width = 0, height = 0;  // 0: the monitor's work area (glfwGetMonitorWorkarea)
  std::string script;         // run a scripted session (see script.h) and exit
  std::string assets;         // directory holding i18n/
  bool help = false;
};

Result<AppOptions> ParseOptions(int argc, const char* const* argv);
const char* Usage();

}  // namespace passerelle::app
