// Test helpers for venue adapters (header-only, on the Harness): exact decimals, order
// request builders, and a recorder of everything a venue adapter publishes on the standard
// ports (docs/venue-kit.md, "Ports"), with the queries venue tests ask of it.
//
//   using namespace tradehost::testing;
//   VenueRecorder rec;
//   h.send("orders", NewOrder(h, "AAPL", "o-1").buy().qty("10").limit("101.5"));
//   ASSERT_TRUE(rec.wait(h, [&] { return rec.count_reports("o-1", TH_EXEC_NEW) == 1; }));
#pragma once

#include <tradehost/plugin.hpp>
#include <tradehost/testing/harness.hpp>

#include <chrono>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace tradehost::testing {

/// Exact th_fixed of decimal text ("0.004", "-12.5"); throws on a typo in a test.
inline th_fixed fx(const std::string& text) {
    th_fixed v = 0;
    if (!parse_fixed(text, v)) throw std::invalid_argument("not a decimal: " + text);
    return v;
}
/// Whole units as th_fixed.
inline constexpr th_fixed fx_units(int64_t whole) { return whole * TH_FIXED_SCALE; }

/// Builds a TH_ORDER_NEW request: a limit GTC buy of zero until told otherwise.
class NewOrder {
public:
    NewOrder(Harness& h, const std::string& symbol, const std::string& client_order_id) {
        r_ = make_event<th_order_request>(h.now());
        r_.instrument = h.intern(symbol);
        r_.action = TH_ORDER_NEW;
        r_.side = TH_SIDE_BUY;
        r_.order_type = TH_ORDER_LIMIT;
        r_.tif = TH_TIF_GTC;
        copy_str(r_.client_order_id, client_order_id);
    }
    NewOrder& buy() { return side(TH_SIDE_BUY); }
    NewOrder& sell() { return side(TH_SIDE_SELL); }
    NewOrder& side(uint8_t s) { r_.side = s; return *this; }
    NewOrder& qty(const std::string& q) { r_.qty = fx(q); return *this; }
    NewOrder& qty(th_fixed q) { r_.qty = q; return *this; }
    /// A limit price; an order without one is a market order.
    NewOrder& limit(const std::string& px) { r_.limit_px = fx(px); r_.order_type = TH_ORDER_LIMIT; return *this; }
    NewOrder& limit(th_fixed px) { r_.limit_px = px; r_.order_type = px > 0 ? TH_ORDER_LIMIT : TH_ORDER_MARKET; return *this; }
    NewOrder& market() { r_.limit_px = 0; r_.order_type = TH_ORDER_MARKET; return *this; }
    NewOrder& stop(const std::string& px) { r_.stop_px = fx(px); r_.order_type = TH_ORDER_STOP; return *this; }
    NewOrder& type(uint8_t t) { r_.order_type = t; return *this; }
    NewOrder& tif(uint8_t t) { r_.tif = t; return *this; }
    /// Good till `expire_time_ns` (UTC ns): TH_TIF_GTD (ABI 1.2).
    NewOrder& gtd(th_time_ns expire_time_ns) { r_.tif = TH_TIF_GTD; r_.expire_time_ns = expire_time_ns; return *this; }
    /// TH_ORDER_FLAG_POST_ONLY (ABI 1.2): reject rather than take liquidity.
    NewOrder& post_only() { r_.flags |= TH_ORDER_FLAG_POST_ONLY; return *this; }
    /// TH_ORDER_FLAG_REDUCE_ONLY (ABI 1.2).
    NewOrder& reduce_only() { r_.flags |= TH_ORDER_FLAG_REDUCE_ONLY; return *this; }
    /// All th_order_flag bits at once (ABI 1.2), unknown bits included, to test refusals.
    NewOrder& flags(uint32_t bits) { r_.flags = bits; return *this; }
    const th_order_request& request() const { return r_; }
    operator th_order_request() const { return r_; }  // NOLINT: a builder converts implicitly
    th_event_header& hdr() { return r_.hdr; }

private:
    th_order_request r_{};
};

/// A TH_ORDER_CANCEL of `orig` under the cancel's own id `client_order_id`.
inline th_order_request cancel_request(Harness& h, const std::string& symbol, const std::string& client_order_id,
                                       const std::string& orig) {
    auto r = make_event<th_order_request>(h.now());
    r.instrument = h.intern(symbol);
    r.action = TH_ORDER_CANCEL;
    copy_str(r.client_order_id, client_order_id);
    copy_str(r.orig_client_order_id, orig);
    return r;
}

/// A TH_ORDER_REPLACE of `orig` by the new id `client_order_id` (qty, limit price).
inline th_order_request replace_request(Harness& h, const std::string& symbol, const std::string& client_order_id,
                                        const std::string& orig, th_fixed qty, th_fixed limit_px) {
    auto r = make_event<th_order_request>(h.now());
    r.instrument = h.intern(symbol);
    r.action = TH_ORDER_REPLACE;
    r.order_type = limit_px > 0 ? TH_ORDER_LIMIT : TH_ORDER_MARKET;
    r.qty = qty;
    r.limit_px = limit_px;
    copy_str(r.client_order_id, client_order_id);
    copy_str(r.orig_client_order_id, orig);
    return r;
}

/// Everything a venue adapter published on the standard ports, accumulated across drains.
struct VenueRecorder {
    std::vector<th_execution_report> reports;
    std::vector<th_fill> fills;
    std::vector<th_position> positions;
    std::vector<th_balance> balances;
    std::vector<th_quote> quotes;
    std::vector<th_trade> trades;
    std::vector<th_venue_status> statuses;

    void drain(Harness& h) {
        append(reports, h.take<th_execution_report>("exec_reports"));
        append(fills, h.take<th_fill>("fills"));
        append(positions, h.take<th_position>("positions"));
        append(balances, h.take<th_balance>("balances"));
        append(quotes, h.take<th_quote>("quotes"));
        append(trades, h.take<th_trade>("trades"));
        append(statuses, h.take<th_venue_status>("status"));
    }
    /// Drains until `pred` holds; generous timeout, never a pass/fail by timing.
    bool wait(Harness& h, const std::function<bool()>& pred,
              std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            drain(h);
            if (pred()) return true;
            if (std::chrono::steady_clock::now() > end) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    /// Statuses in `state` whose text contains `text_part`.
    int count_status(uint32_t state, const char* text_part = "") const {
        int n = 0;
        for (const auto& s : statuses) n += s.state == state && std::strstr(s.text, text_part) != nullptr;
        return n;
    }
    std::vector<th_execution_report> reports_for(const std::string& cid) const {
        std::vector<th_execution_report> out;
        for (const auto& r : reports)
            if (cid == r.client_order_id) out.push_back(r);
        return out;
    }
    int count_reports(const std::string& cid, uint8_t exec_type) const {
        int n = 0;
        for (const auto& r : reports) n += r.exec_type == exec_type && cid == r.client_order_id;
        return n;
    }
    /// The last report of `cid` (of `exec_type`, or any when 0xff); nullptr if none.
    const th_execution_report* last_report(const std::string& cid, uint8_t exec_type = 0xff) const {
        const th_execution_report* out = nullptr;
        for (const auto& r : reports)
            if ((exec_type == 0xff || r.exec_type == exec_type) && cid == r.client_order_id) out = &r;
        return out;
    }
    int fills_of(const std::string& cid) const {
        int n = 0;
        for (const auto& f : fills) n += cid == f.client_order_id;
        return n;
    }
    void clear() { *this = VenueRecorder(); }

private:
    template <class E> static void append(std::vector<E>& to, std::vector<E> from) {
        to.insert(to.end(), from.begin(), from.end());
    }
};

}  // namespace tradehost::testing
