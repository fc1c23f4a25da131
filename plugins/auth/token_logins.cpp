#include "token_logins.hpp"

#include "accounts/user_names.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace chatd::auth {

namespace {

jwt::VerifierOptions verifier_options(const Settings &settings) {
    // load_settings made sure it names one.
    return {.algorithm = *jwt::parse_algorithm(settings.jwt_algorithm),
            .key = settings.jwt_key,
            .issuer = settings.jwt_issuer,
            .audience = settings.jwt_audience,
            .leeway = settings.jwt_leeway};
}

jwt::Verifier make_verifier(const Settings &settings) {
    try {
        return jwt::Verifier(verifier_options(settings));
    } catch (const std::invalid_argument &e) {
        throw std::invalid_argument(settings.jwt_key_option + ": " + e.what());
    }
}

// The roles claim: an array of names or one string of names separated by
// spaces (OAuth's "scope" style). Names chatd does not know are left out.
std::vector<std::string> roles_of(const nlohmann::json &claim, const Settings &settings) {
    std::vector<std::string> named;
    if (claim.is_array()) {
        for (const nlohmann::json &role : claim)
            if (role.is_string()) named.push_back(role.get<std::string>());
    } else if (claim.is_string()) {
        std::istringstream words(claim.get<std::string>());
        for (std::string role; words >> role;)
            named.push_back(role);
    }
    std::vector<std::string> roles{"user"};
    for (std::string &role : named)
        if (settings.known_role(role) && std::find(roles.begin(), roles.end(), role) == roles.end())
            roles.push_back(std::move(role));
    return roles;
}

} // namespace

TokenLogins::TokenLogins(const Settings &settings)
    : settings_(settings), verifier_(make_verifier(settings)) {}

std::variant<Identity, std::string> TokenLogins::check(std::string_view token, int64_t now) const {
    auto verified = verifier_.verify(token, now);
    if (const auto *failure = std::get_if<jwt::Failure>(&verified)) return failure->reason;
    const nlohmann::json &claims = std::get<nlohmann::json>(verified);
    const auto user = claims.find(settings_.jwt_user_claim);
    if (user == claims.end() || !user->is_string())
        return "no string claim " + settings_.jwt_user_claim;
    if (!is_valid_user_name(user->get_ref<const std::string &>()))
        return "claim " + settings_.jwt_user_claim + " is not a user name (" + user_name_rule() +
               ")";
    const auto roles = claims.find(settings_.jwt_roles_claim);
    return Identity{user->get<std::string>(),
                    roles_of(roles == claims.end() ? nlohmann::json() : *roles, settings_)};
}

} // namespace chatd::auth
