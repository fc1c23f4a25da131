// How chatctl shows bans, mutes and audit entries: server-wide as "(server)"
// in a table and null in JSON, permanent as "never" and null, no reason as
// "-", and a stored name that could drive the terminal escaped.
#include "chatctl/moderation_output.hpp"

#include <gtest/gtest.h>

namespace chatd::chatctl {
namespace {

using moderation::AuditEntry;
using moderation::Kind;
using moderation::Sanction;
using Row = std::vector<std::string>;

TEST(ChatctlModerationOutput, ASanctionIsKindRoomUserByReasonAndExpiry) {
    const Sanction ban{.kind = Kind::Ban,
                       .user = "bob",
                       .by = "mia",
                       .reason = "spam",
                       .created_ms = 1'796'119'200'000,
                       .expires_ms = 1'796'119'800'000};
    EXPECT_EQ(sanction_row(ban),
              (Row{"ban", "(server)", "bob", "mia", "spam", "2026-12-01T10:10:00.000Z"}));
    EXPECT_EQ(sanction_json(ban), R"({"kind":"ban","room":null,"user":"bob","by":"mia",)"
                                  R"("reason":"spam","created":"2026-12-01T10:00:00.000Z",)"
                                  R"("expires":"2026-12-01T10:10:00.000Z"})");
    const Sanction shadow{
        .kind = Kind::ShadowMute, .room = "lobby", .user = "e\x1b[2Jve", .by = "chatd"};
    EXPECT_EQ(sanction_row(shadow),
              (Row{"shadow_mute", "lobby", "e\\u001b[2Jve", "chatd", "-", "never"}));
    EXPECT_NE(sanction_json(shadow).find(R"("room":"lobby")"), std::string::npos);
    EXPECT_NE(sanction_json(shadow).find(R"("expires":null)"), std::string::npos);
}

TEST(ChatctlModerationOutput, AnAuditEntryIsIdTimeByActionUserRoomReasonDuration) {
    const AuditEntry ban{.id = 7,
                         .at_ms = 1'796'119'200'000,
                         .by = "chatctl",
                         .action = "ban",
                         .user = "bob",
                         .reason = "spam",
                         .duration_s = 600};
    EXPECT_EQ(audit_row(ban), (Row{"7", "2026-12-01T10:00:00.000Z", "chatctl", "ban", "bob",
                                   "(server)", "spam", "600"}));
    EXPECT_EQ(audit_json(ban), R"({"id":7,"time":"2026-12-01T10:00:00.000Z","by":"chatctl",)"
                               R"("action":"ban","user":"bob","room":null,"reason":"spam",)"
                               R"("duration_s":600})");
    const AuditEntry unmute{
        .id = 8, .by = "mia", .action = "unmute", .user = "eve", .room = "lobby"};
    EXPECT_EQ(audit_row(unmute)[5], "lobby");
    EXPECT_EQ(audit_row(unmute)[6], "-");
    EXPECT_EQ(audit_row(unmute)[7], "-");
}

} // namespace
} // namespace chatd::chatctl
