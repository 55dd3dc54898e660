// The one list of the commands methods add to `edgenas`. A method with commands adds one line.
#include "method_command.h"

#include "evrsnas/evrsnas_commands.h"
#include "gram/gram_commands.h"
#include "hadas/hadas_commands.h"

namespace edgenas::cli {

const std::vector<MethodCommand>& methodCommands() {
    static const std::vector<MethodCommand> commands = [] {
        std::vector<MethodCommand> all;
        for (const MethodCommand& c : evrsnasCommands())
            all.push_back(c);
        for (const MethodCommand& c : gramCommands())
            all.push_back(c);
        for (const MethodCommand& c : hadasCommands())
            all.push_back(c);
        return all;
    }();
    return commands;
}

} // namespace edgenas::cli
