#include "accounts/password_hash.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace chatd::auth {

namespace {

static_assert(kMinOps == crypto_pwhash_argon2id_OPSLIMIT_MIN);
static_assert(kMaxOps == crypto_pwhash_argon2id_OPSLIMIT_MAX);
static_assert(kMinMemKib * 1024 == crypto_pwhash_argon2id_MEMLIMIT_MIN);
static_assert(kMaxMemKib * 1024 <= crypto_pwhash_argon2id_MEMLIMIT_MAX);

// libsodium's string form is NUL-terminated and at most this long, NUL
// included.
using HashText = std::array<char, crypto_pwhash_argon2id_STRBYTES>;

void init_sodium() {
    // Once per process; a function-local static is initialised exactly once
    // even when threads race here.
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium cannot be initialised");
}

// The hash as libsodium reads it, or nullopt when it cannot be one.
std::optional<HashText> hash_text(std::string_view hash) {
    if (hash.size() >= HashText().size() || hash.find('\0') != std::string_view::npos)
        return std::nullopt;
    HashText text{};
    hash.copy(text.data(), hash.size());
    return text;
}

size_t mem_bytes(const PasswordParams &params) { return params.mem_kib * 1024; }

} // namespace

std::optional<std::string> check_password_params(const PasswordParams &params) {
    if (params.ops < kMinOps || params.ops > kMaxOps)
        return "argon2id ops must be from " + std::to_string(kMinOps) + " to " +
               std::to_string(kMaxOps) + ", not " + std::to_string(params.ops);
    if (params.mem_kib < kMinMemKib || params.mem_kib > kMaxMemKib)
        return "argon2id memory must be from " + std::to_string(kMinMemKib) + " to " +
               std::to_string(kMaxMemKib) + " KiB, not " + std::to_string(params.mem_kib);
    return std::nullopt;
}

bool is_acceptable_password(std::string_view password) {
    return !password.empty() && password.size() <= kMaxPasswordBytes;
}

std::string hash_password(std::string_view password, const PasswordParams &params) {
    if (!is_acceptable_password(password))
        throw std::invalid_argument("a password must be 1 to " + std::to_string(kMaxPasswordBytes) +
                                    " bytes");
    if (auto why = check_password_params(params)) throw std::invalid_argument(*why);
    init_sodium();
    HashText out{};
    if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), params.ops,
                              mem_bytes(params), crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("argon2id could not hash a password with " +
                                 std::to_string(params.mem_kib) + " KiB (out of memory?)");
    return out.data();
}

bool verify_password(std::string_view hash, std::string_view password) {
    const auto text = hash_text(hash);
    if (!text || !is_acceptable_password(password)) return false;
    init_sodium();
    return crypto_pwhash_str_verify(text->data(), password.data(), password.size()) == 0;
}

bool needs_rehash(std::string_view hash, const PasswordParams &params) {
    const auto text = hash_text(hash);
    if (!text) return true;
    init_sodium();
    // 0: made with exactly these params; 1: other params; -1: not argon2id.
    return crypto_pwhash_argon2id_str_needs_rehash(text->data(), params.ops, mem_bytes(params)) !=
           0;
}

void wipe_password(std::string &password) noexcept {
    // Growing to the capacity reallocates nothing and makes every byte of the
    // buffer part of the string, so all of it may be written.
    password.resize(password.capacity());
    sodium_memzero(password.data(), password.size());
    password.clear();
}

} // namespace chatd::auth
