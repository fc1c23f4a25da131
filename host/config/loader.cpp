#include "config/loader.hpp"

#include "config/toml_guard.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

namespace chatd::config {
namespace {

// An error about the file as a whole, so it has no position.
Error about_file(std::string file, std::string problem) {
    return Error{std::move(file), 0, 0, std::move(problem)};
}

std::string too_large(std::uintmax_t size) {
    return "is " + std::to_string(size) + " bytes; a config may be at most " +
           std::to_string(max_config_bytes);
}

// The [server] or [plugins] table, or nullptr when absent or not a table (then an error says so).
const RawTable *section(const RawTable &top, std::string_view name, const std::string &file,
                        std::vector<Error> &errors) {
    const RawEntry *entry = find_entry(top, name);
    if (entry == nullptr) return nullptr;
    if (!entry->is_table) {
        errors.push_back(
            error_at(file, entry->value_position, "'" + entry->key + "' must be a table"));
        return nullptr;
    }
    return &entry->table;
}

} // namespace

std::variant<std::string, Error> read_config_text(const std::filesystem::path &path) {
    const auto refuse = [&](std::string problem) {
        return about_file(path.string(), std::move(problem));
    };
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (error) return refuse("cannot read: " + error.message());
    if (!std::filesystem::is_regular_file(status)) return refuse("cannot read: not a regular file");
    const auto size = std::filesystem::file_size(path, error);
    if (error) return refuse("cannot read: " + error.message());
    if (size > max_config_bytes) return refuse(too_large(size));

    std::ifstream in(path, std::ios::binary);
    if (!in) return refuse(std::string("cannot read: ") + std::strerror(errno));
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) return refuse("cannot read: read failed");
    return text;
}

LoadResult load_file(const std::filesystem::path &path) {
    auto text = read_config_text(path);
    if (auto *error = std::get_if<Error>(&text)) return std::vector{std::move(*error)};
    return load_string(std::get<std::string>(text), path.string());
}

LoadResult load_string(std::string_view text, std::string source_name) {
    if (text.size() > max_config_bytes)
        return std::vector{about_file(source_name, too_large(text.size()))};
    auto parsed = parse_toml(text, source_name);
    if (auto *error = std::get_if<Error>(&parsed)) return std::vector{std::move(*error)};
    const RawTable &top = std::get<RawTable>(parsed);

    std::vector<Error> errors;
    for (const RawEntry &entry : top)
        if (entry.key != "server" && entry.key != "plugins")
            errors.push_back(
                error_at(source_name, entry.key_position,
                         "unknown key '" + entry.key +
                             "' at top level: only [server] and [plugins] belong there"));

    Config config;
    config.source = source_name;
    config.base_dir_ = std::filesystem::path(source_name).parent_path();
    if (const RawTable *server = section(top, "server", source_name, errors))
        config.server = read_server(*server, source_name, errors);
    if (const RawTable *plugins = section(top, "plugins", source_name, errors)) {
        auto read = read_plugins(*plugins, config.base_dir_, source_name, errors);
        config.plugins = std::move(read.config);
        config.plugin_tables_ = std::move(read.plugin_tables);
    }
    if (!errors.empty()) {
        sort_by_position(errors);
        return errors;
    }
    return config;
}

Config defaults() {
    Config config;
    config.source = "<defaults>";
    return config;
}

} // namespace chatd::config
