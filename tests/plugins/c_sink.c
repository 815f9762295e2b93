/* A sink written in plain C99: counts events per source and checks that sequence numbers
 * have no gap and no repeat; reports both as plugin metrics ("received", "seq_errors").
 * With `fail_every` > 0 it returns an error from every Nth event. */
#include <tradehost/plugin.h>

#include <stdio.h>
#include <stdlib.h>

struct th_instance {
    const th_host_api* host;
    th_host_ctx* ctx;
    uint64_t last_seq;
    int64_t received, fail_every;
    char err[128];
};

static const th_port_desc ports[] = {
    {sizeof(th_port_desc), TH_PORT_IN, TH_EV_ANY, "in", "any event"},
};

static const th_config_field fields[] = {
    {sizeof(th_config_field), TH_CFG_INT, 0, 0, "fail_every", "0", "return an error from every Nth event (0: never)", 0, 1e9},
};

static th_status s_create(const th_host_api* host, th_host_ctx* ctx, const th_config* cfg, th_instance** out,
                          char* err, size_t err_cap) {
    th_instance* s = (th_instance*)calloc(1, sizeof *s);
    (void)err;
    (void)err_cap;
    if (!s) return TH_ERR_NO_MEMORY;
    s->host = host;
    s->ctx = ctx;
    host->config_get_int(cfg, "fail_every", &s->fail_every);
    *out = s;
    return TH_OK;
}

static void s_destroy(th_instance* s) { free(s); }
static th_status s_start(th_instance* s) { (void)s; return TH_OK; }
static th_status s_stop(th_instance* s) { (void)s; return TH_OK; }

static th_status s_on_event(th_instance* s, uint32_t port, const th_event_header* ev) {
    (void)port;
    if (ev->seq != s->last_seq + 1) s->host->metric_add(s->ctx, "seq_errors", 1);
    s->last_seq = ev->seq;
    ++s->received;
    s->host->metric_add(s->ctx, "received", 1);
    if (s->fail_every > 0 && s->received % s->fail_every == 0) {
        snprintf(s->err, sizeof s->err, "refused event %llu on purpose", (unsigned long long)ev->seq);
        return TH_ERR_INTERNAL;
    }
    return TH_OK;
}

static const char* s_last_error(th_instance* s) { return s->err; }

TH_PLUGIN_EXPORT const th_plugin_entry tradehost_plugin_entry = {
    TH_ABI_VERSION_MAJOR, TH_ABI_VERSION_MINOR, sizeof(th_plugin_entry),
    "c_sink", "1.0.0", "sink", "counting sink written in C", 0,
    1, ports, 1, 0, fields,
    s_create, s_destroy, s_start, s_stop, s_on_event, NULL, s_last_error, NULL, NULL};
