// JWT mode: a token in the upgrade request (query, cookie or bearer header)
// lets the connection in before its hello, a bad one is refused with 401;
// or an `auth` frame carries it. The claims name the user and the roles.
#include "auth_fixture.hpp"
#include "support/jwt_mint.hpp"

#include <ctime>

namespace chatd::auth::testing {
namespace {

namespace mint = chatd::test::jwt;

const std::string kSecret = "0123456789abcdef0123456789abcdef"; // 32 bytes

int64_t now() { return static_cast<int64_t>(std::time(nullptr)); }

json claims(const std::string &user, json roles = json::array(), int64_t expires_in = 600) {
    return {{"sub", user}, {"exp", now() + expires_in}, {"roles", std::move(roles)}};
}

class JwtModeTest : public AuthTest {
protected:
    void SetUp() override {
        host.set_config_string("mode", "jwt");
        host.set_config_string("jwt_secret", kSecret);
    }
    chatd::test::HttpRefusal
    refused(std::string_view target,
            std::vector<std::pair<std::string, std::string>> headers = {}) {
        auto result = host.upgrade(target, std::move(headers));
        EXPECT_TRUE(std::holds_alternative<chatd::test::HttpRefusal>(result));
        return std::holds_alternative<chatd::test::HttpRefusal>(result)
                   ? std::get<chatd::test::HttpRefusal>(result)
                   : chatd::test::HttpRefusal{0, {}};
    }
    // The frames of a connection let in by its upgrade request.
    Frames admitted(std::string_view target,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
        auto result = host.upgrade(target, std::move(headers));
        if (!std::holds_alternative<chatd_conn_id>(result)) {
            ADD_FAILURE() << "refused: " << std::get<chatd::test::HttpRefusal>(result).body;
            return {};
        }
        return host.take(std::get<chatd_conn_id>(result));
    }
};

TEST_F(JwtModeTest, AValidTokenInTheUpgradeLetsTheConnectionInBeforeItsHello) {
    load();
    const std::string token = mint::mint_hs256(kSecret, claims("ann", {"moderator", "wizard"}));
    const Frames frames = admitted("/chat?access_token=" + token);
    ASSERT_EQ(frames.size(), 3u) << json(frames).dump();
    EXPECT_EQ(frames[0]["type"], "hello");
    EXPECT_EQ(frames[0]["ready"], true);
    EXPECT_EQ(frames[0]["user"], "ann");
    EXPECT_EQ(frames[1], json({{"type", "auth_ok"},
                               {"user", "ann"},
                               {"roles", json::array({"user", "moderator"})}}));
    EXPECT_EQ(frames[2]["type"], "joined");
    EXPECT_FALSE(logged(token));
}

TEST_F(JwtModeTest, TheTokenMayComeAsABearerHeaderOrACookie) {
    host.set_config_string("cookie_name", "session");
    load();
    const std::string token = mint::mint_hs256(kSecret, claims("ann"));
    EXPECT_EQ(admitted("/chat", {{"Authorization", "Bearer " + token}})[0]["user"], "ann");
    EXPECT_EQ(admitted("/chat", {{"Cookie", "theme=dark; session=" + token}})[0]["user"], "ann");
}

TEST_F(JwtModeTest, ABadTokenInTheUpgradeIsRefusedWith401) {
    load();
    const std::string other = "another secret of thirty-two b..";
    EXPECT_EQ(refused("/chat?access_token=" + mint::mint_hs256(other, claims("ann"))).status, 401u);
    EXPECT_EQ(
        refused("/chat?access_token=" + mint::mint_hs256(kSecret, claims("ann", {}, -3600))).status,
        401u);
    EXPECT_EQ(refused("/chat?access_token=garbage").status, 401u);
    EXPECT_EQ(refused("/chat", {{"Authorization", "Basic YWxpY2U6eA=="}}).status, 401u);
    // A subject that is no user name (or could pass for a guest) is refused too.
    EXPECT_EQ(refused("/chat?access_token=" + mint::mint_hs256(kSecret, claims("guest-3"))).status,
              401u);
}

TEST_F(JwtModeTest, RepeatedBadTokensFromOneAddressAreAnswered429) {
    host.set_config_int("max_failures", 2);
    load();
    refused("/chat?access_token=garbage");
    refused("/chat?access_token=garbage");
    const std::string good = mint::mint_hs256(kSecret, claims("ann"));
    EXPECT_EQ(refused("/chat?access_token=" + good).status, 429u);
}

TEST_F(JwtModeTest, AnAuthFrameCarriesTheTokenWhenTheUpgradeDidNot) {
    load();
    const chatd_conn_id conn = host.connect();
    EXPECT_EQ(host.take(conn)[0]["ready"], false);

    const std::string expired = mint::mint_hs256(kSecret, claims("ann", {}, -3600));
    Frames answer =
        host.run_frame(conn, json({{"type", "auth"}, {"token", expired}, {"id", 1}}).dump());
    ASSERT_EQ(answer.size(), 1u);
    EXPECT_EQ(without_message(answer[0]),
              json({{"type", "error"}, {"id", 1}, {"code", "not_authenticated"}}));

    const std::string token = mint::mint_hs256(kSecret, claims("ann", "admin moderator"));
    answer = host.run_frame(conn, json({{"type", "auth"}, {"token", token}, {"id", 2}}).dump());
    ASSERT_EQ(answer.size(), 2u) << json(answer).dump();
    EXPECT_EQ(answer[0], json({{"type", "auth_ok"},
                               {"id", 2},
                               {"user", "ann"},
                               {"roles", json::array({"user", "admin", "moderator"})}}));
    EXPECT_EQ(answer[1]["type"], "joined");
    EXPECT_TRUE(has_role(conn, "admin"));
    EXPECT_FALSE(logged(token));
    EXPECT_FALSE(logged(expired));
}

TEST_F(JwtModeTest, RolesTheConfigNamesAreKept) {
    host.set_config_strings("roles", {"wizard"});
    load();
    const std::string token = mint::mint_hs256(kSecret, claims("ann", {"wizard", "king"}));
    EXPECT_EQ(admitted("/chat?access_token=" + token)[1]["roles"], json::array({"user", "wizard"}));
}

TEST_F(JwtModeTest, AnRs256KeyFileIsUsedAndAnHs256ForgeryWithItsTextIsRefused) {
    const mint::KeyPair key = mint::KeyPair::rsa();
    const auto pem = files.write("public.pem", key.public_pem());
    host.set_config_string("jwt_algorithm", "RS256");
    host.set_config_string("jwt_secret", "");
    host.set_config_string("jwt_key_file", pem.string());
    load();
    EXPECT_EQ(admitted("/chat?access_token=" + mint::mint_rs256(key, claims("ann")))[0]["user"],
              "ann");
    const std::string forged = mint::mint_hs256(key.public_pem(), claims("mallory", {"admin"}));
    EXPECT_EQ(refused("/chat?access_token=" + forged).status, 401u);
}

struct BadConfig {
    std::vector<std::pair<std::string, std::string>> strings;
    std::string expected; // in the refusal
};

TEST_F(JwtModeTest, AKeyThatCannotBeUsedRefusesThePlugin) {
    for (const BadConfig &bad : std::vector<BadConfig>{
             {{{"jwt_secret", "thirty-one bytes, one too few.."}}, "jwt_secret"},
             {{{"jwt_secret", ""}}, "needs jwt_secret (HS256) or jwt_key_file"},
             {{{"jwt_algorithm", "none"}}, "jwt_algorithm"},
             {{{"jwt_algorithm", "RS256"}}, "jwt_secret is for HS256"},
         }) {
        TestHost other;
        other.set_config_string("mode", "jwt");
        other.set_config_string("jwt_secret", kSecret);
        for (const auto &[key, value] : bad.strings)
            other.set_config_string(key, value);
        const std::string refusal = other.load(CHATD_AUTH_PLUGIN);
        EXPECT_NE(refusal.find(bad.expected), std::string::npos) << refusal;
    }
}

} // namespace
} // namespace chatd::auth::testing
