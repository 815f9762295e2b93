#include "ticket.hpp"

#include <cstdio>
#include <cstring>

namespace tradehost::order_ticket {
namespace {

const char* exec_type_name(uint8_t t) {
    switch (t) {
        case TH_EXEC_NEW: return "NEW";
        case TH_EXEC_PARTIAL_FILL: return "PARTIAL_FILL";
        case TH_EXEC_FILL: return "FILL";
        case TH_EXEC_CANCELED: return "CANCELED";
        case TH_EXEC_REPLACED: return "REPLACED";
        case TH_EXEC_REJECTED: return "REJECTED";
        case TH_EXEC_EXPIRED: return "EXPIRED";
        default: return "UNKNOWN";
    }
}

uint8_t parse_tif(const std::string& v) {
    if (v == "day") return TH_TIF_DAY;
    if (v == "gtc") return TH_TIF_GTC;
    if (v == "ioc") return TH_TIF_IOC;
    if (v == "fok") return TH_TIF_FOK;
    if (v == "gtd") return TH_TIF_GTD;
    throw Error(TH_ERR_INVALID_ARGUMENT, "tif: '" + v + "' is not day, gtc, ioc, fok or gtd");
}

int digits(const std::string& t, size_t at, size_t n, bool& ok) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
        if (i >= t.size() || t[i] < '0' || t[i] > '9') { ok = false; return 0; }
        v = v * 10 + (t[i] - '0');
    }
    return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil; plugins
// build as C++17, without <chrono>'s calendar).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool valid_date(int y, int m, int d) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

}  // namespace

bool parse_iso8601_ns(const std::string& t, th_time_ns& out) {
    bool ok = t.size() >= 20 && t[4] == '-' && t[7] == '-' && (t[10] == 'T' || t[10] == 't' || t[10] == ' ') &&
              t[13] == ':' && t[16] == ':';
    const int y = digits(t, 0, 4, ok), mo = digits(t, 5, 2, ok), d = digits(t, 8, 2, ok);
    const int hh = digits(t, 11, 2, ok), mm = digits(t, 14, 2, ok), ss = digits(t, 17, 2, ok);
    if (!ok || hh > 23 || mm > 59 || ss > 59) return false;
    if (!valid_date(y, mo, d)) return false;
    size_t i = 19;
    int64_t frac = 0;
    if (i < t.size() && t[i] == '.') {
        int64_t scale = 100000000;  // first fractional digit: 0.1 s in ns
        size_t n = 0;
        for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, ++n) {
            if (scale > 0) frac += (t[i] - '0') * scale;
            scale /= 10;
        }
        if (n == 0) return false;
    }
    int64_t offset_s = 0;
    if (i < t.size() && (t[i] == 'Z' || t[i] == 'z')) {
        ++i;
    } else if (i + 6 == t.size() && (t[i] == '+' || t[i] == '-') && t[i + 3] == ':') {
        const int oh = digits(t, i + 1, 2, ok), om = digits(t, i + 4, 2, ok);
        if (!ok || oh > 23 || om > 59) return false;
        offset_s = (t[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
        i += 6;
    } else {
        return false;
    }
    if (i != t.size()) return false;
    const int64_t secs = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400LL + hh * 3600 + mm * 60 + ss - offset_s;
    out = secs * 1000000000LL + frac;
    return true;
}

Settings read_settings(const Config& cfg) {
    Settings s;
    const std::string action = cfg.get_string("action");
    if (action == "buy" || action == "sell") {
        s.action = TH_ORDER_NEW;
        s.side = action == "buy" ? TH_SIDE_BUY : TH_SIDE_SELL;
    } else if (action == "cancel") {
        s.action = TH_ORDER_CANCEL;
    } else {
        throw Error(TH_ERR_INVALID_ARGUMENT, "action: '" + action + "' is not buy, sell or cancel");
    }
    s.symbol = cfg.get_string("symbol");
    s.qty = cfg.get_fixed("qty");
    s.limit_px = cfg.get_fixed("limit");
    s.tif = parse_tif(cfg.get_string("tif"));
    const std::string expire = cfg.get_string("expire");
    if (!expire.empty() && !parse_iso8601_ns(expire, s.expire_time_ns))
        throw Error(TH_ERR_INVALID_ARGUMENT,
                    "expire: '" + expire + "' is not an ISO 8601 UTC time such as 2026-12-31T23:59:00Z");
    if (s.tif == TH_TIF_GTD && s.expire_time_ns <= 0)
        throw Error(TH_ERR_INVALID_ARGUMENT, "expire: required with tif gtd (good till that time)");
    if (s.tif != TH_TIF_GTD && !expire.empty())
        throw Error(TH_ERR_INVALID_ARGUMENT, "expire: only with tif gtd");
    if (cfg.get_bool("post_only")) s.flags |= TH_ORDER_FLAG_POST_ONLY;
    s.client_order_id = cfg.get_string("client_order_id");
    s.cancel_id = cfg.get_string("cancel_id");
    s.result_file = cfg.get_string("result_file");
    if (s.action == TH_ORDER_NEW && s.symbol.empty()) throw Error(TH_ERR_INVALID_ARGUMENT, "symbol: required to buy or sell");
    if (s.action == TH_ORDER_NEW && s.qty <= 0) throw Error(TH_ERR_INVALID_ARGUMENT, "qty: must be > 0");
    if (s.limit_px < 0) throw Error(TH_ERR_INVALID_ARGUMENT, "limit: must be >= 0");
    if (s.action == TH_ORDER_CANCEL && s.cancel_id.empty())
        throw Error(TH_ERR_INVALID_ARGUMENT, "cancel_id: required to cancel");
    if (s.client_order_id.size() >= TH_ID_LEN || s.cancel_id.size() >= TH_ID_LEN)
        throw Error(TH_ERR_INVALID_ARGUMENT, "client_order_id/cancel_id: at most 39 characters");
    return s;
}

Ticket::Ticket(Host host, const Config& cfg) : host_(host), s_(read_settings(cfg)) {}

void Ticket::start() {
    auto req = make_event<th_order_request>(host_.now());
    // A cancel may leave the symbol out: brokers find the order by its client order id.
    req.instrument = s_.symbol.empty() ? 0 : host_.intern(s_.symbol);
    req.action = s_.action;
    sent_id_ = s_.client_order_id;
    if (sent_id_.empty()) {
        // Unique across sessions of the same journal, like the strategies' ids.
        sent_id_ = "tkt-" + std::to_string(host_.session_id()) + "-" + std::to_string(host_.now() / 1000000);
    }
    copy_str(req.client_order_id, sent_id_);
    if (s_.action == TH_ORDER_CANCEL) {
        copy_str(req.orig_client_order_id, s_.cancel_id);
    } else {
        req.side = s_.side;
        req.order_type = s_.limit_px > 0 ? TH_ORDER_LIMIT : TH_ORDER_MARKET;
        req.tif = s_.tif;
        req.expire_time_ns = s_.expire_time_ns;  // ABI 1.2
        req.flags = s_.flags;
        req.qty = s_.qty;
        req.limit_px = s_.limit_px;
    }
    host_.info("order_ticket: sending " + sent_id_);
    host_.publish(kOrdersOut, req);
}

void Ticket::on_event(uint32_t port, const th_event_header& ev) {
    if (port != kExecReportsIn || answered_) return;
    th_execution_report scratch;
    const th_execution_report* rp = event_as(ev, scratch);
    if (!rp) return;
    const th_execution_report& r = *rp;
    // A cancel's answer names the request's id or, at venues that report by order, the
    // canceled order's id.
    const std::string id(r.client_order_id, strnlen(r.client_order_id, TH_ID_LEN));
    if (id != sent_id_ && !(s_.action == TH_ORDER_CANCEL && id == s_.cancel_id)) return;
    answered_ = true;
    write_result(r);
}

void Ticket::write_result(const th_execution_report& r) {
    // One line of key=value pairs; the CLI prints it and maps REJECTED to a failure exit.
    std::string line = std::string("exec_type=") + exec_type_name(r.exec_type) +
                       " client_order_id=" + std::string(r.client_order_id, strnlen(r.client_order_id, TH_ID_LEN)) +
                       " venue_order_id=" + std::string(r.venue_order_id, strnlen(r.venue_order_id, TH_ID_LEN)) +
                       " symbol=" + host_.symbol(r.instrument) + " cum_qty=" + format_fixed(r.cum_qty) +
                       " leaves_qty=" + format_fixed(r.leaves_qty) + " avg_px=" + format_fixed(r.avg_px);
    const std::string reason(r.reason, strnlen(r.reason, TH_TEXT_LEN));
    if (!reason.empty()) line += " reason=\"" + reason + "\"";
    line += "\n";
    if (s_.result_file.empty()) {
        host_.info("order_ticket: " + line);
        return;
    }
    // Written whole to a temporary name and renamed, so the CLI never reads half a line.
    const std::string tmp = s_.result_file + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "w");
    if (!f) throw Error(TH_ERR_IO, "cannot write " + tmp);
    const bool ok = std::fputs(line.c_str(), f) >= 0;
    if (std::fclose(f) != 0 || !ok || std::rename(tmp.c_str(), s_.result_file.c_str()) != 0)
        throw Error(TH_ERR_IO, "cannot write " + s_.result_file);
}

}  // namespace tradehost::order_ticket
