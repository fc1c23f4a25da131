#include "config/option.hpp"
#include "config_test_support.hpp"

#include "auth/settings.hpp"
#include "history/settings.hpp"
#include "moderation/moderation_options.hpp"
#include "rooms/settings.hpp"

#include <array>

#include <cstdint>
#include <limits>

namespace chatd::config::test {
namespace {

// Every option of a plugin's table in the sample has its built-in default.
// A path is compared as written: the sample's resolves against its own
// directory, the defaults' against the working directory.
void expect_defaults(const Config &sample, const std::string &plugin,
                     const std::vector<OptionSpec> &options) {
    const auto from_sample = sample.plugin_settings(plugin, options);
    const auto built_in = defaults().plugin_settings(plugin, options);
    ASSERT_TRUE(std::holds_alternative<PluginSettings>(from_sample)) << plugin;
    for (const auto &option : options) {
        const auto &value = *std::get<PluginSettings>(from_sample).find(option.name);
        const auto &expected = *std::get<PluginSettings>(built_in).find(option.name);
        if (option.type == CHATD_CONFIG_PATH)
            EXPECT_EQ(std::filesystem::path(std::get<std::string>(value)).filename(),
                      std::filesystem::path(std::get<std::string>(expected)).filename())
                << plugin << "." << option.name;
        else
            EXPECT_EQ(value, expected) << plugin << "." << option.name;
    }
}

std::vector<Error> file_errors(const std::filesystem::path &path) {
    auto result = load_file(path);
    if (std::holds_alternative<Config>(result)) {
        ADD_FAILURE() << "expected " << path << " not to load";
        return {};
    }
    return std::get<std::vector<Error>>(std::move(result));
}

TEST(Loader, DefaultsAreTheDocumentedValues) {
    const Config config = defaults();
    EXPECT_EQ(config.source, "<defaults>");
    const ServerConfig &s = config.server;
    EXPECT_EQ(s.host, "127.0.0.1");
    EXPECT_EQ(s.port, 8080);
    EXPECT_EQ(s.path, "/chat");
    EXPECT_EQ(s.max_message_bytes, 65536u);
    EXPECT_EQ(s.send_queue_bytes, 1048576u);
    EXPECT_EQ(s.reply_queue_bytes, 262144u);
    EXPECT_EQ(s.max_http_body_bytes, 1048576u);
    EXPECT_EQ(s.max_connections, 10000u);
    EXPECT_EQ(s.ping_interval_seconds, 30u);
    EXPECT_EQ(s.idle_timeout_seconds, 60u);
    EXPECT_TRUE(s.allowed_origins.empty());
    EXPECT_EQ(s.rate_limit_per_second, 50.0);
    EXPECT_EQ(s.rate_limit_burst, 100u);
    EXPECT_EQ(s.reply_cost_bytes, 16384u);
    EXPECT_EQ(s.log_level, "info");
    EXPECT_EQ(s.shutdown_timeout_ms, 3000u);
    EXPECT_EQ(config.plugins.dir, chatd::config::default_plugin_dir());
    EXPECT_EQ(config.plugins.pipeline, std::vector<std::string>{"rooms"});
    EXPECT_TRUE(config.plugin_tables().empty());
}

TEST(Loader, SampleConfigIsExactlyTheDefaults) {
    const auto result = load_file(CHATD_SAMPLE_CONFIG);
    ASSERT_TRUE(std::holds_alternative<Config>(result))
        << describe(std::get<std::vector<Error>>(result));
    const Config &sample = std::get<Config>(result);
    EXPECT_EQ(sample.source, CHATD_SAMPLE_CONFIG);
    EXPECT_EQ(sample.server, defaults().server); // every field
    EXPECT_EQ(sample.plugins, defaults().plugins);
    ASSERT_EQ(sample.plugin_tables().size(), 4u);
    EXPECT_EQ(sample.plugin_tables()[0].first, "auth");
    EXPECT_EQ(sample.plugin_tables()[1].first, "rooms");
    EXPECT_EQ(sample.plugin_tables()[2].first, "history");
    EXPECT_EQ(sample.plugin_tables()[3].first, "moderation");
    for (const auto &[plugin, options] :
         {std::pair{"auth", option_specs(auth::kOptions)},
          std::pair{"rooms", option_specs(rooms::kOptions)},
          std::pair{"history", option_specs(history::kOptions)},
          std::pair{"moderation", option_specs(moderation::kOptions)}})
        expect_defaults(sample, plugin, options);
}

TEST(Loader, WindowsLineEndingsLoadTheSame) {
    TempDir temp;
    std::ifstream in(CHATD_SAMPLE_CONFIG, std::ios::binary);
    std::string crlf;
    for (char c; in.get(c);)
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    const auto result = load_file(temp.write("crlf.toml", crlf));
    ASSERT_TRUE(std::holds_alternative<Config>(result));
    EXPECT_EQ(std::get<Config>(result).server, defaults().server);
}

TEST(Loader, EmptyTextIsAllDefaults) {
    const Config config = load_ok("");
    EXPECT_EQ(config.source, config_path);
    EXPECT_EQ(config.server, defaults().server);
    EXPECT_EQ(config.plugins, defaults().plugins);
    EXPECT_EQ(load_ok("# only a comment\n\n").server, defaults().server);
}

TEST(Loader, EmptyFileIsAllDefaults) {
    TempDir temp;
    const auto result = load_file(temp.write("empty.toml", ""));
    ASSERT_TRUE(std::holds_alternative<Config>(result));
    EXPECT_EQ(std::get<Config>(result).server, defaults().server);
}

TEST(Loader, MissingFileIsOneErrorNamingIt) {
    TempDir temp;
    const auto missing = temp.path() / "missing.toml";
    const auto errors = file_errors(missing);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].file, missing.string());
    EXPECT_EQ(errors[0].line, 0u);
    EXPECT_EQ(errors[0].str(), missing.string() + ": cannot read: No such file or directory");
}

TEST(Loader, DirectoryIsOneErrorNamingIt) {
    TempDir temp;
    const auto errors = file_errors(temp.path());
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].str(), temp.path().string() + ": cannot read: not a regular file");
}

TEST(Loader, HugeFileIsRefusedUnread) {
    TempDir temp;
    const auto errors = file_errors(temp.write("huge.toml", std::string(10 << 20, '#')));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 0u);
    EXPECT_NE(errors[0].message.find("is 10485760 bytes; a config may be at most 1048576"),
              std::string::npos);
}

TEST(Loader, HugeTextIsRefused) {
    const auto errors = load_errors(std::string(max_config_bytes + 1, ' '));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 0u);
}

TEST(Loader, LargestAllowedTextLoads) {
    std::string text = "[server]\nhost = \"";
    text += std::string(max_config_bytes - text.size() - 2, 'h') + "\"\n";
    ASSERT_EQ(text.size(), max_config_bytes);
    EXPECT_EQ(load_ok(text).server.host.size(), max_config_bytes - 19);
}

TEST(Loader, ParseErrorIsOneErrorWithTomlsPosition) {
    const auto errors = load_errors("[server]\nport = 80\nport = 81\n");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 3u);
    EXPECT_EQ(errors[0].file, config_path);
}

TEST(Loader, BinaryGarbageIsAnError) {
    uint32_t state = 12345; // a fixed generator keeps the test deterministic
    for (int round = 0; round < 200; ++round) {
        std::string bytes(512, '\0');
        for (char &byte : bytes) {
            state = state * 1103515245u + 12345u;
            byte = static_cast<char>(state >> 24);
        }
        SCOPED_TRACE("round " + std::to_string(round));
        const auto errors = load_errors(bytes);
        ASSERT_FALSE(errors.empty());
        EXPECT_GE(errors[0].line, 1u);
    }
}

TEST(Loader, NulByteIsAnErrorAtItsPosition) {
    const auto errors = load_errors(std::string("[server]\nport = 1\0\n", 19));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 2u);
    EXPECT_EQ(load_errors(std::string(64, '\0')).size(), 1u);
}

TEST(Loader, UnknownTopLevelKeyIsAnError) {
    const auto errors = load_errors("title = \"chat\"\n[serve]\nport = 1\n");
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_TRUE(has_error(errors, 1, 1, "unknown key 'title' at top level"));
    EXPECT_TRUE(has_error(errors, 2, 2, "unknown key 'serve' at top level"));
}

TEST(Loader, ErrorStringsNameFileLineAndColumn) {
    EXPECT_EQ((Error{"a.toml", 3, 7, "bad"}).str(), "a.toml:3:7: bad");
    EXPECT_EQ((Error{"a.toml", 0, 0, "bad"}).str(), "a.toml: bad");
}

} // namespace
} // namespace chatd::config::test
