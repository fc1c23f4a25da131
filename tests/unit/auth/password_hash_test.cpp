// argon2id hashes: a hash verifies its password and no other, malformed ones
// verify nothing without throwing, and a change of params asks for a rehash.
// Tests hash at argon2's cheapest (one pass over 8 KiB).
#include "accounts/password_hash.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace chatd::auth {
namespace {

constexpr PasswordParams kCheap{.ops = 1, .mem_kib = kMinMemKib};

TEST(PasswordHash, AHashVerifiesItsPasswordOnly) {
    const std::string hash = hash_password("correct horse", kCheap);
    EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
    EXPECT_EQ(hash.find("correct horse"), std::string::npos);
    EXPECT_TRUE(verify_password(hash, "correct horse"));
    EXPECT_FALSE(verify_password(hash, "correct horsE"));
    EXPECT_FALSE(verify_password(hash, "correct hors"));
}

TEST(PasswordHash, EveryHashHasItsOwnSalt) {
    EXPECT_NE(hash_password("same", kCheap), hash_password("same", kCheap));
}

TEST(PasswordHash, PasswordsMayHoldAnyBytes) {
    const std::string odd("a\0b\xff\n", 5);
    const std::string hash = hash_password(odd, kCheap);
    EXPECT_TRUE(verify_password(hash, odd));
    EXPECT_FALSE(verify_password(hash, "a"));
}

TEST(PasswordHash, AMalformedHashVerifiesNothingAndDoesNotThrow) {
    const std::string good = hash_password("pw", kCheap);
    for (std::string_view bad : {std::string_view(""), std::string_view("pw"),
                                 std::string_view("$argon2id$v=19$m=8,t=1,p=1$"),
                                 std::string_view(good).substr(0, good.size() - 3)})
        EXPECT_FALSE(verify_password(bad, "pw")) << bad;
    EXPECT_FALSE(verify_password(std::string(4096, '$'), "pw"));
    EXPECT_FALSE(verify_password(good + std::string(1, '\0'), "pw"));
}

TEST(PasswordHash, OnlyOneTo1024BytePasswordsAreAccepted) {
    EXPECT_FALSE(is_acceptable_password(""));
    EXPECT_TRUE(is_acceptable_password("x"));
    EXPECT_TRUE(is_acceptable_password(std::string(1024, 'x')));
    EXPECT_FALSE(is_acceptable_password(std::string(1025, 'x')));
    EXPECT_THROW(hash_password(std::string(1025, 'x'), kCheap), std::invalid_argument);
    EXPECT_THROW(hash_password("", kCheap), std::invalid_argument);
    const std::string hash = hash_password(std::string(1024, 'x'), kCheap);
    EXPECT_TRUE(verify_password(hash, std::string(1024, 'x')));
    EXPECT_FALSE(verify_password(hash, std::string(1025, 'x')));
}

TEST(PasswordHash, ParamsOutsideTheRangesAreRefusedNamingThem) {
    EXPECT_EQ(check_password_params({}), std::nullopt);
    EXPECT_EQ(check_password_params(kCheap), std::nullopt);
    EXPECT_EQ(check_password_params({.ops = kMaxOps, .mem_kib = kMaxMemKib}), std::nullopt);
    EXPECT_EQ(check_password_params({.ops = 0, .mem_kib = 8}),
              "argon2id ops must be from 1 to 4294967295, not 0");
    EXPECT_EQ(check_password_params({.ops = 1, .mem_kib = 7}),
              "argon2id memory must be from 8 to 4194304 KiB, not 7");
    EXPECT_TRUE(check_password_params({.ops = 1, .mem_kib = kMaxMemKib + 1}));
    EXPECT_TRUE(check_password_params({.ops = kMaxOps + 1, .mem_kib = 8}));
    EXPECT_THROW(hash_password("pw", {.ops = 0, .mem_kib = 8}), std::invalid_argument);
}

TEST(PasswordHash, TheDefaultsAreLibsodiumsInteractiveOnes) {
    EXPECT_EQ(PasswordParams{}.ops, 2u);
    EXPECT_EQ(PasswordParams{}.mem_kib, 65536u);
}

TEST(PasswordHash, ARehashIsNeededWhenTheParamsChange) {
    const std::string hash = hash_password("pw", kCheap);
    EXPECT_FALSE(needs_rehash(hash, kCheap));
    EXPECT_TRUE(needs_rehash(hash, {.ops = 2, .mem_kib = kCheap.mem_kib}));
    EXPECT_TRUE(needs_rehash(hash, {.ops = 1, .mem_kib = 16}));
    EXPECT_TRUE(needs_rehash("not a hash", kCheap));
}

TEST(PasswordHash, WipingZeroesAndEmptiesTheString) {
    std::string password;
    password.reserve(64);
    password = "secret";
    const char *buffer = password.data();
    wipe_password(password);
    EXPECT_TRUE(password.empty());
    EXPECT_EQ(password.data(), buffer) << "wiped in place, not moved";
    EXPECT_EQ(std::string_view(buffer, 6), std::string(6, '\0'));
}

} // namespace
} // namespace chatd::auth
