/*
 * example_c: the plugin to copy when starting a new one, in plain C11.
 *
 * It shows the whole life of a plugin: a declared config option, state made
 * in on_init and freed in on_shutdown, a repeating timer, a stage that
 * rewrites a frame and lets it go on (CONTINUE), and one that answers a frame
 * itself (HANDLED).
 *   {"type":"message","text":"/shrug"} -> text becomes the `shrug` option
 *   {"type":"uptime"}                  -> {"type":"uptime","seconds":N}
 */
#include <chatd/plugin_abi.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct example_state {
    chatd_plugin *self;
    const chatd_host_api *host;
    chatd_str_view shrug; /* host memory that lives as long as the plugin */
    chatd_timer_id tick;
    uint64_t seconds;
} example_state;

static chatd_str_view cstr(const char *s) {
    chatd_str_view v;
    v.data = s;
    v.size = strlen(s);
    return v;
}

static int view_is(chatd_str_view v, const char *s) {
    return v.size == strlen(s) && memcmp(v.data, s, v.size) == 0;
}

/* Counting ticks rather than reading a clock keeps the example to the ABI
 * alone and lets tests drive time. The host does not replay ticks missed while
 * the pipeline was busy, so uptime can lag a little; fine for an example. */
static void on_tick(void *user, chatd_timer_id timer) {
    (void)timer;
    ((example_state *)user)->seconds++;
}

static int32_t on_init(chatd_plugin *self, const chatd_host_api *host, void **state, char *error,
                       size_t error_size) {
    example_state *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(error, error_size, "out of memory");
        return 1;
    }
    st->self = self;
    st->host = host;
    if (host->config_string(self, "shrug", &st->shrug) != CHATD_OK) {
        snprintf(error, error_size, "cannot read config option 'shrug'");
        free(st);
        return 1;
    }
    st->tick = host->timer_start(self, 1000, 1000, on_tick, st);
    if (st->tick == 0) {
        snprintf(error, error_size, "cannot start the uptime timer");
        free(st);
        return 1;
    }
    host->log(self, CHATD_LOG_INFO, cstr("example_c ready: try /shrug or {\"type\":\"uptime\"}"));
    *state = st;
    return 0;
}

static void on_shutdown(void *state) {
    example_state *st = state;
    /* The timer's user pointer is about to be freed: it must not fire again. */
    st->host->timer_cancel(st->self, st->tick);
    free(st);
}

static chatd_stage_status on_frame(void *state, chatd_frame *frame) {
    example_state *st = state;
    const chatd_host_api *host = st->host;
    chatd_str_view type = host->frame_type(frame);

    if (view_is(type, "message")) {
        chatd_str_view text;
        if (host->frame_get_string(frame, "text", &text) == CHATD_OK && view_is(text, "/shrug"))
            host->frame_set_string(frame, "text", st->shrug);
        /* Later stages and the host still check and publish the message. */
        return CHATD_STAGE_CONTINUE;
    }
    if (view_is(type, "uptime")) {
        /* No client input goes into this JSON, so formatting it is safe. */
        char json[64];
        snprintf(json, sizeof json, "{\"type\":\"uptime\",\"seconds\":%" PRIu64 "}", st->seconds);
        host->reply(st->self, frame, cstr(json));
        return CHATD_STAGE_HANDLED;
    }
    return CHATD_STAGE_CONTINUE;
}

static const chatd_config_option options[] = {
    {.struct_size = sizeof(chatd_config_option),
     .type = CHATD_CONFIG_STRING,
     .name = "shrug",
     .help = "what a message of exactly /shrug becomes",
     .default_string = "¯\\_(ツ)_/¯"},
};

static const char *const capabilities[] = {CHATD_CAP_TIMERS, NULL};

static const chatd_plugin_descriptor descriptor = {
    .struct_size = sizeof(chatd_plugin_descriptor),
    .abi_major = CHATD_ABI_MAJOR,
    .abi_minor = CHATD_ABI_MINOR,
    .host_api_size = sizeof(chatd_host_api),
    .name = "example_c",
    .version = "1.0.0",
    .description = "copy-me example: /shrug and uptime",
    .required_capabilities = capabilities,
    .config_options = options,
    .config_option_count = sizeof options / sizeof options[0],
    .on_init = on_init,
    .on_shutdown = on_shutdown,
    .on_frame = on_frame,
};

/* The only exported symbol. The host, not the plugin, judges compatibility,
 * so its refusal can name both versions. */
CHATD_EXTERN_C CHATD_EXPORT const chatd_plugin_descriptor *
chatd_plugin_entry(uint16_t host_abi_major, uint16_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    return &descriptor;
}
