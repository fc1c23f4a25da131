#pragma once

// What every mode shares: connections that become members of rooms (chatd:
// hello, then join; raw: the room is the URL path), a bounded connect phase,
// the event loop with deadlines, and the counters that go into the report.

#include "connection_pool.hpp"
#include "latency_histogram.hpp"
#include "options.hpp"
#include "protocol.hpp"
#include "report.hpp"

#include <deque>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace chatd::bench {

struct Member {
    std::size_t room = 0;
    std::uint32_t conn = 0;
    bool connected = false; // a connection was started and has not closed
    bool joined = false;
    bool sender = false;
    std::uint64_t seq = 0;            // messages sent
    std::deque<std::int64_t> unacked; // send times of messages waiting for their ack
};

class Scenario : public PoolHandler {
public:
    explicit Scenario(const Options &options);

    // Runs the mode and prints its report.
    virtual void run() = 0;

protected:
    std::int64_t now_ns() const;
    bool past_deadline() const { return Clock::now() >= hard_deadline_; }

    // Starts the connection of member `index` into its room.
    void connect(std::size_t index);
    // Connects members [0, count) with at most --connect-concurrency
    // upgrades in flight, until each has joined, closed, or the deadline.
    // Returns the time the last one joined.
    Clock::time_point connect_members(std::size_t count);
    // Runs the loop until `done` or `limit` (and never past the deadline);
    // `tick` runs between turns. Returns whether `done` was reached.
    bool loop_until(const std::function<bool()> &done, Clock::duration limit,
                    const std::function<void()> &tick = {});

    // --seconds as a clock duration: how long a measured phase sends.
    Clock::duration phase_length() const;
    // Sends for `length` from members [0, senders) through `send_one`: at
    // --rate messages per second round-robin, or with --rate 0 `initial`
    // from each sender at once, after which the mode's handlers keep the
    // loop closed. `sent` is the mode's count of what send_one sent.
    void drive(Clock::duration length, std::size_t senders, std::size_t initial,
               const std::uint64_t &sent, const std::function<void(Member &)> &send_one);
    void send_message(Member &member, bool want_ack);
    std::size_t members_in(std::size_t room) const { return room_joined_[room]; }

    // Hooks for the modes; the defaults ignore the event.
    virtual void on_joined(Member &) {}
    virtual void on_delivery(Member &, const TextStamp &) {}
    virtual void on_ack(Member &, std::int64_t /*sent_ns*/) {}
    virtual void on_history(Member &, std::uint64_t /*id*/) {}
    virtual void on_member_closed(Member &, bool /*by_server*/) {}

    // Fields every report has: mode, connections, the pool's counters.
    nlohmann::json base_report() const;
    // With --quiet-wait (or `always`), waits until the server's CPU time stops
    // growing, for at most 15 s, while still reading what it sends.
    void quiet_wait(bool always = false);

    void on_open(Connection &conn) override;
    void on_text(Connection &conn, std::string_view text) override;
    void on_closed(Connection &conn, bool by_server) override;

    const Options &o_;
    ConnectionPool pool_;
    std::vector<Member> members_;
    std::vector<std::string> room_names_;
    std::vector<std::size_t> room_joined_;
    std::vector<std::string> warnings_;
    std::size_t joined_ = 0;
    std::uint64_t errors_ = 0; // error frames answering our own frames
    std::uint64_t bad_texts_ = 0;
    Clock::time_point started_ = Clock::now();
    Clock::time_point hard_deadline_;
    Clock::time_point first_connect_{}, last_upgrade_{}, last_join_{};
    std::string text_buffer_;
};

void run_scenario(const Options &options);

} // namespace chatd::bench
