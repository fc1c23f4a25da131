#include "paging.hpp"

#include "frame_fields.hpp"

#include <algorithm>
#include <charconv>

namespace chatd::rooms {

PageRequest page_request(const chatd::Frame &frame, const Settings &settings) {
    PageRequest request{settings.default_limit, std::nullopt};
    if (const auto limit =
            plugins::optional_int(frame, "limit", 1, static_cast<int64_t>(settings.max_limit)))
        request.limit = static_cast<std::size_t>(*limit);
    if (const auto cursor = plugins::optional_string(frame, "cursor"))
        request.cursor = std::string(*cursor);
    return request;
}

replies::Page<replies::RoomSummary> page_of_rooms(std::vector<replies::RoomSummary> following,
                                                  const PageRequest &request) {
    replies::Page<replies::RoomSummary> page;
    if (following.size() > request.limit) {
        following.resize(request.limit);
        page.next_cursor = following.back().room;
    }
    page.items = std::move(following);
    return page;
}

MemberSlice slice_of_members(std::size_t count, const PageRequest &request) {
    std::size_t first = 0;
    if (request.cursor) {
        const std::string &c = *request.cursor;
        const auto [end, error] = std::from_chars(c.data(), c.data() + c.size(), first);
        if (error != std::errc() || end != c.data() + c.size())
            throw plugins::Rejection("bad_request", "cursor is not one a members answer gave");
    }
    first = std::min(first, count);
    const std::size_t last = first + std::min(request.limit, count - first);
    MemberSlice slice{first, last, std::nullopt};
    if (last < count) slice.next_cursor = std::to_string(last);
    return slice;
}

} // namespace chatd::rooms
