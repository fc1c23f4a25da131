#pragma once

// Mints JSON Web Tokens for unit and integration tests, honest ones and the
// forgeries an attacker would send: keys are generated in memory at run
// time, and any header may be signed by any algorithm with any key, so a
// test can build alg:none, an HS256 token keyed with an RSA public key's
// PEM text, or an ES256 token with a DER signature.

#include "openssl_ptr.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace chatd::test::jwt {

// A key pair made in memory for one test run; RSA 2048 takes a noticeable
// fraction of a second, so a suite makes its keys once.
class KeyPair {
public:
    static KeyPair rsa(int bits = 2048);
    // `curve` as OpenSSL names it: "P-256", "P-384".
    static KeyPair ec(const char *curve = "P-256");

    // SubjectPublicKeyInfo ("BEGIN PUBLIC KEY"), what a Verifier is given.
    std::string public_pem() const;
    // PKCS#8 ("BEGIN PRIVATE KEY").
    std::string private_pem() const;
    EVP_PKEY *get() const { return key_.get(); }

private:
    explicit KeyPair(auth::jwt::PkeyPtr key) : key_(std::move(key)) {}
    auth::jwt::PkeyPtr key_;
};

// {"alg": alg, "typ": "JWT"}
nlohmann::json header(std::string_view alg);

// base64url(header) "." base64url(payload), each JSON as dumped.
std::string signing_input(const nlohmann::json &header, const nlohmann::json &payload);
// signing_input "." base64url(signature).
std::string join(std::string_view signing_input, std::string_view signature);

// Signatures over a signing input, as the JWS algorithms make them.
std::string hs256(std::string_view secret, std::string_view signing_input);
std::string rs256(const KeyPair &key, std::string_view signing_input);
// R || S, 32 bytes each, as JWS carries it.
std::string es256(const KeyPair &key, std::string_view signing_input);
// The DER that OpenSSL makes, which JWS does not allow.
std::string es256_der(const KeyPair &key, std::string_view signing_input);

// Honest tokens: header(alg) and `payload`, signed by that algorithm.
std::string mint_hs256(std::string_view secret, const nlohmann::json &payload);
std::string mint_rs256(const KeyPair &key, const nlohmann::json &payload);
std::string mint_es256(const KeyPair &key, const nlohmann::json &payload);

} // namespace chatd::test::jwt
