#include "chatctl/commands.hpp"
#include "chatctl/output.hpp"

#include <array>
#include <cstdio>

namespace chatd::chatctl {

int history_command(const Options &options, history::SqliteHistoryReader &reader) {
    const history::Page page = reader.query(options.query);
    const std::string hint = more_hint(options.query, page);
    if (options.json) {
        for (const auto &message : page.messages)
            std::printf("%s\n", message_json(options.query.room, message).c_str());
    } else if (page.messages.empty()) {
        std::fprintf(stderr, "no messages\n");
    } else {
        static constexpr std::array kAlign = {Align::Right, Align::Left, Align::Left, Align::Left};
        std::vector<std::vector<std::string>> rows = {{"SEQ", "TIME", "FROM", "TEXT"}};
        for (const auto &message : page.messages)
            rows.push_back(message_row(message));
        std::fputs(table(rows, kAlign).c_str(), stdout);
    }
    // On stderr in both modes, so --json output stays one message per line.
    if (!hint.empty()) std::fprintf(stderr, "%s\n", hint.c_str());
    return 0;
}

} // namespace chatd::chatctl
