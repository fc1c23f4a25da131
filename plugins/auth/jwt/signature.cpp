#include "signature.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>

#include <array>
#include <optional>
#include <string>

namespace chatd::auth::jwt {

namespace {

const unsigned char *bytes(std::string_view text) {
    return reinterpret_cast<const unsigned char *>(text.data());
}

bool hmac_valid(const std::string &secret, std::string_view input, std::string_view signature) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), bytes(input),
              input.size(), mac.data(), &length))
        return false;
    // Constant time, so that how long a refusal takes tells nothing about
    // how many leading bytes of a forged MAC were right.
    return signature.size() == length && CRYPTO_memcmp(signature.data(), mac.data(), length) == 0;
}

// JWS carries an ES256 signature as R and S, 32 bytes each, big-endian
// (RFC 7518 section 3.4); OpenSSL verifies the DER form. Anything but 64
// bytes, a DER signature included, is refused rather than guessed at.
std::optional<std::string> es256_to_der(std::string_view signature) {
    constexpr size_t kHalf = 32;
    if (signature.size() != 2 * kHalf) return std::nullopt;
    BignumPtr r(BN_bin2bn(bytes(signature), kHalf, nullptr));
    BignumPtr s(BN_bin2bn(bytes(signature.substr(kHalf)), kHalf, nullptr));
    EcdsaSigPtr sig(ECDSA_SIG_new());
    if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) return std::nullopt;
    // ECDSA_SIG_set0 took them.
    r.release();
    s.release();
    const int length = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (length <= 0) return std::nullopt;
    std::string der(static_cast<size_t>(length), '\0');
    auto *out = reinterpret_cast<unsigned char *>(der.data());
    if (i2d_ECDSA_SIG(sig.get(), &out) != length) return std::nullopt;
    return der;
}

bool digest_verify_sha256(EVP_PKEY *key, bool rsa, std::string_view input,
                          std::string_view signature) {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *key_ctx = nullptr; // owned by ctx
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), &key_ctx, EVP_sha256(), nullptr, key) != 1)
        return false;
    // PKCS#1 v1.5 is OpenSSL's default for RSA; set anyway so that RS256
    // never depends on a default.
    if (rsa && EVP_PKEY_CTX_set_rsa_padding(key_ctx, RSA_PKCS1_PADDING) != 1) return false;
    return EVP_DigestVerify(ctx.get(), bytes(signature), signature.size(), bytes(input),
                            input.size()) == 1;
}

bool check(const Key &key, std::string_view input, std::string_view signature) {
    switch (key.algorithm()) {
    case Algorithm::HS256: return hmac_valid(key.secret(), input, signature);
    case Algorithm::RS256: return digest_verify_sha256(key.public_key(), true, input, signature);
    case Algorithm::ES256:
        if (auto der = es256_to_der(signature))
            return digest_verify_sha256(key.public_key(), false, input, *der);
        return false;
    }
    return false;
}

} // namespace

bool signature_valid(const Key &key, std::string_view signing_input, std::string_view signature) {
    const bool valid = check(key, signing_input, signature);
    // A refused signature leaves OpenSSL errors queued on this thread, where
    // a later TLS call on it would find and misread them.
    ERR_clear_error();
    return valid;
}

} // namespace chatd::auth::jwt
