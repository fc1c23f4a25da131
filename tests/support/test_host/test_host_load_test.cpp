// Loading in the test host is chatd's loading: the loader's refusals, chatd's
// config errors, on_init's own reason, and the declared options served.
#include "scripted_plugin.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace chatd::test {
namespace {

const std::filesystem::path kFixtures = CHATD_ABI_FIXTURE_DIR;

std::string load_fixture(const std::string &file) {
    TestHost host;
    return host.load((kFixtures / file).string());
}

TEST(TestHostLoad, RefusesWhatTheLoaderRefusesWithItsReason) {
    const std::string newer = load_fixture("fixture_newer_minor.so");
    const std::string host_abi =
        std::to_string(CHATD_ABI_MAJOR) + "." + std::to_string(CHATD_ABI_MINOR);
    EXPECT_NE(newer.find("plugin is newer"), std::string::npos) << newer;
    EXPECT_NE(newer.find("host provides ABI " + host_abi), std::string::npos) << newer;
    EXPECT_NE(load_fixture("fixture_no_entry.so").find("no entry symbol"), std::string::npos);
    EXPECT_NE(load_fixture("fixture_decline.so").find("declined"), std::string::npos);
    EXPECT_NE(load_fixture("not_a_library.so").find("not a shared library"), std::string::npos);
    EXPECT_NE(load_fixture("fixture_missing_capability.so").find("capability"), std::string::npos);
    EXPECT_EQ(load_fixture("fixture_init_fail.so"),
              "init failed: database unreachable at fixture://nowhere");
    EXPECT_EQ(load_fixture("fixture_good.so"), "");
}

TEST(TestHostLoad, RefusesANewerMinorLinkedIntoTheTest) {
    static const chatd_plugin_descriptor newer = [] {
        chatd_plugin_descriptor d = scripted_descriptor();
        d.abi_minor = CHATD_ABI_MINOR + 1;
        return d;
    }();
    TestHost host;
    const std::string refused = host.load([](uint16_t, uint16_t) { return &newer; });
    EXPECT_NE(refused.find("plugin is newer"), std::string::npos) << refused;
    EXPECT_NE(refused.find("ABI 1." + std::to_string(CHATD_ABI_MINOR + 1)), std::string::npos)
        << refused;
}

TEST(TestHostLoad, ANullDescriptorDeclines) {
    TestHost host;
    EXPECT_NE(
        host.load([](uint16_t, uint16_t) -> const chatd_plugin_descriptor * { return nullptr; }),
        "");
}

class ScriptedLoad : public ::testing::Test {
protected:
    ScriptedLoad() { script = &s; }
    void TearDown() override {
        host.shutdown();
        script = nullptr;
    }
    const chatd_host_api &api() const { return *s.api; }

    Script s;
    TestHost host;
};

TEST_F(ScriptedLoad, ConfigServesDeclaredDefaultsAndGivenValues) {
    host.set_config_int("count", 5);
    host.set_config_strings("list", {"a", "b \"quoted\"\n"});
    host.set_config_double("ratio", 2);
    ASSERT_EQ(host.load(&scripted_entry), "");
    host.on_pipeline([&] {
        chatd_str_view name{};
        int64_t count = 0;
        int32_t on = 0;
        double ratio = 0;
        size_t n = 0;
        EXPECT_EQ(api().config_string(s.self, "name", &name), CHATD_OK);
        EXPECT_EQ(str(name), "x");
        EXPECT_EQ(api().config_int(s.self, "count", &count), CHATD_OK);
        EXPECT_EQ(count, 5);
        EXPECT_EQ(api().config_bool(s.self, "on", &on), CHATD_OK);
        EXPECT_EQ(on, 1);
        EXPECT_EQ(api().config_double(s.self, "ratio", &ratio), CHATD_OK);
        EXPECT_EQ(ratio, 2.0);
        EXPECT_EQ(api().config_array_size(s.self, "list", &n), CHATD_OK);
        EXPECT_EQ(n, 2u);
        EXPECT_EQ(api().config_array_string(s.self, "list", 1, &name), CHATD_OK);
        EXPECT_EQ(str(name), "b \"quoted\"\n");
        EXPECT_EQ(api().config_array_string(s.self, "list", 2, &name), CHATD_ERR_NOT_FOUND);
        EXPECT_EQ(api().config_int(s.self, "name", &count), CHATD_ERR_WRONG_TYPE);
        EXPECT_EQ(api().config_int(s.self, "missing", &count), CHATD_ERR_NOT_FOUND);
    });
}

TEST_F(ScriptedLoad, BadConfigIsRefusedBeforeInitInChatdsWords) {
    const auto refused = [](auto set) {
        TestHost fresh;
        set(fresh);
        // The file stands in a directory of the host's own.
        const std::string refusal = fresh.load(&scripted_entry);
        const size_t file = refusal.rfind("/test_host.toml:");
        return file == std::string::npos ? refusal : refusal.substr(file + 1);
    };
    EXPECT_EQ(refused([](TestHost &h) { h.set_config_int("unknown", 1); }),
              "test_host.toml:2:1: unknown key 'unknown' in [plugins.scripted]");
    EXPECT_EQ(refused([](TestHost &h) { h.set_config_string("count", "3"); }),
              "test_host.toml:2:11: 'count' must be an integer");
    EXPECT_EQ(refused([](TestHost &h) { h.set_config_int("count", 6); }),
              "test_host.toml:2:11: 'count' must be between 1 and 5, got 6");
    EXPECT_EQ(s.self, nullptr) << "on_init ran";
}

TEST_F(ScriptedLoad, ConfigIsUsedUpByTheLoadItWasSetFor) {
    host.set_config_int("unknown", 1);
    EXPECT_NE(host.load(&scripted_entry), "");
    EXPECT_EQ(host.load(&scripted_entry), "");
}

TEST_F(ScriptedLoad, AFailedInitIsTheRefusalAndNoOtherHookRuns) {
    s.init_error = "no database";
    bool opened = false;
    s.on_open = [&](chatd_conn_id) { opened = true; };
    EXPECT_EQ(host.load(&scripted_entry), "init failed: no database");
    EXPECT_EQ(host.plugin(), nullptr);
    host.connect();
    host.shutdown();
    EXPECT_FALSE(opened);
    EXPECT_FALSE(s.shut_down);
}

} // namespace
} // namespace chatd::test
