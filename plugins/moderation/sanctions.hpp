// Who is banned, muted or shadow-muted where, in memory: every join and
// every message is checked on the pipeline thread, so the checks read this,
// never the database. The sanction store fills it at start, after every
// change it has made durable, and when chatctl has changed the file.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::moderation {

enum class Kind { Ban, Mute, ShadowMute };

// "ban", "mute", "shadow_mute": the name in frames, the database and chatctl.
std::string_view kind_name(Kind kind);
std::optional<Kind> parse_kind(std::string_view name);

struct Sanction {
    Kind kind = Kind::Ban;
    std::string room{}; // empty: server-wide
    std::string user{}; // as the moderator spelled it; one per user whatever the case
    std::string by{};
    std::string reason{};   // empty: none given
    int64_t created_ms = 0; // Unix time
    int64_t expires_ms = 0; // Unix time; 0: permanent
};

class Sanctions {
public:
    // Sets or replaces the sanction of its kind, room and user.
    void set(Sanction sanction);
    // False if there was none.
    bool lift(Kind kind, std::string_view room, std::string_view user);
    // Replaces them all (the file changed under us).
    void replace(std::vector<Sanction> all);

    // What keeps `user` from `room`: a sanction of the room's own, else a
    // server-wide one; nullptr if none. User names compare without case
    // (ASCII), room names exactly, as the rooms plugin has them.
    const Sanction *find(Kind kind, std::string_view user, std::string_view room) const;
    // The server-wide one only.
    const Sanction *server_wide(Kind kind, std::string_view user) const;

    // The sanction of exactly this kind, room and user; nullptr if none.
    const Sanction *exactly(Kind kind, std::string_view room, std::string_view user) const;

    // Every sanction, by room ("" first), then user, then kind.
    std::vector<Sanction> all() const;
    size_t size() const { return by_key_.size(); }

    // What tells sanctions apart: one per kind, room and user (without case).
    struct Key {
        std::string room;
        std::string folded_user;
        Kind kind = Kind::Ban;
        // By room, then user, then kind: the order all() promises.
        auto operator<=>(const Key &) const = default;
    };
    static Key key_of(Kind kind, std::string_view room, std::string_view user);

private:
    std::map<Key, Sanction> by_key_;
};

} // namespace chatd::moderation
