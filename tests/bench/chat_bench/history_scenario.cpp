// history: durable writes (messages acked once the history plugin stored
// them), then `latest 50` reads of the first room those writes filled.
// chatd runs one frame per connection at a time while the history plugin
// stores it, so writes in flight are bounded by the senders, not --window:
// many senders in --rooms rooms (few members each, so that delivering the
// messages costs little next to storing them) is what fills group commits.
#include "scenarios.hpp"

#include <algorithm>
#include <cmath>

namespace chatd::bench {
namespace {

constexpr unsigned latest_limit = 50;

class HistoryScenario : public Scenario {
public:
    explicit HistoryScenario(const Options &options) : Scenario(options) {
        senders_ = o_.senders ? o_.senders : 4;
        const std::size_t n = std::max({senders_, o_.queries, std::size_t{1}});
        const std::size_t rooms = std::clamp<std::size_t>(o_.rooms, 1, n);
        for (std::size_t r = 0; r < rooms; ++r)
            room_names_.push_back("bench-history-" + std::to_string(r));
        room_joined_.assign(rooms, 0);
        members_.resize(n);
        // Readers (members [0, queries)) read the first room: only members may.
        for (std::size_t i = 0; i < n; ++i) {
            members_[i].room = i < o_.queries ? 0 : i % rooms;
            members_[i].sender = i < senders_;
        }
    }

    void run() override {
        connect_members(members_.size());
        quiet_wait();
        auto report = base_report();
        report["senders"] = senders_;
        report["window"] = o_.window;
        report["rooms"] = room_names_.size();
        report["rooms"] = room_names_.size();
        report["writes"] = measure_writes();
        quiet_wait();
        report["latest50"] = measure_reads();
        print_report(report, warnings_);
    }

private:
    nlohmann::json measure_writes() {
        Window window(o_.server_pid);
        window.start();
        const auto start = Clock::now();
        writing_until_ = start + phase_length();
        drive(phase_length(), senders_, o_.window, sent_, [&](Member &m) { write(m); });
        loop_until([&] { return acked_ + errors_ >= sent_; }, std::chrono::seconds(10));
        window.stop();
        nlohmann::json r;
        r["sent"] = sent_;
        r["acked"] = acked_;
        const double seconds = std::chrono::duration<double>(last_ack_ - start).count();
        r["acks_per_s"] = seconds > 0 ? std::round(static_cast<double>(acked_) / seconds) : 0.0;
        r["ack_latency_ms"] = latency_json(ack_latency_);
        window.describe(r, warnings_);
        return r;
    }

    nlohmann::json measure_reads() {
        const std::size_t readers = std::min(o_.queries, members_.size());
        if (readers == 0) return nullptr;
        Window window(o_.server_pid);
        window.start();
        const auto limit = phase_length();
        reading_until_ = Clock::now() + limit;
        query_sent_.assign(members_.size(), 0);
        for (std::size_t i = 0; i < readers; ++i)
            query(members_[i]);
        loop_until([&] { return Clock::now() >= reading_until_; }, limit);
        loop_until([&] { return answers_ >= queries_; }, std::chrono::seconds(5));
        window.stop();
        nlohmann::json r;
        r["readers"] = readers;
        r["queries"] = queries_;
        r["answers"] = answers_;
        const double seconds = window.wall_seconds();
        r["queries_per_s"] =
            seconds > 0 ? std::round(static_cast<double>(answers_) / seconds) : 0.0;
        r["latency_ms"] = latency_json(read_latency_);
        window.describe(r, warnings_);
        return r;
    }

    void write(Member &member) {
        if (!member.joined) return;
        send_message(member, true);
        ++sent_;
    }

    void query(Member &member) {
        Connection *conn = pool_.get(member.conn);
        if (!conn || !member.joined) return;
        ++queries_;
        query_sent_[static_cast<std::size_t>(&member - members_.data())] = now_ns();
        pool_.send_text(*conn, history_latest_frame(room_names_[0], latest_limit, queries_));
    }

    void on_ack(Member &member, std::int64_t sent_ns) override {
        ++acked_;
        last_ack_ = Clock::now();
        ack_latency_.record(
            static_cast<std::uint64_t>(std::max<std::int64_t>(0, now_ns() - sent_ns)) / 1000);
        if (o_.rate == 0 && Clock::now() < writing_until_) write(member);
    }

    void on_history(Member &member, std::uint64_t) override {
        ++answers_;
        const auto sent = query_sent_[static_cast<std::size_t>(&member - members_.data())];
        read_latency_.record(
            static_cast<std::uint64_t>(std::max<std::int64_t>(0, now_ns() - sent)) / 1000);
        if (Clock::now() < reading_until_) query(member);
    }

    std::size_t senders_ = 0;
    Clock::time_point writing_until_{}, reading_until_{}, last_ack_{};
    std::uint64_t sent_ = 0, acked_ = 0, queries_ = 0, answers_ = 0;
    std::vector<std::int64_t> query_sent_;
    LatencyHistogram ack_latency_, read_latency_;
};

} // namespace

std::unique_ptr<Scenario> make_history_scenario(const Options &options) {
    return std::make_unique<HistoryScenario>(options);
}

} // namespace chatd::bench
