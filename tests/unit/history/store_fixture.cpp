#include "store_fixture.hpp"

#include <future>
#include <mutex>

namespace chatd::history {

namespace {

// What a callback on the store's thread hands over, waited for with a
// deadline.
template <typename T> T wait_for(std::future<T> result, const char *what) {
    if (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
        throw std::runtime_error(std::string(what) + " never completed");
    return result.get();
}

} // namespace

std::vector<uint64_t> seqs_of(const Page &page) {
    std::vector<uint64_t> seqs;
    for (const StoredMessage &m : page.messages)
        seqs.push_back(m.seq);
    return seqs;
}

void StoreTest::open(std::chrono::milliseconds busy_timeout) {
    store = std::make_unique<SqliteHistoryStore>(SqliteOptions{
        .path = path,
        .busy_timeout = busy_timeout,
        .clock = [this] { return now_ms.load(); },
        .retention_step = retention_step,
        .index_lag_max = index_lag_max,
        .index_inline_max = index_inline_max,
    });
}

Appended StoreTest::append(const std::string &room, const std::string &text,
                           const std::string &from, const std::string &extra) {
    auto outcome = std::make_shared<std::promise<Appended>>();
    auto refused = store->append({.room = room, .from = from, .text = text, .extra_json = extra},
                                 [outcome](Appended a) { outcome->set_value(std::move(a)); });
    if (refused) return *refused;
    return wait_for(outcome->get_future(), "the append");
}

Committed StoreTest::stored(const std::string &room, const std::string &text,
                            const std::string &from) {
    Appended a = append(room, text, from);
    if (auto *error = std::get_if<StoreError>(&a))
        throw std::runtime_error(std::string("append failed: ") + error->what());
    return std::get<Committed>(a);
}

std::vector<uint64_t> StoreTest::stored_many(const std::string &room, int n) {
    struct Outcomes {
        std::mutex mu;
        std::vector<uint64_t> seqs;
        int left;
        std::promise<void> all;
    };
    if (n <= 0) return {};
    auto outcomes = std::make_shared<Outcomes>();
    outcomes->left = n;
    outcomes->seqs.resize(static_cast<size_t>(n));
    auto all = outcomes->all.get_future();
    for (int i = 0; i < n; ++i) {
        auto refused = store->append(
            {.room = room, .from = "alice", .text = room + " " + std::to_string(i + 1)},
            [outcomes, i](Appended a) {
                std::lock_guard lock(outcomes->mu);
                if (auto *c = std::get_if<Committed>(&a))
                    outcomes->seqs[static_cast<size_t>(i)] = c->seq;
                if (--outcomes->left == 0) outcomes->all.set_value();
            });
        if (refused) throw std::runtime_error(std::string("append refused: ") + refused->what());
    }
    wait_for(std::move(all), "appending");
    return outcomes->seqs;
}

Trimmed StoreTest::trim(const RetentionPolicy &policy) {
    auto outcome = std::make_shared<std::promise<Trimmed>>();
    store->trim(policy, [outcome](Trimmed t) { outcome->set_value(std::move(t)); });
    return wait_for(outcome->get_future(), "the retention pass");
}

std::vector<uint64_t> StoreTest::seqs_in(const std::string &room) {
    return seqs_of(store->query({.room = room, .anchor = Anchor::After, .limit = 1'000'000}));
}

} // namespace chatd::history
