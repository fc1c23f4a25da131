/* One source, one fixture plugin per compatibility edge: the build compiles it
 * once per FIXTURE_* switch (see CMakeLists.txt). Plain C, so every fixture is
 * also proof that the ABI needs nothing from C++. */
#include <chatd/plugin_abi.h>
#include <stdio.h>
#include <string.h>

#ifndef FIXTURE_NAME
#define FIXTURE_NAME "fixture_good"
#endif

static const chatd_host_api *host;
static chatd_plugin *self_handle;

static int32_t on_init(chatd_plugin *self, const chatd_host_api *api, void **state, char *error,
                       size_t error_size) {
    (void)state;
#ifdef FIXTURE_INIT_FAIL
    (void)self;
    (void)api;
    snprintf(error, error_size, "database unreachable at fixture://nowhere");
    return 1;
#else
    (void)error;
    (void)error_size;
    host = api;
    self_handle = self;
    return 0;
#endif
}

static void on_shutdown(void *state) { (void)state; }

/* Answers {"type":"fixture"} so a test can tell which fixture is loaded. */
static chatd_stage_status on_frame(void *state, chatd_frame *frame) {
    (void)state;
    chatd_str_view type = host->frame_type(frame);
    if (type.size != 7 || memcmp(type.data, "fixture", 7) != 0) return CHATD_STAGE_CONTINUE;
    static const char reply[] = "{\"type\":\"fixture\",\"plugin\":\"" FIXTURE_NAME "\"}";
    chatd_str_view json = {reply, sizeof reply - 1};
    host->reply(self_handle, frame, json);
    return CHATD_STAGE_HANDLED;
}

#ifdef FIXTURE_MISSING_CAPABILITY
static const char *const capabilities[] = {CHATD_CAP_PAUSE, "teleport", NULL};
#else
static const char *const capabilities[] = {CHATD_CAP_ROOMS, NULL};
#endif

static const chatd_plugin_descriptor descriptor = {
#ifdef FIXTURE_TOO_SMALL
    .struct_size = 8,
#else
    .struct_size = sizeof(chatd_plugin_descriptor),
#endif
#ifdef FIXTURE_NEWER_MAJOR
    .abi_major = CHATD_ABI_MAJOR + 1,
#else
    .abi_major = CHATD_ABI_MAJOR,
#endif
#ifdef FIXTURE_NEWER_MINOR
    .abi_minor = CHATD_ABI_MINOR + 1,
#else
    .abi_minor = CHATD_ABI_MINOR,
#endif
    .host_api_size = sizeof(chatd_host_api),
    .name = FIXTURE_NAME,
    .version = "1.0.0",
    .description = "test fixture " FIXTURE_NAME,
    .required_capabilities = capabilities,
    .on_init = on_init,
    .on_shutdown = on_shutdown,
    .on_frame = on_frame};

#ifdef FIXTURE_NO_ENTRY
/* Exported under a wrong name, as a typo would. */
CHATD_EXTERN_C CHATD_EXPORT const chatd_plugin_descriptor *chatd_plugin_entry_typo(uint16_t major,
                                                                                   uint16_t minor);
const chatd_plugin_descriptor *chatd_plugin_entry_typo(uint16_t major, uint16_t minor) {
#else
CHATD_EXTERN_C CHATD_EXPORT const chatd_plugin_descriptor *chatd_plugin_entry(uint16_t major,
                                                                              uint16_t minor);
const chatd_plugin_descriptor *chatd_plugin_entry(uint16_t major, uint16_t minor) {
#endif
    (void)major;
    (void)minor;
#ifdef FIXTURE_DECLINE
    (void)descriptor;
    return NULL;
#else
    return &descriptor;
#endif
}
