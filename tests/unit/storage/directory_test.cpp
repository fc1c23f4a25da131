// The directory a database goes in: made with its parents, left alone when
// it is there, and an error naming the file when something is in the way.
#include "support/chatd_process.hpp"

#include <chatd/storage/directory.hpp>
#include <gtest/gtest.h>

#include <stdexcept>

namespace chatd::storage {
namespace {

namespace fs = std::filesystem;

TEST(CreateDirectoryOf, MakesTheDirectoryAndItsParentsButNotTheFile) {
    const chatd::test::TempDir dir;
    const fs::path database = dir.path() / "a" / "b" / "x.db";
    create_directory_of(database);
    EXPECT_TRUE(fs::is_directory(dir.path() / "a" / "b"));
    EXPECT_FALSE(fs::exists(database));
    create_directory_of(database);
    create_directory_of("relative.db"); // the working directory: nothing to make
}

TEST(CreateDirectoryOf, AFileInTheWayIsAnErrorNamingTheDatabase) {
    const chatd::test::TempDir dir;
    const fs::path database = dir.write("file", "x") / "sub" / "x.db";
    try {
        create_directory_of(database);
        ADD_FAILURE() << "made " << database.parent_path();
    } catch (const std::runtime_error &e) {
        EXPECT_EQ(std::string(e.what()).rfind(
                      "cannot create the directory of " + database.string() + ": ", 0),
                  0u)
            << e.what();
    }
}

} // namespace
} // namespace chatd::storage
