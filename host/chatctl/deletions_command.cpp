#include "chatctl/commands.hpp"
#include "chatctl/output.hpp"
#include "core/timestamp.hpp"
#include "store/message_event.hpp"

#include <array>
#include <cstdio>

namespace chatd::chatctl {

int deletions_command(const Options &options, history::SqliteHistoryReader &reader) {
    const history::DeletionPage page = reader.deletions("", options.query.limit);
    if (options.json) {
        for (const auto &deletion : page.deletions)
            std::printf("%s\n", history::json_text(history::deletion_entry(deletion)).c_str());
    } else if (page.deletions.empty()) {
        std::fprintf(stderr, "no deletions\n");
    } else {
        static constexpr std::array kAlign = {Align::Left, Align::Left,  Align::Left,
                                              Align::Left, Align::Right, Align::Left};
        std::vector<std::vector<std::string>> rows = {
            {"TIME", "BY", "USER", "ROOM", "SEQ", "REASON"}};
        for (const auto &d : page.deletions)
            rows.push_back({rfc3339_ms(d.deleted_ms), one_line(d.by), one_line(d.author),
                            one_line(d.room), std::to_string(d.seq),
                            d.reason ? one_line(*d.reason) : "-"});
        std::fputs(table(rows, kAlign).c_str(), stdout);
    }
    // On stderr in both modes, so --json output stays one entry per line.
    if (page.next_cursor) std::fprintf(stderr, "(more: raise --limit)\n");
    return 0;
}

} // namespace chatd::chatctl
