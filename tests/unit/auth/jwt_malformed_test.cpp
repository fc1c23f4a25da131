// Tokens that are not three base64url segments around a JSON object header
// and payload are refused as malformed, and an oversized one before any
// decoding.
#include "base64url.hpp"
#include "jwt_fixture.hpp"

#include <gtest/gtest.h>

namespace chatd::auth::jwt {
namespace {

class JwtMalformed : public ::testing::Test {
protected:
    Verifier verifier{options(Algorithm::HS256)};
    std::string good = token(Algorithm::HS256);
    std::string header = good.substr(0, good.find('.'));
    std::string payload = good.substr(header.size() + 1, good.rfind('.') - header.size() - 1);
    std::string signature = good.substr(good.rfind('.') + 1);

    // A token whose header and payload are these encoded texts, signed.
    std::string signed_as(std::string_view raw_header, std::string_view raw_payload) {
        const std::string input =
            base64url_encode(raw_header) + "." + base64url_encode(raw_payload);
        return mint::join(input, sign(Algorithm::HS256, input));
    }
};

TEST_F(JwtMalformed, TheHonestTokenTheseTamperWithIsAccepted) {
    EXPECT_EQ(outcome(verifier, header + "." + payload + "." + signature), "accepted");
}

TEST_F(JwtMalformed, AnythingButThreeSegmentsIsMalformed) {
    for (const std::string &token :
         {std::string(), std::string("."), header, header + "." + payload,
          header + "." + payload + "." + signature + "." + signature,
          header + "." + payload + "." + signature + "."})
        EXPECT_EQ(outcome(verifier, token), "malformed token") << token;
}

TEST_F(JwtMalformed, ASegmentThatIsNotCanonicalBase64urlIsMalformed) {
    const auto spoil = [](const std::string &segment) {
        return std::vector<std::string>{
            segment + "=",           segment + "==",          " " + segment, segment + "\n",
            "+" + segment.substr(1), "/" + segment.substr(1), segment + "~", segment + "%3D"};
    };
    for (const std::string &bad : spoil(header))
        EXPECT_EQ(outcome(verifier, bad + "." + payload + "." + signature), "malformed token")
            << bad;
    for (const std::string &bad : spoil(payload))
        EXPECT_EQ(outcome(verifier, header + "." + bad + "." + signature), "malformed token")
            << bad;
    for (const std::string &bad : spoil(signature))
        EXPECT_EQ(outcome(verifier, header + "." + payload + "." + bad), "malformed token") << bad;
}

TEST_F(JwtMalformed, AHeaderThatIsNoJsonObjectIsMalformed) {
    const std::string claims_text = claims().dump();
    for (const char *bad : {"", "not json", R"({"alg":"HS256")", R"(["HS256"])", R"("HS256")",
                            "null", R"({"alg":"HS256"} trailing)"})
        EXPECT_EQ(outcome(verifier, signed_as(bad, claims_text)), "malformed token") << bad;
}

TEST_F(JwtMalformed, ASignedPayloadThatIsNoJsonObjectIsMalformed) {
    const std::string header_text = mint::header("HS256").dump();
    for (const char *bad : {"", "exp", R"([{"exp":1}])", "1764547800", "\xff\xfe"})
        EXPECT_EQ(outcome(verifier, signed_as(header_text, bad)), "malformed token") << bad;
}

TEST_F(JwtMalformed, ATokenOverTheBoundIsRefusedBeforeDecodingAndOneJustUnderIsAccepted) {
    const size_t overhead = token(Algorithm::HS256, {{"pad", ""}}).size();
    const std::string fits =
        token(Algorithm::HS256, {{"pad", std::string((kMaxTokenBytes - overhead) * 3 / 4, 'x')}});
    ASSERT_LE(fits.size(), kMaxTokenBytes);
    ASSERT_GT(fits.size(), kMaxTokenBytes - 8);
    EXPECT_EQ(outcome(verifier, fits), "accepted");
    EXPECT_EQ(outcome(verifier, std::string(kMaxTokenBytes + 1, 'A')), "token too long");
    EXPECT_EQ(outcome(verifier, std::string(1 << 20, '.')), "token too long");
}

// The bound leaves room for a few thousand levels of nesting; parsing and
// freeing them must not exhaust the stack.
TEST_F(JwtMalformed, DeepNestingWithinTheBoundIsHandled) {
    EXPECT_EQ(outcome(verifier, signed_as(std::string(6000, '['), claims().dump())),
              "malformed token");
    const std::string nested = std::string(2000, '[') + std::string(2000, ']');
    const std::string payload_text =
        R"({"exp":)" + std::to_string(kNow) + R"(,"n":)" + nested + "}";
    EXPECT_EQ(outcome(verifier, signed_as(mint::header("HS256").dump(), payload_text)), "accepted");
}

} // namespace
} // namespace chatd::auth::jwt
