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

// What `submit` (a store call with a completion) ends in: its refusal, or
// what its completion hands over, waited for with a deadline.
template <typename T, typename Submit> T outcome_of(Submit submit, const char *what) {
    auto outcome = std::make_shared<std::promise<T>>();
    if (std::optional<StoreError> refused =
            submit([outcome](T result) { outcome->set_value(std::move(result)); }))
        return *refused;
    return wait_for(outcome->get_future(), what);
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
    return outcome_of<Appended>(
        [&](HistoryStore::AppendDone done) {
            return store->append({.room = room, .from = from, .text = text, .extra_json = extra},
                                 std::move(done));
        },
        "the append");
}

Removed StoreTest::remove(const std::string &room, uint64_t seq, const std::string &by,
                          std::optional<std::string> reason) {
    return outcome_of<Removed>(
        [&](HistoryStore::DeleteDone done) {
            return store->delete_message(
                {.room = room, .seq = seq, .by = by, .reason = std::move(reason)}, std::move(done));
        },
        "the deletion");
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
