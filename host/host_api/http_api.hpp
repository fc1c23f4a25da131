#pragma once

#include <chatd/plugin_abi.h>

namespace chatd::host_api {

// Fills the request_* and http_* functions of the table.
void add_http_functions(chatd_host_api &table);

} // namespace chatd::host_api
