#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chatd::http {

// "%41" becomes "A". An escape that is not '%' and two hex digits is kept as
// written, so a mistyped URL still reaches the handler instead of vanishing.
std::string percent_decode(std::string_view text);

// Query parameters in the order they appear, names and values decoded ('+'
// is a space there, as HTML forms send it). "a" and "a=" both give an empty
// value; empty pieces between '&'s are skipped; repeated names are all kept.
using QueryParams = std::vector<std::pair<std::string, std::string>>;
QueryParams parse_query(std::string_view query);

// The decoded query as hooks see it: "name=value" pairs joined by '&'.
std::string join_query(const QueryParams &params);

} // namespace chatd::http
