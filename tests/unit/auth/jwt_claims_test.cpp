// The claims of a token whose signature is good: exp is required, exp, nbf
// and iat are held to `now` within the leeway, iss and aud to the
// configuration when it names them.
#include "jwt_fixture.hpp"

#include <gtest/gtest.h>

namespace chatd::auth::jwt {
namespace {

class JwtClaims : public ::testing::Test {
protected:
    // With the default leeway of 30 s.
    std::string check(const json &payload, const VerifierOptions &configured) {
        return outcome(Verifier(configured),
                       token(Algorithm::HS256, mint::header("HS256"), payload));
    }
    std::string check(const json &payload) { return check(payload, options(Algorithm::HS256)); }

    VerifierOptions with_issuer_and_audience() {
        VerifierOptions configured = options(Algorithm::HS256);
        configured.issuer = "https://id.example";
        configured.audience = "chatd";
        return configured;
    }
};

TEST_F(JwtClaims, ATokenWithoutExpIsRefused) {
    EXPECT_EQ(check({{"sub", "alice"}}), "missing exp");
}

TEST_F(JwtClaims, ExpIsExpiredOnlyPastTheLeeway) {
    EXPECT_EQ(check(claims({{"exp", kNow - 31}})), "expired");
    EXPECT_EQ(check(claims({{"exp", kNow - 30}})), "accepted");
    EXPECT_EQ(check(claims({{"exp", kNow}})), "accepted");
}

TEST_F(JwtClaims, ALeewayOfZeroExpiresAtExp) {
    VerifierOptions strict = options(Algorithm::HS256);
    strict.leeway = std::chrono::seconds(0);
    EXPECT_EQ(check(claims({{"exp", kNow}}), strict), "accepted");
    EXPECT_EQ(check(claims({{"exp", kNow - 1}}), strict), "expired");
}

TEST_F(JwtClaims, NbfIsNotYetValidOnlyBeyondTheLeeway) {
    EXPECT_EQ(check(claims({{"nbf", kNow + 31}})), "not yet valid");
    EXPECT_EQ(check(claims({{"nbf", kNow + 30}})), "accepted");
    EXPECT_EQ(check(claims({{"nbf", kNow - 600}})), "accepted");
}

TEST_F(JwtClaims, IatMayNotBeInTheFutureBeyondTheLeeway) {
    EXPECT_EQ(check(claims({{"iat", kNow + 31}})), "issued in the future");
    EXPECT_EQ(check(claims({{"iat", kNow + 30}})), "accepted");
}

TEST_F(JwtClaims, TimesMustBeNumbers) {
    EXPECT_EQ(check(claims({{"exp", std::to_string(kNow + 600)}})), "malformed exp");
    EXPECT_EQ(check(claims({{"exp", nullptr}})), "malformed exp");
    EXPECT_EQ(check(claims({{"nbf", true}})), "malformed nbf");
    EXPECT_EQ(check(claims({{"iat", json::array({kNow})}})), "malformed iat");
}

TEST_F(JwtClaims, TimesMayHaveAFractionAndBeHugeWithoutOverflow) {
    EXPECT_EQ(check(claims({{"exp", static_cast<double>(kNow) - 30.5}})), "expired");
    EXPECT_EQ(check(claims({{"exp", static_cast<double>(kNow) + 0.5}})), "accepted");
    EXPECT_EQ(check(claims({{"exp", UINT64_MAX}})), "accepted");
    EXPECT_EQ(check(claims({{"exp", INT64_MIN}})), "expired");
    EXPECT_EQ(check(claims({{"nbf", 1e300}})), "not yet valid");
}

TEST_F(JwtClaims, IssuerAndAudienceAreNotCheckedUnlessConfigured) {
    EXPECT_EQ(check(claims({{"iss", "anyone"}, {"aud", 42}})), "accepted");
}

TEST_F(JwtClaims, TheIssuerMustBeExactlyTheConfiguredOne) {
    const VerifierOptions configured = with_issuer_and_audience();
    EXPECT_EQ(check(claims({{"iss", "https://id.example"}, {"aud", "chatd"}}), configured),
              "accepted");
    for (const json &iss : {json("https://id.example/"), json("https://ID.example"), json(1),
                            json::array({"https://id.example"})})
        EXPECT_EQ(check(claims({{"iss", iss}, {"aud", "chatd"}}), configured), "wrong issuer")
            << iss;
    EXPECT_EQ(check(claims({{"aud", "chatd"}}), configured), "wrong issuer");
}

TEST_F(JwtClaims, TheAudienceMayBeAStringOrAnArrayContainingIt) {
    const VerifierOptions configured = with_issuer_and_audience();
    const auto with_aud = [](const json &aud) {
        return claims({{"iss", "https://id.example"}, {"aud", aud}});
    };
    EXPECT_EQ(check(with_aud(json::array({"mail", "chatd"})), configured), "accepted");
    EXPECT_EQ(check(with_aud(json::array({"mail", "wiki"})), configured), "wrong audience");
    EXPECT_EQ(check(with_aud(json::array()), configured), "wrong audience");
    EXPECT_EQ(check(with_aud("chatd-admin"), configured), "wrong audience");
    EXPECT_EQ(check(with_aud(json::array({json::array({"chatd"})})), configured), "wrong audience");
    EXPECT_EQ(check(claims({{"iss", "https://id.example"}}), configured), "wrong audience");
}

} // namespace
} // namespace chatd::auth::jwt
