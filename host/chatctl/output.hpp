#pragma once

#include "accounts/account_store.hpp"
#include "store/history_store.hpp"
#include "store/sqlite_history_reader.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::chatctl {

// Text as one terminal line: control characters (C0, DEL, C1), line and
// paragraph separators, backslashes and bytes that are not UTF-8 become
// escapes (\n, \t, \\, \u0085, \xff), so a stored message can neither break
// the table nor drive the terminal.
std::string one_line(std::string_view text);

// A stored message as chatd's live `message` event, the fields it stored
// beside them (extra_json) merged in; one line, no newline.
std::string message_json(const std::string &room, const history::StoredMessage &message);
std::string room_json(const history::RoomSummary &room);
// An account's name, roles and creation time; never its password hash.
std::string account_json(const auth::Account &account);

enum class Align { Left, Right };

// Rows of cells (already one_line) in columns as wide as their widest cell,
// two spaces apart, the last column unpadded; one line per row.
std::string table(const std::vector<std::vector<std::string>> &rows, std::span<const Align> align);

// The TEXT cell of a deleted message's tombstone (its text is gone).
inline constexpr std::string_view kDeletedText = "(deleted)";

std::vector<std::string> message_row(const history::StoredMessage &message);
std::vector<std::string> room_row(const history::RoomSummary &room);
// NAME, ROLES (comma-separated, "-" for none), CREATED.
std::vector<std::string> account_row(const auth::Account &account);

inline constexpr int kRuntimeError = 1;
inline constexpr int kUsageError = 2;

// Prints "chatctl: <message>" on stderr, pointing at --help for a usage
// error, and returns code.
int fail(const std::string &message, int code);

// How to read on from a page that has more, e.g. "(more: use --before 123)".
std::string more_hint(const history::Query &query, const history::Page &page);

} // namespace chatd::chatctl
