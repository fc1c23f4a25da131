#pragma once

#include "chatctl/options.hpp"
#include "store/sqlite_history_reader.hpp"

namespace chatd::chatctl {

// Each prints its result on stdout (notes such as "no messages" on stderr)
// and returns the exit code; a read that fails throws history::StoreError.
int history_command(const Options &options, history::SqliteHistoryReader &reader);
int rooms_command(const Options &options, history::SqliteHistoryReader &reader);
int deletions_command(const Options &options, history::SqliteHistoryReader &reader);
// Every `chatctl user` action, from finding the database to the message;
// prints errors itself and returns the exit code.
int user_command(const Options &options);
// ban, unban, mute, unmute, bans and audit, likewise: the moderation
// plugin's database changed through its store's own writes.
int moderation_command(const Options &options);

} // namespace chatd::chatctl
