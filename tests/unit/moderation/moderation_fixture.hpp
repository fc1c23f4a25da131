// The moderation plugin behind auth (jwt mode, so connections have roles)
// and rooms in the test host, as chatd loads them, its database in the
// test's own directory so a second host can open it after the first.
#pragma once

#include "roles_fixture.hpp"

namespace chatd::moderation::testing {

using chatd::auth::testing::Frames;
using chatd::auth::testing::json;
using chatd::test::TestHost;

class ModerationTest : public chatd::auth::testing::RolesTest {
protected:
    void SetUp() override { load_on(host); }

    void load_on(TestHost &on) {
        on.set_config_string("mode", "jwt");
        on.set_config_string("jwt_secret", std::string(kSecret));
        ASSERT_EQ(on.load(CHATD_AUTH_PLUGIN), "");
        ASSERT_EQ(on.load(CHATD_ROOMS_PLUGIN), "");
        on.set_config_string("database", moderation_db().string());
        configure_moderation(on);
        ASSERT_EQ(on.load(CHATD_MODERATION_PLUGIN), "");
    }
    // More [plugins.moderation] values, for a fixture of limits.
    virtual void configure_moderation(TestHost &) {}
    std::filesystem::path moderation_db() const { return files.path() / "moderation.db"; }

    chatd_conn_id moderator(const std::string &name = "mia") { return as(name, {"moderator"}); }
    chatd_conn_id user(const std::string &name) { return as(name, {"user"}); }

    // Sends a command with an id and returns its answer.
    json command(chatd_conn_id conn, json frame) {
        frame["id"] = ++next_id_;
        return answer(conn, frame);
    }
    // Whether any frame conn has been sent since it was last read is a
    // moderation event of `action`.
    bool saw_event(chatd_conn_id conn, const std::string &action) {
        host.settle();
        for (const json &frame : host.take(conn))
            if (frame.value("type", "") == "moderation" && frame.value("action", "") == action)
                return true;
        return false;
    }

private:
    int next_id_ = 0;
};

} // namespace chatd::moderation::testing
