// load_plugin and scan_directory against the fixture plugins tests/abi builds,
// one .so per compatibility edge, and a few broken files made here.
#include "host_api/host_api.hpp"
#include "loader/abi_check.hpp"
#include "loader/loader.hpp"
#include "refusal_text.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <unistd.h>

namespace chatd::loader {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = CHATD_ABI_FIXTURE_DIR;

using test::abi_version;

std::unique_ptr<chatd_plugin> loaded(const std::string &file) {
    auto result = load_plugin(kFixtures / file);
    if (auto *refusal = std::get_if<Refusal>(&result)) {
        ADD_FAILURE() << refusal->line();
        return nullptr;
    }
    return std::move(std::get<std::unique_ptr<chatd_plugin>>(result));
}

// load_plugin refuses `file`, naming it, with a reason that mentions every fact.
testing::AssertionResult refused_mentioning(const fs::path &file,
                                            std::initializer_list<std::string_view> facts) {
    auto result = load_plugin(file);
    auto *refusal = std::get_if<Refusal>(&result);
    if (!refusal) return testing::AssertionFailure() << file << " loaded";
    if (refusal->path != file) return testing::AssertionFailure() << "names " << refusal->path;
    return test::mentions(refusal->reason, facts);
}

// A fresh directory for files this test makes, removed afterwards.
class TempDir {
public:
    TempDir() {
        const auto *info = testing::UnitTest::GetInstance()->current_test_info();
        path_ = fs::temp_directory_path() /
                ("chatd_loader_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    const fs::path &path() const { return path_; }

private:
    fs::path path_;
};

TEST(LoadPlugin, LoadsTheGoodFixtureWithoutInitialisingIt) {
    auto plugin = loaded("fixture_good.so");
    ASSERT_TRUE(plugin);
    EXPECT_EQ(plugin->name, "fixture_good");
    EXPECT_EQ(plugin->version, "1.0.0");
    EXPECT_EQ(plugin->description, "test fixture fixture_good");
    EXPECT_EQ(plugin->path, kFixtures / "fixture_good.so");
    EXPECT_EQ(plugin->descriptor.struct_size, sizeof(chatd_plugin_descriptor));
    EXPECT_NE(plugin->descriptor.on_frame, nullptr);
    EXPECT_TRUE(plugin->options.empty());
    EXPECT_FALSE(plugin->active);
    EXPECT_EQ(plugin->state, nullptr);
    EXPECT_EQ(plugin->pipeline, nullptr);

    // The library stays mapped with the record: its hooks can be called.
    char error[64] = "";
    void *state = nullptr;
    EXPECT_EQ(
        plugin->descriptor.on_init(plugin.get(), host_api::table(), &state, error, sizeof error),
        0);
}

TEST(LoadPlugin, LoadsTheInitFailFixtureWhoseInitFailsLater) {
    auto plugin = loaded("fixture_init_fail.so");
    ASSERT_TRUE(plugin);
    EXPECT_EQ(plugin->name, "fixture_init_fail");
    char error[128] = "";
    void *state = nullptr;
    EXPECT_NE(
        plugin->descriptor.on_init(plugin.get(), host_api::table(), &state, error, sizeof error),
        0);
    EXPECT_STREQ(error, "database unreachable at fixture://nowhere");
}

TEST(LoadPlugin, RefusesANewerMajorNamingBothVersions) {
    EXPECT_TRUE(refused_mentioning(kFixtures / "fixture_newer_major.so",
                                   {abi_version(CHATD_ABI_MAJOR + 1, CHATD_ABI_MINOR),
                                    abi_version(CHATD_ABI_MAJOR, CHATD_ABI_MINOR), "newer"}));
}

TEST(LoadPlugin, RefusesANewerMinorNamingBothVersions) {
    EXPECT_TRUE(refused_mentioning(kFixtures / "fixture_newer_minor.so",
                                   {abi_version(CHATD_ABI_MAJOR, CHATD_ABI_MINOR + 1),
                                    abi_version(CHATD_ABI_MAJOR, CHATD_ABI_MINOR), "newer"}));
}

TEST(LoadPlugin, RefusesAMissingEntryPoint) {
    EXPECT_TRUE(refused_mentioning(kFixtures / "fixture_no_entry.so", {"'chatd_plugin_entry'"}));
}

TEST(LoadPlugin, RefusesAMissingCapability) {
    EXPECT_TRUE(refused_mentioning(kFixtures / "fixture_missing_capability.so", {"'teleport'"}));
}

TEST(LoadPlugin, RefusesAPluginThatDeclines) {
    EXPECT_TRUE(refused_mentioning(kFixtures / "fixture_decline.so", {"declined"}));
}

TEST(LoadPlugin, RefusesADescriptorBelowAbi10) {
    EXPECT_TRUE(refused_mentioning(kFixtures / "fixture_too_small.so",
                                   {"smaller", std::to_string(kMinDescriptorSize)}));
}

TEST(LoadPlugin, RefusesATextFile) {
    EXPECT_TRUE(refused_mentioning(kFixtures / "not_a_library.so", {"ELF"}));
}

TEST(LoadPlugin, RefusesEmptyAndMissingFiles) {
    TempDir dir;
    std::ofstream(dir.path() / "empty.so").flush();
    EXPECT_TRUE(refused_mentioning(dir.path() / "empty.so", {"ELF"}));
    EXPECT_TRUE(refused_mentioning(dir.path() / "absent.so", {"ELF"}));
}

TEST(LoadPlugin, RefusesAnElfFileTheLoaderWillNotOpenWithItsReason) {
    // An ELF that is not a shared object: a relocatable object's header, cut short.
    TempDir dir;
    const fs::path file = dir.path() / "truncated.so";
    {
        std::ifstream good(kFixtures / "fixture_good.so", std::ios::binary);
        char head[64] = {};
        good.read(head, sizeof head);
        std::ofstream(file, std::ios::binary).write(head, sizeof head);
    }
    EXPECT_TRUE(
        refused_mentioning(file, {"not a loadable shared library", file.filename().string()}));
}

TEST(Refusal, LineNamesTheFileAndTheReason) {
    Refusal r{"/plugins/x.so", "because"};
    EXPECT_EQ(r.line(), "refused plugin /plugins/x.so: because");
}

TEST(ScanDirectory, LoadsByFileNameAndRefusesTheRestWithReasons) {
    Scan scan = scan_directory(kFixtures);

    std::vector<std::string> names;
    for (const auto &p : scan.loaded)
        names.push_back(p->name);
    EXPECT_EQ(names, (std::vector<std::string>{"fixture_good", "fixture_init_fail"}));

    std::map<std::string, std::string> reasons;
    for (const Refusal &r : scan.refused)
        reasons[r.path.filename().string()] = r.reason;
    const std::map<std::string, std::string> expected_fact = {
        {"fixture_newer_major.so", "newer"},
        {"fixture_newer_minor.so", "newer"},
        {"fixture_no_entry.so", "chatd_plugin_entry"},
        {"fixture_missing_capability.so", "teleport"},
        {"fixture_decline.so", "declined"},
        {"fixture_too_small.so", "smaller"},
        {"fixture_zz_duplicate.so", "duplicate"},
        {"not_a_library.so", "ELF"},
    };
    EXPECT_EQ(reasons.size(), expected_fact.size());
    for (const auto &[file, fact] : expected_fact) {
        auto it = reasons.find(file);
        ASSERT_NE(it, reasons.end()) << file << " was not refused";
        EXPECT_NE(it->second.find(fact), std::string::npos) << file << ": " << it->second;
    }
    // The duplicate names the plugin and where the first one came from.
    const std::string &duplicate = reasons["fixture_zz_duplicate.so"];
    EXPECT_NE(duplicate.find("'fixture_good'"), std::string::npos) << duplicate;
    EXPECT_NE(duplicate.find((kFixtures / "fixture_good.so").string()), std::string::npos)
        << duplicate;
}

TEST(ScanDirectory, IgnoresFilesThatAreNotSo) {
    TempDir dir;
    std::ofstream(dir.path() / "README.txt") << "not a plugin\n";
    std::ofstream(dir.path() / "plugin.so.bak") << "not a plugin\n";
    fs::copy_file(kFixtures / "fixture_good.so", dir.path() / "only.so");
    Scan scan = scan_directory(dir.path());
    ASSERT_EQ(scan.loaded.size(), 1u);
    EXPECT_EQ(scan.loaded[0]->path, dir.path() / "only.so");
    EXPECT_TRUE(scan.refused.empty());
}

TEST(ScanDirectory, MissingDirectoryIsOneRefusal) {
    const fs::path missing = kFixtures / "no_such_directory";
    Scan scan = scan_directory(missing);
    EXPECT_TRUE(scan.loaded.empty());
    ASSERT_EQ(scan.refused.size(), 1u);
    EXPECT_EQ(scan.refused[0].path, missing);
    EXPECT_NE(scan.refused[0].reason.find("cannot read plugins directory"), std::string::npos)
        << scan.refused[0].reason;
}

} // namespace
} // namespace chatd::loader
