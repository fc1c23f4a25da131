#include "config/error.hpp"

#include <algorithm>
#include <tuple>

namespace chatd::config {

std::string Error::str() const {
    if (line == 0) return file + ": " + message;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

Error error_at(const std::string &file, Position where, std::string message) {
    return Error{file, where.line, where.column, std::move(message)};
}

void sort_by_position(std::vector<Error> &errors) {
    std::stable_sort(errors.begin(), errors.end(), [](const Error &a, const Error &b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
}

} // namespace chatd::config
