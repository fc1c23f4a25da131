#pragma once

#include "history_request.hpp"
#include "store/history_store.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace chatd::history {

// What a `join ... since` replays of a room: the stored messages after the
// client's seq up to `until`, where the member's live delivery takes over
// (the host's replay_point), at most `cap` of them and the newest when
// there are more. A client whose epoch is not the room's holds another
// history, so it gets the newest messages as if it had none.
struct Replay {
    bool epoch_changed = false;
    uint64_t after = 0;         // the client holds the room up to this seq
    std::optional<Query> query; // nullopt: nothing to read
};
// `resume.since` is set.
Replay plan_replay(const std::string &room, const ResumeRequest &resume, const RoomHead &head,
                   uint64_t until, size_t cap);

// Whether `page`, read for the replay, misses messages after the client's
// seq: more than the cap, or older ones retention has deleted. The client
// then reads the gap with `history` or starts afresh.
bool truncated(const Replay &replay, uint64_t until, const Page &page);

} // namespace chatd::history
