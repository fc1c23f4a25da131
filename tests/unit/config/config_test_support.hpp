#pragma once

#include "config/loader.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace chatd::config::test {

// Where the tests pretend a config came from; it decides what a relative plugins.dir means.
inline const std::string config_path = "/etc/chatd/chatd.toml";

inline std::string describe(const std::vector<Error> &errors) {
    std::string text;
    for (const auto &error : errors)
        text += "\n  " + error.str();
    return text.empty() ? "no errors" : "errors:" + text;
}

// The config `text` loads to; fails the test if it does not load.
inline Config load_ok(std::string_view text) {
    auto result = load_string(text, config_path);
    if (const auto *errors = std::get_if<std::vector<Error>>(&result)) {
        ADD_FAILURE() << "expected the config to load, got " << describe(*errors);
        return defaults();
    }
    return std::get<Config>(std::move(result));
}

// The errors loading `text` gives; fails the test if it loads.
inline std::vector<Error> load_errors(std::string_view text) {
    auto result = load_string(text, config_path);
    if (std::holds_alternative<Config>(result)) {
        ADD_FAILURE() << "expected errors, but the config loaded";
        return {};
    }
    return std::get<std::vector<Error>>(std::move(result));
}

// Succeeds when exactly one of `errors` is at line:column and contains `text`.
inline testing::AssertionResult has_error(const std::vector<Error> &errors, uint32_t line,
                                          uint32_t column, std::string_view text) {
    int matches = 0;
    for (const auto &error : errors)
        if (error.line == line && error.column == column &&
            error.message.find(text) != std::string::npos)
            ++matches;
    if (matches == 1) return testing::AssertionSuccess();
    return testing::AssertionFailure() << "wanted one error at " << line << ":" << column
                                       << " containing \"" << text << "\"; " << describe(errors);
}

// A fresh directory under the system temp dir, removed with its contents when done.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter = 0;
        path_ =
            std::filesystem::temp_directory_path() /
            ("chatd_config_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;

    const std::filesystem::path &path() const { return path_; }

    std::filesystem::path write(const std::string &name, std::string_view content) const {
        const auto file = path_ / name;
        std::ofstream(file, std::ios::binary)
            .write(content.data(), static_cast<std::streamsize>(content.size()));
        return file;
    }

private:
    std::filesystem::path path_;
};

} // namespace chatd::config::test
