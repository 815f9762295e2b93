// tradehost C++ plugin wrapper: header-only, over the C ABI in plugin.h.
//
// A plugin is a plain C++ class; TRADEHOST_PLUGIN exports it. Exceptions never cross the
// C boundary: every thunk catches, stores the text for last_error and returns a status.
// Inside a plugin, TH_CHECK(call) turns a failing host status into a typed exception.
//
//   class Echo {
//    public:
//     Echo(tradehost::Host host, const tradehost::Config& cfg);   // may throw ConfigError
//     void start();                                                // optional
//     void stop();                                                 // optional
//     void on_event(uint32_t port, const th_event_header& ev);     // optional
//     void on_timer(uint64_t id, th_time_ns now);                  // optional
//     std::string snapshot();                                      // optional, hot reload
//     void restore(std::string_view blob);                         // optional, hot reload
//   };
//   TRADEHOST_PLUGIN(Echo, "echo", "1.0.0", "other", "Echoes events", kPorts, kConfig)
//
// Member functions are found at compile time, so there is no virtual call on the hot path.
#ifndef TRADEHOST_PLUGIN_HPP
#define TRADEHOST_PLUGIN_HPP

#include <tradehost/plugin.h>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace tradehost {

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/// Base of every exception the wrapper maps to a th_status.
class Error : public std::runtime_error {
public:
    Error(th_status status, const std::string& what) : std::runtime_error(what), status_(status) {}
    th_status status() const noexcept { return status_; }

private:
    th_status status_;
};
/// Config rejected by the plugin (TH_ERR_CONFIG).
class ConfigError : public Error {
public:
    explicit ConfigError(const std::string& what) : Error(TH_ERR_CONFIG, what) {}
};
/// A key, secret or instrument was not found (TH_ERR_NOT_FOUND).
class NotFoundError : public Error {
public:
    explicit NotFoundError(const std::string& what) : Error(TH_ERR_NOT_FOUND, what) {}
};
/// Invalid argument (TH_ERR_INVALID_ARGUMENT).
class InvalidArgument : public Error {
public:
    explicit InvalidArgument(const std::string& what) : Error(TH_ERR_INVALID_ARGUMENT, what) {}
};

/// Name of a status code, for messages.
inline const char* status_name(th_status s) noexcept {
    switch (s) {
    case TH_OK: return "ok";
    case TH_ERR_INVALID_ARGUMENT: return "invalid argument";
    case TH_ERR_CONFIG: return "config error";
    case TH_ERR_STATE: return "invalid state";
    case TH_ERR_UNSUPPORTED: return "unsupported";
    case TH_ERR_IO: return "i/o error";
    case TH_ERR_REJECTED: return "rejected";
    case TH_ERR_NOT_FOUND: return "not found";
    case TH_ERR_NO_MEMORY: return "out of memory";
    case TH_ERR_AGAIN: return "try again";
    case TH_ERR_BUFFER_TOO_SMALL: return "buffer too small";
    case TH_ERR_INTERNAL: return "internal error";
    default: return "unknown status";
    }
}

/// Throw the typed exception for a failing status; `what` names the call.
inline void throw_status(th_status s, const char* what) {
    std::string msg = std::string(what) + ": " + status_name(s);
    switch (s) {
    case TH_ERR_CONFIG: throw ConfigError(msg);
    case TH_ERR_NOT_FOUND: throw NotFoundError(msg);
    case TH_ERR_INVALID_ARGUMENT: throw InvalidArgument(msg);
    default: throw Error(s, msg);
    }
}

/// Map a failing th_status to a typed exception; the one macro of the C++ layer.
#define TH_CHECK(expr)                                                     \
    do {                                                                   \
        th_status th_check_status_ = (expr);                               \
        if (th_check_status_ != TH_OK) ::tradehost::throw_status(th_check_status_, #expr); \
    } while (0)

// ---------------------------------------------------------------------------------------
// Fixed point
// ---------------------------------------------------------------------------------------

/// Nearest th_fixed of a double; for display and analytics only, never for order maths.
inline th_fixed to_fixed(double v) noexcept {
    return static_cast<th_fixed>(v * static_cast<double>(TH_FIXED_SCALE) + (v >= 0 ? 0.5 : -0.5));
}
/// th_fixed as a double, for display and analytics.
inline double to_double(th_fixed v) noexcept {
    return static_cast<double>(v) / static_cast<double>(TH_FIXED_SCALE);
}
/// a * b in fixed point (price * quantity = notional), rounded toward zero, exact to 128 bits.
inline th_fixed fixed_mul(th_fixed a, th_fixed b) noexcept {
    // Most products fit in 64 bits, where dividing by the constant scale is a multiply;
    // only the rest pay for the 128-bit division (same result: both round toward zero).
    th_fixed p = 0;
    if (!__builtin_mul_overflow(a, b, &p)) return p / TH_FIXED_SCALE;
    __extension__ typedef __int128 i128;
    return static_cast<th_fixed>(static_cast<i128>(a) * b / TH_FIXED_SCALE);
}
/// a / b in fixed point, rounded toward zero; b must not be 0.
inline th_fixed fixed_div(th_fixed a, th_fixed b) noexcept {
    __extension__ typedef __int128 i128;
    return static_cast<th_fixed>(static_cast<i128>(a) * TH_FIXED_SCALE / b);
}
/// Parse exact decimal text ("-12.5", "0.00000001", "3") into th_fixed. False if malformed
/// or more than 8 decimals or out of range.
inline bool parse_fixed(std::string_view s, th_fixed& out) noexcept {
    size_t i = 0;
    bool neg = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i >= s.size()) return false;
    unsigned long long ip = 0, fp = 0;
    int digits = 0, fdigits = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
        if (ip > 92233720367ull) return false;
        ip = ip * 10 + static_cast<unsigned>(s[i] - '0');
    }
    if (i < s.size() && s[i] == '.') {
        for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++fdigits) {
            if (fdigits >= 8) return false;
            fp = fp * 10 + static_cast<unsigned>(s[i] - '0');
        }
    }
    if (i != s.size() || (digits == 0 && fdigits == 0)) return false;
    for (int k = fdigits; k < 8; ++k) fp *= 10;
    unsigned long long mag = ip * static_cast<unsigned long long>(TH_FIXED_SCALE) + fp;
    if (mag > 9223372036854775807ull) return false;
    out = neg ? -static_cast<th_fixed>(mag) : static_cast<th_fixed>(mag);
    return true;
}

/// Parse a duration: "250ms", "2s", "1.5s", "1m", "1h", "10us", "5ns" or a bare integer of
/// nanoseconds. False if malformed.
inline bool parse_duration_ns(std::string_view s, int64_t& out) noexcept {
    bool digits_only = !s.empty();
    for (char c : s) digits_only = digits_only && c >= '0' && c <= '9';
    if (digits_only) {  // bare nanoseconds, exact over the whole int64 range
        unsigned long long v = 0;
        for (char c : s) {
            if (v > (9223372036854775807ull - static_cast<unsigned>(c - '0')) / 10) return false;
            v = v * 10 + static_cast<unsigned>(c - '0');
        }
        out = static_cast<int64_t>(v);
        return true;
    }
    size_t unit = s.size();
    while (unit > 0 && (s[unit - 1] < '0' || s[unit - 1] > '9') && s[unit - 1] != '.') --unit;
    std::string_view num = s.substr(0, unit), suffix = s.substr(unit);
    th_fixed v = 0;
    if (num.empty() || num[0] == '-' || !parse_fixed(num, v)) return false;
    long double mult;
    if (suffix.empty() || suffix == "ns") mult = 1;
    else if (suffix == "us") mult = 1e3;
    else if (suffix == "ms") mult = 1e6;
    else if (suffix == "s") mult = 1e9;
    else if (suffix == "m") mult = 60e9;
    else if (suffix == "h") mult = 3600e9;
    else return false;
    long double ns = static_cast<long double>(v) / TH_FIXED_SCALE * mult;
    if (ns > 9.2e18L) return false;
    out = static_cast<int64_t>(ns + 0.5L);
    return true;
}

/// Exact decimal text of a th_fixed without trailing zeros ("101.25", "-0.5", "3").
inline std::string format_fixed(th_fixed v) {
    char buf[48];
    unsigned long long mag = v < 0 ? 0ull - static_cast<unsigned long long>(v)
                                   : static_cast<unsigned long long>(v);
    unsigned long long ip = mag / TH_FIXED_SCALE, fp = mag % TH_FIXED_SCALE;
    int n = std::snprintf(buf, sizeof buf, "%s%llu", v < 0 ? "-" : "", ip);
    if (fp != 0) {
        char frac[16];
        std::snprintf(frac, sizeof frac, "%08llu", fp);
        size_t len = std::strlen(frac);
        while (len > 0 && frac[len - 1] == '0') frac[--len] = '\0';
        std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%s", frac);
    }
    return buf;
}

// ---------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------

template <class E> struct event_traits;
#define TRADEHOST_EVENT_TRAIT(T, K) \
    template <> struct event_traits<T> { static constexpr th_event_type type = K; };
TRADEHOST_EVENT_TRAIT(th_quote, TH_EV_QUOTE)
TRADEHOST_EVENT_TRAIT(th_trade, TH_EV_TRADE)
TRADEHOST_EVENT_TRAIT(th_bar, TH_EV_BAR)
TRADEHOST_EVENT_TRAIT(th_order_request, TH_EV_ORDER_REQUEST)
TRADEHOST_EVENT_TRAIT(th_execution_report, TH_EV_EXECUTION_REPORT)
TRADEHOST_EVENT_TRAIT(th_fill, TH_EV_FILL)
TRADEHOST_EVENT_TRAIT(th_position, TH_EV_POSITION)
TRADEHOST_EVENT_TRAIT(th_signal, TH_EV_SIGNAL)
TRADEHOST_EVENT_TRAIT(th_balance, TH_EV_BALANCE)
TRADEHOST_EVENT_TRAIT(th_venue_status, TH_EV_VENUE_STATUS)
TRADEHOST_EVENT_TRAIT(th_book, TH_EV_BOOK)             // ABI 1.1
TRADEHOST_EVENT_TRAIT(th_odds, TH_EV_ODDS)             // ABI 1.1
TRADEHOST_EVENT_TRAIT(th_news, TH_EV_NEWS)             // ABI 1.1
TRADEHOST_EVENT_TRAIT(th_sentiment, TH_EV_SENTIMENT)   // ABI 1.1
TRADEHOST_EVENT_TRAIT(th_features, TH_EV_FEATURES)     // ABI 1.1
TRADEHOST_EVENT_TRAIT(th_target, TH_EV_TARGET)         // ABI 1.1
TRADEHOST_EVENT_TRAIT(th_settlement, TH_EV_SETTLEMENT) // ABI 1.1
#undef TRADEHOST_EVENT_TRAIT

/// Bytes of E that every event of its kind carries: sizeof(E), except for the kinds whose
/// tail is variable (th_book: the used levels; th_features: the data after the struct).
template <class E> constexpr size_t event_fixed_size() noexcept { return sizeof(E); }
template <> constexpr size_t event_fixed_size<th_book>() noexcept { return offsetof(th_book, levels); }

/// A zeroed event of kind E with its header's size, type and version set.
template <class E> E make_event(th_time_ns ts = 0) noexcept {
    E e;
    std::memset(&e, 0, sizeof e);
    e.hdr.size = sizeof(E);
    e.hdr.type = static_cast<uint16_t>(event_traits<E>::type);
    e.hdr.version = 1;
    e.hdr.ts = ts;
    return e;
}

/// View `h` as E. If the publisher's struct is at least as large (same or newer build), the
/// event itself is returned; a smaller (older) one is copied into zeroed `scratch`.
/// Returns nullptr if `h` is not of kind E.
/// For th_book and th_features the event itself is returned when it carries the fixed part;
/// read only what its counts say (book_fits, th_features_values).
template <class E> const E* event_as(const th_event_header& h, E& scratch) noexcept {
    if (h.type != event_traits<E>::type) return nullptr;
    if (h.size >= event_fixed_size<E>()) return reinterpret_cast<const E*>(&h);
    std::memset(&scratch, 0, sizeof scratch);
    std::memcpy(&scratch, &h, h.size < sizeof(th_event_header) ? sizeof(th_event_header) : h.size);
    return &scratch;
}

/// Set a book's hdr.size from its counts (th_book_size): call after filling the levels.
inline void finish_book(th_book& b) noexcept { b.hdr.size = th_book_size(b.bid_count, b.ask_count); }
/// True if the book's counts are within TH_BOOK_MAX_LEVELS and its hdr.size covers them.
inline bool book_fits(const th_book& b) noexcept {
    const uint32_t n = static_cast<uint32_t>(b.bid_count) + b.ask_count;
    return n <= TH_BOOK_MAX_LEVELS && b.hdr.size >= th_book_size(b.bid_count, b.ask_count);
}

/// Copy a NUL-terminated string into a fixed char array, truncating.
template <size_t N> void copy_str(char (&dst)[N], std::string_view src) noexcept {
    size_t n = src.size() < N - 1 ? src.size() : N - 1;
    std::memcpy(dst, src.data(), n);
    dst[n] = '\0';
}

/// The execution report that refuses `req` (exec_type and status REJECTED; instrument, side
/// and quantity from the request): what a venue or a risk gate publishes for an order it
/// will not carry. `client_order_id` is the id the sender knows the order by.
inline th_execution_report rejection_of(const th_order_request& req, std::string_view client_order_id,
                                        std::string_view reason, th_time_ns ts) noexcept {
    th_execution_report r = make_event<th_execution_report>(ts);
    r.instrument = req.instrument;
    r.exec_type = TH_EXEC_REJECTED;
    r.status = TH_STATUS_REJECTED;
    r.side = req.side;
    r.order_qty = req.qty;
    copy_str(r.client_order_id, client_order_id);
    copy_str(r.reason, reason);
    if (req.action != TH_ORDER_NEW) {
        // ABI 1.1: the order a refused cancel/replace refers to.
        std::memcpy(r.orig_client_order_id, req.orig_client_order_id, TH_ID_LEN);
        r.orig_client_order_id[TH_ID_LEN - 1] = '\0';
    }
    return r;
}

/// Why an order breaks its instrument's registered rules (th_instrument_info, ABI 1.1).
struct InstrumentRuleBreach {
    std::string rule;    ///< "price_range", "tick_size", "min_qty" or "lot_size"; empty if none
    std::string reason;  ///< "<rule>: <numbers> on <symbol>"
    explicit operator bool() const noexcept { return !rule.empty(); }
};

/// Check an order's quantity and prices against `info`: the limit price (LIMIT, STOP_LIMIT)
/// and stop price (STOP, STOP_LIMIT) must lie in [min_price, max_price] and be multiples of
/// tick_size; the quantity must be at least min_qty and a multiple of lot_size. A zero
/// field of `info` checks nothing. Market orders carry no price to check.
inline InstrumentRuleBreach check_instrument_rules(const th_instrument_info& info, uint8_t order_type, th_fixed qty,
                                                   th_fixed limit_px, th_fixed stop_px, std::string_view symbol) {
    InstrumentRuleBreach b;
    const std::string on = " on " + std::string(symbol);
    auto fail = [&b, &on](const char* rule, const std::string& what) {
        b.rule = rule;
        b.reason = std::string(rule) + ": " + what + on;
        return b;
    };
    struct Px { const char* name; th_fixed px; bool used; };
    const Px prices[] = {
        {"limit price", limit_px, order_type == TH_ORDER_LIMIT || order_type == TH_ORDER_STOP_LIMIT},
        {"stop price", stop_px, order_type == TH_ORDER_STOP || order_type == TH_ORDER_STOP_LIMIT}};
    for (const Px& p : prices) {
        if (!p.used) continue;
        if (info.min_price > 0 && p.px < info.min_price)
            return fail("price_range", std::string(p.name) + " " + format_fixed(p.px) + " below min_price " +
                                           format_fixed(info.min_price));
        if (info.max_price > 0 && p.px > info.max_price)
            return fail("price_range", std::string(p.name) + " " + format_fixed(p.px) + " above max_price " +
                                           format_fixed(info.max_price));
        if (info.tick_size > 0 && p.px % info.tick_size != 0)
            return fail("tick_size", std::string(p.name) + " " + format_fixed(p.px) + " is not a multiple of tick " +
                                         format_fixed(info.tick_size));
    }
    if (info.min_qty > 0 && qty < info.min_qty)
        return fail("min_qty", "qty " + format_fixed(qty) + " below min_qty " + format_fixed(info.min_qty));
    if (info.lot_size > 0 && qty % info.lot_size != 0)
        return fail("lot_size", "qty " + format_fixed(qty) + " is not a multiple of lot " + format_fixed(info.lot_size));
    return b;
}

// ---------------------------------------------------------------------------------------
// Declarations
// ---------------------------------------------------------------------------------------

/// An input port declaration.
constexpr th_port_desc in_port(const char* name, th_event_type type, const char* doc) {
    return th_port_desc{sizeof(th_port_desc), TH_PORT_IN, static_cast<uint16_t>(type), name, doc};
}
/// An output port declaration.
constexpr th_port_desc out_port(const char* name, th_event_type type, const char* doc) {
    return th_port_desc{sizeof(th_port_desc), TH_PORT_OUT, static_cast<uint16_t>(type), name, doc};
}
/// A config key declaration. `def` is the default in config syntax, or nullptr.
constexpr th_config_field field(const char* key, th_config_type type, const char* def,
                                const char* doc, uint32_t flags = 0, double min = 0,
                                double max = 0) {
    return th_config_field{sizeof(th_config_field), static_cast<uint32_t>(type), flags, 0,
                           key, def, doc, min, max};
}

// ---------------------------------------------------------------------------------------
// Host services
// ---------------------------------------------------------------------------------------

/// Read-only view of the instance's validated config. Throws NotFoundError for unset keys.
/// A cheap value: keep a copy, not a reference (the one given to a constructor is a
/// temporary). Valid until the instance is destroyed.
class Config {
public:
    Config(const th_host_api* api, const th_config* cfg) : api_(api), cfg_(cfg) {}
    bool get_bool(const char* key) const { int v = 0; TH_CHECK(api_->config_get_bool(cfg_, key, &v)); return v != 0; }
    int64_t get_int(const char* key) const { int64_t v = 0; TH_CHECK(api_->config_get_int(cfg_, key, &v)); return v; }
    double get_float(const char* key) const { double v = 0; TH_CHECK(api_->config_get_float(cfg_, key, &v)); return v; }
    std::string get_string(const char* key) const { const char* v = nullptr; TH_CHECK(api_->config_get_string(cfg_, key, &v)); return v ? v : ""; }
    th_fixed get_fixed(const char* key) const { th_fixed v = 0; TH_CHECK(api_->config_get_fixed(cfg_, key, &v)); return v; }
    int64_t get_duration_ns(const char* key) const { int64_t v = 0; TH_CHECK(api_->config_get_duration(cfg_, key, &v)); return v; }
    std::vector<std::string> get_list(const char* key) const {
        size_t n = 0;
        TH_CHECK(api_->config_get_list_size(cfg_, key, &n));
        std::vector<std::string> out;
        out.reserve(n);
        for (size_t i = 0; i < n; ++i) {
            const char* v = nullptr;
            TH_CHECK(api_->config_get_list_item(cfg_, key, i, &v));
            out.emplace_back(v ? v : "");
        }
        return out;
    }
    /// True if the key has a value (set in config or defaulted).
    bool has(const char* key) const {
        const char* s = nullptr; int64_t i = 0; int b = 0; double d = 0; size_t n = 0;
        th_fixed x = 0;
        return api_->config_get_string(cfg_, key, &s) == TH_OK || api_->config_get_int(cfg_, key, &i) == TH_OK ||
               api_->config_get_bool(cfg_, key, &b) == TH_OK || api_->config_get_float(cfg_, key, &d) == TH_OK ||
               api_->config_get_list_size(cfg_, key, &n) == TH_OK || api_->config_get_fixed(cfg_, key, &x) == TH_OK ||
               api_->config_get_duration(cfg_, key, &i) == TH_OK;
    }

private:
    const th_host_api* api_;
    const th_config* cfg_;
};

/// The host, as seen by one instance. Cheap to copy; valid until the instance is destroyed.
class Host {
public:
    Host(const th_host_api* api, th_host_ctx* ctx) : api_(api), ctx_(ctx) {}

    /// Publish on output port `port`. Returns false when the session is ending
    /// (TH_ERR_AGAIN: stop publishing); throws on an unknown port or a wrong type.
    template <class E> bool publish(uint32_t port, E& ev) {
        th_status s = api_->publish(ctx_, port, &ev.hdr);
        if (s == TH_ERR_AGAIN) return false;
        if (s != TH_OK) throw_status(s, "publish");
        return true;
    }
    /// Publish, returning the status instead of throwing (hot paths, I/O threads).
    th_status try_publish(uint32_t port, th_event_header& ev) noexcept { return api_->publish(ctx_, port, &ev); }

    void log(th_log_level level, const std::string& msg) const { api_->log(ctx_, level, msg.c_str()); }
    void info(const std::string& msg) const { log(TH_LOG_INFO, msg); }
    void warn(const std::string& msg) const { log(TH_LOG_WARN, msg); }
    void error(const std::string& msg) const { log(TH_LOG_ERROR, msg); }

    uint64_t timer_start(int64_t delay_ns, int64_t period_ns) {
        uint64_t id = 0;
        TH_CHECK(api_->timer_start(ctx_, delay_ns, period_ns, &id));
        return id;
    }
    void timer_cancel(uint64_t id) { api_->timer_cancel(ctx_, id); }
    th_time_ns now() const { return api_->clock_now(ctx_); }

    th_instrument intern(const std::string& symbol) {
        th_instrument id = 0;
        TH_CHECK(api_->instrument_intern(ctx_, symbol.c_str(), &id));
        return id;
    }
    std::string symbol(th_instrument id) const {
        const char* s = api_->instrument_symbol(ctx_, id);
        return s ? s : "";
    }
    /// The secret's value; throws NotFoundError if unset. Never log the result.
    std::string secret(const std::string& name) const {
        std::string buf(256, '\0');
        size_t len = 0;
        th_status s = api_->secret_get(ctx_, name.c_str(), &buf[0], buf.size(), &len);
        if (s == TH_ERR_BUFFER_TOO_SMALL) {
            buf.assign(len + 1, '\0');
            s = api_->secret_get(ctx_, name.c_str(), &buf[0], buf.size(), &len);
        }
        if (s != TH_OK) throw_status(s, ("secret " + name).c_str());
        buf.resize(len);
        return buf;
    }
    void state_put(const std::string& key, std::string_view data) {
        TH_CHECK(api_->state_put(ctx_, key.c_str(), data.data(), data.size()));
    }
    /// The stored blob, or false if there is none.
    bool state_get(const std::string& key, std::string& out) const {
        size_t len = 0;
        out.assign(256, '\0');
        th_status s = api_->state_get(ctx_, key.c_str(), &out[0], out.size(), &len);
        if (s == TH_ERR_BUFFER_TOO_SMALL) {
            out.assign(len, '\0');
            s = api_->state_get(ctx_, key.c_str(), &out[0], out.size(), &len);
        }
        if (s == TH_ERR_NOT_FOUND) {
            out.clear();  // absent leaves nothing behind to be parsed by mistake
            return false;
        }
        if (s != TH_OK) throw_status(s, ("state_get " + key).c_str());
        out.resize(len);
        return true;
    }
    void metric_add(const char* name, int64_t delta) { api_->metric_add(ctx_, name, delta); }
    void source_finished() { api_->source_finished(ctx_); }
    uint64_t session_id() const { return api_->session_id(ctx_); }
    bool kill_switch_engaged() const { return api_->kill_switch_engaged(ctx_) != 0; }
    std::string instance_name() const { return api_->instance_name(ctx_); }

    /// True if the host serves instrument metadata (ABI 1.1 host).
    bool has_instrument_info() const noexcept { return TH_HOST_HAS(api_, instrument_get_info); }
    /// The metadata registered for `id`, or nullopt if none is, or the host is 1.0.
    /// Thread-safe.
    std::optional<th_instrument_info> instrument_info(th_instrument id) const {
        if (!has_instrument_info()) return std::nullopt;
        th_instrument_info info;
        std::memset(&info, 0, sizeof info);
        info.size = sizeof info;
        th_status s = api_->instrument_get_info(ctx_, id, &info);
        if (s == TH_ERR_NOT_FOUND) return std::nullopt;
        if (s != TH_OK) throw_status(s, "instrument_get_info");
        return info;
    }
    /// Register (or replace) the metadata of `id`; `info.size` is set here. Returns false
    /// on a 1.0 host, which keeps no metadata; throws on other failures. Thread-safe.
    bool set_instrument_info(th_instrument id, th_instrument_info info) {
        if (!TH_HOST_HAS(api_, instrument_set_info)) return false;
        info.size = sizeof info;
        TH_CHECK(api_->instrument_set_info(ctx_, id, &info));
        return true;
    }

    const th_host_api* api() const { return api_; }
    th_host_ctx* ctx() const { return ctx_; }

private:
    const th_host_api* api_;
    th_host_ctx* ctx_;
};

// ---------------------------------------------------------------------------------------
// Export machinery
// ---------------------------------------------------------------------------------------

namespace detail {

template <class T, class = void> struct has_start : std::false_type {};
template <class T> struct has_start<T, std::void_t<decltype(std::declval<T&>().start())>> : std::true_type {};
template <class T, class = void> struct has_stop : std::false_type {};
template <class T> struct has_stop<T, std::void_t<decltype(std::declval<T&>().stop())>> : std::true_type {};
template <class T, class = void> struct has_on_event : std::false_type {};
template <class T> struct has_on_event<T, std::void_t<decltype(std::declval<T&>().on_event(uint32_t{}, std::declval<const th_event_header&>()))>> : std::true_type {};
template <class T, class = void> struct has_on_timer : std::false_type {};
template <class T> struct has_on_timer<T, std::void_t<decltype(std::declval<T&>().on_timer(uint64_t{}, th_time_ns{}))>> : std::true_type {};
template <class T, class = void> struct has_state : std::false_type {};
template <class T> struct has_state<T, std::void_t<decltype(std::declval<T&>().snapshot()),
                                                   decltype(std::declval<T&>().restore(std::string_view{}))>> : std::true_type {};

// One allocation per instance: the object, its last error and its last snapshot.
template <class T> struct Box {
    T* obj = nullptr;
    std::string last_error;
    std::string snap;
};

template <class T> Box<T>* box(th_instance* i) { return reinterpret_cast<Box<T>*>(i); }

template <class F> th_status guard(std::string& err, F&& f) noexcept {
    try {
        f();
        return TH_OK;
    } catch (const Error& e) {
        err = e.what();
        return e.status() == TH_OK ? TH_ERR_INTERNAL : e.status();
    } catch (const std::exception& e) {
        err = e.what();
        return TH_ERR_INTERNAL;
    } catch (...) {
        err = "unknown exception";
        return TH_ERR_INTERNAL;
    }
}

template <class T> struct Thunks {
    static th_status create(const th_host_api* host, th_host_ctx* ctx, const th_config* cfg,
                            th_instance** out, char* err, size_t err_cap) noexcept {
        Box<T>* b = nullptr;
        std::string msg;
        th_status s = guard(msg, [&] {
            b = new Box<T>();
            b->obj = new T(Host(host, ctx), Config(host, cfg));
        });
        if (s != TH_OK) {
            delete b;
            if (err && err_cap) {
                size_t n = msg.size() < err_cap - 1 ? msg.size() : err_cap - 1;
                std::memcpy(err, msg.data(), n);
                err[n] = '\0';
            }
            return s;
        }
        *out = reinterpret_cast<th_instance*>(b);
        return TH_OK;
    }
    static void destroy(th_instance* i) noexcept {
        Box<T>* b = box<T>(i);
        delete b->obj;  // destructors are noexcept: a throwing one terminates, by design
        delete b;
    }
    static th_status start(th_instance* i) noexcept {
        if constexpr (has_start<T>::value) return guard(box<T>(i)->last_error, [&] { box<T>(i)->obj->start(); });
        else return TH_OK;
    }
    static th_status stop(th_instance* i) noexcept {
        if constexpr (has_stop<T>::value) return guard(box<T>(i)->last_error, [&] { box<T>(i)->obj->stop(); });
        else return TH_OK;
    }
    static th_status on_event(th_instance* i, uint32_t port, const th_event_header* ev) noexcept {
        if constexpr (has_on_event<T>::value) return guard(box<T>(i)->last_error, [&] { box<T>(i)->obj->on_event(port, *ev); });
        else return TH_ERR_UNSUPPORTED;
    }
    static th_status on_timer(th_instance* i, uint64_t id, th_time_ns now) noexcept {
        if constexpr (has_on_timer<T>::value) return guard(box<T>(i)->last_error, [&] { box<T>(i)->obj->on_timer(id, now); });
        else return TH_ERR_UNSUPPORTED;
    }
    static const char* last_error(th_instance* i) noexcept { return box<T>(i)->last_error.c_str(); }
    static th_status snapshot(th_instance* i, const void** data, uint64_t* len) noexcept {
        Box<T>* b = box<T>(i);
        return guard(b->last_error, [&] {
            if constexpr (has_state<T>::value) b->snap = b->obj->snapshot();
            *data = b->snap.data();
            *len = b->snap.size();
        });
    }
    static th_status restore(th_instance* i, const void* data, uint64_t len) noexcept {
        Box<T>* b = box<T>(i);
        return guard(b->last_error, [&] {
            if constexpr (has_state<T>::value)
                b->obj->restore(std::string_view(static_cast<const char*>(data), static_cast<size_t>(len)));
        });
    }
};

template <class T, size_t NP, size_t NC>
constexpr th_plugin_entry make_entry(const char* name, const char* version, const char* kind,
                                     const char* description, uint32_t flags,
                                     const th_port_desc (&ports)[NP],
                                     const th_config_field (&fields)[NC]) {
    return th_plugin_entry{
        TH_ABI_VERSION_MAJOR, TH_ABI_VERSION_MINOR, sizeof(th_plugin_entry),
        name, version, kind, description, flags,
        static_cast<uint32_t>(NP), ports, static_cast<uint32_t>(NC), 0, fields,
        &Thunks<T>::create, &Thunks<T>::destroy, &Thunks<T>::start, &Thunks<T>::stop,
        has_on_event<T>::value ? &Thunks<T>::on_event : nullptr,
        has_on_timer<T>::value ? &Thunks<T>::on_timer : nullptr,
        &Thunks<T>::last_error,
        has_state<T>::value ? &Thunks<T>::snapshot : nullptr,
        has_state<T>::value ? &Thunks<T>::restore : nullptr};
}

template <class T, size_t NP>
constexpr th_plugin_entry make_entry(const char* name, const char* version, const char* kind,
                                     const char* description, uint32_t flags,
                                     const th_port_desc (&ports)[NP], std::nullptr_t) {
    th_plugin_entry e = make_entry<T>(name, version, kind, description, flags, ports,
                                      {field("", TH_CFG_BOOL, nullptr, "")});
    e.config_field_count = 0;
    e.config_fields = nullptr;
    return e;
}

template <class T, size_t NC>
constexpr th_plugin_entry make_entry(const char* name, const char* version, const char* kind,
                                     const char* description, uint32_t flags, std::nullptr_t,
                                     const th_config_field (&fields)[NC]) {
    th_plugin_entry e = make_entry<T>(name, version, kind, description, flags,
                                      {in_port("", TH_EV_ANY, "")}, fields);
    e.port_count = 0;
    e.ports = nullptr;
    return e;
}

}  // namespace detail

}  // namespace tradehost

/// Export class T as this library's plugin. `ports` and `fields` are static arrays.
#define TRADEHOST_PLUGIN_EX(T, name, version, kind, description, flags, ports, fields)   \
    extern "C" TH_PLUGIN_EXPORT const th_plugin_entry tradehost_plugin_entry =           \
        ::tradehost::detail::make_entry<T>(name, version, kind, description, flags, ports, fields);

#define TRADEHOST_PLUGIN(T, name, version, kind, description, ports, fields) \
    TRADEHOST_PLUGIN_EX(T, name, version, kind, description, 0u, ports, fields)

#endif  // TRADEHOST_PLUGIN_HPP
