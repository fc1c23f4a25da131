#include "config/paths.hpp"

#include <system_error>

namespace chatd::config {

std::filesystem::path resolve_config_path(const std::filesystem::path &base_dir,
                                          const std::filesystem::path &written) {
    return (base_dir / written).lexically_normal();
}

std::string absolute_config_path(const std::filesystem::path &base_dir,
                                 const std::filesystem::path &written) {
    const std::filesystem::path resolved = resolve_config_path(base_dir, written);
    std::error_code error;
    const std::filesystem::path absolute = std::filesystem::absolute(resolved, error);
    // Only a working directory that no longer exists fails here; the relative
    // path still names the same file for as long as anything can open it.
    return (error ? resolved : absolute.lexically_normal()).string();
}

} // namespace chatd::config
