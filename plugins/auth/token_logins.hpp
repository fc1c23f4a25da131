// JWT mode: a token is verified (jwt::Verifier checks the signature with the
// configured algorithm and key, and exp, nbf, iat, iss and aud) and its
// claims name the user and the roles. Cheap enough for any thread.
#pragma once

#include "identity.hpp"
#include "settings.hpp"

#include "jwt_verifier.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace chatd::auth {

class TokenLogins {
public:
    // Throws std::invalid_argument naming the key at fault (a short secret,
    // an unusable public key, an unknown algorithm).
    explicit TokenLogins(const Settings &settings);

    // The identity, or why the token is refused (never the token itself).
    // Thread-safe; `now` is Unix seconds.
    std::variant<Identity, std::string> check(std::string_view token, int64_t now) const;

private:
    const Settings &settings_;
    const jwt::Verifier verifier_;
};

} // namespace chatd::auth
