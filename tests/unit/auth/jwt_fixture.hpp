#pragma once

// What the JWT tests share: one fixed `now`, keys made once for the whole
// program (RSA generation is slow), verifier options for each algorithm
// with those keys, and honest tokens to tamper with.

#include "jwt_verifier.hpp"
#include "support/jwt_mint.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <variant>

namespace chatd::auth::jwt {

namespace mint = chatd::test::jwt;
using nlohmann::json;

inline constexpr int64_t kNow = 1'764'547'200;
inline const std::string kSecret = "0123456789abcdef0123456789abcdef";

struct Keys {
    mint::KeyPair rsa = mint::KeyPair::rsa();
    mint::KeyPair other_rsa = mint::KeyPair::rsa();
    mint::KeyPair ec = mint::KeyPair::ec();
    mint::KeyPair other_ec = mint::KeyPair::ec();
};

inline const Keys &keys() {
    static const Keys made;
    return made;
}

// Options for `algorithm` with the suite's secret or public key, and the
// default leeway of 30 s.
inline VerifierOptions options(Algorithm algorithm) {
    switch (algorithm) {
    case Algorithm::HS256: return {.algorithm = algorithm, .key = kSecret};
    case Algorithm::RS256: return {.algorithm = algorithm, .key = keys().rsa.public_pem()};
    case Algorithm::ES256: return {.algorithm = algorithm, .key = keys().ec.public_pem()};
    }
    return {.algorithm = algorithm};
}

// A signature by the key options(algorithm) verifies with.
inline std::string sign(Algorithm algorithm, std::string_view signing_input) {
    switch (algorithm) {
    case Algorithm::HS256: return mint::hs256(kSecret, signing_input);
    case Algorithm::RS256: return mint::rs256(keys().rsa, signing_input);
    case Algorithm::ES256: return mint::es256(keys().ec, signing_input);
    }
    return {};
}

// A token with this header and payload, signed as options(algorithm) expects.
inline std::string token(Algorithm algorithm, const json &header, const json &payload) {
    const std::string input = mint::signing_input(header, payload);
    return mint::join(input, sign(algorithm, input));
}

// Valid claims at kNow, with `extra` merged over them.
inline json claims(const json &extra = json::object()) {
    json claims = {{"sub", "alice"}, {"exp", kNow + 600}};
    claims.update(extra);
    return claims;
}

// An honest token: header(alg) and claims(extra).
inline std::string token(Algorithm algorithm, const json &extra = json::object()) {
    return token(algorithm, mint::header(algorithm_name(algorithm)), claims(extra));
}

// The refusal's reason, or "accepted".
inline std::string outcome(const Verifier &verifier, std::string_view token, int64_t now = kNow) {
    const auto result = verifier.verify(token, now);
    if (const auto *failure = std::get_if<Failure>(&result)) return failure->reason;
    return "accepted";
}

} // namespace chatd::auth::jwt
