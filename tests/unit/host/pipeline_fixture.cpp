#include "pipeline_fixture.hpp"

#include <future>

namespace chatd::test {

PipelineTest::~PipelineTest() {
    if (pipeline) pipeline->stop();
}

TestPlugin &PipelineTest::add_message_resolver() {
    TestPlugin &p = add_plugin("resolver");
    p.add_stage(CHATD_PHASE_RESOLVE,
                [](Frame &f) {
                    if (f.make_message(f.get_string("room").value_or("lobby")) != CHATD_OK)
                        return f.reject("bad_request", "not a message");
                    return Stage::Continue;
                },
                {"message"});
    return p;
}

TestPlugin &PipelineTest::add_plugin(std::string name) {
    return plugins_.emplace_back(std::move(name));
}

void PipelineTest::start(pipeline::Options options) {
    pipeline = std::make_unique<pipeline::Pipeline>(options);
    pipeline->set_transport(transport);
    std::vector<chatd_plugin *> records;
    for (TestPlugin &p : plugins_)
        records.push_back(p.attach(*pipeline));
    pipeline->set_plugins(std::move(records));
    caller.attach(*pipeline);
    pipeline->start();
}

void PipelineTest::open(chatd_conn_id conn) {
    pipeline->on_open(conn, "192.0.2.1");
    EXPECT_EQ(next(conn)["type"], "hello");
}

void PipelineTest::message(chatd_conn_id conn, std::string data, bool binary) {
    pipeline->on_message(conn, std::move(data), binary);
}

void PipelineTest::close(chatd_conn_id conn) { pipeline->on_close(conn); }

nlohmann::json PipelineTest::next(chatd_conn_id conn) {
    size_t &index = read_[conn];
    auto text = transport.wait_frame(conn, index, kDeadline);
    if (!text) {
        ADD_FAILURE() << "no frame " << index << " for conn " << conn << " within the deadline";
        return nullptr;
    }
    ++index;
    return nlohmann::json::parse(*text);
}

std::vector<nlohmann::json> PipelineTest::unread(chatd_conn_id conn) {
    settle();
    std::vector<std::string> sent = transport.frames(conn);
    std::vector<nlohmann::json> out;
    for (size_t &index = read_[conn]; index < sent.size(); ++index)
        out.push_back(nlohmann::json::parse(sent[index]));
    return out;
}

void PipelineTest::settle() {
    // Shared, so a late run after a timed-out wait touches nothing freed.
    auto done = std::make_shared<std::promise<void>>();
    auto reached = done->get_future();
    ASSERT_TRUE(pipeline->post_barrier([done] { done->set_value(); }))
        << "pipeline is not accepting";
    ASSERT_EQ(reached.wait_for(kDeadline), std::future_status::ready)
        << "pipeline thread did not reach the barrier within the deadline";
}

void PipelineTest::subscribe(chatd_conn_id conn, std::string_view room) {
    chatd_status status = CHATD_ERR_STATE;
    on_pipeline([&] { status = caller.host.subscribe(conn, room); });
    ASSERT_EQ(status, CHATD_OK);
}

} // namespace chatd::test
