#pragma once

#include <stdexcept>
#include <string>

namespace chatd::storage {

// The faults a caller reacts to differently: a busy database is retried or
// reported as "try again", a full disk or a read-only file is an operator's
// problem that clears by itself once fixed, a corrupt file never does.
enum class ErrorKind {
    Busy,     // SQLITE_BUSY, SQLITE_LOCKED: another connection holds the lock
    Full,     // SQLITE_FULL: the disk (or max_page_count) is full
    ReadOnly, // SQLITE_READONLY: the file, its directory or the connection is read-only
    Corrupt,  // SQLITE_CORRUPT, SQLITE_NOTADB: not a usable database
    Other,
};

// Everything this library throws. Carries SQLite's result code (primary and
// extended) and the database's path, so one log line says what failed where.
class Error : public std::runtime_error {
public:
    // extended_code is the extended result code (equal to code when SQLite
    // gave none); message is SQLite's or ours.
    Error(int extended_code, std::string message, std::string path);

    int code() const { return extended_code_ & 0xff; }
    int extended_code() const { return extended_code_; }
    const std::string &message() const { return message_; }
    const std::string &path() const { return path_; }

    ErrorKind kind() const;
    bool busy() const { return kind() == ErrorKind::Busy; }
    bool full() const { return kind() == ErrorKind::Full; }
    bool read_only() const { return kind() == ErrorKind::ReadOnly; }
    bool corrupt() const { return kind() == ErrorKind::Corrupt; }

    // The same fault, with what was being done put in front of the message.
    Error context(const std::string &doing) const;

private:
    int extended_code_;
    std::string message_;
    std::string path_;
};

} // namespace chatd::storage
