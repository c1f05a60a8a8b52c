// Private to hub/: where the SQLite backend keeps its file.
#pragma once

#include <string>

namespace passerelle::hub {
std::string SqlitePath(const std::string& data_dir);  // DIR/hub.sqlite
}  // namespace passerelle::hub
