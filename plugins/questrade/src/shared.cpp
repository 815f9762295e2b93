// questrade: symbol cache, HTTP options and status events shared by both threads.
#include "shared.hpp"

#include <tradehost/venue/encoding.hpp>

#include <chrono>

namespace tradehost::questrade {

int64_t wall_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::unordered_map<std::string, int64_t> SymbolCache::resolve(Rest& rest, const std::vector<std::string>& names) {
    std::unordered_map<std::string, int64_t> out;
    std::vector<std::string> missing;
    {
        std::lock_guard<std::mutex> lk(mu_);
        for (const auto& n : names) {
            auto it = ids_.find(n);
            if (it != ids_.end()) out[n] = it->second;
            else missing.push_back(n);
        }
    }
    if (missing.empty()) return out;
    std::string joined;
    for (const auto& n : missing) joined += (joined.empty() ? "" : ",") + n;
    // GET v1/symbols?names=A,B (rest-operations/market-calls/symbols-id): one call for the batch.
    RestReply r = rest.get("v1/symbols?names=" + tradehost::venue::url_encode(joined), Category::kMarket);
    if (!r.ok()) throw std::runtime_error("symbol lookup failed: " + r.describe());
    const std::vector<SymbolInfo> found = parse_symbols(r.body);
    std::lock_guard<std::mutex> lk(mu_);
    for (const auto& s : found) {
        if (s.symbol_id == 0) continue;
        ids_[s.symbol] = s.symbol_id;
        names_[s.symbol_id] = s.symbol;
    }
    for (const auto& n : missing) {
        auto it = ids_.find(n);
        if (it != ids_.end()) out[n] = it->second;
    }
    return out;
}

std::optional<int64_t> SymbolCache::id_of(const std::string& name) const {
    std::lock_guard<std::mutex> lk(mu_);
    auto it = ids_.find(name);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
}

std::optional<std::string> SymbolCache::name_of(int64_t id) const {
    std::lock_guard<std::mutex> lk(mu_);
    auto it = names_.find(id);
    if (it == names_.end()) return std::nullopt;
    return it->second;
}

tradehost::venue::HttpOptions Shared::http_options() const { return make_http_options(cfg); }

tradehost::venue::HttpOptions make_http_options(const QuestradeConfig& cfg) {
    tradehost::venue::HttpOptions o;
    o.verify_tls = cfg.verify_tls;
    o.timeout = std::chrono::milliseconds(cfg.request_timeout_ns / 1000000);
    o.connect_timeout = std::min(o.timeout, std::chrono::milliseconds(5000));
    o.max_attempts = 2;
    o.backoff_base = std::chrono::milliseconds(std::max<int64_t>(1, cfg.reconnect_min_ns / 1000000));
    o.backoff_max = std::chrono::milliseconds(std::max<int64_t>(1, cfg.reconnect_max_ns / 1000000));
    o.retry_429 = false;
    return o;
}

Rest::Hooks Shared::rest_hooks() {
    Rest::Hooks h;
    tradehost::Host hst = host;
    h.on_rate_limited = [hst]() mutable { hst.metric_add("rate_limited", 1); };
    h.on_warn = [hst](const std::string& m) { hst.warn(m); };
    return h;
}

void Shared::status(th_venue_state state, const std::string& text) {
    th_venue_status e = tradehost::make_event<th_venue_status>(wall_ns());
    e.state = state;
    tradehost::copy_str(e.venue, "questrade");
    tradehost::copy_str(e.text, text);
    if (state == TH_VENUE_DISCONNECTED) host.warn(text);
    else host.info(text);
    host.try_publish(kPortStatus, e.hdr);
}

}  // namespace tradehost::questrade
