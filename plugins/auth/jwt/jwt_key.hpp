// The key a Verifier checks signatures with, loaded and validated once from
// the configuration. Its kind follows the configured algorithm, never a
// token: an HMAC secret for HS256, an RSA or EC P-256 public key otherwise.
#pragma once

#include "algorithm.hpp"
#include "openssl_ptr.hpp"

#include <string>
#include <string_view>

namespace chatd::auth::jwt {

// RFC 7518 section 3.2: an HS256 key at least as long as the hash.
inline constexpr size_t kMinHmacSecretBytes = 32;
inline constexpr int kMinRsaBits = 2048;

class Key {
public:
    // HS256: `material` is the secret's bytes. RS256 and ES256: a PEM public
    // key ("BEGIN PUBLIC KEY", as `openssl pkey -pubout` writes it). A
    // private key is refused rather than reduced to its public half: the
    // server only verifies, and a signing key in its config is one an
    // operator should not have copied there. Throws std::invalid_argument
    // with a one-line reason that never quotes the key.
    Key(Algorithm algorithm, std::string_view material);

    Algorithm algorithm() const { return algorithm_; }
    // HS256 only.
    const std::string &secret() const { return secret_; }
    // RS256 and ES256 only. Never modified after loading, so threads may
    // verify with it at the same time (each with its own EVP_MD_CTX).
    EVP_PKEY *public_key() const { return public_key_.get(); }

private:
    Algorithm algorithm_;
    std::string secret_;
    PkeyPtr public_key_;
};

} // namespace chatd::auth::jwt
