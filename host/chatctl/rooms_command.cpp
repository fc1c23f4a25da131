#include "chatctl/commands.hpp"
#include "chatctl/output.hpp"

#include <array>
#include <cstdio>

namespace chatd::chatctl {

int rooms_command(const Options &options, history::SqliteHistoryReader &reader) {
    const std::vector<history::RoomSummary> rooms = reader.rooms();
    if (options.json) {
        for (const auto &room : rooms)
            std::printf("%s\n", room_json(room).c_str());
    } else if (rooms.empty()) {
        std::fprintf(stderr, "no rooms\n");
    } else {
        static constexpr std::array kAlign = {Align::Left, Align::Right, Align::Right, Align::Left,
                                              Align::Left};
        std::vector<std::vector<std::string>> rows = {
            {"ROOM", "MESSAGES", "LAST_SEQ", "LAST_TIME", "EPOCH"}};
        for (const auto &room : rooms)
            rows.push_back(room_row(room));
        std::fputs(table(rows, kAlign).c_str(), stdout);
    }
    return 0;
}

} // namespace chatd::chatctl
