#include "scenario.hpp"

#include <algorithm>
#include <cmath>

namespace chatd::bench {

Scenario::Scenario(const Options &options)
    : o_(options), pool_(options.address, options.port, *this),
      hard_deadline_(Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(options.deadline))) {}

std::int64_t Scenario::now_ns() const {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
        .count();
}

void Scenario::connect(std::size_t index) {
    auto &member = members_[index];
    const std::string path =
        o_.protocol == Protocol::raw ? "/" + room_names_[member.room] : o_.path;
    if (first_connect_ == Clock::time_point{}) first_connect_ = Clock::now();
    member.joined = false;
    if (Connection *conn = pool_.open(path, index)) {
        member.conn = conn->id;
        member.connected = true;
    }
}

Clock::time_point Scenario::connect_members(std::size_t count) {
    std::size_t next = 0;
    std::size_t settled_before = joined_;
    auto in_flight = [&] { return pool_.open_count() - (joined_ - settled_before); };
    loop_until([&] { return next >= count && joined_ - settled_before >= pool_.open_count(); },
               std::chrono::hours(24),
               [&] {
                   while (next < count && in_flight() < o_.connect_concurrency)
                       connect(next++);
               });
    return last_join_;
}

bool Scenario::loop_until(const std::function<bool()> &done, Clock::duration limit,
                          const std::function<void()> &tick) {
    const auto until = std::min(Clock::now() + limit, hard_deadline_);
    while (true) {
        if (tick) tick();
        if (done()) return true;
        if (Clock::now() >= until) return false;
        pool_.poll(std::chrono::milliseconds(1));
    }
}

Clock::duration Scenario::phase_length() const {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o_.seconds));
}

void Scenario::drive(Clock::duration length, std::size_t senders, std::size_t initial,
                     const std::uint64_t &sent, const std::function<void(Member &)> &send_one) {
    const auto start = Clock::now();
    const auto never = [] { return false; };
    if (o_.rate == 0 || senders == 0) {
        for (std::size_t i = 0; i < senders; ++i)
            for (std::size_t k = 0; k < initial; ++k)
                send_one(members_[i]);
        loop_until(never, length);
        return;
    }
    std::size_t next = 0;
    loop_until(never, length, [&] {
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        const auto due = static_cast<std::uint64_t>(elapsed * o_.rate);
        // A bounded burst per turn: after a stall the loop catches up over
        // a few turns instead of flooding one. A sender that cannot send
        // (not joined) would stall the count, so every sender gets a turn.
        for (std::size_t tries = 0; sent < due && tries < 10000; ++tries) {
            send_one(members_[next]);
            next = (next + 1) % senders;
        }
    });
}

void Scenario::send_message(Member &member, bool want_ack) {
    Connection *conn = pool_.get(member.conn);
    if (!conn || conn->state != ConnState::open) return;
    const auto sent = now_ns();
    ++member.seq;
    const std::string text =
        make_text(static_cast<std::uint32_t>(&member - members_.data()), member.seq, sent, o_.size);
    std::optional<std::uint64_t> id;
    if (want_ack) {
        id = member.seq;
        member.unacked.push_back(sent);
    }
    pool_.send_text(*conn, message_frame(o_.protocol, room_names_[member.room], text, id));
}

void Scenario::on_open(Connection &conn) {
    last_upgrade_ = conn.upgraded_at;
    if (o_.protocol != Protocol::raw) return; // chatd: join once hello says ready
    auto &member = members_[conn.member];
    member.joined = true;
    ++joined_;
    ++room_joined_[member.room];
    last_join_ = Clock::now();
    on_joined(member);
}

void Scenario::on_text(Connection &conn, std::string_view text) {
    auto &member = members_[conn.member];
    const Incoming in = classify(o_.protocol, text);
    switch (in.kind) {
    case FrameKind::message: {
        const auto stamp = parse_text(in.text);
        if (!stamp) {
            ++bad_texts_;
            return;
        }
        on_delivery(member, *stamp);
        return;
    }
    case FrameKind::ready: pool_.send_text(conn, join_frame(room_names_[member.room])); return;
    case FrameKind::joined:
        if (in.room != room_names_[member.room] || member.joined) return;
        member.joined = true;
        ++joined_;
        ++room_joined_[member.room];
        last_join_ = Clock::now();
        on_joined(member);
        return;
    case FrameKind::ack:
        if (!member.unacked.empty()) {
            const auto sent = member.unacked.front();
            member.unacked.pop_front();
            on_ack(member, sent);
        }
        return;
    case FrameKind::history:
        if (in.id) on_history(member, *in.id);
        return;
    case FrameKind::error:
        // Only answers to our own frames count: the bench config refuses the
        // automatic join into the default room, which comes without an id.
        if (in.id) ++errors_;
        return;
    case FrameKind::other: return;
    }
}

void Scenario::on_closed(Connection &conn, bool by_server) {
    auto &member = members_[conn.member];
    member.connected = false;
    if (member.joined) {
        member.joined = false;
        --room_joined_[member.room];
        --joined_;
    }
    on_member_closed(member, by_server);
}

void Scenario::quiet_wait(bool always) {
    if ((!o_.quiet_wait && !always) || o_.server_pid <= 0) return;
    // The pool keeps answering pings meanwhile only if it polls: wait in
    // short steps with the loop running.
    const auto limit = Clock::now() + std::chrono::seconds(15);
    auto before = read_proc(o_.server_pid);
    while (before && Clock::now() < limit && !past_deadline()) {
        loop_until([] { return false; }, std::chrono::milliseconds(250));
        const auto now = read_proc(o_.server_pid);
        if (!now) return;
        if (now->cpu_seconds - before->cpu_seconds < 0.005) return;
        before = now;
    }
    warnings_.push_back("--quiet-wait: the server was still busy after 15 s");
}

nlohmann::json Scenario::base_report() const {
    const auto &c = pool_.counters();
    nlohmann::json r;
    r["mode"] = mode_name(o_.mode);
    r["protocol"] = o_.protocol == Protocol::raw ? "raw" : "chatd";
    if (!o_.label.empty()) r["label"] = o_.label;
    r["connections"] = c.upgrades;
    r["connects_started"] = c.connects_started;
    r["frames_in"] = c.frames_in;
    r["frames_out"] = c.frames_out;
    r["connect_failures"] = c.connect_failures;
    r["handshake_refused"] = c.handshake_refused;
    r["closed_by_server"] = c.closed_by_server;
    if (!c.close_codes.empty()) {
        auto &codes = r["close_codes"] = nlohmann::json::object();
        for (const auto &[code, count] : c.close_codes)
            codes[std::to_string(code)] = count;
    }
    r["protocol_errors"] = c.protocol_errors;
    r["error_frames"] = errors_;
    if (bad_texts_ > 0) r["unreadable_texts"] = bad_texts_;
    if (last_upgrade_ > first_connect_) {
        const double s = std::chrono::duration<double>(last_upgrade_ - first_connect_).count();
        r["connect_per_s"] = std::round(static_cast<double>(c.upgrades) / s);
    }
    return r;
}

} // namespace chatd::bench
