#include "ui_state.h"

namespace passerelle::ui {
namespace {
constexpr std::pair<Screen, const char*> kNames[] = {
    {Screen::kUnlock, "unlock"}, {Screen::kCases, "cases"}, {Screen::kDossier, "dossier"},
    {Screen::kVisit, "visit"},   {Screen::kDirectory, "directory"}, {Screen::kSync, "sync"},
    {Screen::kExitReport, "exit_report"}, {Screen::kCoReport, "co_report"}, {Screen::kConsents, "consents"},
};
}  // namespace

const char* ScreenName(Screen screen) {
  for (const auto& [s, name] : kNames)
    if (s == screen) return name;
  return "unlock";
}

std::optional<Screen> ScreenFromName(std::string_view name) {
  for (const auto& [s, n] : kNames)
    if (name == n) return s;
  return std::nullopt;
}

}  // namespace passerelle::ui
