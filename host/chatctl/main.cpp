// chatctl: reads chatd's history database from the command line, read-only,
// manages the auth plugin's accounts and the moderation plugin's bans and
// mutes; all are safe while chatd runs (see README.md, "chatctl").
#include "chatctl/commands.hpp"
#include "chatctl/database.hpp"
#include "chatctl/database_path.hpp"
#include "chatctl/options.hpp"
#include "chatctl/output.hpp"

#include <cstdio>
#include <vector>

int main(int argc, char **argv) {
    using namespace chatd::chatctl;
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    auto parsed = parse(args);
    if (auto *error = std::get_if<UsageError>(&parsed)) return fail(error->message, kUsageError);
    const Options &options = std::get<Options>(parsed);
    if (options.help || options.command == Command::Help) {
        std::fputs(usage(options.command).c_str(), stdout);
        return 0;
    }

    if (options.command == Command::User) return user_command(options);
    if (options.command != Command::History && options.command != Command::Rooms &&
        options.command != Command::Deletions)
        return moderation_command(options);

    auto located = database_path(options.database, kHistoryDatabase);
    if (auto *error = std::get_if<std::string>(&located)) return fail(*error, kRuntimeError);
    const std::filesystem::path &path = std::get<std::filesystem::path>(located);
    if (auto why = unusable_database(path)) return fail(*why, kRuntimeError);
    try {
        chatd::history::SqliteHistoryReader reader(path);
        switch (options.command) {
        case Command::History: return history_command(options, reader);
        case Command::Rooms: return rooms_command(options, reader);
        default: return deletions_command(options, reader);
        }
    } catch (const chatd::history::StoreError &error) {
        return fail(describe(error, path), kRuntimeError);
    }
}
