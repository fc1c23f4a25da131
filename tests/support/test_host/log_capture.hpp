// Keeps what chatd logs for a test to read. chatd logs through spdlog's
// process-wide default logger, so every capture alive sees every line.
#pragma once

#include <chatd/test_host.hpp>

#include <mutex>
#include <vector>

namespace chatd::test {

class LogCapture {
public:
    LogCapture();
    ~LogCapture();
    LogCapture(const LogCapture &) = delete;
    LogCapture &operator=(const LogCapture &) = delete;

    std::vector<LogLine> lines() const;
    void add(LogLine line);

private:
    mutable std::mutex mu_;
    std::vector<LogLine> lines_;
};

} // namespace chatd::test
