#include "options.h"

#include <cstdlib>
#include <string_view>

#include "showcase.h"
#include "ui_state.h"

namespace passerelle::app {
namespace {
bool ParseInt(std::string_view text, int* out) {
  if (text.empty() || text.size() > 6) return false;
  int v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}
}  // namespace

const char* Usage() {
  return "usage: passerelle [--vault PATH] [--demo] [--lang fr|nl|en] [--scale PERCENT] [--auto-lock MINUTES]\n"
         "                  [--screen NAME --screenshot FILE.png] [--size WxH] [--script FILE] [--assets DIR]\n"
         "  NAME: unlock, cases, dossier, visit, directory, sync\n";
}

Result<AppOptions> ParseOptions(int argc, const char* const* argv) {
  AppOptions o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&](std::string* out) -> bool {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    std::string v;
    if (a == "--help" || a == "-h") {
      o.help = true;
    } else if (a == "--demo") {
      o.demo = true;
    } else if (a == "--vault") {
      if (!value(&o.vault)) return InvalidInput("--vault needs a path.");
    } else if (a == "--lang") {
      if (!value(&o.language) || (o.language != "fr" && o.language != "nl" && o.language != "en"))
        return InvalidInput("--lang must be fr, nl or en.");
    } else if (a == "--scale") {
      if (!value(&v) || !ParseInt(v, &o.scale_percent)) return InvalidInput("--scale needs a percentage.");
    } else if (a == "--auto-lock") {
      if (!value(&v) || !ParseInt(v, &o.auto_lock_minutes)) return InvalidInput("--auto-lock needs minutes.");
    } else if (a == "--screen") {
      if (!value(&o.screen) || !ui::IsShowcaseName(o.screen)) return InvalidInput("Unknown --screen name.");
    } else if (a == "--screenshot") {
      if (!value(&o.screenshot)) return InvalidInput("--screenshot needs a file name.");
    } else if (a == "--size") {
      auto x = value(&v) ? v.find('x') : std::string::npos;
      if (x == std::string::npos || !ParseInt(v.substr(0, x), &o.width) || !ParseInt(v.substr(x + 1), &o.height) ||
          o.width < 320 || o.height < 240)
        return InvalidInput("--size needs WIDTHxHEIGHT (at least 320x240).");
    } else if (a == "--script") {
      if (!value(&o.script)) return InvalidInput("--script needs a file.");
    } else if (a == "--assets") {
      if (!value(&o.assets)) return InvalidInput("--assets needs a directory.");
    } else {
      return InvalidInput("Unknown option " + std::string(a) + ".");
    }
  }
  if (!o.screenshot.empty() && o.screen.empty()) return InvalidInput("--screenshot needs --screen NAME.");
  if (o.vault.empty() && !o.demo) return InvalidInput("Give --vault PATH, or --demo.");
  return o;
}

}  // namespace passerelle::app
