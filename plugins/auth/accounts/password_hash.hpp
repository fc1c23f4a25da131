// Passwords as argon2id hashes in libsodium's string form ("$argon2id$v=19$
// m=...,t=...,p=1$salt$hash"), which carries its own parameters: a hash made
// with older settings still verifies, and needs_rehash says when to replace it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chatd::auth {

// argon2id's cost: passes over memory and memory in KiB. The defaults are
// libsodium's INTERACTIVE ones (about 0.1 s and 64 MiB per hash).
struct PasswordParams {
    uint64_t ops = 2;
    uint64_t mem_kib = 65536;
};

// The ranges check_password_params allows: libsodium's argon2id limits,
// memory capped at 4 GiB, since a config asking for more is a typo that
// would let every login exhaust the machine.
inline constexpr uint64_t kMinOps = 1;
inline constexpr uint64_t kMaxOps = 4294967295;
inline constexpr uint64_t kMinMemKib = 8;
inline constexpr uint64_t kMaxMemKib = uint64_t{4} * 1024 * 1024;

// Why params cannot be used, naming the allowed range, or nullopt.
std::optional<std::string> check_password_params(const PasswordParams &params);

// 1 to 1024 bytes. The bound keeps what a login may make the server hash
// small; the lower one refuses an empty password.
inline constexpr size_t kMaxPasswordBytes = 1024;
bool is_acceptable_password(std::string_view password);

// A fresh salt every call. Throws std::invalid_argument for a password that
// is not acceptable or params check_password_params refuses, and
// std::runtime_error when libsodium fails (out of memory).
std::string hash_password(std::string_view password, const PasswordParams &params);

// Whether password is the one hash was made from. False, never an exception,
// for a hash that is malformed or not one libsodium knows, and for a password
// that is not acceptable.
bool verify_password(std::string_view hash, std::string_view password);

// Whether hash was made with other params than these (or is no argon2id hash
// at all), so it should be replaced after the next successful login.
bool needs_rehash(std::string_view hash, const PasswordParams &params);

// Zeroes a string's whole buffer and empties it, so a password read into it
// does not linger in memory. Reserve the buffer before reading into it: a
// string that grows leaves its old buffers behind unzeroed.
void wipe_password(std::string &password) noexcept;

} // namespace chatd::auth
