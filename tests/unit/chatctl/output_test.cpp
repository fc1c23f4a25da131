// What chatctl prints: one terminal line per message whatever its text, the
// live event's JSON, aligned columns, the hint to read on, and accounts.
#include "chatctl/output.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>

namespace chatd::chatctl {
namespace {

using history::Anchor;
using history::Page;
using history::StoredMessage;

TEST(ChatctlOutput, OneLineKeepsPrintableTextAndUtf8) {
    EXPECT_EQ(one_line("hello, world"), "hello, world");
    EXPECT_EQ(one_line("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80"),
              "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80");
}

TEST(ChatctlOutput, OneLineEscapesWhatWouldBreakTheLineOrDriveTheTerminal) {
    EXPECT_EQ(one_line("a\nb\r\nc\td"), "a\\nb\\r\\nc\\td");
    EXPECT_EQ(one_line("back\\slash"), "back\\\\slash");
    EXPECT_EQ(one_line("\x1b[2J"), "\\u001b[2J");
    EXPECT_EQ(one_line(std::string_view("nul\0!", 5)), "nul\\u0000!");
    EXPECT_EQ(one_line("del\x7f"), "del\\u007f");
    EXPECT_EQ(one_line("csi\xc2\x9b"), "csi\\u009b");       // C1 control, UTF-8 encoded
    EXPECT_EQ(one_line("ls\xe2\x80\xa8ps"), "ls\\u2028ps"); // line separator
}

TEST(ChatctlOutput, OneLineEscapesBytesThatAreNotUtf8) {
    EXPECT_EQ(one_line("\xff"), "\\xff");
    EXPECT_EQ(one_line("cut\xe2\x82"), "cut\\xe2\\x82");
    EXPECT_EQ(one_line("\xc0\xaf"), "\\xc0\\xaf");                   // overlong '/'
    EXPECT_EQ(one_line("\xed\xa0\x80"), "\\xed\\xa0\\x80");          // a surrogate
    EXPECT_EQ(one_line("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80"); // past U+10FFFF
}

TEST(ChatctlOutput, MessageJsonIsTheLiveEventWithItsExtraFields) {
    const StoredMessage m{.seq = 42,
                          .ts_ms = 1'796'119'200'007,
                          .from = "bob",
                          .text = "hi\nthere",
                          .extra_json = R"({"mood":"ok","n":[1,2]})"};
    EXPECT_EQ(message_json("dev", m),
              R"({"type":"message","room":"dev","seq":42,"from":"bob","text":"hi\nthere",)"
              R"("ts":"2026-12-01T10:00:00.007Z","mood":"ok","n":[1,2]})");
}

TEST(ChatctlOutput, MessageJsonNeverLetsAnExtraFieldReplaceTheMessage) {
    const StoredMessage m{.seq = 1,
                          .ts_ms = 0,
                          .from = "a",
                          .text = "t",
                          .extra_json = R"({"seq":99,"type":"x","x":1})"};
    const auto j = nlohmann::json::parse(message_json("r", m));
    EXPECT_EQ(j["seq"], 1);
    EXPECT_EQ(j["type"], "message");
    EXPECT_EQ(j["x"], 1);
    const StoredMessage broken{.seq = 1, .ts_ms = 0, .from = "a", .text = "t", .extra_json = "[1"};
    EXPECT_EQ(nlohmann::json::parse(message_json("r", broken)).size(), 6u);
}

TEST(ChatctlOutput, MessageJsonReplacesInvalidUtf8RatherThanFailing) {
    const StoredMessage m{.seq = 1, .ts_ms = 0, .from = "a", .text = "bad\xff"};
    EXPECT_EQ(nlohmann::json::parse(message_json("r", m))["text"], "bad\xef\xbf\xbd");
}

TEST(ChatctlOutput, RoomJsonHasCountHeadAndEpoch) {
    const history::RoomSummary room{
        .head = {.room = "lobby", .epoch = "00ff", .last_seq = 9, .last_ts_ms = 1'796'119'200'000},
        .messages = 8};
    EXPECT_EQ(room_json(room), R"({"room":"lobby","messages":8,"last_seq":9,)"
                               R"("last_ts":"2026-12-01T10:00:00.000Z","epoch":"00ff"})");
}

TEST(ChatctlOutput, TableAlignsColumnsByCodePoints) {
    static constexpr std::array kAlign = {Align::Right, Align::Left, Align::Left};
    EXPECT_EQ(
        table({{"SEQ", "FROM", "TEXT"}, {"9", "\xc3\xa9ve", "hi"}, {"10", "bob", "yo"}}, kAlign),
        "SEQ  FROM  TEXT\n"
        "  9  \xc3\xa9ve   hi\n"
        " 10  bob   yo\n");
}

TEST(ChatctlOutput, MessageRowIsSeqUtcTimeFromAndOneLineText) {
    const StoredMessage m{.seq = 3, .ts_ms = 1'796'119'200'123, .from = "a\tb", .text = "x\ny"};
    EXPECT_EQ(message_row(m),
              (std::vector<std::string>{"3", "2026-12-01T10:00:00.123Z", "a\\tb", "x\\ny"}));
}

TEST(ChatctlOutput, ATombstoneIsItsSeqTimeAndSenderAndSaysDeleted) {
    const StoredMessage m{
        .seq = 4, .ts_ms = 1'796'119'200'000, .from = "bob", .text = "", .deleted = true};
    EXPECT_EQ(message_row(m),
              (std::vector<std::string>{"4", "2026-12-01T10:00:00.000Z", "bob", "(deleted)"}));
    EXPECT_EQ(message_json("dev", m), R"({"type":"message","room":"dev","seq":4,"from":"bob",)"
                                      R"("ts":"2026-12-01T10:00:00.000Z","deleted":true})");
}

TEST(ChatctlOutput, AnAccountIsNameRolesAndCreationTimeNeverItsHash) {
    const auth::Account alice{.name = "Alice",
                              .password_hash = "$argon2id$secret",
                              .roles = {"admin", "user"},
                              .created_ms = 1'796'119'200'000};
    EXPECT_EQ(account_row(alice),
              (std::vector<std::string>{"Alice", "admin,user", "2026-12-01T10:00:00.000Z"}));
    EXPECT_EQ(account_json(alice), R"({"name":"Alice","roles":["admin","user"],)"
                                   R"("created":"2026-12-01T10:00:00.000Z"})");
    const auth::Account bob{.name = "bob", .created_ms = 0};
    EXPECT_EQ(account_row(bob)[1], "-");
    EXPECT_EQ(account_json(bob),
              R"({"name":"bob","roles":[],"created":"1970-01-01T00:00:00.000Z"})");
}

Page page_of(std::initializer_list<uint64_t> seqs, bool more) {
    Page page;
    for (uint64_t seq : seqs) {
        StoredMessage message;
        message.seq = seq;
        page.messages.push_back(message);
    }
    page.more = more;
    return page;
}

history::Query query(Anchor anchor, uint64_t seq = 0, uint64_t seq_last = 0) {
    history::Query q;
    q.anchor = anchor;
    q.seq = seq;
    q.seq_last = seq_last;
    return q;
}

TEST(ChatctlOutput, TheHintReadsOnInTheAnchorsDirection) {
    const Page more = page_of({4, 5, 6}, true);
    EXPECT_EQ(more_hint(query(Anchor::Latest), more), "(more: use --before 4)");
    EXPECT_EQ(more_hint(query(Anchor::Before, 7), more), "(more: use --before 4)");
    EXPECT_EQ(more_hint(query(Anchor::BeforeTime), more), "(more: use --before 4)");
    EXPECT_EQ(more_hint(query(Anchor::After, 3), more), "(more: use --after 6)");
    EXPECT_EQ(more_hint(query(Anchor::AfterTime), more), "(more: use --after 6)");
    EXPECT_EQ(more_hint(query(Anchor::Between, 4, 20), more), "(more: use --between 7 20)");
    EXPECT_EQ(more_hint(query(Anchor::Around, 5), more), "(more: use --before 4 or --after 6)");
    EXPECT_EQ(more_hint(query(Anchor::Latest), page_of({4, 5, 6}, false)), "");
}

} // namespace
} // namespace chatd::chatctl
