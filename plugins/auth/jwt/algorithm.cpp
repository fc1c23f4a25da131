#include "algorithm.hpp"

namespace chatd::auth::jwt {

std::optional<Algorithm> parse_algorithm(std::string_view name) {
    for (Algorithm algorithm : {Algorithm::HS256, Algorithm::RS256, Algorithm::ES256})
        if (name == algorithm_name(algorithm)) return algorithm;
    return std::nullopt;
}

std::string_view algorithm_name(Algorithm algorithm) {
    switch (algorithm) {
    case Algorithm::HS256: return "HS256";
    case Algorithm::RS256: return "RS256";
    case Algorithm::ES256: return "ES256";
    }
    return {};
}

} // namespace chatd::auth::jwt
