#include "cli.h"

namespace passerelle::cli {

void RegisterSyncCommands(std::vector<CommandSpec>& out) { (void)out; }

}  // namespace passerelle::cli
