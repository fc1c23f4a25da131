// churn: C workers each loop connect, join, send one message, wait for its
// echo, close; cycles per second and the time one cycle takes.
#include "scenarios.hpp"

#include <cmath>

namespace chatd::bench {
namespace {

class ChurnScenario : public Scenario {
public:
    explicit ChurnScenario(const Options &options) : Scenario(options) {
        // A room per worker: churn measures the connection's life cycle, not
        // presence to a crowd.
        const std::size_t workers = std::min(o_.workers, o_.connections);
        for (std::size_t w = 0; w < workers; ++w)
            room_names_.push_back("churn-" + std::to_string(w));
        room_joined_.assign(workers, 0);
        members_.resize(workers);
        for (std::size_t w = 0; w < workers; ++w)
            members_[w].room = w;
        cycle_started_.assign(workers, Clock::time_point{});
        echoed_.assign(workers, false);
    }

    void run() override {
        quiet_wait();
        Window window(o_.server_pid);
        window.start();
        const auto start = Clock::now();
        const auto limit = phase_length();
        until_ = start + limit;
        for (std::size_t w = 0; w < members_.size(); ++w)
            start_cycle(w);
        loop_until([&] { return Clock::now() >= until_; }, limit);
        // Cycles under way finish, boundedly; no new ones start.
        loop_until([&] { return pool_.open_count() == 0; }, std::chrono::seconds(5));
        window.stop();
        auto report = base_report();
        report["workers"] = members_.size();
        report["cycles"] = cycles_;
        report["failed_cycles"] = failed_;
        const double seconds = std::chrono::duration<double>(limit).count();
        report["cycles_per_s"] = std::round(static_cast<double>(cycles_) / seconds);
        report["cycle_ms"] = latency_json(cycle_latency_);
        window.describe(report, warnings_);
        print_report(report, warnings_);
    }

private:
    void start_cycle(std::size_t w) {
        if (Clock::now() >= until_ || past_deadline()) return;
        cycle_started_[w] = Clock::now();
        echoed_[w] = false;
        connect(w);
        if (!members_[w].connected) ++failed_;
    }

    void on_joined(Member &member) override { send_message(member, false); }

    void on_delivery(Member &member, const TextStamp &stamp) override {
        const auto w = static_cast<std::size_t>(&member - members_.data());
        if (stamp.sender != w || stamp.seq != member.seq) return;
        Connection *conn = pool_.get(member.conn);
        if (!conn) return;
        ++cycles_;
        cycle_latency_.record(static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - cycle_started_[w])
                .count()));
        echoed_[w] = true;
        pool_.close(*conn);
    }

    void on_member_closed(Member &member, bool by_server) override {
        const auto w = static_cast<std::size_t>(&member - members_.data());
        if (!echoed_[w] || by_server) ++failed_;
        start_cycle(w);
    }

    Clock::time_point until_{};
    std::vector<Clock::time_point> cycle_started_;
    std::vector<bool> echoed_; // the worker's cycle got its echo and is closing
    std::uint64_t cycles_ = 0, failed_ = 0;
    LatencyHistogram cycle_latency_;
};

} // namespace

std::unique_ptr<Scenario> make_churn_scenario(const Options &options) {
    return std::make_unique<ChurnScenario>(options);
}

} // namespace chatd::bench
