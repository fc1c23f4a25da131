// join-storm: N connections join one room at once, then one message must
// reach them all; idle: N connections sit in small rooms, and the server's
// resident memory per connection is what they cost.
#include "scenarios.hpp"

#include <cmath>

namespace chatd::bench {
namespace {

double ms_between(Clock::time_point from, Clock::time_point to) {
    return std::round(std::chrono::duration<double, std::milli>(to - from).count() * 1000) / 1000;
}

class JoinStormScenario : public Scenario {
public:
    explicit JoinStormScenario(const Options &options) : Scenario(options) {
        room_names_.push_back("bench-storm");
        room_joined_.assign(1, 0);
        members_.resize(o_.connections);
        members_[0].sender = true;
    }

    void run() override {
        quiet_wait();
        Window window(o_.server_pid);
        window.start();
        const auto joined_at = connect_members(members_.size());
        const auto upgraded_at = last_upgrade_;
        // Everyone joined: one message, which must now reach every member.
        const std::size_t audience = members_in(0);
        Clock::time_point reached_all{};
        if (members_[0].joined) {
            send_message(members_[0], false);
            sent_at_ = Clock::now();
            const bool all = loop_until([&] { return delivered_ >= audience; },
                                        std::chrono::duration_cast<Clock::duration>(
                                            std::chrono::duration<double>(o_.seconds * 4)));
            if (all) reached_all = last_delivery_;
        }
        window.stop();
        auto report = base_report();
        report["members"] = audience;
        report["deliveries"] = delivered_;
        report["loss"] = audience > delivered_ ? audience - delivered_ : 0;
        report["last_upgrade_to_all_joined_ms"] = ms_between(upgraded_at, joined_at);
        if (reached_all != Clock::time_point{}) {
            report["last_upgrade_to_message_everywhere_ms"] = ms_between(upgraded_at, reached_all);
            report["message_to_everyone_ms"] = ms_between(sent_at_, reached_all);
        } else {
            warnings_.push_back("the message did not reach every member in time");
        }
        window.describe(report, warnings_);
        print_report(report, warnings_);
    }

private:
    void on_delivery(Member &, const TextStamp &) override {
        ++delivered_;
        last_delivery_ = Clock::now();
    }

    std::size_t delivered_ = 0;
    Clock::time_point sent_at_{}, last_delivery_{};
};

class IdleScenario : public Scenario {
public:
    explicit IdleScenario(const Options &options) : Scenario(options) {
        const std::size_t rooms = std::max<std::size_t>(1, o_.connections / o_.members);
        for (std::size_t r = 0; r < rooms; ++r)
            room_names_.push_back("idle-" + std::to_string(r));
        room_joined_.assign(rooms, 0);
        members_.resize(o_.connections);
        for (std::size_t i = 0; i < members_.size(); ++i)
            members_[i].room = i % rooms;
    }

    void run() override {
        quiet_wait();
        Window window(o_.server_pid);
        window.start();
        connect_members(members_.size());
        // The server's memory is read once it has finished with the joins
        // (presence, replies), whatever --quiet-wait says.
        quiet_wait(true);
        window.stop();
        auto report = base_report();
        report["rooms"] = room_names_.size();
        report["joined"] = joined_;
        window.describe(report, warnings_);
        const auto before = window.server_before();
        const auto after = window.server_after();
        if (before && after && joined_ > 0) {
            const double per = static_cast<double>(after->rss_kib - before->rss_kib) * 1024.0 /
                               static_cast<double>(joined_);
            report["server_rss_bytes_per_connection"] = std::round(per);
        }
        print_report(report, warnings_);
    }
};

} // namespace

std::unique_ptr<Scenario> make_join_storm_scenario(const Options &options) {
    return std::make_unique<JoinStormScenario>(options);
}

std::unique_ptr<Scenario> make_idle_scenario(const Options &options) {
    return std::make_unique<IdleScenario>(options);
}

} // namespace chatd::bench
