#include "claims.hpp"

namespace chatd::auth::jwt {

namespace {

using nlohmann::json;

bool has_audience(const json &claims, const std::string &audience) {
    const auto aud = claims.find("aud");
    if (aud == claims.end()) return false;
    if (aud->is_string()) return *aud == audience;
    if (!aud->is_array()) return false;
    for (const json &entry : *aud)
        if (entry.is_string() && entry == audience) return true;
    return false;
}

} // namespace

std::optional<std::string> claims_failure(const json &claims, const ClaimRules &rules,
                                          int64_t now) {
    if (!claims.contains("exp")) return "missing exp";
    for (const char *name : {"exp", "nbf", "iat"})
        if (claims.contains(name) && !claims[name].is_number())
            return std::string("malformed ") + name;
    // As doubles: NumericDate may have a fraction (RFC 7519 section 2), any
    // realistic time is exact, and no claim value can overflow the sum.
    const double at = static_cast<double>(now);
    const double leeway = static_cast<double>(rules.leeway.count());
    const auto seconds = [&](const char *name) { return claims[name].get<double>(); };
    if (at > seconds("exp") + leeway) return "expired";
    if (claims.contains("nbf") && at + leeway < seconds("nbf")) return "not yet valid";
    if (claims.contains("iat") && at + leeway < seconds("iat")) return "issued in the future";
    if (!rules.issuer.empty()) {
        const auto iss = claims.find("iss");
        if (iss == claims.end() || !iss->is_string() || *iss != rules.issuer) return "wrong issuer";
    }
    if (!rules.audience.empty() && !has_audience(claims, rules.audience)) return "wrong audience";
    return std::nullopt;
}

} // namespace chatd::auth::jwt
