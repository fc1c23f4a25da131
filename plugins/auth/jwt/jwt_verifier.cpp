#include "jwt_verifier.hpp"

#include "base64url.hpp"
#include "signature.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <stdexcept>

namespace chatd::auth::jwt {

namespace {

using nlohmann::json;

// The three encoded segments of header.payload.signature.
std::optional<std::array<std::string_view, 3>> split(std::string_view token) {
    const size_t first = token.find('.');
    if (first == std::string_view::npos) return std::nullopt;
    const size_t second = token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
        return std::nullopt;
    return std::array{token.substr(0, first), token.substr(first + 1, second - first - 1),
                      token.substr(second + 1)};
}

std::optional<json> json_object(const std::string &text) {
    json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!value.is_object()) return std::nullopt;
    return value;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

std::optional<std::string> header_failure(const json &header, Algorithm algorithm) {
    // Exactly the configured name, so "none" in any spelling, and any
    // algorithm other than the one the key was loaded for, never gets as far
    // as a signature check.
    const auto alg = header.find("alg");
    if (alg == header.end() || !alg->is_string() ||
        alg->get_ref<const std::string &>() != algorithm_name(algorithm))
        return "algorithm not allowed";
    const auto typ = header.find("typ");
    if (typ != header.end() &&
        (!typ->is_string() || !equals_ignoring_case(typ->get_ref<const std::string &>(), "JWT")))
        return "not a JWT";
    // RFC 7515 section 4.1.11: extensions we do not understand must not be
    // ignored, and we understand none.
    if (header.contains("crit")) return "crit not supported";
    return std::nullopt;
}

} // namespace

Verifier::Verifier(const VerifierOptions &options)
    : key_(options.algorithm, options.key), rules_{.issuer = options.issuer,
                                                   .audience = options.audience,
                                                   .leeway = options.leeway} {
    if (options.leeway.count() < 0) throw std::invalid_argument("negative leeway");
}

std::variant<json, Failure> Verifier::verify(std::string_view token, int64_t now) const {
    const Failure malformed{"malformed token"};
    if (token.size() > kMaxTokenBytes) return Failure{"token too long"};
    const auto segments = split(token);
    if (!segments) return malformed;
    const auto header = base64url_decode((*segments)[0]);
    const auto payload = base64url_decode((*segments)[1]);
    const auto signature = base64url_decode((*segments)[2]);
    if (!header || !payload || !signature) return malformed;

    const auto header_object = json_object(*header);
    if (!header_object) return malformed;
    if (auto failure = header_failure(*header_object, key_.algorithm())) return Failure{*failure};

    // The payload is parsed only once the signature vouches for it.
    const std::string_view signing_input =
        token.substr(0, token.size() - (*segments)[2].size() - 1);
    if (!signature_valid(key_, signing_input, *signature)) return Failure{"bad signature"};
    auto claims = json_object(*payload);
    if (!claims) return malformed;
    if (auto failure = claims_failure(*claims, rules_, now)) return Failure{*failure};
    return std::move(*claims);
}

} // namespace chatd::auth::jwt
