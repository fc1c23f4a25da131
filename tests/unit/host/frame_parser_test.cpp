// parse_client_frame: what a client's WebSocket message becomes before any
// stage sees it.
#include "pipeline/frame_parser.hpp"

#include <gtest/gtest.h>

namespace chatd::pipeline {
namespace {

using nlohmann::json;

json parsed(std::string_view data) {
    auto result = parse_client_frame(data, false);
    if (auto *error = std::get_if<FrameError>(&result)) {
        ADD_FAILURE() << "refused " << data << ": " << error->code << " " << error->message;
        return nullptr;
    }
    return std::get<json>(result);
}

FrameError refused(std::string_view data, bool binary = false) {
    auto result = parse_client_frame(data, binary);
    if (auto *error = std::get_if<FrameError>(&result)) return *error;
    ADD_FAILURE() << "accepted " << data << " as " << std::get<json>(result);
    return {};
}

std::string nested(int depth) {
    // {"type":"x","a":[[...]]} has depth arrays plus the object itself.
    return R"({"type":"x","a":)" + std::string(size_t(depth - 1), '[') +
           std::string(size_t(depth - 1), ']') + "}";
}

TEST(FrameParser, PlainTextIsAMessageKeptVerbatim) {
    EXPECT_EQ(parsed("hello there"), json({{"type", "message"}, {"text", "hello there"}}));
    EXPECT_EQ(parsed("  \thi"), json({{"type", "message"}, {"text", "  \thi"}}));
    EXPECT_EQ(parsed(""), json({{"type", "message"}, {"text", ""}}));
    EXPECT_EQ(parsed(" \r\n"), json({{"type", "message"}, {"text", " \r\n"}}));
    // Only an object is a structured frame; anything else is words.
    EXPECT_EQ(parsed("[1]"), json({{"type", "message"}, {"text", "[1]"}}));
    EXPECT_EQ(parsed(R"("quoted")"), json({{"type", "message"}, {"text", R"("quoted")"}}));
}

TEST(FrameParser, ObjectAfterLeadingBlanksIsJson) {
    EXPECT_EQ(parsed("\n  {\"type\":\"ping\"}"), json({{"type", "ping"}}));
}

TEST(FrameParser, BraceThatIsNotJsonIsABadRequest) {
    for (std::string_view bad : {"{", "{hello}", R"({"type":"ping"} trailing)", "{\"a\":}"}) {
        FrameError e = refused(bad);
        EXPECT_EQ(e.code, "bad_request") << bad;
        EXPECT_EQ(e.message.rfind("invalid JSON", 0), 0u) << e.message;
        EXPECT_TRUE(e.id.is_null());
    }
}

// nlohmann reports these as out_of_range, not parse_error; found by fuzz_frame.
TEST(FrameParser, NumberTooLargeForADoubleIsABadRequest) {
    for (std::string_view bad : {R"({"type":1e999})", R"({"type":"ping","n":22E4444555})"}) {
        FrameError e = refused(bad);
        EXPECT_EQ(e.code, "bad_request") << bad;
        EXPECT_EQ(e.message.rfind("invalid JSON", 0), 0u) << e.message;
    }
}

TEST(FrameParser, TypeMustBeAString) {
    FrameError missing = refused(R"({"text":"hi"})");
    EXPECT_EQ(missing.code, "bad_request");
    EXPECT_EQ(missing.message, "missing 'type'");
    for (std::string_view bad : {R"({"type":1})", R"({"type":null})", R"({"type":["message"]})"}) {
        FrameError e = refused(bad);
        EXPECT_EQ(e.code, "bad_request") << bad;
        EXPECT_EQ(e.message, "'type' must be a string") << bad;
    }
}

TEST(FrameParser, StringOrNumberIdIsEchoedInLaterErrors) {
    EXPECT_EQ(refused(R"({"id":"abc"})").id, "abc");
    EXPECT_EQ(refused(R"({"id":7,"type":false})").id, 7);
    EXPECT_EQ(refused(R"({"id":2.5})").id, 2.5);
    EXPECT_EQ(parsed(R"({"type":"ping","id":"x"})"), json({{"type", "ping"}, {"id", "x"}}));
}

TEST(FrameParser, IdOfAnotherKindIsABadRequestWithoutId) {
    for (std::string_view bad : {R"({"type":"ping","id":{"a":1}})", R"({"type":"ping","id":[1]})",
                                 R"({"type":"ping","id":null})", R"({"type":"ping","id":true})"}) {
        FrameError e = refused(bad);
        EXPECT_EQ(e.code, "bad_request") << bad;
        EXPECT_EQ(e.message, "'id' must be a string or a number");
        EXPECT_TRUE(e.id.is_null()) << bad;
    }
}

TEST(FrameParser, NumericIdsThatRoundTripAreKeptAsSent) {
    for (std::string_view id : {"0", "-7", "18446744073709551615", "-9223372036854775808", "1.5",
                                "0.1", "-2.25", "1e+300"}) {
        const std::string frame = R"({"type":"ping","id":)" + std::string(id) + "}";
        EXPECT_EQ(parsed(frame)["id"].dump(), id) << frame;
    }
}

TEST(FrameParser, NumericIdsThatWouldNotEchoExactlyAreABadRequest) {
    for (std::string_view id : {"123456789012345678901234567890", "18446744073709551616", "1.50",
                                "1e2", "0.1000000000000000055511151231257827"}) {
        const std::string frame = R"({"type":"ping","id":)" + std::string(id) + "}";
        FrameError e = refused(frame);
        EXPECT_EQ(e.code, "bad_request") << frame;
        EXPECT_NE(e.message.find("cannot be echoed exactly"), std::string::npos) << e.message;
        EXPECT_TRUE(e.id.is_null()) << frame;
    }
    // Only the top-level id counts, and the last of repeated ones, as in the object.
    EXPECT_EQ(parsed(R"({"type":"x","id":"a","n":1.50,"o":{"id":1e2}})")["id"], "a");
    EXPECT_EQ(parsed(R"({"type":"x","id":1e2,"id":3})")["id"], 3);
    EXPECT_EQ(refused(R"({"type":"x","id":3,"id":1e2})").code, "bad_request");
}

TEST(FrameParser, IdsLongerThanTheCapAreABadRequestNotEchoed) {
    // 126 characters and their quotes: exactly the cap.
    const std::string longest(kMaxIdBytes - 2, 'i');
    EXPECT_EQ(parsed(json{{"type", "ping"}, {"id", longest}}.dump())["id"], longest);
    for (const std::string &frame :
         {json{{"type", "ping"}, {"id", longest + "i"}}.dump(),
          json{{"type", "ping"}, {"id", std::string(60000, 'x')}}.dump(),
          // Escapes count as echoed: 22 control characters are 132 bytes of JSON.
          json{{"type", "ping"}, {"id", std::string(22, '\x01')}}.dump(),
          // Checked before "type", like every id error.
          json{{"id", longest + "i"}}.dump()}) {
        FrameError e = refused(frame);
        EXPECT_EQ(e.code, "bad_request") << frame.substr(0, 80);
        EXPECT_EQ(e.message, "'id' is longer than 128 bytes of JSON");
        EXPECT_TRUE(e.id.is_null()) << frame.substr(0, 80);
    }
}

TEST(FrameParser, ServerAssignedKeysAreStripped) {
    EXPECT_EQ(parsed(R"({"type":"message","room":"r","text":"t","from":"admin","ts":"x"})"),
              json({{"type", "message"}, {"room", "r"}, {"text", "t"}}));
}

TEST(FrameParser, ASeqStaysForTheStageThatReadsIt) {
    // A message's seq comes from its record (pipeline_terminal_test shows a
    // client's is never delivered); in other frames it names a message.
    EXPECT_EQ(parsed(R"({"type":"delete","room":"r","seq":9})"),
              json({{"type", "delete"}, {"room", "r"}, {"seq", 9}}));
}

TEST(FrameParser, BinaryIsABadRequestWhateverItHolds) {
    FrameError e = refused(R"({"type":"ping"})", true);
    EXPECT_EQ(e.code, "bad_request");
    EXPECT_NE(e.message.find("binary"), std::string::npos);
    EXPECT_EQ(refused("plain", true).code, "bad_request");
}

TEST(FrameParser, NestingBeyond32IsABadRequest) {
    EXPECT_EQ(parsed(nested(32))["type"], "x");
    FrameError e = refused(nested(33));
    EXPECT_EQ(e.code, "bad_request");
    EXPECT_EQ(e.message, "JSON nested too deeply");
    // Brackets inside strings are text, not nesting.
    std::string brackets(100, '[');
    EXPECT_EQ(parsed(R"({"type":"message","text":")" + brackets + "\"}")["text"], brackets);
    // An escaped quote does not end the string.
    EXPECT_EQ(parsed(R"({"type":"message","text":"\")" + brackets + "\"}")["text"], '"' + brackets);
}

} // namespace
} // namespace chatd::pipeline
