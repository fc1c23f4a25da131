#include "replay.hpp"

namespace chatd::history {

Replay plan_replay(const std::string &room, const ResumeRequest &resume, const RoomHead &head,
                   uint64_t until, size_t cap) {
    Replay replay;
    replay.epoch_changed = resume.epoch && *resume.epoch != head.epoch;
    replay.after = replay.epoch_changed ? 0 : resume.since.value_or(0);
    // A client ahead of `until` got the rest live while it was in the room.
    if (replay.after >= until || cap == 0) return replay;
    const uint64_t first = until - replay.after > cap ? until - cap + 1 : replay.after + 1;
    replay.query = Query{
        .room = room, .anchor = Anchor::Between, .seq = first, .seq_last = until, .limit = cap};
    return replay;
}

bool truncated(const Replay &replay, uint64_t until, const Page &page) {
    if (replay.after >= until) return false;
    return page.messages.empty() || page.messages.front().seq != replay.after + 1;
}

} // namespace chatd::history
