/* The ABI 1.1 guard plugin: built against the frozen 1.1 header (tests/abi/v1_1), never the
 * current one. It must keep loading and running in every 1.x host from 1.1 on. It publishes
 * and consumes the kinds 1.1 added and uses the 1.1 host calls; what it saw becomes metrics:
 *   info_ok        1 if instrument_set_info/instrument_get_info round-trip (and NOT_FOUND
 *                  for an instrument without metadata)
 *   books_sent     one two-sided book (1 bid, 1 ask) per quote received on "quotes"
 *   books_ok       books received on "books" whose size and levels are what was sent
 *   settled        settlements received on "settlements" that read as sent
 *   features_ok    1 if th_features_* helpers place rows, ids and values as documented
 *   bad            events that did not read as sent */
#include <tradehost/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct th_instance {
    const th_host_api* host;
    th_host_ctx* ctx;
    int64_t settle_after;
    int64_t quotes;
    char err[160];
};

enum { P_QUOTES_IN = 0, P_BOOKS_IN = 1, P_SETTLE_IN = 2, P_BOOKS_OUT = 3, P_SETTLE_OUT = 4 };

static const th_port_desc ports[] = {
    {sizeof(th_port_desc), TH_PORT_IN, TH_EV_QUOTE, "quotes", "quotes in; one book out per quote"},
    {sizeof(th_port_desc), TH_PORT_IN, TH_EV_BOOK, "books", "books to check"},
    {sizeof(th_port_desc), TH_PORT_IN, TH_EV_SETTLEMENT, "settlements", "settlements to check"},
    {sizeof(th_port_desc), TH_PORT_OUT, TH_EV_BOOK, "books", "a 1x1 book per quote"},
    {sizeof(th_port_desc), TH_PORT_OUT, TH_EV_SETTLEMENT, "settlements", "one after settle_after quotes"},
};

static const th_config_field fields[] = {
    {sizeof(th_config_field), TH_CFG_INT, 0, 0, "settle_after", "100", "quotes before the settlement", 0, 0},
};

static th_status g_create(const th_host_api* host, th_host_ctx* ctx, const th_config* cfg, th_instance** out,
                          char* err, size_t cap) {
    th_instance* s;
    if (host->abi_major != 1 || !TH_HOST_HAS(host, instrument_get_info)) {
        snprintf(err, cap, "needs a 1.1 host, got %u.%u", (unsigned)host->abi_major, (unsigned)host->abi_minor);
        return TH_ERR_UNSUPPORTED;
    }
    s = (th_instance*)calloc(1, sizeof *s);
    if (!s) return TH_ERR_NO_MEMORY;
    s->host = host;
    s->ctx = ctx;
    host->config_get_int(cfg, "settle_after", &s->settle_after);
    *out = s;
    return TH_OK;
}

static void g_destroy(th_instance* s) { free(s); }

static int check_info(th_instance* s) {
    const th_host_api* h = s->host;
    th_instrument id = 0, other = 0;
    th_instrument_info in, out;
    memset(&in, 0, sizeof in);
    in.size = sizeof in;
    in.asset_class = TH_ASSET_PREDICTION_OUTCOME;
    in.tick_size = TH_FIXED_SCALE / 100;
    in.min_price = TH_FIXED_SCALE / 100;
    in.max_price = TH_FIXED_SCALE - TH_FIXED_SCALE / 100;
    in.lot_size = TH_FIXED_SCALE;
    strcpy(in.currency, "USDC");
    strcpy(in.group, "guard-market");
    if (h->instrument_intern(s->ctx, "GUARD11-YES", &id) != TH_OK) return 0;
    if (h->instrument_intern(s->ctx, "GUARD11-NOINFO", &other) != TH_OK) return 0;
    if (h->instrument_set_info(s->ctx, id, &in) != TH_OK) return 0;
    memset(&out, 0, sizeof out);
    out.size = sizeof out;
    if (h->instrument_get_info(s->ctx, id, &out) != TH_OK) return 0;
    if (out.asset_class != TH_ASSET_PREDICTION_OUTCOME || out.tick_size != in.tick_size ||
        out.max_price != in.max_price || strcmp(out.currency, "USDC") != 0 || strcmp(out.group, "guard-market") != 0)
        return 0;
    memset(&out, 0, sizeof out);
    out.size = sizeof out;
    return h->instrument_get_info(s->ctx, other, &out) == TH_ERR_NOT_FOUND;
}

static int check_features(void) {
    /* a batch of 2 rows x 3 cols: ids after the struct, then the values */
    union { th_features f; unsigned char bytes[512]; } u;
    th_instrument* ids;
    float* v;
    const float* rv;
    memset(&u, 0, sizeof u);
    u.f.rows = 2;
    u.f.cols = 3;
    u.f.instrument = 0;
    u.f.hdr.size = th_features_size(2, 3, 1);
    ids = th_features_instruments_mut(&u.f);
    v = th_features_values_mut(&u.f);
    ids[0] = 5;
    ids[1] = 6;
    v[5] = 1.5f;
    rv = th_features_values(&u.f);
    if (u.f.hdr.size != sizeof(th_features) + 2 * 4 + 6 * 4) return 0;
    if ((const unsigned char*)rv != u.bytes + sizeof(th_features) + 8) return 0;
    if (th_features_instruments(&u.f)[1] != 6 || rv[5] != 1.5f) return 0;
    u.f.instrument = 9; /* single instrument: no ids */
    if (th_features_instruments(&u.f) != NULL) return 0;
    if ((const unsigned char*)th_features_values(&u.f) != u.bytes + sizeof(th_features)) return 0;
    /* FNV-1a 64 test vectors */
    return th_features_schema_hash("") == UINT64_C(0xcbf29ce484222325) &&
           th_features_schema_hash("a") == UINT64_C(0xaf63dc4c8601ec8c);
}

static th_status g_start(th_instance* s) {
    s->host->metric_add(s->ctx, "info_ok", check_info(s));
    s->host->metric_add(s->ctx, "features_ok", check_features());
    return TH_OK;
}

static th_status g_stop(th_instance* s) { (void)s; return TH_OK; }

static th_status publish_book(th_instance* s, const th_quote* q) {
    /* hdr.size counts only the used levels: a 1x1 book is 96 bytes, not sizeof(th_book). */
    struct { th_book b; } u;
    th_status st;
    memset(&u.b, 0, th_book_size(1, 1));
    u.b.hdr.size = th_book_size(1, 1);
    u.b.hdr.type = TH_EV_BOOK;
    u.b.hdr.version = 1;
    u.b.hdr.ts = q->hdr.ts;
    u.b.instrument = q->instrument;
    u.b.snapshot = 1;
    u.b.bid_count = 1;
    u.b.ask_count = 1;
    u.b.venue_seq = (uint64_t)s->quotes;
    u.b.first_venue_seq = (uint64_t)s->quotes;
    u.b.levels[0].px = q->bid_px;
    u.b.levels[0].qty = q->bid_qty;
    u.b.levels[1].px = q->ask_px;
    u.b.levels[1].qty = q->ask_qty;
    st = s->host->publish(s->ctx, P_BOOKS_OUT, &u.b.hdr);
    if (st == TH_OK) s->host->metric_add(s->ctx, "books_sent", 1);
    return st;
}

static th_status publish_settlement(th_instance* s, th_instrument id, th_time_ns ts) {
    th_settlement e;
    memset(&e, 0, sizeof e);
    e.hdr.size = sizeof e;
    e.hdr.type = TH_EV_SETTLEMENT;
    e.hdr.version = 1;
    e.hdr.ts = ts;
    e.instrument = id;
    e.kind = TH_SETTLE_RESOLVED;
    e.price = TH_FIXED_SCALE;
    strcpy(e.event_id, "guard-market");
    strcpy(e.text, "YES");
    return s->host->publish(s->ctx, P_SETTLE_OUT, &e.hdr);
}

static th_status g_on_event(th_instance* s, uint32_t port, const th_event_header* ev) {
    th_status st = TH_OK;
    if (port == P_QUOTES_IN && ev->type == TH_EV_QUOTE) {
        th_quote q;
        memcpy(&q, ev, sizeof q);
        ++s->quotes;
        st = publish_book(s, &q);
        if (st == TH_OK && s->quotes == s->settle_after) st = publish_settlement(s, q.instrument, q.hdr.ts);
    } else if (port == P_BOOKS_IN && ev->type == TH_EV_BOOK) {
        const th_book* b = (const th_book*)(const void*)ev;
        int ok = ev->size == th_book_size(1, 1) && b->bid_count == 1 && b->ask_count == 1 && b->snapshot == 1 &&
                 b->checksum == TH_BOOK_CHECKSUM_NONE && b->levels[0].px < b->levels[1].px &&
                 b->levels[0].qty == 10 * TH_FIXED_SCALE && b->venue_seq == b->first_venue_seq && b->venue_seq >= 1;
        s->host->metric_add(s->ctx, ok ? "books_ok" : "bad", 1);
    } else if (port == P_SETTLE_IN && ev->type == TH_EV_SETTLEMENT) {
        th_settlement e;
        int ok;
        memset(&e, 0, sizeof e);
        memcpy(&e, ev, ev->size < sizeof e ? ev->size : sizeof e);
        ok = e.kind == TH_SETTLE_RESOLVED && e.price == TH_FIXED_SCALE && strcmp(e.event_id, "guard-market") == 0 &&
             strcmp(e.text, "YES") == 0 && e.instrument != 0;
        s->host->metric_add(s->ctx, ok ? "settled" : "bad", 1);
    } else {
        snprintf(s->err, sizeof s->err, "unexpected event type %u on port %u", (unsigned)ev->type, (unsigned)port);
        return TH_ERR_INVALID_ARGUMENT;
    }
    return st == TH_ERR_AGAIN ? TH_OK : st;
}

static const char* g_last_error(th_instance* s) { return s->err; }

TH_PLUGIN_EXPORT const th_plugin_entry tradehost_plugin_entry = {
    1, 1, sizeof(th_plugin_entry),
    "abi_guard_1_1", "1.1.0", "other", "built against the frozen ABI 1.1 header", 0,
    5, ports, 1, 0, fields,
    g_create, g_destroy, g_start, g_stop, g_on_event, NULL, g_last_error, NULL, NULL};
