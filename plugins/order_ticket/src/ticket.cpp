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
    throw Error(TH_ERR_INVALID_ARGUMENT, "tif: '" + v + "' is not day, gtc, ioc or fok");
}

}  // namespace

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
