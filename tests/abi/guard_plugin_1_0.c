/* The ABI guard plugin: built against the frozen 1.0 header (tests/abi/v1_0), never the
 * current one. It must keep loading and running in every 1.x host. It uses every host
 * function and every config type of 1.0 and reports what it saw as metrics:
 *   forwarded      quotes republished unchanged on "quotes"
 *   config_ok      1 if every config getter returned the configured value
 *   secret_len     length of the secret named by `secret_name`
 *   starts         how many times this instance has started with this journal (state blob)
 *   timer_fires    timer callbacks
 *   symbol_ok      1 if intern/symbol round-trip */
#include <tradehost/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct th_instance {
    const th_host_api* host;
    th_host_ctx* ctx;
    const th_config* cfg;
    uint64_t timer;
    char err[160];
};

static const th_port_desc ports[] = {
    {sizeof(th_port_desc), TH_PORT_IN, TH_EV_QUOTE, "quotes", "quotes in"},
    {sizeof(th_port_desc), TH_PORT_OUT, TH_EV_QUOTE, "quotes", "the same quotes out"},
    {sizeof(th_port_desc), TH_PORT_OUT, TH_EV_SIGNAL, "signals", "one per timer tick"},
};

static const th_config_field fields[] = {
    {sizeof(th_config_field), TH_CFG_BOOL, 0, 0, "flag", "false", "a bool", 0, 0},
    {sizeof(th_config_field), TH_CFG_INT, 0, 0, "count", "1", "an int", 0, 0},
    {sizeof(th_config_field), TH_CFG_FLOAT, 0, 0, "ratio", "0.5", "a float", 0, 0},
    {sizeof(th_config_field), TH_CFG_STRING, 0, 0, "label", "x", "a string", 0, 0},
    {sizeof(th_config_field), TH_CFG_DECIMAL, 0, 0, "price", "1", "a decimal", 0, 0},
    {sizeof(th_config_field), TH_CFG_DURATION, 0, 0, "period", "1ms", "a duration", 0, 0},
    {sizeof(th_config_field), TH_CFG_STRING_LIST, 0, 0, "symbols", NULL, "a list", 0, 0},
    {sizeof(th_config_field), TH_CFG_STRING, TH_CFG_SECRET, 0, "secret_name", "TH_GUARD_SECRET", "env var to read", 0, 0},
};

static th_status g_create(const th_host_api* host, th_host_ctx* ctx, const th_config* cfg, th_instance** out,
                          char* err, size_t cap) {
    th_instance* s;
    if (host->abi_major != 1) {
        snprintf(err, cap, "host ABI %u", (unsigned)host->abi_major);
        return TH_ERR_UNSUPPORTED;
    }
    s = (th_instance*)calloc(1, sizeof *s);
    if (!s) return TH_ERR_NO_MEMORY;
    s->host = host;
    s->ctx = ctx;
    s->cfg = cfg;
    *out = s;
    return TH_OK;
}

static void g_destroy(th_instance* s) { free(s); }

/* Expected values come from tests/host/test_abi_guard.cpp's config. */
static int check_config(th_instance* s) {
    const th_host_api* h = s->host;
    int b = 0;
    int64_t i = 0, d = 0;
    double f = 0;
    const char* str = NULL;
    const char* item = NULL;
    th_fixed px = 0;
    size_t n = 0;
    if (h->config_get_bool(s->cfg, "flag", &b) != TH_OK || b != 1) return 0;
    if (h->config_get_int(s->cfg, "count", &i) != TH_OK || i != 7) return 0;
    if (h->config_get_float(s->cfg, "ratio", &f) != TH_OK || f != 0.25) return 0;
    if (h->config_get_string(s->cfg, "label", &str) != TH_OK || strcmp(str, "guard") != 0) return 0;
    if (h->config_get_fixed(s->cfg, "price", &px) != TH_OK || px != 12345 * (TH_FIXED_SCALE / 100)) return 0;
    if (h->config_get_duration(s->cfg, "period", &d) != TH_OK || d != 2000000) return 0;
    if (h->config_get_list_size(s->cfg, "symbols", &n) != TH_OK || n != 2) return 0;
    if (h->config_get_list_item(s->cfg, "symbols", 1, &item) != TH_OK || strcmp(item, "MSFT") != 0) return 0;
    if (h->config_get_int(s->cfg, "no_such_key", &i) != TH_ERR_NOT_FOUND) return 0;
    return 1;
}

static th_status g_start(th_instance* s) {
    const th_host_api* h = s->host;
    char buf[64];
    size_t len = 0;
    uint32_t starts = 0;
    int64_t period = 0;
    const char* secret_name = NULL;
    th_instrument id = 0;
    const char* sym;

    h->metric_add(s->ctx, "config_ok", check_config(s));
    h->config_get_string(s->cfg, "secret_name", &secret_name);
    if (h->secret_get(s->ctx, secret_name, buf, sizeof buf, &len) == TH_OK) h->metric_add(s->ctx, "secret_len", (int64_t)len);
    if (h->state_get(s->ctx, "starts", &starts, sizeof starts, &len) != TH_OK) starts = 0;
    ++starts;
    if (h->state_put(s->ctx, "starts", &starts, sizeof starts) != TH_OK) {
        strcpy(s->err, "state_put failed");
        return TH_ERR_IO;
    }
    h->metric_add(s->ctx, "starts", starts);
    h->instrument_intern(s->ctx, "GUARD-1", &id);
    sym = h->instrument_symbol(s->ctx, id);
    h->metric_add(s->ctx, "symbol_ok", sym && strcmp(sym, "GUARD-1") == 0);
    h->metric_add(s->ctx, "named", strcmp(h->instance_name(s->ctx), "guard") == 0);
    h->metric_add(s->ctx, "session_ok", h->session_id(s->ctx) >= 1);
    h->metric_add(s->ctx, "killed", h->kill_switch_engaged(s->ctx));
    h->log(s->ctx, TH_LOG_INFO, "abi guard started");
    h->config_get_duration(s->cfg, "period", &period);
    return h->timer_start(s->ctx, period, period, &s->timer);
}

static th_status g_stop(th_instance* s) {
    s->host->timer_cancel(s->ctx, s->timer);
    return TH_OK;
}

static th_status g_on_event(th_instance* s, uint32_t port, const th_event_header* ev) {
    th_quote q;
    th_status st;
    if (port != 0 || ev->type != TH_EV_QUOTE) {
        snprintf(s->err, sizeof s->err, "unexpected event type %u on port %u", (unsigned)ev->type, (unsigned)port);
        return TH_ERR_INVALID_ARGUMENT;
    }
    memcpy(&q, ev, sizeof q);
    st = s->host->publish(s->ctx, 1, &q.hdr);
    if (st == TH_OK) s->host->metric_add(s->ctx, "forwarded", 1);
    return st == TH_ERR_AGAIN ? TH_OK : st;
}

static th_status g_on_timer(th_instance* s, uint64_t id, th_time_ns now) {
    th_signal sig;
    (void)id;
    memset(&sig, 0, sizeof sig);
    sig.hdr.size = sizeof sig;
    sig.hdr.type = TH_EV_SIGNAL;
    sig.hdr.version = 1;
    sig.hdr.ts = now > 0 ? now : s->host->clock_now(s->ctx);
    sig.value = 1.0;
    strcpy(sig.name, "guard");
    s->host->metric_add(s->ctx, "timer_fires", 1);
    return s->host->publish(s->ctx, 2, &sig.hdr) == TH_ERR_INVALID_ARGUMENT ? TH_ERR_INTERNAL : TH_OK;
}

static const char* g_last_error(th_instance* s) { return s->err; }

TH_PLUGIN_EXPORT const th_plugin_entry tradehost_plugin_entry = {
    1, 0, sizeof(th_plugin_entry),
    "abi_guard_1_0", "1.0.0", "other", "built against the frozen ABI 1.0 header", 0,
    3, ports, 8, 0, fields,
    g_create, g_destroy, g_start, g_stop, g_on_event, g_on_timer, g_last_error, NULL, NULL};
