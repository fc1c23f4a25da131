#include "message_rows.hpp"

#include <string>

namespace chatd::history {

namespace {

constexpr size_t kRowsPerStatement = 32;
constexpr int kColumns = 6;

std::string insert_sql(size_t rows) {
    std::string sql =
        "INSERT INTO history_messages(room_id, seq, ts_ms, sender, text, extra) VALUES";
    for (size_t i = 0; i < rows; ++i)
        sql += i == 0 ? "(?,?,?,?,?,?)" : ",(?,?,?,?,?,?)";
    return sql;
}

void bind_row(storage::Statement &insert, int first, const MessageRow &row) {
    const NewMessage &m = *row.message;
    insert.bind(first, row.room_id).bind(first + 1, row.seq).bind(first + 2, row.ts_ms);
    insert.bind(first + 3, m.from).bind(first + 4, m.text);
    if (m.extra_json == "{}")
        insert.bind(first + 5, nullptr);
    else
        insert.bind(first + 5, m.extra_json);
}

} // namespace

void insert_messages(storage::Database &db, std::span<const MessageRow> rows) {
    static const std::string many = insert_sql(kRowsPerStatement);
    static const std::string one = insert_sql(1);
    while (!rows.empty()) {
        const size_t count = rows.size() >= kRowsPerStatement ? kRowsPerStatement : 1;
        auto insert = db.prepare_cached(count == 1 ? one : many);
        for (size_t i = 0; i < count; ++i)
            bind_row(*insert, static_cast<int>(i) * kColumns + 1, rows[i]);
        insert->run();
        rows = rows.subspan(count);
    }
}

} // namespace chatd::history
