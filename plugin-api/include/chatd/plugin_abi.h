/*
 * chatd plugin ABI: the whole contract between the chatd host and a plugin.
 *
 * Pure C11 (only <stdint.h> and <stddef.h>), usable from C and C++.
 * Evolution rules (see plugin-api/ABI_CHANGELOG.md):
 *   - Append only. A released field, function, enum value or name is never
 *     reordered, removed, retyped or renamed. Additions bump CHATD_ABI_MINOR;
 *     anything else is a break and bumps CHATD_ABI_MAJOR.
 *   - Every struct that crosses the boundary starts with `struct_size`. The
 *     receiver copies min(its size, sender's size) into a zero-filled struct of
 *     its own, so a field the sender did not know reads as zero, and zero
 *     always means "the old behaviour".
 *   - The host loads a plugin when the majors are equal and the plugin's minor
 *     is at most the host's; otherwise it refuses at error level.
 *
 * Names: types and functions are chatd_*, macros and enum values CHATD_*,
 * hooks the plugin implements are on_*.
 *
 * Ownership is in the name: a *_view is borrowed for the duration of the call
 * (or as stated); a handle (chatd_plugin, chatd_frame) belongs to the host;
 * plugin state belongs to the plugin and is freed only in its on_shutdown.
 * The host copies everything a plugin passes in before returning.
 *
 * Threading: every hook, timer callback and posted callback runs serially on
 * one pipeline thread, so plugin state needs no locks. From any other thread a
 * plugin may call only `log`, `post` and `resume`.
 */
#ifndef CHATD_PLUGIN_ABI_H
#define CHATD_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#define CHATD_ABI_MAJOR 1
#define CHATD_ABI_MINOR 0

/* The one symbol every plugin exports. */
#define CHATD_PLUGIN_ENTRY_SYMBOL "chatd_plugin_entry"

#if defined(__GNUC__) || defined(__clang__)
#define CHATD_EXPORT __attribute__((visibility("default")))
#else
#define CHATD_EXPORT
#endif

#ifdef __cplusplus
#define CHATD_EXTERN_C extern "C"
extern "C" {
#else
#define CHATD_EXTERN_C
#endif

/* ---- Identifiers. Integers that are never reused; 0 means "none". ---- */
typedef uint64_t chatd_conn_id;
typedef uint64_t chatd_frame_id;
typedef uint64_t chatd_timer_id;

/* A borrowed string: not NUL-terminated, valid as the function says. */
typedef struct chatd_str_view {
    const char *data;
    size_t size;
} chatd_str_view;

/* Opaque handles owned by the host. */
typedef struct chatd_plugin chatd_plugin; /* the host's record of one loaded plugin */
typedef struct chatd_frame chatd_frame;   /* one incoming frame, valid during on_frame only */

/* ---- Status codes returned by host functions. ---- */
typedef int32_t chatd_status;
enum {
    CHATD_OK = 0,
    CHATD_ERR_NOT_FOUND = 1,  /* no such connection, room membership, key or frame */
    CHATD_ERR_WRONG_TYPE = 2, /* the key exists with another type */
    CHATD_ERR_INVALID = 3,    /* an argument is malformed (bad JSON, bad name, ...) */
    CHATD_ERR_LIMIT = 4,      /* a size or count limit would be exceeded */
    CHATD_ERR_STATE = 5       /* not allowed now (wrong thread, shutting down, ...) */
};

/* ---- What a stage tells the pipeline to do next. ---- */
typedef int32_t chatd_stage_status;
enum {
    /* Run the next stage; after the last one the host's terminal handles the
     * frame (publishes a room message, answers ping, or reports unknown_type). */
    CHATD_STAGE_CONTINUE = 0,
    /* Stop here; the stage has already replied (or chose not to). */
    CHATD_STAGE_HANDLED = 1,
    /* Stop here; the host sends an error frame with the code and message set
     * through frame_set_error ("internal" if none was set). */
    CHATD_STAGE_REJECT = 2,
    /* Stop for now; the plugin will call resume(frame_id, ...) later, from any
     * thread. Later frames of the same connection wait behind this one; other
     * connections are not held up. The frame handle is invalid after return. */
    CHATD_STAGE_PAUSE = 3
};

typedef int32_t chatd_log_level;
enum {
    CHATD_LOG_TRACE = 0,
    CHATD_LOG_DEBUG = 1,
    CHATD_LOG_INFO = 2,
    CHATD_LOG_WARN = 3,
    CHATD_LOG_ERROR = 4
};

/* ---- Declared configuration: the host validates [plugins.<name>] against it
 * (unknown keys and wrong types are file:line errors) and serves defaults. ---- */
typedef int32_t chatd_config_type;
enum {
    CHATD_CONFIG_STRING = 1,
    CHATD_CONFIG_INT = 2,
    CHATD_CONFIG_BOOL = 3,
    CHATD_CONFIG_DOUBLE = 4,
    CHATD_CONFIG_STRING_ARRAY = 5 /* default is always the empty array */
};

typedef struct chatd_config_option {
    uint32_t struct_size; /* sizeof(chatd_config_option) as the plugin was built */
    chatd_config_type type;
    const char *name;           /* key inside [plugins.<name>] */
    const char *help;           /* one line, shown by --check-config errors */
    const char *default_string; /* STRING */
    int64_t default_int;        /* INT, and BOOL as 0 or 1 */
    double default_double;      /* DOUBLE */
    int64_t min_int;            /* INT: inclusive bounds, checked when min_int < max_int */
    int64_t max_int;
} chatd_config_option;

/* Capabilities a host offers; a plugin lists those it requires. */
#define CHATD_CAP_PAUSE "pause"       /* CHATD_STAGE_PAUSE and resume */
#define CHATD_CAP_TIMERS "timers"     /* timer_start, timer_cancel, post */
#define CHATD_CAP_IDENTITY "identity" /* conn_user, roles */
#define CHATD_CAP_ROOMS "rooms"       /* subscribe, publish, room queries */

typedef struct chatd_host_api chatd_host_api;

/* ---- What a plugin hands the host. ---- */
typedef struct chatd_plugin_descriptor {
    uint32_t struct_size;   /* sizeof(chatd_plugin_descriptor) as the plugin was built */
    uint16_t abi_major;     /* CHATD_ABI_MAJOR the plugin was built against */
    uint16_t abi_minor;     /* CHATD_ABI_MINOR the plugin was built against */
    uint32_t host_api_size; /* sizeof(chatd_host_api) the plugin was built against */
    const char *name;       /* [a-z0-9_]{1,64}, unique among loaded plugins */
    const char *version;    /* free text, e.g. "1.2.0" */
    const char *description;
    /* NULL-terminated list of CHATD_CAP_* the plugin needs, or NULL. */
    const char *const *required_capabilities;
    /* config_option_count options; each element's struct_size is the stride. */
    const chatd_config_option *config_options;
    uint32_t config_option_count;

    /* Called once, on the pipeline thread, before any other hook. `host` stays
     * valid until on_shutdown returns. Store your state in *state. Return 0 on
     * success; otherwise write a one-line reason into error (NUL-terminated,
     * at most error_size bytes) and return non-zero: the plugin is refused and
     * no other hook is called. */
    int32_t (*on_init)(chatd_plugin *self, const chatd_host_api *host, void **state, char *error,
                       size_t error_size);
    /* Called once, last; free everything. Plugins shut down in reverse pipeline
     * order; the host has already cancelled this plugin's timers. */
    void (*on_shutdown)(void *state);
    /* A connection opened (after its identity was set and `hello` sent) /
     * closed (it can no longer be sent to; its user, roles and room
     * subscriptions are still readable; the host drops them after every
     * plugin's on_close). on_open runs in pipeline order, on_close in reverse.
     * NULL if unused. */
    void (*on_open)(void *state, chatd_conn_id conn);
    void (*on_close)(void *state, chatd_conn_id conn);
    /* The pipeline stage. NULL if the plugin has no stage. */
    chatd_stage_status (*on_frame)(void *state, chatd_frame *frame);
} chatd_plugin_descriptor;

/* The exported entry point. Return NULL to decline loading on this host. */
typedef const chatd_plugin_descriptor *(*chatd_plugin_entry_fn)(uint16_t host_abi_major,
                                                                uint16_t host_abi_minor);

/* ---- What the host hands a plugin. Functions take the plugin's own handle so
 * the host knows who calls (for logs, config and per-plugin data), except the
 * frame accessors, which take the frame they read or change. ---- */
struct chatd_host_api {
    uint32_t struct_size; /* check before calling a function newer than your minor */
    uint16_t abi_major;
    uint16_t abi_minor;

    /* -- Safe from any thread. -- */
    void (*log)(chatd_plugin *self, chatd_log_level level, chatd_str_view message);
    /* Run callback(user) on the pipeline thread soon. Dropped after shutdown. */
    chatd_status (*post)(chatd_plugin *self, void (*callback)(void *user), void *user);
    /* Finish a paused frame with CONTINUE (run the following stages), HANDLED
     * or REJECT (error_code/error_message as for frame_set_error). A frame whose
     * connection has closed is dropped quietly. */
    chatd_status (*resume)(chatd_plugin *self, chatd_frame_id frame, chatd_stage_status status,
                           chatd_str_view error_code, chatd_str_view error_message);

    /* -- Configuration of this plugin ([plugins.<name>]), declared defaults applied.
     * Views point into host memory that lives as long as the plugin. -- */
    chatd_status (*config_string)(chatd_plugin *self, const char *key, chatd_str_view *out);
    chatd_status (*config_int)(chatd_plugin *self, const char *key, int64_t *out);
    chatd_status (*config_bool)(chatd_plugin *self, const char *key, int32_t *out);
    chatd_status (*config_double)(chatd_plugin *self, const char *key, double *out);
    chatd_status (*config_array_size)(chatd_plugin *self, const char *key, size_t *out);
    chatd_status (*config_array_string)(chatd_plugin *self, const char *key, size_t index,
                                        chatd_str_view *out);

    /* -- Connections. Returned views are valid until the calling hook returns. -- */
    /* Queue a JSON text frame (the host checks it is one JSON object). */
    chatd_status (*send)(chatd_plugin *self, chatd_conn_id conn, chatd_str_view json);
    /* Close after the frames already queued, with a WebSocket close code. */
    chatd_status (*close)(chatd_plugin *self, chatd_conn_id conn, uint16_t code,
                          chatd_str_view reason);
    chatd_status (*conn_user)(chatd_plugin *self, chatd_conn_id conn, chatd_str_view *out);
    chatd_status (*conn_set_user)(chatd_plugin *self, chatd_conn_id conn, chatd_str_view user);
    /* 1 if the connection has the role, 0 if not or if there is no such connection. */
    int32_t (*conn_has_role)(chatd_plugin *self, chatd_conn_id conn, chatd_str_view role);
    chatd_status (*conn_add_role)(chatd_plugin *self, chatd_conn_id conn, chatd_str_view role);
    chatd_status (*conn_remove_role)(chatd_plugin *self, chatd_conn_id conn, chatd_str_view role);
    chatd_status (*conn_roles)(chatd_plugin *self, chatd_conn_id conn,
                               void (*each)(void *user, chatd_str_view role), void *user);
    /* One pointer per (plugin, connection), owned by the plugin: free it in on_close. */
    chatd_status (*conn_set_data)(chatd_plugin *self, chatd_conn_id conn, void *data);
    void *(*conn_data)(chatd_plugin *self, chatd_conn_id conn);
    chatd_status (*conn_remote_address)(chatd_plugin *self, chatd_conn_id conn,
                                        chatd_str_view *out);

    /* -- Rooms: the host keeps who is subscribed where and fans out. -- */
    chatd_status (*subscribe)(chatd_plugin *self, chatd_conn_id conn, chatd_str_view room);
    chatd_status (*unsubscribe)(chatd_plugin *self, chatd_conn_id conn, chatd_str_view room);
    int32_t (*is_subscribed)(chatd_plugin *self, chatd_conn_id conn, chatd_str_view room);
    size_t (*room_size)(chatd_plugin *self, chatd_str_view room);
    /* Members in the order they subscribed. */
    chatd_status (*room_members)(chatd_plugin *self, chatd_str_view room,
                                 void (*each)(void *user, chatd_conn_id conn), void *user);
    /* Rooms of a connection in the order it subscribed. */
    chatd_status (*conn_rooms)(chatd_plugin *self, chatd_conn_id conn,
                               void (*each)(void *user, chatd_str_view room), void *user);
    /* All rooms with at least one subscriber. */
    chatd_status (*rooms)(chatd_plugin *self,
                          void (*each)(void *user, chatd_str_view room, size_t members),
                          void *user);
    /* Serialize once, queue to every subscriber except `exclude` (0: none). */
    chatd_status (*publish)(chatd_plugin *self, chatd_str_view room, chatd_str_view json,
                            chatd_conn_id exclude);

    /* -- Frames: valid only inside on_frame. Keys are top-level object keys. -- */
    chatd_frame_id (*frame_id)(const chatd_frame *frame);
    chatd_conn_id (*frame_conn)(const chatd_frame *frame);
    chatd_str_view (*frame_type)(const chatd_frame *frame);
    chatd_status (*frame_get_string)(const chatd_frame *frame, const char *key,
                                     chatd_str_view *out);
    chatd_status (*frame_get_int)(const chatd_frame *frame, const char *key, int64_t *out);
    chatd_status (*frame_set_string)(chatd_frame *frame, const char *key, chatd_str_view value);
    chatd_status (*frame_set_int)(chatd_frame *frame, const char *key, int64_t value);
    chatd_status (*frame_remove)(chatd_frame *frame, const char *key);
    /* The whole frame as a JSON object; valid until the frame changes or the hook returns. */
    chatd_str_view (*frame_json)(chatd_frame *frame);
    /* Send a JSON object to the frame's connection with the frame's "id" added. */
    chatd_status (*reply)(chatd_plugin *self, const chatd_frame *frame, chatd_str_view json);
    /* The error the host sends when the stage returns CHATD_STAGE_REJECT. */
    chatd_status (*frame_set_error)(chatd_frame *frame, chatd_str_view code,
                                    chatd_str_view message);

    /* -- Timers, on the pipeline thread. interval_ms 0: fire once. -- */
    chatd_timer_id (*timer_start)(chatd_plugin *self, uint64_t delay_ms, uint64_t interval_ms,
                                  void (*fire)(void *user, chatd_timer_id timer), void *user);
    chatd_status (*timer_cancel)(chatd_plugin *self, chatd_timer_id timer);
};

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CHATD_PLUGIN_ABI_H */
