// What a Verifier accepts as configuration: the algorithm by its exact
// name, and only a key that fits it, refused at construction with a reason
// an operator can act on and that never quotes the key.
#include "jwt_fixture.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace chatd::auth::jwt {
namespace {

// The reason the construction gave, or "accepted".
std::string refusal(const VerifierOptions &options) {
    try {
        Verifier verifier(options);
        return "accepted";
    } catch (const std::invalid_argument &e) {
        return e.what();
    }
}

TEST(JwtAlgorithm, IsParsedOnlyFromItsExactName) {
    EXPECT_EQ(parse_algorithm("HS256"), Algorithm::HS256);
    EXPECT_EQ(parse_algorithm("RS256"), Algorithm::RS256);
    EXPECT_EQ(parse_algorithm("ES256"), Algorithm::ES256);
    for (const char *name : {"hs256", "none", "None", "", "HS384", "RS256 ", "PS256"})
        EXPECT_EQ(parse_algorithm(name), std::nullopt) << name;
}

TEST(JwtKey, AnHs256SecretNeedsAtLeast32Bytes) {
    EXPECT_EQ(refusal({.algorithm = Algorithm::HS256, .key = std::string(31, 'k')}),
              "HS256 secret shorter than 32 bytes");
    EXPECT_EQ(refusal({.algorithm = Algorithm::HS256, .key = std::string(32, 'k')}), "accepted");
}

TEST(JwtKey, AnEmptyKeyIsRefusedForEveryAlgorithm) {
    for (Algorithm algorithm : {Algorithm::HS256, Algorithm::RS256, Algorithm::ES256})
        EXPECT_EQ(refusal({.algorithm = algorithm}), "empty key") << algorithm_name(algorithm);
}

TEST(JwtKey, TextThatIsNoPemPublicKeyIsRefusedWithoutBeingQuoted) {
    const std::string garbage = "-----BEGIN PUBLIC KEY-----\nc2VjcmV0LWlzaA==\n-----END PUBLIC "
                                "KEY-----\n";
    for (const std::string &key : {garbage, kSecret, keys().rsa.public_pem().substr(0, 200)}) {
        const std::string reason = refusal({.algorithm = Algorithm::RS256, .key = key});
        EXPECT_EQ(reason, "not a PEM public key (expected -----BEGIN PUBLIC KEY-----)");
    }
}

TEST(JwtKey, APrivateKeyIsRefusedAndSaysSo) {
    for (const auto &[algorithm, pair] :
         {std::pair{Algorithm::RS256, &keys().rsa}, std::pair{Algorithm::ES256, &keys().ec}}) {
        const std::string reason = refusal({.algorithm = algorithm, .key = pair->private_pem()});
        EXPECT_NE(reason.find("private key"), std::string::npos) << reason;
    }
}

TEST(JwtKey, AKeyOfTheWrongTypeIsRefused) {
    EXPECT_EQ(refusal({.algorithm = Algorithm::ES256, .key = keys().rsa.public_pem()}),
              "ES256 needs an EC key on the P-256 curve");
    EXPECT_EQ(refusal({.algorithm = Algorithm::RS256, .key = keys().ec.public_pem()}),
              "RS256 needs an RSA key");
    EXPECT_EQ(
        refusal({.algorithm = Algorithm::ES256, .key = mint::KeyPair::ec("P-384").public_pem()}),
        "ES256 needs an EC key on the P-256 curve");
    EXPECT_EQ(
        refusal({.algorithm = Algorithm::RS256, .key = mint::KeyPair::rsa(1024).public_pem()}),
        "RS256 needs an RSA key of at least 2048 bits");
}

TEST(JwtKey, APublicKeyFittingItsAlgorithmIsAccepted) {
    EXPECT_EQ(refusal(options(Algorithm::RS256)), "accepted");
    EXPECT_EQ(refusal(options(Algorithm::ES256)), "accepted");
}

TEST(JwtKey, ANegativeLeewayIsRefused) {
    VerifierOptions negative = options(Algorithm::HS256);
    negative.leeway = std::chrono::seconds(-1);
    EXPECT_EQ(refusal(negative), "negative leeway");
}

} // namespace
} // namespace chatd::auth::jwt
