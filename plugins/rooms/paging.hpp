// Listings come in pages, so no answer grows with the number of rooms or
// members: a request asks for `limit` entries after an opaque `cursor`, and an
// answer that stops short names the cursor of the next page.
#pragma once

#include "replies.hpp"
#include "settings.hpp"

#include <chatd/plugin_sdk.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace chatd::rooms {

struct PageRequest {
    std::size_t limit;
    std::optional<std::string> cursor; // absent: the first page
};

// The frame's "limit" (1..max_limit; absent: default_limit) and "cursor".
// Throws Rejection (bad_request) for a wrong one.
PageRequest page_request(const chatd::Frame &frame, const Settings &settings);

// The page from `following`, the rooms after the cursor (a room name) by
// name, at most limit + 1 of them: one past the limit means another page follows.
replies::Page<replies::RoomSummary> page_of_rooms(std::vector<replies::RoomSummary> following,
                                                  const PageRequest &request);

// The page of `count` members in join order: the positions [first, last) and
// the cursor after them. A cursor is a position, so a member who leaves
// between two pages moves the later ones up by one.
struct MemberSlice {
    std::size_t first;
    std::size_t last;
    std::optional<std::string> next_cursor;
};
MemberSlice slice_of_members(std::size_t count, const PageRequest &request);

} // namespace chatd::rooms
