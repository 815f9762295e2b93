/* A source plugin written in plain C99 against plugin.h alone: publishes `count` quotes
 * for instrument `symbol`, `per_tick` per timer tick, then reports that it finished. */
#include <tradehost/plugin.h>

#include <stdlib.h>
#include <string.h>

struct th_instance {
    const th_host_api* host;
    th_host_ctx* ctx;
    int64_t count, per_tick, sent;
    th_instrument instrument;
    uint64_t timer;
    char err[128];
};

static const th_port_desc ports[] = {
    {sizeof(th_port_desc), TH_PORT_OUT, TH_EV_QUOTE, "quotes", "synthetic quotes"},
};

static const th_config_field fields[] = {
    {sizeof(th_config_field), TH_CFG_INT, 0, 0, "count", "100", "quotes to publish", 0, 1e12},
    {sizeof(th_config_field), TH_CFG_INT, 0, 0, "per_tick", "10", "quotes per timer tick", 1, 1e9},
    {sizeof(th_config_field), TH_CFG_STRING, 0, 0, "symbol", "TEST", "instrument symbol", 0, 0},
};

static th_status c_create(const th_host_api* host, th_host_ctx* ctx, const th_config* cfg, th_instance** out,
                          char* err, size_t err_cap) {
    const char* sym = NULL;
    th_instance* s = (th_instance*)calloc(1, sizeof *s);
    (void)err;
    (void)err_cap;
    if (!s) return TH_ERR_NO_MEMORY;
    s->host = host;
    s->ctx = ctx;
    host->config_get_int(cfg, "count", &s->count);
    host->config_get_int(cfg, "per_tick", &s->per_tick);
    host->config_get_string(cfg, "symbol", &sym);
    host->instrument_intern(ctx, sym, &s->instrument);
    *out = s;
    return TH_OK;
}

static void c_destroy(th_instance* s) { free(s); }

static th_status c_start(th_instance* s) { return s->host->timer_start(s->ctx, 0, 100000, &s->timer); }

static th_status c_stop(th_instance* s) {
    (void)s;
    return TH_OK;
}

static th_status c_on_timer(th_instance* s, uint64_t id, th_time_ns now) {
    int64_t i;
    (void)id;
    for (i = 0; i < s->per_tick && s->sent < s->count; ++i) {
        th_quote q;
        th_status st;
        memset(&q, 0, sizeof q);
        q.hdr.size = sizeof q;
        q.hdr.type = TH_EV_QUOTE;
        q.hdr.version = 1;
        q.hdr.ts = now;
        q.instrument = s->instrument;
        q.bid_px = (100 + s->sent % 7) * TH_FIXED_SCALE;
        q.ask_px = q.bid_px + TH_FIXED_SCALE / 100;
        q.bid_qty = q.ask_qty = 10 * TH_FIXED_SCALE;
        st = s->host->publish(s->ctx, 0, &q.hdr);
        if (st == TH_ERR_AGAIN) return TH_OK; /* the session is ending */
        if (st != TH_OK) {
            strcpy(s->err, "publish failed");
            return st;
        }
        ++s->sent;
    }
    if (s->sent >= s->count) {
        s->host->timer_cancel(s->ctx, s->timer);
        s->host->source_finished(s->ctx);
    }
    return TH_OK;
}

static const char* c_last_error(th_instance* s) { return s->err; }

TH_PLUGIN_EXPORT const th_plugin_entry tradehost_plugin_entry = {
    TH_ABI_VERSION_MAJOR, TH_ABI_VERSION_MINOR, sizeof(th_plugin_entry),
    "c_source", "1.0.0", "feed", "quotes from a plugin written in C", 0,
    1, ports, 3, 0, fields,
    c_create, c_destroy, c_start, c_stop, NULL, c_on_timer, c_last_error, NULL, NULL};
