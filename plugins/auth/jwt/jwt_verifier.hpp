// Verifies the JSON Web Tokens a client presents, with one algorithm and one
// key fixed by the configuration. Every rule is enforced here rather than
// trusted to a JWT library: Debian's libjwt 1.10.2 accepts alg:none, lets an
// HS256 token be keyed with the RSA public key's text, and never checks exp.
#pragma once

#include "algorithm.hpp"
#include "claims.hpp"
#include "jwt_key.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace chatd::auth::jwt {

// A token longer than this is refused before any decoding or crypto.
inline constexpr size_t kMaxTokenBytes = 8 * 1024;

// The strings default to empty so that designated initializers may leave
// out what is not checked; the algorithm has no default and must be named.
struct VerifierOptions {
    Algorithm algorithm;
    // HS256: the shared secret's bytes; RS256/ES256: a PEM public key (text).
    std::string key{};
    // Empty: `iss` is not checked; else it must equal this.
    std::string issuer{};
    // Empty: `aud` is not checked; else `aud` (a string, or an array of
    // strings) must contain this.
    std::string audience{};
    // Clock skew allowed for exp, nbf and iat.
    std::chrono::seconds leeway{30};
};

// Why a token was refused: short, for a log line; never contains the token
// or the key.
struct Failure {
    std::string reason;
};

class Verifier {
public:
    // Throws std::invalid_argument with a one-line reason: an empty key, an
    // HS256 secret shorter than 32 bytes, a PEM that is no public key (a
    // private key is refused, not reduced to its public half), a key that
    // does not fit the algorithm (RSA of at least 2048 bits for RS256, EC
    // P-256 for ES256), or a negative leeway.
    explicit Verifier(const VerifierOptions &options);

    // The token's claims object, or why it was refused. `now` is Unix
    // seconds. Thread-safe: several threads may verify with one Verifier.
    std::variant<nlohmann::json, Failure> verify(std::string_view token, int64_t now) const;

private:
    Key key_;
    ClaimRules rules_;
};

} // namespace chatd::auth::jwt
