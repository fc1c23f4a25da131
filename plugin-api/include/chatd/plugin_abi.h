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
 * plugin may call only the functions marked "any thread" (log, post, resume,
 * and since 1.1 resume_with_reply, resume_committed, send, close, publish,
 * handshake_resume and the http_respond and http_stream_* family).
 *
 * The path of a frame (1.1): a client frame walks the phases in the order of
 * chatd_phase below; within a phase, stages run in `[plugins] pipeline` order
 * (then by plugin name), and a plugin's own stages in the order it lists them.
 * After the last phase the host delivers: a frame marked as a room message
 * (frame_make_message) is committed (seq, ts) if no stage did, fanned out to
 * the room and acknowledged; `ping` is answered `pong`; anything else is
 * `unknown_type`. Plain text has already become {"type":"message","text":...}
 * when the first stage sees it.
 */
#ifndef CHATD_PLUGIN_ABI_H
#define CHATD_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#define CHATD_ABI_MAJOR 1
#define CHATD_ABI_MINOR 1

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
typedef uint64_t chatd_http_id; /* an HTTP request a route handles (1.1) */

/* A borrowed string: not NUL-terminated, valid as the function says. */
typedef struct chatd_str_view {
    const char *data;
    size_t size;
} chatd_str_view;

/* Opaque handles owned by the host. */
typedef struct chatd_plugin chatd_plugin; /* the host's record of one loaded plugin */
typedef struct chatd_frame chatd_frame;   /* one incoming frame, valid during on_frame only */
/* One WebSocket upgrade being decided, valid during on_handshake only (1.1). */
typedef struct chatd_handshake chatd_handshake;
/* One HTTP request: an upgrade's (handshake_request) or one a route handles
 * (on_request). Valid during that hook only (1.1). */
typedef struct chatd_request chatd_request;

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
 * (unknown keys and wrong types are file:line errors) and serves defaults.
 * A host refuses a plugin that declares a type it does not know. ---- */
typedef int32_t chatd_config_type;
enum {
    CHATD_CONFIG_STRING = 1,
    CHATD_CONFIG_INT = 2,
    CHATD_CONFIG_BOOL = 3,
    CHATD_CONFIG_DOUBLE = 4,
    CHATD_CONFIG_STRING_ARRAY = 5, /* default is always the empty array */
    /* 1.1: a file or directory, declared with default_string and read with
     * config_string. The host serves it absolute and lexically normalised:
     * a relative path, the default's too, is taken relative to the directory
     * of the config file (chatd's working directory when it runs without
     * one). An empty value in the config is a file:line error; an empty
     * default is served empty, meaning "not set". */
    CHATD_CONFIG_PATH = 6
};

typedef struct chatd_config_option {
    uint32_t struct_size; /* sizeof(chatd_config_option) as the plugin was built */
    chatd_config_type type;
    const char *name;           /* key inside [plugins.<name>] */
    const char *help;           /* one line, shown by --check-config errors */
    const char *default_string; /* STRING, PATH */
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

/* ---- Phases (1.1): where a stage runs, by what it does. ---- */
typedef int32_t chatd_phase;
enum {
    /* Canonical form and shape: the room of a plain-text message, required
     * fields, membership (the rooms plugin). */
    CHATD_PHASE_RESOLVE = 1,
    /* Who is speaking: authentication frames (an auth plugin). */
    CHATD_PHASE_IDENTIFY = 2,
    /* May they do it: bans, mutes, filters, flood control (moderation). */
    CHATD_PHASE_AUTHORIZE = 3,
    /* Do it: join, leave, topics, new frame types. A 1.0 plugin's on_frame
     * runs here, for every frame type. */
    CHATD_PHASE_HANDLE = 4,
    /* Persist a room message and give it its seq and ts (history). */
    CHATD_PHASE_COMMIT = 5
};

/* Stage flags. */
/* The stage also sees frames of connections that are not ready yet (an auth
 * plugin's `auth` frame). Other stages never see them. */
#define CHATD_STAGE_BEFORE_READY 0x1u

/* One pipeline stage of a plugin. */
typedef struct chatd_stage {
    uint32_t struct_size; /* sizeof(chatd_stage) as the plugin was built */
    chatd_phase phase;
    /* NULL-terminated list of the frame types the stage sees; NULL: every type. */
    const char *const *types;
    uint32_t flags; /* CHATD_STAGE_* */
    chatd_stage_status (*on_frame)(void *state, chatd_frame *frame);
} chatd_stage;

/* Plugin flags. */
/* A new connection is not ready until this plugin calls conn_set_ready for
 * it: it is in no room, nobody sees its presence, and its frames reach only
 * stages flagged CHATD_STAGE_BEFORE_READY (the rest answer not_authenticated). */
#define CHATD_PLUGIN_GATES_READY 0x1u

/* ---- Handshakes (1.1) ---- */
typedef int32_t chatd_handshake_status;
enum {
    /* Let the upgrade proceed (with any identity set through handshake_*). */
    CHATD_HANDSHAKE_ACCEPT = 0,
    /* Refuse it with the HTTP status and body set by handshake_refuse (403
     * if none was set). The connection never opens. */
    CHATD_HANDSHAKE_REFUSE = 1,
    /* Decide later with handshake_resume, from any thread. The upgrade
     * completes, but the connection is held: no hello, no hook, its frames
     * wait. A later refusal closes it with WebSocket code 4000 + the HTTP
     * status (4401 for 401) and the body as reason, since an upgraded
     * connection can no longer get an HTTP answer. Undecided after the pause
     * timeout (30 s), it is closed with 4408. */
    CHATD_HANDSHAKE_PAUSE = 2
};

/* The request line, peer and body of a chatd_request. The caller sets
 * struct_size; views are valid during the hook that got the request. */
typedef struct chatd_request_view {
    uint32_t struct_size;
    int32_t tls;           /* 1 if the connection is TLS */
    chatd_str_view method; /* upper case; a route for GET also gets HEAD */
    chatd_str_view path;   /* percent-decoded, without the query string */
    /* The query's name=value pairs, percent-decoded, joined by '&'; empty if
     * none. request_query reads one parameter unambiguously. */
    chatd_str_view query;
    chatd_str_view remote_address;
    /* A route's request: the id to answer (http_respond, http_stream_begin)
     * and the body, at most [server] max_http_body_bytes. 0 and empty for an
     * upgrade. */
    chatd_http_id id;
    chatd_str_view body;
} chatd_request_view;

/* ---- HTTP routes (1.1): plugins answer plain HTTP on the WebSocket port. ---- */

/* One header of a response. Two views, laid out as here forever. */
typedef struct chatd_http_header {
    chatd_str_view name;
    chatd_str_view value;
} chatd_http_header;

/* A route, registered with http_route during on_init; the host copies it. */
typedef struct chatd_http_route {
    uint32_t struct_size; /* sizeof(chatd_http_route) as the plugin was built */
    /* GET, POST, PUT, PATCH, DELETE or OPTIONS; a GET route also answers HEAD
     * (the host sends the headers only). */
    const char *method;
    /* Starts with '/'. Segments are literals (matched percent-decoded) or
     * {name} for one segment; the last may be {name...} for the rest of the
     * path, slashes included. A literal wins over {name}, which wins over
     * {name...}. A trailing slash is significant. */
    const char *pattern;
    /* NULL-terminated names of non-standard request headers the handler
     * reads (e.g. "last-event-id"); standard ones are always readable. The
     * network layer can only keep headers it was told about in advance. */
    const char *const *headers;
    /* Pipeline thread. Answer with http_respond, or http_stream_begin and
     * later writes, now or later from any thread. Unanswered after the pause
     * timeout (30 s), the host answers 504 and calls on_gone. */
    void (*on_request)(void *user, chatd_request *request);
    /* Pipeline thread. The request ended before its answer was complete: the
     * client left, a stream overflowed, the host timed it out or is stopping.
     * Stop producing; the id is dead. Not called for a completed answer.
     * NULL if unused. */
    void (*on_gone)(void *user, chatd_http_id request);
    void *user; /* passed to on_request and on_gone */
} chatd_http_route;

/* A room message as it is committed and delivered (1.1). The caller sets
 * struct_size; the host fills as much as both know. Views are valid until the
 * hook returns or the frame changes. */
typedef struct chatd_message {
    uint32_t struct_size;
    chatd_str_view room;
    chatd_str_view from;
    chatd_str_view text;
    uint64_t seq;  /* 0 until committed */
    int64_t ts_ms; /* Unix time in milliseconds; 0 until committed */
    /* The extra fields (frame_set_extra) as one JSON object, "{}" if none. */
    chatd_str_view extra_json;
} chatd_message;

/* ---- Access (1.1): may a connection or an HTTP request do something in a
 * room? A plugin that acts asks check_access; plugins that decide (auth,
 * moderation, rooms for its direct-message rooms) answer in on_access. ---- */

/* Actions the core plugins ask about; a plugin may ask about its own. */
#define CHATD_ACTION_JOIN "join"           /* enter a room */
#define CHATD_ACTION_POST "post"           /* send a message to it */
#define CHATD_ACTION_READ "read"           /* read its stored messages */
#define CHATD_ACTION_SET_TOPIC "set_topic" /* change its topic */

typedef int32_t chatd_access;
enum {
    CHATD_ACCESS_ALLOW = 0, /* no objection */
    CHATD_ACCESS_DENY = 1   /* refused, with a reason for the client */
};

/* One question. The asker sets struct_size, exactly one of conn and
 * request, the action and the room; the host fills user. Views are valid
 * during the call. */
typedef struct chatd_access_question {
    uint32_t struct_size;
    chatd_conn_id conn;           /* a connection asking, or 0 */
    const chatd_request *request; /* an HTTP request asking (inside its route's on_request) */
    chatd_str_view action;        /* CHATD_ACTION_* or a plugin's own */
    chatd_str_view room;
    /* Who asks: the connection's or the request's user; empty for an HTTP
     * request nobody identified (see on_http_request). */
    chatd_str_view user;
} chatd_access_question;

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
     * at most error_size bytes) and return non-zero: no other hook of this
     * plugin is called, and chatd logs the reason and does not start, rather
     * than serve without the plugin. */
    int32_t (*on_init)(chatd_plugin *self, const chatd_host_api *host, void **state, char *error,
                       size_t error_size);
    /* Called once, last; free everything. Plugins shut down in reverse pipeline
     * order; the host has already cancelled this plugin's timers. */
    void (*on_shutdown)(void *state);
    /* A connection opened (after `hello` was sent) / closed (it can no longer
     * be sent to; its user, roles and room subscriptions are still readable;
     * the host drops them after every plugin's on_close). on_open runs in
     * pipeline order, on_close in reverse. NULL if unused.
     * A plugin built against ABI 1.0 gets on_open when the connection becomes
     * ready (as 1.0 promised: identity set), and on_close only if it got
     * on_open. */
    void (*on_open)(void *state, chatd_conn_id conn);
    void (*on_close)(void *state, chatd_conn_id conn);
    /* A stage in CHATD_PHASE_HANDLE that sees every frame type. NULL if unused. */
    chatd_stage_status (*on_frame)(void *state, chatd_frame *frame);

    /* -- 1.1 -- */
    /* stage_count stages; each element's struct_size is the stride. */
    const chatd_stage *stages;
    uint32_t stage_count;
    uint32_t flags; /* CHATD_PLUGIN_* */
    /* The connection became ready: every plugin that gates readiness let it in
     * (immediately after on_open when none does). Runs in pipeline order.
     * NULL if unused. */
    void (*on_ready)(void *state, chatd_conn_id conn);
    /* A WebSocket upgrade request passed the host's own checks (path, origin,
     * connection limit). Runs in pipeline order until one refuses or pauses.
     * THREADING: this hook runs on a network thread (with io_threads > 1,
     * on several at once), concurrently with the pipeline thread, because
     * the upgrade must be answered without waiting for the pipeline. It may
     * call the handshake_* functions and the "any thread" functions only,
     * and must guard whatever plugin state it shares with other hooks
     * (state read-only after on_init needs nothing). NULL if unused. */
    chatd_handshake_status (*on_handshake)(void *state, chatd_handshake *handshake);
    /* A request for an HTTP route, before the route's handler sees it
     * (pipeline thread; every plugin's hook in pipeline order until one
     * refuses). Say who sends it, from its credentials, with
     * request_set_user and request_add_role, or refuse it: set the answer
     * with request_refuse and return CHATD_HANDSHAKE_REFUSE. A request
     * nobody identifies reaches its route anonymous. PAUSE is not supported
     * here: it refuses with 500. NULL if unused. */
    chatd_handshake_status (*on_http_request)(void *state, chatd_request *request);
    /* Some plugin called check_access (pipeline thread). Return
     * CHATD_ACCESS_DENY with a one-line reason for the client in `reason`
     * (NUL-terminated, at most reason_size bytes; the host supplies "not
     * allowed" if left empty), or CHATD_ACCESS_ALLOW when this plugin has no
     * objection. Roles: check_role for a connection, request_has_role for a
     * request. NULL if unused. */
    chatd_access (*on_access)(void *state, const chatd_access_question *question, char *reason,
                              size_t reason_size);
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

    /* ---- 1.1 ----
     * Since 1.1, send, close and publish above are safe from any thread: from
     * another thread they are queued to the pipeline thread and return CHATD_OK
     * once queued (CHATD_ERR_STATE after shutdown began), so NOT_FOUND and
     * LIMIT are reported only to callers on the pipeline thread. On the
     * pipeline thread, send returns CHATD_ERR_LIMIT when the connection's send
     * queue is full (the host then closes it with 1008). */

    /* Any thread. Finish a paused frame as HANDLED, answering its connection
     * with `json` (a JSON object) with the frame's "id" added, as reply does. */
    chatd_status (*resume_with_reply)(chatd_plugin *self, chatd_frame_id frame,
                                      chatd_str_view json);

    /* Yes/no questions that tell "no" (*out = 0) from "called wrongly" (a
     * status other than CHATD_OK, *out untouched). */
    chatd_status (*check_subscribed)(chatd_plugin *self, chatd_conn_id conn, chatd_str_view room,
                                     int32_t *out);
    chatd_status (*check_role)(chatd_plugin *self, chatd_conn_id conn, chatd_str_view role,
                               int32_t *out);
    /* Members of a room; 0 for a room nobody is in. */
    chatd_status (*count_members)(chatd_plugin *self, chatd_str_view room, size_t *out);

    /* Readiness (see CHATD_PLUGIN_GATES_READY). conn_set_ready opens this
     * plugin's gate; when the last gate opens the connection becomes ready
     * and on_ready runs. CHATD_ERR_STATE if this plugin does not gate. */
    chatd_status (*conn_set_ready)(chatd_plugin *self, chatd_conn_id conn);
    chatd_status (*conn_is_ready)(chatd_plugin *self, chatd_conn_id conn, int32_t *out);

    /* -- Room messages: valid only inside on_frame. -- */
    /* Marks the frame a message to `room`: after the last phase the host
     * commits it (unless a stage did), fans it out to the room's members and
     * acks the sender. Its text is the frame's string "text", its sender the
     * connection's user. CHATD_ERR_INVALID without a string "text". */
    chatd_status (*frame_make_message)(chatd_frame *frame, chatd_str_view room);
    /* The message as it stands; CHATD_ERR_NOT_FOUND if the frame is none. */
    chatd_status (*frame_message)(const chatd_frame *frame, chatd_message *out);
    /* An extra field delivered with the message; `json` is any JSON value.
     * The message's own keys (type, room, seq, from, text, ts) are refused. */
    chatd_status (*frame_set_extra)(chatd_frame *frame, const char *key, chatd_str_view json);
    /* For CHATD_PHASE_COMMIT: fixes the message with its seq (> 0) and time.
     * From here on exactly frame_message_json is delivered, and the ack
     * carries this seq; later changes to the frame do not alter it. */
    chatd_status (*frame_commit_message)(chatd_frame *frame, uint64_t seq, int64_t ts_ms);
    /* The message frame as it will be delivered (seq and ts once committed);
     * valid until the frame changes or the hook returns. Empty if none. */
    chatd_str_view (*frame_message_json)(chatd_frame *frame);

    /* -- Handshakes: valid only inside on_handshake, on its thread. -- */
    /* The id the connection will have once upgraded. */
    chatd_conn_id (*handshake_conn)(const chatd_handshake *handshake);
    /* The upgrade request, read with the request_* functions. */
    const chatd_request *(*handshake_request)(const chatd_handshake *handshake);
    /* The answer for CHATD_HANDSHAKE_REFUSE: a status of 400..599 and a short
     * plain-text body (at most 1024 bytes). */
    chatd_status (*handshake_refuse)(chatd_handshake *handshake, uint16_t http_status,
                                     chatd_str_view body);
    /* The identity the connection opens with; `hello` states it. */
    chatd_status (*handshake_set_user)(chatd_handshake *handshake, chatd_str_view user);
    chatd_status (*handshake_add_role)(chatd_handshake *handshake, chatd_str_view role);
    /* For a plugin that gates readiness: its gate opens as the connection
     * opens (e.g. a valid token in the request). */
    chatd_status (*handshake_set_ready)(chatd_plugin *self, chatd_handshake *handshake);
    /* Any thread. Decides a handshake this plugin paused: ACCEPT (with `user`
     * as its identity unless empty; ready_gate 1 opens this plugin's gate) or
     * REFUSE with an HTTP status of 400..599 and a reason. */
    chatd_status (*handshake_resume)(chatd_plugin *self, chatd_conn_id conn,
                                     chatd_handshake_status status, uint16_t http_status,
                                     chatd_str_view reason, chatd_str_view user,
                                     int32_t ready_gate);

    /* -- Requests: valid only inside the hook that got them, on its thread. -- */
    chatd_status (*request_view)(const chatd_request *request, chatd_request_view *out);
    /* A header by case-insensitive name; a repeated header's values joined
     * with ','. NOT_FOUND if absent. */
    chatd_status (*request_header)(const chatd_request *request, const char *name,
                                   chatd_str_view *out);
    /* A query parameter, percent-decoded (the first if repeated). */
    chatd_status (*request_query)(const chatd_request *request, const char *key,
                                  chatd_str_view *out);
    /* A cookie from the Cookie header. */
    chatd_status (*request_cookie)(const chatd_request *request, const char *name,
                                   chatd_str_view *out);
    /* A route's {name} segment, percent-decoded; NOT_FOUND for a name the
     * pattern lacks (and always for an upgrade). */
    chatd_status (*request_param)(const chatd_request *request, const char *name,
                                  chatd_str_view *out);

    /* -- HTTP routes. -- */
    /* Only inside on_init. CHATD_ERR_INVALID (and an error log line naming
     * the route) for a bad method or pattern, or one already registered by
     * any plugin; CHATD_ERR_STATE outside on_init. */
    chatd_status (*http_route)(chatd_plugin *self, const chatd_http_route *route);
    /* Any thread. Answers a request once: a status of 200..599, header_count
     * headers (Content-Length,
     * Transfer-Encoding and Connection are the host's and ignored, as is a
     * malformed name or a value with CR, LF or NUL) and the body.
     * CHATD_ERR_NOT_FOUND if the request is unknown, answered or gone. */
    chatd_status (*http_respond)(chatd_plugin *self, chatd_http_id request, uint16_t status,
                                 const chatd_http_header *headers, size_t header_count,
                                 chatd_str_view body);
    /* Any thread. Starts an answer whose body follows in pieces, e.g.
     * Server-Sent Events (content-type: text/event-stream). It has no length;
     * http_stream_end closes the connection once everything is written. */
    chatd_status (*http_stream_begin)(chatd_plugin *self, chatd_http_id request, uint16_t status,
                                      const chatd_http_header *headers, size_t header_count);
    /* Any thread. CHATD_ERR_LIMIT if the stream's unwritten bytes would pass
     * [server] send_queue_bytes: the stream is cut and on_gone follows.
     * CHATD_ERR_NOT_FOUND if it is not open. */
    chatd_status (*http_stream_write)(chatd_plugin *self, chatd_http_id request,
                                      chatd_str_view chunk);
    chatd_status (*http_stream_end)(chatd_plugin *self, chatd_http_id request);

    /* ---- Since 1.1: listings that cost their page ---- */

    /* Pipeline thread. Up to `limit` rooms with at least one subscriber whose
     * names sort after `after` (bytewise; empty: from the first), in name
     * order. Unlike `rooms`, its cost is the page, not the number of rooms,
     * so a client asking for a listing cannot make the server walk them all. */
    chatd_status (*rooms_after)(chatd_plugin *self, chatd_str_view after, size_t limit,
                                void (*each)(void *user, chatd_str_view room, size_t members),
                                void *user);

    /* ---- Since 1.1: commits made off the pipeline thread ---- */

    /* Any thread. Finishes a room message this plugin paused in
     * CHATD_PHASE_COMMIT as committed with `seq` (> 0) and `ts_ms`, as
     * frame_commit_message would have inside on_frame (e.g. once a database
     * writer has made it durable): the following stages run, then the host
     * fans it out and acks the sender with that seq and ts. A stored message
     * reaches its room even if its sender's connection closed meanwhile (no
     * ack then, and no further stages). CHATD_ERR_INVALID for seq 0;
     * CHATD_ERR_STATE once the host is shutting down. Called on the pipeline
     * thread it also answers CHATD_ERR_INVALID for a frame that is not a room
     * message and CHATD_ERR_STATE if this plugin has not paused it in COMMIT
     * (or it is committed already); from another thread only the pipeline
     * thread can tell, so it logs those, as for resume. Like every resume it
     * must come within the host's pause timeout (30 s): by then the frame has
     * been answered `internal`, and a later commit never reaches the room. */
    chatd_status (*resume_committed)(chatd_plugin *self, chatd_frame_id frame, uint64_t seq,
                                     int64_t ts_ms);

    /* ---- Since 1.1: answers built by several stages, and replays ---- */

    /* Valid only inside on_frame. Adds the keys of `json_object` to the
     * frame's answer (replacing keys it has): the JSON object the host sends
     * the frame's connection, with the frame's "id", when a stage returns
     * HANDLED or the frame passes the last phase (then instead of
     * unknown_type). So stages of several plugins build one answer: rooms
     * says a join happened and continues, history adds what the member
     * missed. A rejected frame gets its error instead. Room messages are
     * answered with their ack; their answer is not sent.
     * CHATD_ERR_INVALID unless `json_object` is a JSON object. */
    chatd_status (*frame_answer_add)(chatd_frame *frame, chatd_str_view json_object);
    /* Pipeline thread. For a plugin that replays a room's stored messages
     * to a member (history, on `join ... since`): sets *until to the seq up
     * to which the plugin replays them, and from now on conn is delivered
     * live only the room's messages numbered above *until; the two together
     * hold every message once. `stored` is the newest seq the plugin knows
     * to be stored (and so the newest that may have been delivered). *until
     * is `stored` if conn has been delivered none of the room's numbered
     * messages since it subscribed, else the seq before the first one it
     * was. CHATD_ERR_NOT_FOUND if conn is not in the room. */
    chatd_status (*replay_point)(chatd_plugin *self, chatd_conn_id conn, chatd_str_view room,
                                 uint64_t stored, uint64_t *until);

    /* ---- Since 1.1: who sends an HTTP request, and may they ---- */

    /* Only inside on_http_request. The request's user and its roles, as
     * handshake_set_user and handshake_add_role give a connection's. */
    chatd_status (*request_set_user)(chatd_request *request, chatd_str_view user);
    chatd_status (*request_add_role)(chatd_request *request, chatd_str_view role);
    /* Only inside on_http_request: the answer if the hook returns REFUSE, a
     * status of 400..599 with the JSON error body every host error has
     * ({"type":"error","code":...,"message":...}). A 401 also carries
     * WWW-Authenticate: Bearer (RFC 6750). */
    chatd_status (*request_refuse)(chatd_request *request, uint16_t http_status,
                                   chatd_str_view code, chatd_str_view message);
    /* A route's request: who sent it, as on_http_request said. NOT_FOUND if
     * nobody identified it, and always for an upgrade request. */
    chatd_status (*request_user)(const chatd_request *request, chatd_str_view *out);
    chatd_status (*request_has_role)(const chatd_request *request, chatd_str_view role,
                                     int32_t *out);
    /* Pipeline thread. Asks every plugin's on_access, in pipeline order, until
     * one denies: *allowed is 1 if none did, else 0 with the denier's reason
     * in `reason` (NUL-terminated, at most reason_size bytes; may be NULL).
     * The host fills question->user itself. CHATD_ERR_INVALID unless exactly
     * one of conn and request is set and action and room are not empty;
     * CHATD_ERR_NOT_FOUND for a connection that is not open. */
    chatd_status (*check_access)(chatd_plugin *self, const chatd_access_question *question,
                                 int32_t *allowed, char *reason, size_t reason_size);

    /* ---- Since 1.1: the connections of a user ---- */

    /* Pipeline thread. Calls `each` for every open connection whose user is
     * `user`, compared ASCII case-insensitively (other bytes exactly), in the
     * order they opened. Only ready connections are listed (those every
     * readiness gate has let in, see conn_set_ready): a connection that has
     * not authenticated yet is nobody's, so a plugin reaching a user through
     * it (a direct message) cannot reach an impostor. A connection is listed
     * under the user it has now (conn_set_user, the handshake's user) from
     * the moment it is ready until it closes. No connection, or an empty
     * `user`: `each` is not called, CHATD_OK. Costs the user's connections,
     * not all of them. `each` may call the host, close included. */
    chatd_status (*user_conns)(chatd_plugin *self, chatd_str_view user,
                               void (*each)(void *user, chatd_conn_id conn), void *each_user);
};

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CHATD_PLUGIN_ABI_H */
