// HTTP requests to the plugins' routes, handed to the real HttpRoutes as the
// network hands them over, and answered into the fake transport.
#include "test_host_impl.hpp"

#include "transport/http_names.hpp"

#include <algorithm>

namespace chatd::test {

uint64_t TestHost::http_request(std::string_view method, std::string_view target, std::string body,
                                std::vector<std::pair<std::string, std::string>> headers) {
    transport::HttpRequest request;
    request.id = impl_->next_http++;
    request.method = std::string(method);
    const size_t q = target.find('?');
    request.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) request.query = std::string(target.substr(q + 1));
    for (auto &[name, value] : headers)
        request.headers.emplace_back(transport::lower_case(name), std::move(value));
    request.remote_address = "127.0.0.1";
    request.body = std::move(body);
    const uint64_t id = request.id;
    impl_->transport.http_arrived(id);
    impl_->pipeline.http_routes().on_http_request(std::move(request));
    settle();
    return id;
}

HttpAnswer TestHost::http_answer(uint64_t id) const {
    return impl_->transport.http_answer(id).value_or(HttpAnswer{});
}

void TestHost::http_client_left(uint64_t id) {
    impl_->transport.http_gone(id);
    impl_->pipeline.http_routes().on_http_gone(id);
    settle();
}

} // namespace chatd::test
