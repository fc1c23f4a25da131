// Frozen layout of ABI 1.0. These asserts may only ever be added to: if one
// fails, a released field moved, which breaks every plugin already built.
#include <chatd/plugin_abi.h>
#include <cstddef>
#include <fstream>
#include <gtest/gtest.h>
#include <string>

#define FROZEN_OFFSET(type, field, offset)                                                         \
    static_assert(offsetof(type, field) == (offset), #type "." #field " moved")

FROZEN_OFFSET(chatd_str_view, data, 0);
FROZEN_OFFSET(chatd_str_view, size, 8);
static_assert(sizeof(chatd_str_view) == 16);

FROZEN_OFFSET(chatd_config_option, struct_size, 0);
FROZEN_OFFSET(chatd_config_option, type, 4);
FROZEN_OFFSET(chatd_config_option, name, 8);
FROZEN_OFFSET(chatd_config_option, help, 16);
FROZEN_OFFSET(chatd_config_option, default_string, 24);
FROZEN_OFFSET(chatd_config_option, default_int, 32);
FROZEN_OFFSET(chatd_config_option, default_double, 40);
FROZEN_OFFSET(chatd_config_option, min_int, 48);
FROZEN_OFFSET(chatd_config_option, max_int, 56);
static_assert(sizeof(chatd_config_option) == 64);

FROZEN_OFFSET(chatd_plugin_descriptor, struct_size, 0);
FROZEN_OFFSET(chatd_plugin_descriptor, abi_major, 4);
FROZEN_OFFSET(chatd_plugin_descriptor, abi_minor, 6);
FROZEN_OFFSET(chatd_plugin_descriptor, host_api_size, 8);
FROZEN_OFFSET(chatd_plugin_descriptor, name, 16);
FROZEN_OFFSET(chatd_plugin_descriptor, version, 24);
FROZEN_OFFSET(chatd_plugin_descriptor, description, 32);
FROZEN_OFFSET(chatd_plugin_descriptor, required_capabilities, 40);
FROZEN_OFFSET(chatd_plugin_descriptor, config_options, 48);
FROZEN_OFFSET(chatd_plugin_descriptor, config_option_count, 56);
FROZEN_OFFSET(chatd_plugin_descriptor, on_init, 64);
FROZEN_OFFSET(chatd_plugin_descriptor, on_shutdown, 72);
FROZEN_OFFSET(chatd_plugin_descriptor, on_open, 80);
FROZEN_OFFSET(chatd_plugin_descriptor, on_close, 88);
FROZEN_OFFSET(chatd_plugin_descriptor, on_frame, 96);
// The 1.0 descriptor ends here; 1.1 fields follow.
static_assert(offsetof(chatd_plugin_descriptor, on_frame) + sizeof(void *) == 104);

// The host table: the header fields, then function pointers in release order.
FROZEN_OFFSET(chatd_host_api, struct_size, 0);
FROZEN_OFFSET(chatd_host_api, abi_major, 4);
FROZEN_OFFSET(chatd_host_api, abi_minor, 6);
FROZEN_OFFSET(chatd_host_api, log, 8);
FROZEN_OFFSET(chatd_host_api, post, 16);
FROZEN_OFFSET(chatd_host_api, resume, 24);
FROZEN_OFFSET(chatd_host_api, config_string, 32);
FROZEN_OFFSET(chatd_host_api, send, 80);
FROZEN_OFFSET(chatd_host_api, subscribe, 168);
FROZEN_OFFSET(chatd_host_api, frame_id, 232);
FROZEN_OFFSET(chatd_host_api, timer_start, 320);
FROZEN_OFFSET(chatd_host_api, timer_cancel, 328);
// The 1.0 table ends here; 1.1 functions follow.
static_assert(offsetof(chatd_host_api, timer_cancel) + sizeof(void *) == 336);

// ---- 1.1 ----
FROZEN_OFFSET(chatd_plugin_descriptor, stages, 104);
FROZEN_OFFSET(chatd_plugin_descriptor, stage_count, 112);
FROZEN_OFFSET(chatd_plugin_descriptor, flags, 116);
FROZEN_OFFSET(chatd_plugin_descriptor, on_ready, 120);
FROZEN_OFFSET(chatd_plugin_descriptor, on_handshake, 128);
FROZEN_OFFSET(chatd_plugin_descriptor, on_http_request, 136);
FROZEN_OFFSET(chatd_plugin_descriptor, on_access, 144);
static_assert(sizeof(chatd_plugin_descriptor) == 152);

FROZEN_OFFSET(chatd_request_view, struct_size, 0);
FROZEN_OFFSET(chatd_request_view, tls, 4);
FROZEN_OFFSET(chatd_request_view, method, 8);
FROZEN_OFFSET(chatd_request_view, path, 24);
FROZEN_OFFSET(chatd_request_view, query, 40);
FROZEN_OFFSET(chatd_request_view, remote_address, 56);
FROZEN_OFFSET(chatd_request_view, id, 72);
FROZEN_OFFSET(chatd_request_view, body, 80);
static_assert(sizeof(chatd_request_view) == 96);

FROZEN_OFFSET(chatd_http_header, name, 0);
FROZEN_OFFSET(chatd_http_header, value, 16);
static_assert(sizeof(chatd_http_header) == 32);

FROZEN_OFFSET(chatd_http_route, struct_size, 0);
FROZEN_OFFSET(chatd_http_route, method, 8);
FROZEN_OFFSET(chatd_http_route, pattern, 16);
FROZEN_OFFSET(chatd_http_route, headers, 24);
FROZEN_OFFSET(chatd_http_route, on_request, 32);
FROZEN_OFFSET(chatd_http_route, on_gone, 40);
FROZEN_OFFSET(chatd_http_route, user, 48);
static_assert(sizeof(chatd_http_route) == 56);

FROZEN_OFFSET(chatd_stage, struct_size, 0);
FROZEN_OFFSET(chatd_stage, phase, 4);
FROZEN_OFFSET(chatd_stage, types, 8);
FROZEN_OFFSET(chatd_stage, flags, 16);
FROZEN_OFFSET(chatd_stage, on_frame, 24);
static_assert(sizeof(chatd_stage) == 32);

FROZEN_OFFSET(chatd_message, struct_size, 0);
FROZEN_OFFSET(chatd_message, room, 8);
FROZEN_OFFSET(chatd_message, from, 24);
FROZEN_OFFSET(chatd_message, text, 40);
FROZEN_OFFSET(chatd_message, seq, 56);
FROZEN_OFFSET(chatd_message, ts_ms, 64);
FROZEN_OFFSET(chatd_message, extra_json, 72);
static_assert(sizeof(chatd_message) == 88);

FROZEN_OFFSET(chatd_host_api, resume_with_reply, 336);
FROZEN_OFFSET(chatd_host_api, check_subscribed, 344);
FROZEN_OFFSET(chatd_host_api, conn_set_ready, 368);
FROZEN_OFFSET(chatd_host_api, frame_make_message, 384);
FROZEN_OFFSET(chatd_host_api, frame_message_json, 416);
FROZEN_OFFSET(chatd_host_api, handshake_conn, 424);
FROZEN_OFFSET(chatd_host_api, handshake_request, 432);
FROZEN_OFFSET(chatd_host_api, handshake_resume, 472);
FROZEN_OFFSET(chatd_host_api, request_view, 480);
FROZEN_OFFSET(chatd_host_api, request_param, 512);
FROZEN_OFFSET(chatd_host_api, http_route, 520);
FROZEN_OFFSET(chatd_host_api, http_respond, 528);
FROZEN_OFFSET(chatd_host_api, http_stream_end, 552);
FROZEN_OFFSET(chatd_host_api, rooms_after, 560);
FROZEN_OFFSET(chatd_host_api, resume_committed, 568);
FROZEN_OFFSET(chatd_host_api, frame_answer_add, 576);
FROZEN_OFFSET(chatd_host_api, replay_point, 584);
FROZEN_OFFSET(chatd_host_api, request_set_user, 592);
FROZEN_OFFSET(chatd_host_api, request_refuse, 608);
FROZEN_OFFSET(chatd_host_api, request_user, 616);
FROZEN_OFFSET(chatd_host_api, check_access, 632);
FROZEN_OFFSET(chatd_host_api, user_conns, 640);
static_assert(sizeof(chatd_host_api) == 648);

FROZEN_OFFSET(chatd_access_question, struct_size, 0);
FROZEN_OFFSET(chatd_access_question, conn, 8);
FROZEN_OFFSET(chatd_access_question, request, 16);
FROZEN_OFFSET(chatd_access_question, action, 24);
FROZEN_OFFSET(chatd_access_question, room, 40);
FROZEN_OFFSET(chatd_access_question, user, 56);
static_assert(sizeof(chatd_access_question) == 72);

static_assert(CHATD_PHASE_RESOLVE == 1 && CHATD_PHASE_IDENTIFY == 2 && CHATD_PHASE_AUTHORIZE == 3 &&
              CHATD_PHASE_HANDLE == 4 && CHATD_PHASE_COMMIT == 5);
static_assert(CHATD_STAGE_BEFORE_READY == 1 && CHATD_PLUGIN_GATES_READY == 1);
static_assert(CHATD_HANDSHAKE_ACCEPT == 0 && CHATD_HANDSHAKE_REFUSE == 1 &&
              CHATD_HANDSHAKE_PAUSE == 2);
static_assert(CHATD_ACCESS_ALLOW == 0 && CHATD_ACCESS_DENY == 1);

static_assert(CHATD_STAGE_CONTINUE == 0 && CHATD_STAGE_HANDLED == 1 && CHATD_STAGE_REJECT == 2 &&
              CHATD_STAGE_PAUSE == 3);
static_assert(CHATD_OK == 0 && CHATD_ERR_NOT_FOUND == 1 && CHATD_ERR_WRONG_TYPE == 2 &&
              CHATD_ERR_INVALID == 3 && CHATD_ERR_LIMIT == 4 && CHATD_ERR_STATE == 5);

// The offsets above are major 1's; a new major starts a frozen set of its own
// rather than editing these.
static_assert(CHATD_ABI_MAJOR == 1);

// Every ABI change comes with its changelog entry, so the header's version
// has one. The minor itself is not pinned: each addition bumps it.
TEST(AbiLayout, ChangelogHasAnEntryForTheHeadersVersion) {
    std::ifstream changelog(CHATD_ABI_CHANGELOG);
    ASSERT_TRUE(changelog) << "cannot read " << CHATD_ABI_CHANGELOG;
    const std::string heading =
        "## " + std::to_string(CHATD_ABI_MAJOR) + "." + std::to_string(CHATD_ABI_MINOR);
    for (std::string line; std::getline(changelog, line);)
        if (line == heading || line.starts_with(heading + " ")) return;
    FAIL() << "no \"" << heading << "\" entry in " << CHATD_ABI_CHANGELOG;
}
