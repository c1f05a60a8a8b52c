#include "cli.h"

namespace passerelle::cli {

void RegisterDirectoryCommands(std::vector<CommandSpec>& out) { (void)out; }

}  // namespace passerelle::cli
