#include "store_fixture.hpp"

#include <future>

namespace chatd::history {

std::vector<uint64_t> seqs_of(const Page &page) {
    std::vector<uint64_t> seqs;
    for (const StoredMessage &m : page.messages)
        seqs.push_back(m.seq);
    return seqs;
}

void StoreTest::open(std::chrono::milliseconds busy_timeout) {
    store = std::make_unique<SqliteHistoryStore>(SqliteOptions{
        .path = path, .busy_timeout = busy_timeout, .clock = [this] { return now_ms.load(); }});
}

Appended StoreTest::append(const std::string &room, const std::string &text,
                           const std::string &from, const std::string &extra) {
    auto outcome = std::make_shared<std::promise<Appended>>();
    auto refused = store->append({.room = room, .from = from, .text = text, .extra_json = extra},
                                 [outcome](Appended a) { outcome->set_value(std::move(a)); });
    if (refused) return *refused;
    auto result = outcome->get_future();
    if (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
        throw std::runtime_error("the append never completed");
    return result.get();
}

Committed StoreTest::stored(const std::string &room, const std::string &text,
                            const std::string &from) {
    Appended a = append(room, text, from);
    if (auto *error = std::get_if<StoreError>(&a))
        throw std::runtime_error(std::string("append failed: ") + error->what());
    return std::get<Committed>(a);
}

} // namespace chatd::history
