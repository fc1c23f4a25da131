// copy_descriptor and check_descriptor: what the host accepts from a plugin's
// entry point, and what its refusals say.
#include "loader/abi_check.hpp"
#include "refusal_text.hpp"

#include <cstring>
#include <gtest/gtest.h>
#include <memory>
#include <vector>

namespace chatd::loader {
namespace {

using test::abi_version;
using test::mentions;

chatd_plugin_descriptor good() {
    chatd_plugin_descriptor d{};
    d.struct_size = sizeof d;
    d.abi_major = CHATD_ABI_MAJOR;
    d.abi_minor = CHATD_ABI_MINOR;
    d.host_api_size = sizeof(chatd_host_api);
    d.name = "good_plugin";
    return d;
}

// ---- copy_descriptor ----

TEST(CopyDescriptor, CopiesExactlyThePluginsBytesAndZeroFillsTheRest) {
    // Heap block of exactly the declared size, so an overread is an ASan error.
    auto raw = std::make_unique<unsigned char[]>(kMinDescriptorSize);
    std::memset(raw.get(), 0xAB, kMinDescriptorSize);
    chatd_plugin_descriptor d = good();
    d.struct_size = uint32_t(kMinDescriptorSize);
    std::memcpy(raw.get(), &d, kMinDescriptorSize);

    auto copy = copy_descriptor(reinterpret_cast<const chatd_plugin_descriptor *>(raw.get()));
    ASSERT_TRUE(copy);
    EXPECT_EQ(copy->struct_size, kMinDescriptorSize);
    EXPECT_STREQ(copy->name, "good_plugin");
    EXPECT_EQ(copy->abi_major, CHATD_ABI_MAJOR);
    const auto *bytes = reinterpret_cast<const unsigned char *>(&*copy);
    for (size_t i = kMinDescriptorSize; i < sizeof(chatd_plugin_descriptor); ++i)
        EXPECT_EQ(bytes[i], 0) << "byte " << i << " the plugin did not provide";
}

TEST(CopyDescriptor, TruncatesADescriptorFromANewerPlugin) {
    constexpr size_t kNewer = sizeof(chatd_plugin_descriptor) + 64;
    std::vector<unsigned char> raw(kNewer, 0xCD);
    chatd_plugin_descriptor d = good();
    d.struct_size = uint32_t(kNewer);
    std::memcpy(raw.data(), &d, sizeof d);

    auto copy = copy_descriptor(reinterpret_cast<const chatd_plugin_descriptor *>(raw.data()));
    ASSERT_TRUE(copy);
    EXPECT_EQ(copy->struct_size, kNewer);
    EXPECT_STREQ(copy->name, "good_plugin");
}

TEST(CopyDescriptor, RefusesOneSmallerThanAbi10) {
    for (size_t size : {size_t(0), size_t(8), kMinDescriptorSize - 1}) {
        chatd_plugin_descriptor d = good();
        d.struct_size = uint32_t(size);
        EXPECT_FALSE(copy_descriptor(&d)) << "struct_size " << size;
    }
}

// ---- check_descriptor ----

TEST(CheckDescriptor, AcceptsAGoodDescriptor) { EXPECT_EQ(check_descriptor(good()), std::nullopt); }

TEST(CheckDescriptor, RefusesANewerMajorNamingBothVersions) {
    chatd_plugin_descriptor d = good();
    d.abi_major = 2;
    d.abi_minor = 0;
    EXPECT_TRUE(mentions(check_descriptor(d, 1, 3), {"2.0", "1.3", "newer", "major"}));
}

TEST(CheckDescriptor, RefusesAnOlderMajorNamingBothVersions) {
    chatd_plugin_descriptor d = good();
    d.abi_major = 1;
    d.abi_minor = 4;
    auto why = check_descriptor(d, 2, 0);
    EXPECT_TRUE(mentions(why, {"1.4", "2.0", "older", "rebuild"}));
    ASSERT_TRUE(why);
    EXPECT_EQ(why->find("newer"), std::string::npos) << *why;
}

TEST(CheckDescriptor, RefusesANewerMinor) {
    chatd_plugin_descriptor d = good();
    d.abi_minor = uint16_t(CHATD_ABI_MINOR + 1);
    EXPECT_TRUE(
        mentions(check_descriptor(d), {abi_version(CHATD_ABI_MAJOR, CHATD_ABI_MINOR + 1),
                                       abi_version(CHATD_ABI_MAJOR, CHATD_ABI_MINOR), "newer"}));
}

TEST(CheckDescriptor, AcceptsAnOlderMinor) {
    chatd_plugin_descriptor d = good();
    EXPECT_EQ(check_descriptor(d, CHATD_ABI_MAJOR, uint16_t(d.abi_minor + 1)), std::nullopt);
}

TEST(CheckDescriptor, RefusesALargerHostApiTable) {
    chatd_plugin_descriptor d = good();
    d.host_api_size = sizeof(chatd_host_api) + 8;
    EXPECT_TRUE(mentions(check_descriptor(d), {std::to_string(sizeof(chatd_host_api) + 8),
                                               std::to_string(sizeof(chatd_host_api)), "newer"}));
    d.host_api_size = sizeof(chatd_host_api) - 8; // an older plugin uses a prefix
    EXPECT_EQ(check_descriptor(d), std::nullopt);
}

TEST(CheckDescriptor, RefusesBadNames) {
    const std::string too_long(65, 'a');
    for (const char *name : {static_cast<const char *>(nullptr), "", "Upper", "has-dash",
                             "has space", "dot.ted", too_long.c_str()}) {
        chatd_plugin_descriptor d = good();
        d.name = name;
        EXPECT_TRUE(mentions(check_descriptor(d), {"invalid plugin name"}))
            << (name ? name : "(null)");
    }
    const std::string longest(64, 'z');
    for (const char *name : {"a", "rooms_2", longest.c_str()}) {
        chatd_plugin_descriptor d = good();
        d.name = name;
        EXPECT_EQ(check_descriptor(d), std::nullopt) << name;
    }
}

TEST(CheckDescriptor, RefusesAnUnknownCapability) {
    static const char *const caps[] = {CHATD_CAP_PAUSE, "teleport", nullptr};
    chatd_plugin_descriptor d = good();
    d.required_capabilities = caps;
    EXPECT_TRUE(mentions(check_descriptor(d), {"'teleport'"}));
}

TEST(CheckDescriptor, AcceptsEveryOfferedCapability) {
    static const char *const caps[] = {CHATD_CAP_PAUSE, CHATD_CAP_TIMERS, CHATD_CAP_IDENTITY,
                                       CHATD_CAP_ROOMS, nullptr};
    static const char *const none[] = {nullptr};
    chatd_plugin_descriptor d = good();
    d.required_capabilities = caps;
    EXPECT_EQ(check_descriptor(d), std::nullopt);
    d.required_capabilities = none;
    EXPECT_EQ(check_descriptor(d), std::nullopt);
}

// ---- declared config options ----

chatd_config_option option(const char *name, chatd_config_type type = CHATD_CONFIG_INT) {
    chatd_config_option o{};
    o.struct_size = sizeof o;
    o.type = type;
    o.name = name;
    return o;
}

std::optional<std::string> check_options(const chatd_config_option *options, uint32_t count) {
    chatd_plugin_descriptor d = good();
    d.config_options = options;
    d.config_option_count = count;
    return check_descriptor(d);
}

TEST(CheckDescriptor, AcceptsWellFormedOptions) {
    const chatd_config_option options[] = {option("a", CHATD_CONFIG_STRING),
                                           option("b", CHATD_CONFIG_STRING_ARRAY)};
    EXPECT_EQ(check_options(options, 2), std::nullopt);
    EXPECT_EQ(check_options(nullptr, 0), std::nullopt);
}

TEST(CheckDescriptor, AcceptsOptionsFromANewerPluginByTheirStride) {
    struct NewerOption {
        chatd_config_option released;
        uint64_t added_later;
    };
    NewerOption options[2] = {{option("a"), 1}, {option("b"), 2}};
    for (auto &o : options)
        o.released.struct_size = sizeof(NewerOption);
    EXPECT_EQ(check_options(&options[0].released, 2), std::nullopt);
    options[1].released.name = "Bad";
    EXPECT_TRUE(mentions(check_options(&options[0].released, 2), {"option 1", "invalid name"}))
        << "the second option is read at the plugin's stride";
}

TEST(CheckDescriptor, RefusesMalformedOptions) {
    EXPECT_TRUE(mentions(check_options(nullptr, 1), {"no option table"}));

    chatd_config_option small = option("a");
    small.struct_size = sizeof small - 8;
    EXPECT_TRUE(mentions(check_options(&small, 1), {"smaller", std::to_string(sizeof small - 8)}));

    chatd_config_option mixed[] = {option("a"), option("b")};
    mixed[1].struct_size += 8;
    EXPECT_TRUE(mentions(check_options(mixed, 2), {"struct_size"}));

    for (const char *name : {static_cast<const char *>(nullptr), "", "Bad-Name"}) {
        chatd_config_option bad = option(name);
        EXPECT_TRUE(mentions(check_options(&bad, 1), {"invalid name"}));
    }

    for (chatd_config_type type : {0, 7, -1}) {
        chatd_config_option bad = option("a", type);
        EXPECT_TRUE(mentions(check_options(&bad, 1), {"'a'", "unknown type"})) << type;
    }
}

TEST(CheckDescriptor, PathOptionsCameWith1_1) {
    const chatd_config_option path = option("db", CHATD_CONFIG_PATH);
    EXPECT_EQ(check_options(&path, 1), std::nullopt);

    chatd_plugin_descriptor d = good();
    d.abi_minor = 0;
    d.config_options = &path;
    d.config_option_count = 1;
    EXPECT_TRUE(mentions(check_descriptor(d), {"'db'", "unknown type 6"}));
}

} // namespace
} // namespace chatd::loader
