#include "chatd/storage/directory.hpp"

#include <stdexcept>
#include <system_error>

namespace chatd::storage {

void create_directory_of(const std::filesystem::path &database) {
    // A bare file name is in the working directory, which exists; asked to
    // make "", create_directories fails.
    if (database.parent_path().empty()) return;
    std::error_code error;
    std::filesystem::create_directories(database.parent_path(), error);
    if (error)
        throw std::runtime_error("cannot create the directory of " + database.string() + ": " +
                                 error.message());
}

} // namespace chatd::storage
