#include "support/http_client.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <cctype>

namespace chatd::test {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

// The status line and header lines, without the blank line that ends them.
std::optional<HttpResponse> parse_head(std::string_view head) {
    HttpResponse response;
    size_t end = head.find("\r\n");
    const std::string_view status_line = head.substr(0, end);
    if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12) return std::nullopt;
    response.status = std::stoi(std::string(status_line.substr(9, 3)));
    while (end != std::string_view::npos) {
        head.remove_prefix(end + 2);
        end = head.find("\r\n");
        const std::string_view line = head.substr(0, end);
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        response.headers.emplace_back(lower(line.substr(0, colon)),
                                      std::string(trim(line.substr(colon + 1))));
    }
    return response;
}

} // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
    for (const auto &[key, value] : headers)
        if (key == name) return value;
    return std::nullopt;
}

std::string http_request(std::string_view method, std::string_view target,
                         const std::vector<std::string> &headers, std::string_view body) {
    std::string text = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\n";
    text += "Host: 127.0.0.1\r\n";
    for (const auto &line : headers)
        text += line + "\r\n";
    if (!body.empty()) text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    text += "\r\n";
    text += body;
    return text;
}

struct HttpClient::Impl {
    enum class Read { Data, Closed, Timeout };

    // Runs one asynchronous operation to its end or the deadline; on timeout
    // it is cancelled and run to completion, so no handler outlives the call.
    template <typename Start> bool run(Start start, Clock::time_point deadline) {
        bool done = false;
        start(done);
        io.restart();
        while (!done && io.run_one_until(deadline) > 0) {
        }
        if (done) return true;
        socket.cancel();
        io.restart();
        io.run();
        return false;
    }

    Read read_more(Clock::time_point deadline) {
        if (closed) return Read::Closed;
        size_t got = 0;
        boost::system::error_code error;
        const bool finished = run(
            [&](bool &done) {
                socket.async_read_some(asio::buffer(chunk),
                                       [&](boost::system::error_code ec, size_t n) {
                                           error = ec;
                                           got = n;
                                           done = true;
                                       });
            },
            deadline);
        received.append(chunk.data(), got);
        if (!finished) return got ? Read::Data : Read::Timeout;
        if (error) closed = true;
        return got ? Read::Data : Read::Closed;
    }

    // Reads until `ready` holds; false if the connection ends or time runs out first.
    template <typename Ready> bool read_while_not(Ready ready, Clock::time_point deadline) {
        while (!ready())
            if (read_more(deadline) != Read::Data) return ready();
        return true;
    }

    std::optional<HttpResponse> read_head(Clock::time_point deadline) {
        const auto has_head = [&] { return received.find("\r\n\r\n") != std::string::npos; };
        if (!read_while_not(has_head, deadline)) return std::nullopt;
        const size_t end = received.find("\r\n\r\n");
        auto response = parse_head(std::string_view(received).substr(0, end));
        received.erase(0, end + 4);
        return response;
    }

    asio::io_context io;
    asio::ip::tcp::socket socket{io};
    std::array<char, 65536> chunk{};
    std::string received; // read but not yet taken
    bool closed = false;  // the server ended the connection
};

HttpClient::HttpClient() : impl_(std::make_unique<Impl>()) {}

HttpClient::~HttpClient() { close(); }

bool HttpClient::connect(uint16_t port, std::optional<int> receive_buffer_bytes, Timeout timeout) {
    const asio::ip::tcp::endpoint endpoint{asio::ip::make_address("127.0.0.1"), port};
    impl_->socket.open(endpoint.protocol());
    if (receive_buffer_bytes)
        impl_->socket.set_option(asio::socket_base::receive_buffer_size{*receive_buffer_bytes});
    boost::system::error_code error;
    const bool finished = impl_->run(
        [&](bool &done) {
            impl_->socket.async_connect(endpoint, [&](boost::system::error_code ec) {
                error = ec;
                done = true;
            });
        },
        Clock::now() + timeout);
    if (finished && !error) impl_->socket.set_option(asio::ip::tcp::no_delay(true));
    return finished && !error;
}

bool HttpClient::send(std::string_view bytes, Timeout timeout) {
    boost::system::error_code error;
    const bool finished = impl_->run(
        [&](bool &done) {
            asio::async_write(impl_->socket, asio::buffer(bytes.data(), bytes.size()),
                              [&](boost::system::error_code ec, size_t) {
                                  error = ec;
                                  done = true;
                              });
        },
        Clock::now() + timeout);
    return finished && !error;
}

std::optional<HttpResponse> HttpClient::read_response(Timeout timeout, bool with_body) {
    const auto deadline = Clock::now() + timeout;
    auto response = impl_->read_head(deadline);
    if (!response || response->status < 200 || !with_body) return response;
    std::string &received = impl_->received;
    if (const auto length = response->header("content-length")) {
        const size_t size = std::stoul(*length);
        if (!impl_->read_while_not([&] { return received.size() >= size; }, deadline))
            return std::nullopt;
        response->body = received.substr(0, size);
        received.erase(0, size);
        return response;
    }
    auto rest = read_to_close(std::chrono::duration_cast<Timeout>(deadline - Clock::now()));
    if (!rest) return std::nullopt;
    response->body = std::move(*rest);
    return response;
}

std::optional<HttpResponse> HttpClient::read_head(Timeout timeout) {
    return impl_->read_head(Clock::now() + timeout);
}

std::optional<std::string> HttpClient::read_until(std::string_view text, Timeout timeout) {
    std::string &received = impl_->received;
    if (!impl_->read_while_not([&] { return received.find(text) != std::string::npos; },
                               Clock::now() + timeout))
        return std::nullopt;
    const size_t end = received.find(text) + text.size();
    std::string taken = received.substr(0, end);
    received.erase(0, end);
    return taken;
}

std::optional<std::string> HttpClient::read_to_close(Timeout timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!impl_->closed)
        if (impl_->read_more(deadline) == Impl::Read::Timeout) return std::nullopt;
    return std::exchange(impl_->received, {});
}

void HttpClient::close() {
    boost::system::error_code ignored;
    impl_->socket.close(ignored);
}

} // namespace chatd::test
