/* A plugin from a newer minor of the ABI: its entry, port and config structs are larger
 * than this host's (fields appended later). The host copies min(size, sizeof) and must
 * accept it and run it. */
#include <tradehost/plugin.h>

#include <stdlib.h>

/* The structs as a future 1.1 header might declare them. */
typedef struct {
    th_port_desc base;
    uint64_t future_flags;
    const char* future_unit;
} port_desc_1_1;

typedef struct {
    th_plugin_entry base;
    th_status (*future_callback)(th_instance*);
    uint64_t future_capabilities;
} entry_1_1;

struct th_instance { const th_host_api* host; th_host_ctx* ctx; };

static const port_desc_1_1 ports[] = {
    {{sizeof(port_desc_1_1), TH_PORT_IN, TH_EV_QUOTE, "quotes", "quotes in"}, 7, "unit"},
    {{sizeof(port_desc_1_1), TH_PORT_OUT, TH_EV_QUOTE, "out", "quotes out, unchanged"}, 9, "unit"},
};

static th_status f_create(const th_host_api* h, th_host_ctx* c, const th_config* cfg, th_instance** o, char* e, size_t n) {
    th_instance* s = (th_instance*)calloc(1, sizeof *s);
    (void)cfg; (void)e; (void)n;
    if (!s) return TH_ERR_NO_MEMORY;
    s->host = h;
    s->ctx = c;
    *o = s;
    return TH_OK;
}
static void f_destroy(th_instance* s) { free(s); }
static th_status f_start(th_instance* s) { (void)s; return TH_OK; }
static th_status f_on_event(th_instance* s, uint32_t port, const th_event_header* ev) {
    th_quote q = *(const th_quote*)ev;
    (void)port;
    return s->host->publish(s->ctx, 1, &q.hdr);
}
static const char* f_last_error(th_instance* s) { (void)s; return ""; }
static th_status f_future(th_instance* s) { (void)s; return TH_OK; }

TH_PLUGIN_EXPORT const entry_1_1 tradehost_plugin_entry = {
    {TH_ABI_VERSION_MAJOR, TH_ABI_VERSION_MINOR + 1, sizeof(entry_1_1),
     "newer_minor", "1.1.0", "other", "built against a newer minor with larger structs", 0,
     2, &ports[0].base, 0, 0, NULL,
     f_create, f_destroy, f_start, f_start, f_on_event, NULL, f_last_error, NULL, NULL},
    f_future, 42};
