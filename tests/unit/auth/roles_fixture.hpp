// Connections with roles, let in by tokens in jwt mode, and the answer to a
// frame of theirs, which may come from another thread later.
#pragma once

#include "auth_fixture.hpp"
#include "support/jwt_mint.hpp"

#include <ctime>

namespace chatd::auth::testing {

class RolesTest : public AuthTest {
protected:
    static constexpr std::string_view kSecret = "0123456789abcdef0123456789abcdef";

    // A connection let in by a token with `roles`, its greeting read.
    chatd_conn_id as(const std::string &user, const std::vector<std::string> &roles) {
        return as_on(host, user, roles);
    }
    chatd_conn_id as_on(TestHost &on, const std::string &user,
                        const std::vector<std::string> &roles) {
        const json claims = {{"sub", user},
                             {"exp", static_cast<int64_t>(std::time(nullptr)) + 600},
                             {"roles", roles}};
        const auto upgraded = on.upgrade(
            "/chat?access_token=" + chatd::test::jwt::mint_hs256(std::string(kSecret), claims));
        EXPECT_TRUE(std::holds_alternative<chatd_conn_id>(upgraded));
        const chatd_conn_id conn = std::get<chatd_conn_id>(upgraded);
        on.take(conn);
        return conn;
    }
    void jwt_mode() {
        host.set_config_string("mode", "jwt");
        host.set_config_string("jwt_secret", std::string(kSecret));
    }
    // The answer to `frame` (which has an id); null if none came in time. A
    // stage that stores before it answers (a topic, an invitation) answers
    // later, and the connection's later frames wait for it: hence the wait.
    json answer(chatd_conn_id conn, const json &frame) { return answer_on(host, conn, frame); }
    json answer_on(TestHost &on, chatd_conn_id conn, const json &frame) {
        Frames frames = on.run_frame(conn, frame.dump());
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        for (size_t seen = 0; std::chrono::steady_clock::now() < deadline;) {
            for (; seen < frames.size(); ++seen)
                if (frames[seen].value("id", json()) == frame["id"]) return frames[seen];
            std::this_thread::yield();
            on.settle();
            const Frames more = on.take(conn);
            frames.insert(frames.end(), more.begin(), more.end());
        }
        ADD_FAILURE() << "no answer to " << frame.dump();
        return nullptr;
    }
    // The code of the error answering `frame`, or "" if it was answered
    // otherwise.
    std::string error_code(chatd_conn_id conn, const json &frame) {
        const json reply = answer(conn, frame);
        if (reply.is_null()) return "timeout";
        return reply["type"] == "error" ? reply["code"] : "";
    }
};

} // namespace chatd::auth::testing
