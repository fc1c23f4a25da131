#include "topic_store.hpp"

#include "core/timestamp.hpp"

#include <chatd/storage/directory.hpp>
#include <chatd/storage/migrations.hpp>

#include <array>
#include <memory>
#include <stdexcept>
#include <string_view>

namespace chatd::rooms {

namespace {

// The rooms plugin's tables, as migration steps of the owner "rooms"; a
// step once released never changes, later ones are appended. One row per
// room with a topic: clearing a topic deletes its row, so the table's size
// is the number the bound counts.
constexpr std::array<std::string_view, 1> kSteps = {
    R"sql(
CREATE TABLE rooms_topics(
    name TEXT PRIMARY KEY NOT NULL,
    topic TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_ts_ms INTEGER NOT NULL
);
)sql",
};

// Inserts only while the room already has a row or the table has room for
// one more, both decided inside the writer's transaction, so that changes in
// flight together never pass the bound. No change made means the bound.
constexpr std::string_view kUpsert =
    "INSERT INTO rooms_topics(name, topic, set_by, set_ts_ms) SELECT ?1, ?2, ?3, ?4 "
    "WHERE EXISTS(SELECT 1 FROM rooms_topics WHERE name = ?1) "
    "OR (SELECT count(*) FROM rooms_topics) < ?5 "
    "ON CONFLICT(name) DO UPDATE SET topic = excluded.topic, set_by = excluded.set_by, "
    "set_ts_ms = excluded.set_ts_ms";

storage::Database open_for_writing(const std::filesystem::path &path,
                                   std::chrono::milliseconds busy_timeout) {
    storage::create_directory_of(path);
    try {
        storage::Database db(path, {.busy_timeout = busy_timeout});
        storage::migrate(db, "rooms", kSteps);
        return db;
    } catch (const storage::Error &e) {
        throw std::runtime_error("cannot open the topics database " + path.string() + ": " +
                                 e.what());
    }
}

TopicWrite fault(const storage::Error &error) {
    return {error.busy() ? TopicWrite::Status::Busy : TopicWrite::Status::Failed, error.what()};
}

} // namespace

TopicStore::TopicStore(const TopicStoreOptions &options)
    : path_(options.path), max_topics_(options.max_topics),
      clock_(options.clock ? options.clock : unix_ms_now),
      writer_(open_for_writing(path_, options.busy_timeout)) {}

TopicStore::~TopicStore() { writer_.stop(); }

Topics TopicStore::read_all() const {
    try {
        storage::Database db(path_, {.access = storage::Access::ReadOnly});
        auto select = db.prepare("SELECT name, topic FROM rooms_topics");
        Topics topics;
        while (select.step() == storage::Step::Row)
            topics.emplace(select.column_text(0), select.column_text(1));
        return topics;
    } catch (const storage::Error &e) {
        throw std::runtime_error("cannot read the topics in " + path_.string() + ": " + e.what());
    }
}

std::optional<TopicWrite> TopicStore::set(std::string room, std::string topic, std::string by,
                                          Done done) {
    auto too_many = std::make_shared<bool>(false);
    auto job = [this, room = std::move(room), topic = std::move(topic), by = std::move(by),
                too_many](storage::Database &db) {
        if (topic.empty()) {
            auto remove = db.prepare_cached("DELETE FROM rooms_topics WHERE name = ?1");
            remove->bind(1, room).run();
            return;
        }
        auto upsert = db.prepare_cached(kUpsert);
        upsert->bind(1, room).bind(2, topic).bind(3, by).bind(4, clock_()).bind(5, max_topics_);
        upsert->run();
        *too_many = db.changes() == 0;
    };
    auto completion = [too_many, done = std::move(done)](const std::optional<storage::Error> &e) {
        if (e) return done(fault(*e));
        done({*too_many ? TopicWrite::Status::TooMany : TopicWrite::Status::Stored, {}});
    };
    switch (writer_.submit(std::move(job), std::move(completion))) {
    case storage::Submitted::Queued: return std::nullopt;
    case storage::Submitted::QueueFull:
        return TopicWrite{TopicWrite::Status::Busy, "too many topic changes waiting to be stored"};
    case storage::Submitted::Stopped: break;
    }
    return TopicWrite{TopicWrite::Status::Failed, "topics are shutting down"};
}

} // namespace chatd::rooms
