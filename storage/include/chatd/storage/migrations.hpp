#pragma once

#include <span>
#include <string_view>

namespace chatd::storage {

class Database;

// Brings owner's tables to version steps.size(). Step i (0-based) takes the
// schema from version i to i + 1; its SQL must not begin or commit a
// transaction, since each step runs in one of its own together with the
// update of owner's row in chatd_schema(owner, version). A step that fails
// is rolled back, leaves the version where it was, and throws Error. A
// database whose version for owner is above steps.size() was written by a
// newer chatd and is refused with an Error, untouched. Every plugin that
// stores something is an owner and migrates its own tables when it starts.
// Returns the version, steps.size().
int migrate(Database &db, std::string_view owner, std::span<const std::string_view> steps);

// owner's version in chatd_schema; 0 when it has none (or there is no table).
int schema_version(Database &db, std::string_view owner);

} // namespace chatd::storage
