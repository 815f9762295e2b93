#include "journal/decision_rows.hpp"

#include "common/event_names.hpp"
#include "common/json_text.hpp"

#include <tradehost/plugin.hpp>

#include <charconv>
#include <cmath>
#include <cstring>

namespace tradehost {

namespace {

// A bounded C string of a fixed-size field (a publisher may fill it to the last byte).
std::string field(const char* p, size_t n) { return std::string(p, strnlen(p, n)); }

// The shortest text that reads back as the same double (to_chars); NaN and infinities are
// not JSON, so they are written null.
std::string num(double v) {
    if (!std::isfinite(v)) return "null";
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

// A fixed-point value exactly, as a JSON number ("-19.80815665", not a double's 17 digits).
std::string fixed(th_fixed v) { return format_fixed(v); }

std::string str(const std::string& s) { return "\"" + json_escape(s) + "\""; }

std::string causes_of(const uint64_t* ids, size_t n) {
    std::string out = "[";
    for (size_t i = 0; i < n && ids[i] != 0; ++i) out += (i ? "," : "") + std::to_string(ids[i]);
    return out + "]";
}

const char* target_kind_name(uint8_t k) {
    switch (k) {
    case TH_TARGET_QTY: return "qty";
    case TH_TARGET_WEIGHT: return "weight";
    case TH_TARGET_NOTIONAL: return "notional";
    default: return "unknown";
    }
}

}  // namespace

DecisionRow decision_of(const th_signal& s) {
    DecisionRow r;
    r.id = s.decision_id;
    r.kind = "signal";
    r.instrument = s.instrument;
    r.value = s.value;
    r.ref = field(s.name, sizeof s.name);
    r.inputs = "{\"name\":" + str(r.ref) + ",\"value\":" + num(s.value) + ",\"strength\":" + num(s.strength) +
               ",\"horizon_ns\":" + std::to_string(s.horizon_ns) + "}";
    r.causes = causes_of(s.cause_ids, TH_CAUSE_MAX);
    return r;
}

DecisionRow decision_of(const th_target& t) {
    DecisionRow r;
    r.id = t.decision_id;
    r.kind = "target";
    r.instrument = t.instrument;
    r.value = to_double(t.value);
    r.ref = field(t.strategy, sizeof t.strategy);
    r.inputs = "{\"strategy\":" + str(r.ref) + ",\"kind\":\"" + target_kind_name(t.kind) + "\",\"value\":" +
               fixed(t.value) + ",\"urgency\":" + std::to_string(t.urgency) + ",\"horizon_ns\":" +
               std::to_string(t.horizon_ns) + ",\"reason\":" + str(field(t.reason, sizeof t.reason)) + "}";
    r.causes = causes_of(t.cause_ids, TH_CAUSE_MAX);
    return r;
}

std::optional<DecisionRow> decision_of(const th_order_request& o) {
    if (o.action != TH_ORDER_NEW || o.cause_id == 0) return std::nullopt;
    DecisionRow r;
    r.id = o.decision_id;
    r.kind = "order";
    r.instrument = o.instrument;
    r.qty = to_double(o.qty);
    r.value = to_double(o.limit_px);
    r.ref = field(o.client_order_id, sizeof o.client_order_id);
    r.inputs = "{\"client_order_id\":" + str(r.ref) + ",\"side\":\"" + side_name(o.side) + "\",\"qty\":" +
               fixed(o.qty) + ",\"limit_px\":" + fixed(o.limit_px) + "}";
    r.causes = causes_of(&o.cause_id, 1);
    return r;
}

}  // namespace tradehost
