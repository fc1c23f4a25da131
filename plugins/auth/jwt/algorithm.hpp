// The JWS algorithms chatd accepts. The configuration picks one; a token's
// header must name exactly that one, so a token never chooses how it is
// checked.
#pragma once

#include <optional>
#include <string_view>

namespace chatd::auth::jwt {

enum class Algorithm { HS256, RS256, ES256 };

// "HS256", "RS256" or "ES256", spelled exactly so; anything else (including
// "none" and "hs256") is nullopt.
std::optional<Algorithm> parse_algorithm(std::string_view name);

// The name a token's `alg` must carry.
std::string_view algorithm_name(Algorithm algorithm);

} // namespace chatd::auth::jwt
