// fanout and rooms: members spread over rooms, some of them senders, sending
// at an aggregate rate or in a closed loop; every delivery's latency is the
// time since the stamp its text carries.
#include "scenarios.hpp"

#include <cmath>

namespace chatd::bench {
namespace {

class TrafficScenario : public Scenario {
public:
    explicit TrafficScenario(const Options &options) : Scenario(options) {
        const std::size_t n = o_.connections;
        std::size_t rooms = o_.rooms;
        std::size_t senders = o_.senders;
        if (o_.mode == Mode::fanout) {
            rooms = rooms ? rooms : 1;
            senders = senders ? senders : std::min<std::size_t>(10, n);
        } else {
            rooms = rooms ? rooms : std::max<std::size_t>(1, n / o_.members);
            senders = senders ? senders : rooms;
        }
        rooms = std::min(rooms, n);
        senders = std::min(senders, n);
        for (std::size_t r = 0; r < rooms; ++r)
            room_names_.push_back("bench-" + std::to_string(r));
        room_joined_.assign(rooms, 0);
        members_.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            members_[i].room = i % rooms;
            members_[i].sender = i < senders;
        }
        senders_ = senders;
    }

    void run() override {
        connect_members(members_.size());
        quiet_wait();
        Window window(o_.server_pid);
        window.start();
        sending_ = true;
        const auto start = Clock::now();
        send_until_ = start + phase_length();
        drive(phase_length(), senders_, 1, sent_, [&](Member &m) { send_one(m); });
        sending_ = false;
        const auto stop_sending = Clock::now();
        // What is still on its way gets a bounded while to arrive.
        loop_until([&] { return delivered_ >= expected_; }, std::chrono::seconds(5));
        window.stop();
        auto report = base_report();
        report["rooms"] = room_names_.size();
        report["senders"] = senders_;
        report["receivers"] = joined_;
        report["rate"] = o_.rate;
        report["text_bytes"] = o_.size;
        report["sent"] = sent_;
        report["expected_deliveries"] = expected_;
        report["deliveries"] = delivered_;
        report["loss"] = expected_ > delivered_ ? expected_ - delivered_ : 0;
        const auto span = (last_delivery_ > start ? last_delivery_ : stop_sending) - start;
        const double seconds = std::chrono::duration<double>(span).count();
        report["deliveries_per_s"] =
            seconds > 0 ? std::round(static_cast<double>(delivered_) / seconds) : 0.0;
        report["messages_per_s"] =
            seconds > 0 ? std::round(static_cast<double>(sent_) / seconds) : 0.0;
        report["latency_ms"] = latency_json(latency_);
        window.describe(report, warnings_);
        if (sent_ == 0) warnings_.push_back("nothing was sent: did the members join?");
        print_report(report, warnings_);
    }

private:
    void send_one(Member &member) {
        if (!member.joined || !sending_) return;
        send_message(member, false);
        ++sent_;
        expected_ += members_in(member.room);
    }

    void on_delivery(Member &member, const TextStamp &stamp) override {
        const auto now = now_ns();
        ++delivered_;
        last_delivery_ = Clock::now();
        if (now > stamp.sent_ns)
            latency_.record(static_cast<std::uint64_t>(now - stamp.sent_ns) / 1000);
        // Closed loop: a sender's next message leaves when its last came back.
        if (o_.rate == 0 && member.sender &&
            stamp.sender == static_cast<std::uint32_t>(&member - members_.data()) &&
            Clock::now() < send_until_)
            send_one(member);
    }

    std::size_t senders_ = 0;
    bool sending_ = false;
    Clock::time_point send_until_{};
    Clock::time_point last_delivery_{};
    std::uint64_t sent_ = 0, expected_ = 0, delivered_ = 0;
    LatencyHistogram latency_;
};

} // namespace

std::unique_ptr<Scenario> make_traffic_scenario(const Options &options) {
    return std::make_unique<TrafficScenario>(options);
}

} // namespace chatd::bench
