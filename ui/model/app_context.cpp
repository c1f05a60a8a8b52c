#include "app_context.h"

#include "passerelle/core/case_files.h"
#include "passerelle/platform/file.h"

namespace passerelle::ui {

AppContext::AppContext(AppConfig config) : config_(std::move(config)) {
  if (config_.settings_path.empty()) config_.settings_path = config_.vault_path + ".settings.json";
}

bool AppContext::vault_exists() const { return platform::FileExists(config_.vault_path); }

std::string AppContext::Today() { return vault_ ? core::Today(*vault_) : std::string(); }

void AppContext::Report(const Status& status, const char* key) {
  if (status.ok()) return;
  ui_.banner = Banner{key, status.message(), true};
}

void AppContext::Inform(const char* key, std::string detail) { ui_.banner = Banner{key, std::move(detail), false}; }

}  // namespace passerelle::ui
