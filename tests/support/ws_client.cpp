#include "support/ws_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdio>
#include <deque>
#include <stdexcept>
#include <utility>

namespace chatd::test {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

// Floods send thousands of frames; keeping only the tail keeps a failure's
// output readable while still showing how the connection ended.
constexpr std::size_t max_transcript_entries = 300;
constexpr std::size_t max_entry_chars = 240;

struct Frame {
    std::string text;
    nlohmann::json json; // discarded when the text is not JSON
};

class Transcript {
public:
    void add(std::string entry) {
        if (entry.size() > max_entry_chars) {
            const auto total = entry.size();
            entry.resize(max_entry_chars);
            entry += "... (" + std::to_string(total) + " bytes)";
        }
        entries_.push_back(std::move(entry));
        if (entries_.size() > max_transcript_entries) {
            entries_.pop_front();
            ++dropped_;
        }
    }

    std::string text(const std::string &label) const {
        std::string out = "--- transcript of " + label + " ---\n";
        if (dropped_ > 0) out += "  (" + std::to_string(dropped_) + " earlier entries omitted)\n";
        for (const auto &entry : entries_)
            out += "  " + entry + "\n";
        return out;
    }

private:
    std::deque<std::string> entries_;
    std::size_t dropped_ = 0;
};

} // namespace

struct WsClient::Impl {
    explicit Impl(std::string name) : label(std::move(name)), ws(ioc) {
        // One send is one frame unless a test fragments it on purpose: the
        // max-size tests depend on knowing how the server sees the message.
        ws.auto_fragment(false);
        // Bounds the closing handshake, whose TCP teardown beast otherwise
        // waits for without limit.
        ws.set_option(websocket::stream_base::timeout{
            .handshake_timeout = default_timeout,
            .idle_timeout = websocket::stream_base::none(),
            .keep_alive_pings = false,
        });
    }

    ~Impl() { drop(); }

    // Runs the io_context until done() holds or the deadline passes.
    void run_until(const std::function<bool()> &done, Clock::time_point deadline) {
        while (!done() && Clock::now() < deadline) {
            ioc.restart();
            ioc.run_one_until(deadline);
        }
    }

    // Starts one asynchronous operation and waits for it. The result lives in
    // the handler, not on this stack frame, so an operation still pending
    // after a timeout can complete later without touching freed memory.
    template <typename Start>
    std::optional<beast::error_code> await(Start start, Clock::time_point deadline) {
        auto result = std::make_shared<std::optional<beast::error_code>>();
        start([result](beast::error_code ec, auto &&...) { *result = ec; });
        run_until([&] { return result->has_value(); }, deadline);
        return *result;
    }

    void start_read() {
        if (reading || !open) return;
        reading = true;
        ws.async_read(read_buffer, [this](beast::error_code ec, std::size_t) {
            reading = false;
            if (ec) return read_failed(ec);
            auto text = beast::buffers_to_string(read_buffer.data());
            read_buffer.consume(read_buffer.size());
            transcript.add((ws.got_binary() ? "<- binary " : "<- ") + text);
            auto json = nlohmann::json::parse(text, nullptr, false);
            inbox.push_back({std::move(text), std::move(json)});
        });
    }

    void read_failed(beast::error_code ec) {
        open = false;
        if (ec == websocket::error::closed || close_received()) {
            // A close frame without a status reads as "none"; RFC 6455 calls that 1005.
            close_code = close_received() ? static_cast<std::uint16_t>(ws.reason().code)
                                          : std::uint16_t{1005};
            transcript.add("<- close " + std::to_string(*close_code) + " \"" +
                           std::string(ws.reason().reason.data(), ws.reason().reason.size()) +
                           "\"");
        } else {
            transcript.add("connection ended without a close frame: " + ec.message());
        }
    }

    // Beast records the server's close frame before its read completes,
    // which waits for the server to end TCP as well; a test only needs the
    // frame.
    bool close_received() const { return ws.reason().code != websocket::close_code::none; }

    // Reads until one more frame is in the inbox, the connection ends, the
    // server's close frame arrives or time runs out; false unless a frame arrived.
    bool read_one(Clock::time_point deadline) {
        const auto before = inbox.size();
        while (inbox.size() == before && open && !close_received() && Clock::now() < deadline) {
            start_read();
            run_until([this] { return !reading || close_received(); }, deadline);
        }
        return inbox.size() > before;
    }

    // The protocol never allows a frame that is not JSON, so meeting one
    // ends the test with the frame in the message.
    const nlohmann::json &json_of(const Frame &frame) const {
        if (frame.json.is_discarded()) {
            throw std::runtime_error(label + ": received a frame that is not JSON: " + frame.text);
        }
        return frame.json;
    }

    void write(std::string_view data, bool binary, bool fin, Clock::time_point deadline) {
        if (!open) throw std::runtime_error(label + ": cannot send, the connection has ended");
        // Owned here because a write that times out is still pending when
        // the caller's buffer goes away.
        outgoing.assign(data);
        ws.binary(binary);
        finish_write(
            await([&](auto handler) { ws.async_write_some(fin, net::buffer(outgoing), handler); },
                  deadline));
    }

    // RFC 6455 §5.2: FIN and opcode 8, the masked length, the mask, and the
    // payload XORed with it, written beneath beast, which sends only valid
    // close frames. Beast keeps no state about frames it did not write.
    void write_close_frame(std::string_view payload, Clock::time_point deadline) {
        if (!open) throw std::runtime_error(label + ": cannot send, the connection has ended");
        if (payload.size() > 125) throw std::invalid_argument("a close frame carries 125 bytes");
        static constexpr unsigned char mask[4] = {0x37, 0xfa, 0x21, 0x3d};
        outgoing = {'\x88', static_cast<char>(0x80 | payload.size())};
        outgoing.append(std::begin(mask), std::end(mask));
        for (std::size_t i = 0; i < payload.size(); ++i)
            outgoing += static_cast<char>(payload[i] ^ mask[i % 4]);
        finish_write(await(
            [&](auto handler) {
                net::async_write(beast::get_lowest_layer(ws), net::buffer(outgoing), handler);
            },
            deadline));
    }

    void finish_write(std::optional<beast::error_code> result) {
        if (!result) {
            // A second write while one is pending is illegal, so the
            // connection cannot be used any more.
            give_up("send timed out");
            throw std::runtime_error(label + ": send timed out");
        }
        if (*result) {
            transcript.add("send failed: " + result->message());
            throw std::runtime_error(label + ": send failed: " + result->message());
        }
    }

    void give_up(std::string why) {
        transcript.add(std::move(why));
        drop();
    }

    void drop() {
        open = false;
        beast::get_lowest_layer(ws).close();
    }

    ConnectResult connect_failed(std::string why, int http_status = 0) {
        transcript.add("connect failed: " + why);
        drop();
        return {.ok = false, .http_status = http_status, .error = std::move(why)};
    }

    std::string label;
    net::io_context ioc;
    websocket::stream<beast::tcp_stream> ws;
    websocket::response_type handshake_response;
    beast::flat_buffer read_buffer;
    std::string outgoing;
    std::deque<Frame> inbox; // received, not yet taken by recv or wait_for
    bool reading = false;
    bool open = false;
    std::optional<std::uint16_t> close_code;
    Transcript transcript;
};

WsClient::WsClient(std::string label) : impl_(std::make_unique<Impl>(std::move(label))) {}

WsClient::~WsClient() = default;

ConnectResult WsClient::connect(const ConnectOptions &options) {
    auto &impl = *impl_;
    const auto deadline = Clock::now() + options.timeout;
    const std::string authority = options.host + ":" + std::to_string(options.port);
    impl.transcript.add("connecting to ws://" + authority + options.path +
                        (options.origin ? " with Origin " + *options.origin : ""));

    const net::ip::tcp::endpoint endpoint{net::ip::make_address(options.host), options.port};
    auto &socket = beast::get_lowest_layer(impl.ws).socket();
    socket.open(endpoint.protocol());
    // Beast writes a masked frame in chunks; with Nagle's algorithm each chunk
    // after the first waits for the server's delayed ACK, about 40 ms.
    socket.set_option(net::ip::tcp::no_delay(true));
    if (options.receive_buffer_bytes) {
        socket.set_option(net::socket_base::receive_buffer_size{*options.receive_buffer_bytes});
    }
    auto result =
        impl.await([&](auto handler) { socket.async_connect(endpoint, handler); }, deadline);
    if (!result) return impl.connect_failed("TCP connect timed out");
    if (*result) return impl.connect_failed("TCP connect: " + result->message());

    if (options.origin || !options.headers.empty()) {
        impl.ws.set_option(websocket::stream_base::decorator(
            [origin = options.origin, headers = options.headers](websocket::request_type &request) {
                if (origin) request.set(beast::http::field::origin, *origin);
                for (const auto &[name, value] : headers)
                    request.set(name, value);
            }));
    }
    if (options.permessage_deflate) {
        websocket::permessage_deflate deflate;
        deflate.client_enable = true;
        impl.ws.set_option(deflate);
    }
    result = impl.await(
        [&](auto handler) {
            impl.ws.async_handshake(impl.handshake_response, authority, options.path, handler);
        },
        deadline);
    if (!result) return impl.connect_failed("WebSocket handshake timed out");
    if (*result == websocket::error::upgrade_declined) {
        const int status = impl.handshake_response.result_int();
        return impl.connect_failed("handshake declined with HTTP " + std::to_string(status),
                                   status);
    }
    if (*result) return impl.connect_failed("WebSocket handshake: " + result->message());

    impl.open = true;
    const auto extensions = impl.handshake_response[beast::http::field::sec_websocket_extensions];
    impl.transcript.add("connected" +
                        (extensions.empty() ? "" : " with " + std::string(extensions)));
    return {.ok = true, .extensions = std::string(extensions)};
}

void WsClient::send_text(std::string_view text, std::chrono::milliseconds timeout) {
    impl_->transcript.add("-> " + std::string(text));
    impl_->write(text, false, true, Clock::now() + timeout);
}

void WsClient::send_json(const nlohmann::json &frame, std::chrono::milliseconds timeout) {
    send_text(frame.dump(), timeout);
}

void WsClient::send_binary(std::string_view data, std::chrono::milliseconds timeout) {
    impl_->transcript.add("-> binary " + std::string(data));
    impl_->write(data, true, true, Clock::now() + timeout);
}

void WsClient::send_fragmented_text(std::string_view text, std::size_t fragment_bytes,
                                    std::chrono::milliseconds timeout) {
    if (fragment_bytes == 0) throw std::invalid_argument("fragment_bytes must be positive");
    const auto deadline = Clock::now() + timeout;
    const auto fragments = (text.size() + fragment_bytes - 1) / fragment_bytes;
    impl_->transcript.add("-> in " + std::to_string(fragments) +
                          " fragments: " + std::string(text));
    for (std::size_t offset = 0; offset < text.size(); offset += fragment_bytes) {
        const bool last = offset + fragment_bytes >= text.size();
        impl_->write(text.substr(offset, fragment_bytes), false, last, deadline);
    }
}

std::optional<std::string> WsClient::recv(std::chrono::milliseconds timeout) {
    auto &impl = *impl_;
    if (impl.inbox.empty() && !impl.read_one(Clock::now() + timeout)) return std::nullopt;
    auto text = std::move(impl.inbox.front().text);
    impl.inbox.pop_front();
    return text;
}

std::optional<nlohmann::json> WsClient::recv_json(std::chrono::milliseconds timeout) {
    auto &impl = *impl_;
    if (impl.inbox.empty() && !impl.read_one(Clock::now() + timeout)) return std::nullopt;
    auto json = impl.json_of(impl.inbox.front());
    impl.inbox.pop_front();
    return json;
}

std::optional<nlohmann::json> WsClient::wait_for(const Predicate &matches,
                                                 std::chrono::milliseconds timeout) {
    auto &impl = *impl_;
    const auto deadline = Clock::now() + timeout;
    std::size_t scanned = 0;
    do {
        for (; scanned < impl.inbox.size(); ++scanned) {
            const auto it = impl.inbox.begin() + static_cast<std::ptrdiff_t>(scanned);
            if (!matches(impl.json_of(*it))) continue;
            auto json = std::move(it->json);
            impl.inbox.erase(it);
            return json;
        }
    } while (impl.read_one(deadline));
    impl.transcript.add("(no matching frame in time)");
    return std::nullopt;
}

std::optional<std::uint16_t> WsClient::expect_close(std::chrono::milliseconds timeout) {
    auto &impl = *impl_;
    const auto deadline = Clock::now() + timeout;
    do {
        impl.inbox.clear();
    } while (impl.read_one(deadline));
    if (impl.close_code) return impl.close_code;
    if (impl.close_received()) {
        impl.transcript.add("<- close " + std::to_string(static_cast<int>(impl.ws.reason().code)) +
                            " (the server has not ended TCP yet)");
        return static_cast<std::uint16_t>(impl.ws.reason().code);
    }
    impl.transcript.add(impl.open ? "(no close in time)" : "(ended without a close frame)");
    return std::nullopt;
}

bool WsClient::close(std::uint16_t code, std::chrono::milliseconds timeout) {
    auto &impl = *impl_;
    if (!impl.open) return false;
    impl.transcript.add("-> close " + std::to_string(code));
    const auto result = impl.await(
        [&](auto handler) { impl.ws.async_close(websocket::close_reason(code), handler); },
        Clock::now() + timeout);
    impl.open = false;
    if (!result || *result) {
        impl.give_up(result ? "close failed: " + result->message() : "close timed out");
        return false;
    }
    return true;
}

void WsClient::send_close_frame(std::string_view payload, std::chrono::milliseconds timeout) {
    std::string hex;
    for (unsigned char byte : payload) {
        char digits[4];
        std::snprintf(digits, sizeof digits, " %02x", byte);
        hex += digits;
    }
    impl_->transcript.add("-> close frame with payload" + (hex.empty() ? " (empty)" : hex));
    impl_->write_close_frame(payload, Clock::now() + timeout);
}

void WsClient::drop() {
    impl_->transcript.add("dropped the TCP connection");
    impl_->drop();
}

std::string WsClient::transcript() const { return impl_->transcript.text(impl_->label); }

} // namespace chatd::test
