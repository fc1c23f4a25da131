// The registered claims a Verifier enforces on a token whose signature is
// good: its lifetime (exp required, nbf and iat if present) and, when
// configured, its issuer and audience.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace chatd::auth::jwt {

struct ClaimRules {
    std::string issuer;   // empty: not checked
    std::string audience; // empty: not checked
    std::chrono::seconds leeway;
};

// nullopt when `claims` (a JSON object) passes at `now` (Unix seconds), else
// the short reason why not.
std::optional<std::string> claims_failure(const nlohmann::json &claims, const ClaimRules &rules,
                                          int64_t now);

} // namespace chatd::auth::jwt
