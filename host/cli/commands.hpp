#pragma once

#include "config/loader.hpp"

namespace chatd::cli {

// Each returns the process exit code.
int check_config(const config::Config &config);
int list_plugins(const config::Config &config);
int serve(const config::Config &config);

} // namespace chatd::cli
