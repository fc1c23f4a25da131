#include "sanctions.hpp"

#include "ascii.hpp"

#include <array>
#include <utility>

namespace chatd::moderation {

namespace {

constexpr std::array<std::pair<Kind, std::string_view>, 3> kNames{{
    {Kind::Ban, "ban"},
    {Kind::Mute, "mute"},
    {Kind::ShadowMute, "shadow_mute"},
}};

} // namespace

std::string_view kind_name(Kind kind) {
    for (const auto &[k, name] : kNames)
        if (k == kind) return name;
    return "ban";
}

std::optional<Kind> parse_kind(std::string_view name) {
    for (const auto &[k, n] : kNames)
        if (n == name) return k;
    return std::nullopt;
}

Sanctions::Key Sanctions::key_of(Kind kind, std::string_view room, std::string_view user) {
    return {.room = std::string(room), .folded_user = plugins::ascii_lower(user), .kind = kind};
}

void Sanctions::set(Sanction sanction) {
    Key key = key_of(sanction.kind, sanction.room, sanction.user);
    by_key_.insert_or_assign(std::move(key), std::move(sanction));
}

bool Sanctions::lift(Kind kind, std::string_view room, std::string_view user) {
    return by_key_.erase(key_of(kind, room, user)) > 0;
}

void Sanctions::replace(std::vector<Sanction> all) {
    by_key_.clear();
    for (Sanction &sanction : all)
        set(std::move(sanction));
}

const Sanction *Sanctions::exactly(Kind kind, std::string_view room, std::string_view user) const {
    const auto it = by_key_.find(key_of(kind, room, user));
    return it == by_key_.end() ? nullptr : &it->second;
}

const Sanction *Sanctions::find(Kind kind, std::string_view user, std::string_view room) const {
    if (const Sanction *own = exactly(kind, room, user)) return own;
    return server_wide(kind, user);
}

const Sanction *Sanctions::server_wide(Kind kind, std::string_view user) const {
    return exactly(kind, "", user);
}

std::vector<Sanction> Sanctions::all() const {
    std::vector<Sanction> out;
    out.reserve(by_key_.size());
    for (const auto &[key, sanction] : by_key_)
        out.push_back(sanction);
    return out;
}

} // namespace chatd::moderation
