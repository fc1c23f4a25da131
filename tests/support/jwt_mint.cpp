#include "jwt_mint.hpp"

#include "base64url.hpp"

#include <openssl/err.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <array>
#include <stdexcept>

namespace chatd::test::jwt {

namespace {

using auth::jwt::base64url_encode;
using auth::jwt::BioPtr;
using auth::jwt::EcdsaSigPtr;
using auth::jwt::MdCtxPtr;
using auth::jwt::PkeyPtr;

[[noreturn]] void fail(const char *what) {
    ERR_clear_error();
    throw std::runtime_error(std::string("jwt_mint: ") + what);
}

const unsigned char *bytes(std::string_view text) {
    return reinterpret_cast<const unsigned char *>(text.data());
}

template <typename Write> std::string pem(Write write) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1) fail("cannot write a PEM key");
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(length));
}

// What EVP_DigestSign makes with SHA-256: PKCS#1 v1.5 for RSA, DER for EC.
std::string digest_sign_sha256(const KeyPair &key, std::string_view input) {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length, bytes(input), input.size()) != 1)
        fail("cannot start a signature");
    std::string signature(length, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       bytes(input), input.size()) != 1)
        fail("cannot sign");
    signature.resize(length);
    return signature;
}

} // namespace

KeyPair KeyPair::rsa(int bits) {
    PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
    if (!key) fail("cannot generate an RSA key");
    return KeyPair(std::move(key));
}

KeyPair KeyPair::ec(const char *curve) {
    PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
    if (!key) fail("cannot generate an EC key");
    return KeyPair(std::move(key));
}

std::string KeyPair::public_pem() const {
    return pem([this](BIO *bio) { return PEM_write_bio_PUBKEY(bio, key_.get()); });
}

std::string KeyPair::private_pem() const {
    return pem([this](BIO *bio) {
        return PEM_write_bio_PrivateKey(bio, key_.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
}

nlohmann::json header(std::string_view alg) { return {{"alg", alg}, {"typ", "JWT"}}; }

std::string signing_input(const nlohmann::json &header, const nlohmann::json &payload) {
    return base64url_encode(header.dump()) + "." + base64url_encode(payload.dump());
}

std::string join(std::string_view signing_input, std::string_view signature) {
    return std::string(signing_input) + "." + base64url_encode(signature);
}

std::string hs256(std::string_view secret, std::string_view signing_input) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), bytes(signing_input),
              signing_input.size(), mac.data(), &length))
        fail("cannot compute an HMAC");
    return std::string(reinterpret_cast<const char *>(mac.data()), length);
}

std::string rs256(const KeyPair &key, std::string_view signing_input) {
    return digest_sign_sha256(key, signing_input);
}

std::string es256(const KeyPair &key, std::string_view signing_input) {
    const std::string der = es256_der(key, signing_input);
    const unsigned char *in = bytes(der);
    EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &in, static_cast<long>(der.size())));
    if (!sig) fail("cannot read an ECDSA signature");
    std::string raw(64, '\0');
    auto *out = reinterpret_cast<unsigned char *>(raw.data());
    if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, 32) != 32 ||
        BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + 32, 32) != 32)
        fail("cannot write R || S");
    return raw;
}

std::string es256_der(const KeyPair &key, std::string_view signing_input) {
    return digest_sign_sha256(key, signing_input);
}

std::string mint_hs256(std::string_view secret, const nlohmann::json &payload) {
    const std::string input = signing_input(header("HS256"), payload);
    return join(input, hs256(secret, input));
}

std::string mint_rs256(const KeyPair &key, const nlohmann::json &payload) {
    const std::string input = signing_input(header("RS256"), payload);
    return join(input, rs256(key, input));
}

std::string mint_es256(const KeyPair &key, const nlohmann::json &payload) {
    const std::string input = signing_input(header("ES256"), payload);
    return join(input, es256(key, input));
}

} // namespace chatd::test::jwt
