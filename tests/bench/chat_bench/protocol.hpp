#pragma once

// The two dialects chat_bench speaks: chatd's JSON frames (README "Wire
// protocol v1") and raw text, where a server echoes each text frame to every
// client on the same URL path (tests/bench/peer). Scenarios are written once
// against this and run against either server.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chatd::bench {

enum class Protocol { chatd, raw };

// What a received text frame is, as far as the scenarios care.
enum class FrameKind {
    message, // a room message (chatd) or any text (raw)
    ready,   // chatd's hello with "ready":true
    joined,
    ack,
    history,
    error,
    other, // presence, typing, pong, ...: ignored
};

struct Incoming {
    FrameKind kind = FrameKind::other;
    std::string_view text{}; // message: the text
    std::string_view room{}; // joined: the room
    std::optional<std::uint64_t> id{};
};

// Reads a frame without building a JSON tree: chatd's frames of interest
// are flat objects and the benchmark's own texts hold no quotes, so the
// fields are found by their keys. Deliveries are most of what arrives, and
// parsing each into a tree would make the load generator the bottleneck.
Incoming classify(Protocol protocol, std::string_view frame);

// The value of the first "key":"..." or "key":number in a flat JSON object,
// without unescaping (the benchmark never sends escapes).
std::optional<std::string_view> json_field(std::string_view frame, std::string_view key);

std::string join_frame(std::string_view room);
// `id`, when set, asks chatd for an ack (history mode counts them).
std::string message_frame(Protocol protocol, std::string_view room, std::string_view text,
                          std::optional<std::uint64_t> id);
std::string history_latest_frame(std::string_view room, unsigned limit, std::uint64_t id);

// The text every scenario sends: who sent it, its number and when, padded
// with 'x' to `size` bytes (or longer, when those do not fit).
std::string make_text(std::uint32_t sender, std::uint64_t seq, std::int64_t sent_ns,
                      std::size_t size);
struct TextStamp {
    std::uint32_t sender = 0;
    std::uint64_t seq = 0;
    std::int64_t sent_ns = 0;
};
std::optional<TextStamp> parse_text(std::string_view text);

} // namespace chatd::bench
