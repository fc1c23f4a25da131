// example_cpp: the copy-me plugin for C++ authors, on the header-only SDK.
//
//   {"type":"message","text":"/me waves"} -> text becomes "* guest-7 waves"
//   {"type":"roll","sides":20}            -> {"type":"roll","sides":20,"result":N}
//
// It shows the SDK's shape: a class built from the Host (kept by reference: it
// lives as long as the plugin), a declared config option, and stages placed in
// the phase where their job belongs. The /me rewrite runs in `authorize`,
// after the rooms plugin has resolved the message's room in `resolve` and
// before anything is committed; the roll answers a new frame type in `handle`.
#include <chatd/plugin_sdk.hpp>

#include <array>
#include <cstdint>
#include <random>
#include <string>

namespace {

const chatd_config_option kOptions[] = {
    chatd::int_option("max_sides", 1000, 2, 1000000, "largest die a roll may ask for"),
};

const char *const kMessages[] = {"message", nullptr};
const char *const kRolls[] = {"roll", nullptr};

class ExampleCpp {
public:
    explicit ExampleCpp(const chatd::Host &host)
        : host_(host), max_sides_(host.config_int("max_sides")), dice_(std::random_device{}()) {
        host_.info("example_cpp ready: try /me or {\"type\":\"roll\",\"sides\":6}");
    }

    chatd::Stage me(chatd::Frame &frame) {
        const auto text = frame.get_string("text");
        if (!text || text->rfind("/me ", 0) != 0) return chatd::Stage::Continue;
        // Copied before the rewrite: views into the frame dangle once it changes.
        const std::string action(text->substr(4));
        frame.set_string("text", "* " + host_.user(frame.conn()) + " " + action);
        return chatd::Stage::Continue;
    }

    chatd::Stage roll(chatd::Frame &frame) {
        const int64_t sides = frame.get_int("sides").value_or(6);
        if (sides < 2 || sides > max_sides_)
            return frame.reject("bad_request", "sides must be 2.." + std::to_string(max_sides_));
        std::uniform_int_distribution<int64_t> die(1, sides);
        frame.reply(R"({"type":"roll","sides":)" + std::to_string(sides) + R"(,"result":)" +
                    std::to_string(die(dice_)) + "}");
        return chatd::Stage::Handled;
    }

    static const std::array<chatd_stage, 2> stages;

private:
    const chatd::Host &host_;
    const int64_t max_sides_;
    std::mt19937_64 dice_;
};

const std::array<chatd_stage, 2> ExampleCpp::stages = {
    chatd::stage<&ExampleCpp::me>(CHATD_PHASE_AUTHORIZE, kMessages),
    chatd::stage<&ExampleCpp::roll>(CHATD_PHASE_HANDLE, kRolls),
};

const char *const kCapabilities[] = {CHATD_CAP_IDENTITY, nullptr};

} // namespace

CHATD_PLUGIN(ExampleCpp, "example_cpp", "1.0.0", "the C++ example: /me and dice rolls", kOptions, 1,
             kCapabilities)
