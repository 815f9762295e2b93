/* counter: counts the events it receives and, every `interval`, publishes the count of the
 * interval just ended as a th_signal. A complete tradehost plugin in plain C99
 * (docs/plugin-author-guide.md). */
#include <tradehost/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* All state hangs off the instance: no globals. */
struct th_instance {
    const th_host_api* host;
    th_host_ctx* ctx;
    int64_t interval_ns;
    const char* name; /* owned by the host, valid until destroy */
    uint64_t timer;
    int64_t count;
    char err[128]; /* text for last_error */
};

enum { PORT_IN = 0, PORT_COUNTS = 1 };

static const th_port_desc ports[] = {
    {sizeof(th_port_desc), TH_PORT_IN, TH_EV_ANY, "in", "events of any kind to count"},
    {sizeof(th_port_desc), TH_PORT_OUT, TH_EV_SIGNAL, "counts", "events counted per interval"},
};

static const th_config_field fields[] = {
    {sizeof(th_config_field), TH_CFG_DURATION, 0, 0, "interval", "1s", "how often to publish the count", 1e6, 3.6e12},
    {sizeof(th_config_field), TH_CFG_STRING, 0, 0, "name", "events", "name of the published signal", 0, 0},
};

/* Control thread. The host has already checked types and ranges and filled defaults. */
static th_status counter_create(const th_host_api* host, th_host_ctx* ctx, const th_config* cfg, th_instance** out,
                                char* err, size_t err_cap) {
    th_instance* s = (th_instance*)calloc(1, sizeof *s);
    if (!s) return TH_ERR_NO_MEMORY;
    s->host = host;
    s->ctx = ctx;
    if (host->config_get_duration(cfg, "interval", &s->interval_ns) != TH_OK ||
        host->config_get_string(cfg, "name", &s->name) != TH_OK) {
        snprintf(err, err_cap, "config keys 'interval' and 'name' are not readable");
        free(s);
        return TH_ERR_CONFIG;
    }
    if (strlen(s->name) >= sizeof(((th_signal*)0)->name)) {
        snprintf(err, err_cap, "name '%s' is longer than %u characters", s->name,
                 (unsigned)sizeof(((th_signal*)0)->name) - 1);
        free(s);
        return TH_ERR_CONFIG;
    }
    *out = s;
    return TH_OK;
}

/* Control thread; called whatever happened before (start may not have run or succeeded). */
static void counter_destroy(th_instance* s) { free(s); }

/* Executor thread. */
static th_status counter_start(th_instance* s) {
    th_status st = s->host->timer_start(s->ctx, s->interval_ns, s->interval_ns, &s->timer);
    if (st != TH_OK) snprintf(s->err, sizeof s->err, "timer_start failed (status %d)", (int)st);
    return st;
}

/* Executor thread; `ev` is borrowed until this returns. */
static th_status counter_on_event(th_instance* s, uint32_t port, const th_event_header* ev) {
    (void)ev;
    if (port != PORT_IN) {
        snprintf(s->err, sizeof s->err, "event on unexpected port %u", (unsigned)port);
        return TH_ERR_INVALID_ARGUMENT;
    }
    ++s->count;
    return TH_OK;
}

/* Publish the count of the interval that ends at `now`, then start counting again. */
static th_status publish_count(th_instance* s, th_time_ns now) {
    th_signal sig;
    th_status st;
    memset(&sig, 0, sizeof sig);
    sig.hdr.size = sizeof sig;
    sig.hdr.type = TH_EV_SIGNAL;
    sig.hdr.version = 1;
    sig.hdr.ts = now;
    sig.value = (double)s->count; /* signals are analytics: double is allowed here */
    sig.strength = 1.0;
    strcpy(sig.name, s->name); /* length checked in create */
    st = s->host->publish(s->ctx, PORT_COUNTS, &sig.hdr);
    if (st == TH_ERR_AGAIN) return TH_OK; /* the session is ending: not an error */
    if (st != TH_OK) {
        snprintf(s->err, sizeof s->err, "publish failed (status %d)", (int)st);
        return st;
    }
    s->count = 0;
    return TH_OK;
}

/* Executor thread. */
static th_status counter_on_timer(th_instance* s, uint64_t timer_id, th_time_ns now) {
    (void)timer_id;
    return publish_count(s, now);
}

/* Executor thread. The host has already cancelled this instance's timers; publishing is
 * still allowed until stop returns, so the last partial interval is not lost. */
static th_status counter_stop(th_instance* s) {
    return s->count > 0 ? publish_count(s, s->host->clock_now(s->ctx)) : TH_OK;
}

static const char* counter_last_error(th_instance* s) { return s->err; }

/* The one exported symbol. Designated initializers keep the members straight; members not
 * named here (flags, reserved, snapshot, restore) are zero. */
TH_PLUGIN_EXPORT const th_plugin_entry tradehost_plugin_entry = {
    .abi_major = TH_ABI_VERSION_MAJOR,
    .abi_minor = TH_ABI_VERSION_MINOR,
    .size = sizeof(th_plugin_entry),
    .name = "counter",
    .version = "1.0.0",
    .kind = "other",
    .description = "Counts events and publishes the count per interval",
    .port_count = sizeof ports / sizeof ports[0],
    .ports = ports,
    .config_field_count = sizeof fields / sizeof fields[0],
    .config_fields = fields,
    .create = counter_create,
    .destroy = counter_destroy,
    .start = counter_start,
    .stop = counter_stop,
    .on_event = counter_on_event,
    .on_timer = counter_on_timer,
    .last_error = counter_last_error,
};
