#include "history_plugin.hpp"

#include "store/sqlite_history_store.hpp"

namespace chatd::history {

namespace {

const char *const kMessageTypes[] = {"message", nullptr};

std::string view_text(chatd_str_view v) { return std::string(v.data ? v.data : "", v.size); }

} // namespace

HistoryPlugin::HistoryPlugin(const chatd::Host &host)
    : host_(host), settings_(load_settings(host)), faults_(host),
      store_(std::make_unique<SqliteHistoryStore>(SqliteOptions{
          .path = settings_.database,
          .synchronous = settings_.synchronous,
          .busy_timeout = settings_.busy_timeout,
          .writer = {.max_queue = settings_.max_pending},
      })) {
    host_.info("history in " + settings_.database.string());
}

HistoryPlugin::~HistoryPlugin() { store_->stop(); }

const std::array<chatd_stage, 1> HistoryPlugin::stages = {
    chatd::stage<&HistoryPlugin::commit>(CHATD_PHASE_COMMIT, kMessageTypes),
};

chatd::Stage HistoryPlugin::commit(chatd::Frame &frame) {
    const std::optional<chatd_message> message = frame.message();
    // Not a room message (another stage's frame type), or one a stage before
    // this one already committed.
    if (!message || message->seq != 0) return chatd::Stage::Continue;
    NewMessage record{.room = view_text(message->room),
                      .from = view_text(message->from),
                      .text = view_text(message->text),
                      .extra_json = view_text(message->extra_json)};
    const chatd_frame_id id = frame.id();
    // Runs on the store's thread once the message is durable or certainly
    // not stored; both resumes are safe from any thread.
    auto done = [host = host_, faults = &faults_, id](std::variant<Committed, StoreError> result) {
        if (const auto *committed = std::get_if<Committed>(&result)) {
            faults->stored();
            host.resume_committed(id, committed->seq, committed->ts_ms);
            return;
        }
        const StoreError &error = std::get<StoreError>(result);
        faults->failed(error);
        const Refusal refusal = refusal_of(error);
        host.resume(id, chatd::Stage::Reject, refusal.code, refusal.message);
    };
    if (std::optional<StoreError> refused = store_->append(std::move(record), std::move(done))) {
        faults_.failed(*refused);
        const Refusal refusal = refusal_of(*refused);
        return frame.reject(refusal.code, refusal.message);
    }
    return chatd::Stage::Pause;
}

} // namespace chatd::history

namespace {
const char *const kCapabilities[] = {CHATD_CAP_PAUSE, CHATD_CAP_ROOMS, nullptr};
} // namespace

CHATD_PLUGIN(chatd::history::HistoryPlugin, "history", "0.1.0",
             "history: stores every room message in SQLite before it is delivered",
             chatd::history::kOptions.data(),
             static_cast<uint32_t>(chatd::history::kOptions.size()), kCapabilities)
