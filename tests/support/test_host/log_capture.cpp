#include "log_capture.hpp"

#include <algorithm>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace chatd::test {

namespace {

chatd_log_level level_of(spdlog::level::level_enum level) {
    switch (level) {
    case spdlog::level::trace: return CHATD_LOG_TRACE;
    case spdlog::level::debug: return CHATD_LOG_DEBUG;
    case spdlog::level::info: return CHATD_LOG_INFO;
    case spdlog::level::warn: return CHATD_LOG_WARN;
    default: return CHATD_LOG_ERROR;
    }
}

// The sink every captured line passes through, handing it to the captures alive.
class Hub final : public spdlog::sinks::base_sink<std::mutex> {
public:
    void attach(LogCapture *capture) {
        std::lock_guard lock(captures_mu_);
        captures_.push_back(capture);
    }
    void detach(LogCapture *capture) {
        std::lock_guard lock(captures_mu_);
        std::erase(captures_, capture);
    }

protected:
    void sink_it_(const spdlog::details::log_msg &msg) override {
        std::lock_guard lock(captures_mu_);
        for (LogCapture *capture : captures_)
            capture->add(
                {level_of(msg.level), std::string(msg.payload.data(), msg.payload.size())});
    }
    void flush_() override {}

private:
    std::mutex captures_mu_;
    std::vector<LogCapture *> captures_;
};

// Installed once, before the first host starts a pipeline thread, because
// spdlog's default logger must not be swapped while another thread logs.
Hub &hub() {
    static const std::shared_ptr<Hub> installed = [] {
        auto capture = std::make_shared<Hub>();
        // Warnings and errors still reach the test's output; the rest only logs().
        auto console = std::make_shared<spdlog::sinks::stderr_sink_mt>();
        console->set_level(spdlog::level::warn);
        auto logger =
            std::make_shared<spdlog::logger>("chatd", spdlog::sinks_init_list{console, capture});
        logger->set_level(spdlog::level::trace);
        spdlog::set_default_logger(logger);
        return capture;
    }();
    return *installed;
}

} // namespace

LogCapture::LogCapture() { hub().attach(this); }

LogCapture::~LogCapture() { hub().detach(this); }

std::vector<LogLine> LogCapture::lines() const {
    std::lock_guard lock(mu_);
    return lines_;
}

void LogCapture::add(LogLine line) {
    std::lock_guard lock(mu_);
    lines_.push_back(std::move(line));
}

} // namespace chatd::test
