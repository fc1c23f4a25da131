#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace chatd::config {

// Where something sits in a config file, 1-based; line 0 stands for the file as a whole.
struct Position {
    uint32_t line = 0;
    uint32_t column = 0;
};

struct Error {
    std::string file;
    uint32_t line = 0;
    uint32_t column = 0;
    std::string message;

    // "file:line:column: message", or "file: message" for an error about the whole file.
    std::string str() const;
};

Error error_at(const std::string &file, Position where, std::string message);

// Orders errors as they appear in the file, which is how a reader fixes them.
void sort_by_position(std::vector<Error> &errors);

} // namespace chatd::config
