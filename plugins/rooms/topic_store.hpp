// Room topics on disk, so that they outlive the room's members and a
// restart. Reading is for the start only: the plugin keeps every topic in
// memory (RoomDirectory), which is why their number is bounded, and writes
// each change through storage's Writer, hearing back once it is durable.
#pragma once

#include <chatd/storage/writer.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace chatd::rooms {

struct TopicStoreOptions {
    std::filesystem::path path;
    // Rooms with a topic at most; a topic for one more room is refused.
    size_t max_topics = 10000;
    // How long a change waits for a lock another process holds on the file
    // before it fails Busy.
    std::chrono::milliseconds busy_timeout{5000};
    // Unix time in milliseconds, stored with each topic; tests set their own.
    std::function<int64_t()> clock = {};
};

// How a topic change ended.
struct TopicWrite {
    enum class Status {
        Stored,  // durable
        TooMany, // a new room's topic past max_topics: nothing written
        Busy,    // too many changes waiting, or a lock held too long
        Failed,  // not written: a full disk, a read-only file, shutting down
    };
    Status status;
    std::string fault; // what went wrong, for the operator, unless Stored or TooMany
};

// Room name to topic.
using Topics = std::map<std::string, std::string, std::less<>>;

class TopicStore {
public:
    // Creates the file's directory and the file if missing and migrates the
    // owner "rooms"; throws std::runtime_error naming the file when it cannot.
    explicit TopicStore(const TopicStoreOptions &options);
    // Writes every change already accepted, then closes the file.
    ~TopicStore();

    // Every stored topic, read on the calling thread from a connection of
    // its own: for the start, and for tests.
    Topics read_all() const;

    // Sets room's topic, or deletes it when topic is empty. `done` runs once,
    // on the writer thread, when the change is durable or certainly not
    // made; unless a write is refused at once, returned here, and `done`
    // never runs.
    using Done = std::function<void(const TopicWrite &)>;
    std::optional<TopicWrite> set(std::string room, std::string topic, std::string by, Done done);

private:
    const std::filesystem::path path_;
    const size_t max_topics_;
    const std::function<int64_t()> clock_;
    storage::Writer writer_;
};

} // namespace chatd::rooms
