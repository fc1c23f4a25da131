#include "chatctl/database.hpp"

#include <system_error>

namespace chatd::chatctl {

std::optional<std::string> unusable_database(const std::filesystem::path &path) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (status.type() == std::filesystem::file_type::not_found)
        return path.string() + ": no such file (name the database with --db, or chatd's config "
                               "with --config)";
    if (error) return path.string() + ": " + error.message();
    if (!std::filesystem::is_regular_file(status)) return path.string() + ": not a regular file";
    return std::nullopt;
}

std::string describe(const history::StoreError &error, const std::filesystem::path &path) {
    std::string what = error.what();
    // storage's errors begin with the path; the store's own do not.
    const std::string prefix = path.string() + ": ";
    if (what.starts_with(prefix)) what.erase(0, prefix.size());
    // A SQLite database without chatd's history in it (another program's, or
    // an empty file) fails on its first statement; SQLite's message for that
    // has been "no such table: <name>" in every release.
    if (what.find("no such table: history_") != std::string::npos)
        return prefix + "not a chatd history database (it has no history tables)";
    if (error.fault() == history::Fault::Corrupt)
        return prefix + "not a SQLite database, or a damaged one (" + what + ")";
    return prefix + what;
}

} // namespace chatd::chatctl
