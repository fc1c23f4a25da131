// Connections as the network side sees them: opened, fed frames and closed
// through the pipeline's Inbound interface, their outboxes read from what the
// fake transport recorded.
#include "test_host_impl.hpp"

#include "http/url_decoding.hpp"
#include "transport/http_names.hpp"

#include <stdexcept>

namespace chatd::test {

chatd_conn_id TestHost::connect(const std::string &remote_address) {
    auto upgraded = upgrade("/chat", {}, remote_address);
    if (const auto *refusal = std::get_if<HttpRefusal>(&upgraded))
        throw std::runtime_error("the upgrade was refused with HTTP " +
                                 std::to_string(refusal->status) + ": " + refusal->body);
    return std::get<chatd_conn_id>(upgraded);
}

std::variant<chatd_conn_id, HttpRefusal>
TestHost::upgrade(std::string_view target, std::vector<std::pair<std::string, std::string>> headers,
                  const std::string &remote_address) {
    transport::UpgradeRequest request;
    request.conn = impl_->next_conn++;
    request.method = "GET";
    const size_t q = target.find('?');
    request.path = http::percent_decode(target.substr(0, q));
    if (q != std::string_view::npos) request.query_args = http::parse_query(target.substr(q + 1));
    request.query = http::join_query(request.query_args);
    for (auto &[name, value] : headers)
        request.headers.emplace_back(transport::lower_case(name), std::move(value));
    request.remote_address = remote_address;
    // The network thread asks; this is the test's thread, which is not the
    // pipeline's either.
    const transport::HandshakeVerdict verdict = impl_->pipeline.on_handshake(request);
    if (verdict.kind == transport::HandshakeVerdict::Kind::Refuse)
        return HttpRefusal{verdict.http_status, verdict.body};
    impl_->network().on_open(request.conn, remote_address);
    settle();
    return request.conn;
}

void TestHost::disconnect(chatd_conn_id conn) {
    impl_->transport.gone(conn);
    impl_->network().on_close(conn);
    settle();
}

std::vector<nlohmann::json> TestHost::run_frame(chatd_conn_id conn, std::string_view text) {
    impl_->network().on_message(conn, std::string(text), false);
    settle();
    return take(conn);
}

void TestHost::settle() {
    impl_->run([] {});
}

std::vector<nlohmann::json> TestHost::received(chatd_conn_id conn) const {
    const auto read = impl_->read.find(conn);
    const std::vector<std::string> sent = impl_->transport.frames(conn);
    std::vector<nlohmann::json> frames;
    for (size_t i = read == impl_->read.end() ? 0 : read->second; i < sent.size(); ++i)
        frames.push_back(nlohmann::json::parse(sent[i]));
    return frames;
}

std::vector<nlohmann::json> TestHost::take(chatd_conn_id conn) {
    std::vector<nlohmann::json> frames = received(conn);
    impl_->read[conn] += frames.size();
    return frames;
}

void TestHost::clear_outboxes() {
    for (chatd_conn_id conn = 1; conn < impl_->next_conn; ++conn)
        impl_->read[conn] = impl_->transport.frames(conn).size();
}

std::optional<CloseRequest> TestHost::close_request(chatd_conn_id conn) const {
    std::optional<CloseRequest> last;
    for (const auto &close : impl_->transport.closes())
        if (close.conn == conn) last = CloseRequest{close.code, close.reason};
    return last;
}

void TestHost::set_user(chatd_conn_id conn, std::string_view user) {
    chatd_status status = CHATD_ERR_STATE;
    impl_->run([&] {
        status = api().conn_set_user(&impl_->caller, conn, {user.data(), user.size()});
    });
    if (status != CHATD_OK)
        throw std::invalid_argument("conn_set_user failed with status " + std::to_string(status));
}

} // namespace chatd::test
