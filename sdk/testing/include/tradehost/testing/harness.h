/* The SDK's test harness for plugin authors who write C: the same harness as
 * tradehost/testing/harness.hpp (load a plugin's .so, set its config, create it, feed it
 * events, collect what it publishes, drive a simulated clock, hand state over), behind a C
 * API. A test is a plain C program whose exit status says pass or fail; it links
 * TradehostSDK::testing (a C++ library, so the link step is C++; CMake does this by itself
 * when the project enables CXX).
 *
 *   char err[256];
 *   th_harness* h = th_harness_open(PLUGIN_PATH, err, sizeof err);
 *   if (!h || th_harness_set(h, "window", "5") || th_harness_create(h) || th_harness_start(h)) ...
 *   th_harness_send(h, "quotes", &q.hdr);
 *   size_t n = th_harness_take(h, "signals");
 *   const th_signal* s = (const th_signal*)th_harness_taken(h, 0);
 *   th_harness_close(h);
 *
 * Calls that can fail return 0 on success and -1 on failure, with the reason in
 * th_harness_error(h) (valid until the next call on h). Not thread-safe: call it from the
 * test's thread. @since 1.1 */
#ifndef TRADEHOST_TESTING_HARNESS_H
#define TRADEHOST_TESTING_HARNESS_H

#include <tradehost/plugin.h>

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct th_harness th_harness;

/** Load the plugin at `path` and check its ABI. NULL on failure, with the reason in `err`
 *  (capacity `err_len`; may be NULL). */
th_harness* th_harness_open(const char* path, char* err, size_t err_len);
/** Stop and destroy the instance if there is one, and free `h`. NULL is allowed. */
void th_harness_close(th_harness* h);
/** Why the last failing call on `h` failed; "" if none has. */
const char* th_harness_error(const th_harness* h);

/** Set a config key from text in config syntax ("5", "0.25", "250ms", "true"); fails at
 *  once on an unknown key, a bad value or one out of the declared range. */
int th_harness_set(th_harness* h, const char* key, const char* value);
/** Set a STRING_LIST key to `count` items. */
int th_harness_set_list(th_harness* h, const char* key, const char* const* items, size_t count);
/** What secret_get(name) returns (the environment is not read). */
void th_harness_set_secret(th_harness* h, const char* name, const char* value);

/** The lifecycle: create (fails on a missing required key or with the plugin's message),
 *  start and stop (fail with the plugin's last_error). */
int th_harness_create(th_harness* h);
int th_harness_start(th_harness* h);
int th_harness_stop(th_harness* h);

/** Hot-reload handover. th_harness_snapshot calls the plugin's snapshot (after stop) and
 *  returns a copy the harness owns, valid until the next snapshot or close; NULL on failure.
 *  th_harness_restore hands a blob to a created, not yet started instance. */
const void* th_harness_snapshot(th_harness* h, size_t* len);
int th_harness_restore(th_harness* h, const void* data, size_t len);

/** Deliver `ev` on the input port named `port`; returns the plugin's status
 *  (TH_ERR_INVALID_ARGUMENT with th_harness_error set for an unknown port). */
th_status th_harness_send(th_harness* h, const char* port, const th_event_header* ev);
/** Move the simulated clock by `ns`, firing due timers in time order; fails if on_timer does. */
int th_harness_advance(th_harness* h, int64_t ns);
th_time_ns th_harness_now(const th_harness* h);

/** Collect the events published on `port` (NULL or "": every port) since the last take, in
 *  order, removing them from the record; returns how many. They replace what the previous
 *  take collected. */
size_t th_harness_take(th_harness* h, const char* port);
/** Event `i` of the last take (NULL past the end), borrowed until the next take or close.
 *  Cast it by its hdr.type. */
const th_event_header* th_harness_taken(const th_harness* h, size_t i);
/** The port event `i` of the last take was published on (NULL past the end). */
const char* th_harness_taken_port(const th_harness* h, size_t i);

/** The harness's instrument table, shared with the plugin. */
th_instrument th_harness_intern(th_harness* h, const char* symbol);
/** A counter's value (metric_add); 0 if never added to. */
int64_t th_harness_metric(const th_harness* h, const char* name);
/** What the plugin logged, as "level: text"; th_harness_log_line is NULL past the end and
 *  borrowed until the next call on h. */
size_t th_harness_log_count(th_harness* h);
const char* th_harness_log_line(th_harness* h, size_t i);
/** Non-zero once the plugin called source_finished. */
int th_harness_source_finished(const th_harness* h);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TRADEHOST_TESTING_HARNESS_H */
