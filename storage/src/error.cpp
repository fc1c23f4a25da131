#include "chatd/storage/error.hpp"

#include <sqlite3.h>

namespace chatd::storage {

namespace {

std::string describe(int extended_code, const std::string &message, const std::string &path) {
    std::string text = path.empty() ? std::string("database") : path;
    text += ": ";
    text += message;
    text += " (";
    text += sqlite3_errstr(extended_code);
    text += ", code ";
    text += std::to_string(extended_code);
    text += ")";
    return text;
}

} // namespace

Error::Error(int extended_code, std::string message, std::string path)
    : std::runtime_error(describe(extended_code, message, path)), extended_code_(extended_code),
      message_(std::move(message)), path_(std::move(path)) {}

ErrorKind Error::kind() const {
    switch (code()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return ErrorKind::Busy;
    case SQLITE_FULL: return ErrorKind::Full;
    case SQLITE_READONLY: return ErrorKind::ReadOnly;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return ErrorKind::Corrupt;
    default: return ErrorKind::Other;
    }
}

Error Error::context(const std::string &doing) const {
    return Error(extended_code_, doing + ": " + message_, path_);
}

} // namespace chatd::storage
