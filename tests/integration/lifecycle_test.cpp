// The process around the protocol: shutdown on a signal, --version and
// --check-config, including config files that once crashed the TOML parser.

#include "integration_fixture.hpp"

#include <csignal>
#include <cstring>
#include <string>
#include <vector>

namespace chatd::test {
namespace {

class ShutdownTest : public IntegrationTest, public ::testing::WithParamInterface<int> {};

TEST_P(ShutdownTest, ClosesEveryClientWith1001AndExitsZero) {
    start();
    const std::vector<Guest *> guests{&connect_guest(), &connect_guest(), &connect_guest()};

    server().signal(GetParam());
    for (auto *guest : guests) {
        EXPECT_EQ(guest->ws.expect_close(ChatdProcess::exit_timeout), 1001) << guest->user;
    }
    const auto status = server().wait_exit();
    ASSERT_TRUE(status) << "chatd is still running";
    EXPECT_EQ(status->code, 0) << *status;
}

INSTANTIATE_TEST_SUITE_P(LifecycleTest, ShutdownTest, ::testing::Values(SIGTERM, SIGINT),
                         [](const auto &param) { return std::string(sigabbrev_np(param.param)); });

TEST(LifecycleTest, VersionPrintsTheNameAndVersion) {
    const auto result = run_chatd({"--version"});
    EXPECT_EQ(result.status.code, 0) << result.status << "\n" << result.output;
    EXPECT_NE(result.output.find("chatd 0.1.0"), std::string::npos) << result.output;
}

// Exited by itself with a non-zero code: refused the input without crashing.
::testing::AssertionResult refused(const RunResult &result) {
    if (result.status.code.value_or(0) != 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << result.status << "; output:\n" << result.output;
}

class CheckConfigTest : public ::testing::Test {
protected:
    // Writes `config` to a file and runs chatd --check-config on it.
    RunResult check(std::string_view config) {
        config_path_ = dir_.write("chatd.toml", config);
        return run_chatd({"--check-config", "--config", config_path_.string()});
    }

    // How an error on `line` of the checked file begins: file:line:column.
    std::string location(int line) const {
        return config_path_.string() + ":" + std::to_string(line) + ":";
    }

    TempDir dir_;

private:
    std::filesystem::path config_path_;
};

TEST_F(CheckConfigTest, AcceptsAValidFile) {
    const auto result = check("[server]\nport = 0\n\n[plugins]\ndir = '" +
                              build_plugin_dir().string() + "'\npipeline = [\"rooms\"]\n");
    EXPECT_EQ(result.status.code, 0) << result.status << "\n" << result.output;
}

TEST_F(CheckConfigTest, NamesTheLineAndKeyOfAnError) {
    const auto result = check("[server]\nprot = 1\n");
    EXPECT_TRUE(refused(result));
    EXPECT_NE(result.output.find(location(2)), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("prot"), std::string::npos) << result.output;
}

TEST_F(CheckConfigTest, ChecksAPluginTableAgainstWhatThePluginDeclares) {
    const auto result = check("[plugins]\ndir = '" + build_plugin_dir().string() +
                              "'\n\n[plugins.rooms]\nmax_text_bytes = \"big\"\n");
    EXPECT_TRUE(refused(result));
    EXPECT_NE(result.output.find(location(5)), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("max_text_bytes"), std::string::npos) << result.output;
    // The table belongs to a plugin that exists; only its value is wrong.
    EXPECT_EQ(result.output.find("configures no plugin"), std::string::npos) << result.output;
    EXPECT_EQ(result.output.find("pipeline names"), std::string::npos) << result.output;
}

TEST_F(CheckConfigTest, ListingNamesTheMisconfiguredPluginAndItsFile) {
    const std::string text = "[plugins]\ndir = '" + build_plugin_dir().string() +
                             "'\n\n[plugins.rooms]\nmax_text_bytes = \"big\"\n";
    TempDir dir;
    const auto config = dir.write("chatd.toml", text);
    RunResult result = run_chatd({"--config", config.string(), "--list-plugins"});
    EXPECT_EQ(result.status.code, 2) << result.output;
    const std::string line = "refused  " + (build_plugin_dir() / "rooms.so").string() +
                             ": invalid [plugins.rooms]: " + config.string() + ":5:";
    EXPECT_NE(result.output.find(line), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("max_text_bytes"), std::string::npos) << result.output;
    EXPECT_EQ(result.output.find("refused  config:"), std::string::npos) << result.output;
    EXPECT_EQ(result.output.find("pipeline names"), std::string::npos) << result.output;
}

TEST_F(CheckConfigTest, RefusesATableForAPluginThatIsNotThere) {
    const auto result = check("[plugins]\ndir = '" + build_plugin_dir().string() +
                              "'\n\n[plugins.romos]\ndefault_room = \"x\"\n");
    EXPECT_TRUE(refused(result));
    EXPECT_NE(result.output.find(location(4)), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("[plugins.romos] configures no plugin"), std::string::npos)
        << result.output;
}

// Both inputs crashed toml++ in some versions; each comes with and without a
// final newline because such crashes tend to sit at the end of the input.
struct CrashInput {
    std::string name;
    std::string config;
};

class ParserCrashInputTest : public CheckConfigTest,
                             public ::testing::WithParamInterface<CrashInput> {};

TEST_P(ParserCrashInputTest, IsAnErrorOnLineOneNotACrash) {
    const auto result = check(GetParam().config);
    EXPECT_TRUE(refused(result));
    EXPECT_NE(result.output.find(location(1)), std::string::npos) << result.output;
}

INSTANTIATE_TEST_SUITE_P(LifecycleTest, ParserCrashInputTest,
                         ::testing::Values(CrashInput{"AtSignTable", "[@server]"},
                                           CrashInput{"AtSignTableNewline", "[@server]\n"},
                                           CrashInput{"CyrillicAfterValue", "key = 1 \xd0\x8c"},
                                           CrashInput{"CyrillicAfterValueNewline",
                                                      "key = 1 \xd0\x8c\n"}),
                         ParamName{});

// Without --config chatd runs on its defaults, which must be valid. Only
// --check-config is run: the default port 8080 may be taken on this machine.
TEST_F(CheckConfigTest, WithoutAConfigFileTheDefaultsAreValid) {
    const auto result = run_chatd({"--check-config"}, dir_.path());
    EXPECT_EQ(result.status.code, 0) << result.status << "\n" << result.output;
}

} // namespace
} // namespace chatd::test
