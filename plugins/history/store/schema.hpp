#pragma once

#include <span>
#include <string_view>

namespace chatd::history {

// The history tables, as migration steps of the owner "history" (storage's
// migrate()); a step once released never changes, later ones are appended.
std::span<const std::string_view> schema_steps();

inline constexpr std::string_view kSchemaOwner = "history";

} // namespace chatd::history
