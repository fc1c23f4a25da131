#include "jwt_key.hpp"

#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

#include <array>
#include <stdexcept>

namespace chatd::auth::jwt {

namespace {

// Far above any real public key (an 8192-bit RSA one is under 2 KiB), and
// what BIO_new_mem_buf's int length can carry.
constexpr size_t kMaxPemBytes = 64 * 1024;

PkeyPtr read_public_pem(std::string_view pem) {
    if (pem.size() > kMaxPemBytes) throw std::invalid_argument("PEM key longer than 64 KiB");
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) throw std::runtime_error("out of memory reading a PEM key");
    PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    // Failed decoders leave errors queued on this thread, where a later TLS
    // call on it would find and misread them.
    ERR_clear_error();
    if (key) return key;
    if (pem.find("PRIVATE KEY-----") != std::string_view::npos)
        throw std::invalid_argument(
            "a private key where a public key is expected (give the public half: "
            "openssl pkey -pubout)");
    throw std::invalid_argument("not a PEM public key (expected -----BEGIN PUBLIC KEY-----)");
}

bool is_p256(const EVP_PKEY *key) {
    std::array<char, 64> name{};
    if (EVP_PKEY_get_group_name(key, name.data(), name.size(), nullptr) != 1) return false;
    int nid = OBJ_sn2nid(name.data());
    if (nid == NID_undef) nid = EC_curve_nist2nid(name.data());
    return nid == NID_X9_62_prime256v1;
}

void check_fits(Algorithm algorithm, const EVP_PKEY *key) {
    switch (algorithm) {
    case Algorithm::HS256: break;
    case Algorithm::RS256:
        // "RSA" only: an RSA-PSS key is restricted to PSS padding, which RS256 does not use.
        if (!EVP_PKEY_is_a(key, "RSA")) throw std::invalid_argument("RS256 needs an RSA key");
        if (EVP_PKEY_get_bits(key) < kMinRsaBits)
            throw std::invalid_argument("RS256 needs an RSA key of at least 2048 bits");
        break;
    case Algorithm::ES256:
        if (!EVP_PKEY_is_a(key, "EC") || !is_p256(key))
            throw std::invalid_argument("ES256 needs an EC key on the P-256 curve");
        break;
    }
}

} // namespace

Key::Key(Algorithm algorithm, std::string_view material) : algorithm_(algorithm) {
    if (material.empty()) throw std::invalid_argument("empty key");
    if (algorithm == Algorithm::HS256) {
        if (material.size() < kMinHmacSecretBytes)
            throw std::invalid_argument("HS256 secret shorter than 32 bytes");
        secret_ = material;
        return;
    }
    public_key_ = read_public_pem(material);
    check_fits(algorithm, public_key_.get());
}

} // namespace chatd::auth::jwt
