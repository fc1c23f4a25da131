// The header and the signature: the configured algorithm and key decide how
// a token is checked, never the token, so alg:none, another algorithm and
// the algorithm-confusion forgery are refused before or at the signature.
#include "base64url.hpp"
#include "jwt_fixture.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace chatd::auth::jwt {
namespace {

// `token` with byte `i` of its signature changed.
std::string flip_signature_byte(const std::string &token, size_t i) {
    const size_t dot = token.rfind('.');
    std::string signature = *base64url_decode(token.substr(dot + 1));
    signature.at(i) = static_cast<char>(signature[i] ^ 0x01);
    return mint::join(token.substr(0, dot), signature);
}

class JwtSignature : public ::testing::TestWithParam<Algorithm> {
protected:
    Algorithm algorithm = GetParam();
    Verifier verifier{options(algorithm)};
};

INSTANTIATE_TEST_SUITE_P(EveryAlgorithm, JwtSignature,
                         ::testing::Values(Algorithm::HS256, Algorithm::RS256, Algorithm::ES256),
                         [](const auto &test) { return std::string(algorithm_name(test.param)); });

TEST_P(JwtSignature, AnHonestTokenGivesItsClaims) {
    const auto result = verifier.verify(token(algorithm, {{"role", "admin"}}), kNow);
    ASSERT_TRUE(std::holds_alternative<json>(result)) << std::get<Failure>(result).reason;
    EXPECT_EQ(std::get<json>(result), claims({{"role", "admin"}}));
}

TEST_P(JwtSignature, AnyFlippedSignatureByteIsABadSignature) {
    const std::string good = token(algorithm);
    const size_t size = base64url_decode(good.substr(good.rfind('.') + 1))->size();
    for (size_t i : {size_t{0}, size / 2, size - 1})
        EXPECT_EQ(outcome(verifier, flip_signature_byte(good, i)), "bad signature") << "byte " << i;
}

TEST_P(JwtSignature, ClaimsChangedAfterSigningAreABadSignature) {
    const std::string input =
        mint::signing_input(mint::header(algorithm_name(algorithm)), claims());
    const std::string signature = sign(algorithm, input);
    const std::string forged =
        mint::signing_input(mint::header(algorithm_name(algorithm)), claims({{"sub", "mallory"}}));
    EXPECT_EQ(outcome(verifier, mint::join(forged, signature)), "bad signature");
}

TEST_P(JwtSignature, AnEmptySignatureIsABadSignature) {
    const std::string input =
        mint::signing_input(mint::header(algorithm_name(algorithm)), claims());
    EXPECT_EQ(outcome(verifier, input + "."), "bad signature");
}

TEST_P(JwtSignature, AlgNoneIsRefusedInEverySpellingWithOrWithoutASignature) {
    for (const char *none : {"none", "None", "NONE", "nOnE"}) {
        const std::string input = mint::signing_input(mint::header(none), claims());
        EXPECT_EQ(outcome(verifier, input + "."), "algorithm not allowed") << none;
        EXPECT_EQ(outcome(verifier, mint::join(input, "junk")), "algorithm not allowed") << none;
        EXPECT_EQ(outcome(verifier, mint::join(input, sign(algorithm, input))),
                  "algorithm not allowed")
            << none;
    }
}

TEST_P(JwtSignature, AHeaderWithoutAStringAlgIsRefused) {
    for (const json &header : {json{{"typ", "JWT"}}, json{{"alg", 256}}, json{{"alg", nullptr}},
                               json{{"alg", {algorithm_name(algorithm)}}}})
        EXPECT_EQ(outcome(verifier, token(algorithm, header, claims())), "algorithm not allowed")
            << header;
}

TEST_P(JwtSignature, TypMayBeAbsentOrJwtInAnyCaseAndNothingElse) {
    const std::string alg(algorithm_name(algorithm));
    EXPECT_EQ(outcome(verifier, token(algorithm, {{"alg", alg}}, claims())), "accepted");
    EXPECT_EQ(outcome(verifier, token(algorithm, {{"alg", alg}, {"typ", "jwt"}}, claims())),
              "accepted");
    for (const json &typ : {json("at+jwt"), json("JWS"), json(1)})
        EXPECT_EQ(outcome(verifier, token(algorithm, {{"alg", alg}, {"typ", typ}}, claims())),
                  "not a JWT")
            << typ;
}

TEST_P(JwtSignature, AnyCritIsRefused) {
    const json header = {{"alg", algorithm_name(algorithm)}, {"crit", {"exp"}}, {"exp", 1}};
    EXPECT_EQ(outcome(verifier, token(algorithm, header, claims())), "crit not supported");
}

TEST_P(JwtSignature, ASignatureByAnotherKeyIsABadSignature) {
    const std::string input =
        mint::signing_input(mint::header(algorithm_name(algorithm)), claims());
    std::string other;
    switch (algorithm) {
    case Algorithm::HS256: other = mint::hs256("another secret of at least 32 bytes", input); break;
    case Algorithm::RS256: other = mint::rs256(keys().other_rsa, input); break;
    case Algorithm::ES256: other = mint::es256(keys().other_ec, input); break;
    }
    EXPECT_EQ(outcome(verifier, mint::join(input, other)), "bad signature");
}

TEST_P(JwtSignature, TwoThreadsOnOneVerifierEachGetTheRightAnswers) {
    const std::string good = token(algorithm);
    const std::string bad = flip_signature_byte(good, 5);
    std::atomic<int> wrong{0};
    auto work = [&] {
        for (int i = 0; i < 100; ++i) {
            wrong += outcome(verifier, good) != "accepted";
            wrong += outcome(verifier, bad) != "bad signature";
        }
    };
    std::thread other(work);
    work();
    other.join();
    EXPECT_EQ(wrong.load(), 0);
}

TEST(JwtAlgorithmChoice, ATokenForAnotherAlgorithmIsRefused) {
    const Verifier hs256(options(Algorithm::HS256));
    const Verifier rs256(options(Algorithm::RS256));
    const Verifier es256(options(Algorithm::ES256));
    EXPECT_EQ(outcome(hs256, token(Algorithm::RS256)), "algorithm not allowed");
    EXPECT_EQ(outcome(rs256, token(Algorithm::HS256)), "algorithm not allowed");
    EXPECT_EQ(outcome(rs256, token(Algorithm::ES256)), "algorithm not allowed");
    EXPECT_EQ(outcome(es256, token(Algorithm::RS256)), "algorithm not allowed");
}

// The forgery Debian's libjwt 1.10.2 lets through: the attacker knows the
// public key, so an HMAC keyed with its PEM text is easy to make.
TEST(JwtAlgorithmChoice, AnHmacKeyedWithThePublicKeyTextIsRefused) {
    for (Algorithm configured : {Algorithm::RS256, Algorithm::ES256}) {
        const Verifier verifier(options(configured));
        const std::string public_pem = options(configured).key;
        const std::string as_hs256 = mint::signing_input(mint::header("HS256"), claims());
        EXPECT_EQ(outcome(verifier, mint::join(as_hs256, mint::hs256(public_pem, as_hs256))),
                  "algorithm not allowed");
        const std::string as_configured =
            mint::signing_input(mint::header(algorithm_name(configured)), claims());
        EXPECT_EQ(
            outcome(verifier, mint::join(as_configured, mint::hs256(public_pem, as_configured))),
            "bad signature");
    }
}

TEST(JwtEs256, OnlyTheRawSixtyFourByteFormIsAccepted) {
    const Verifier verifier(options(Algorithm::ES256));
    const std::string input = mint::signing_input(mint::header("ES256"), claims());
    EXPECT_EQ(outcome(verifier, mint::join(input, mint::es256_der(keys().ec, input))),
              "bad signature");
    const std::string raw = mint::es256(keys().ec, input);
    EXPECT_EQ(outcome(verifier, mint::join(input, raw + '\0')), "bad signature");
    EXPECT_EQ(outcome(verifier, mint::join(input, raw.substr(1))), "bad signature");
    EXPECT_EQ(outcome(verifier, mint::join(input, std::string(64, '\0'))), "bad signature");
    EXPECT_EQ(outcome(verifier, mint::join(input, raw)), "accepted");
}

} // namespace
} // namespace chatd::auth::jwt
