// questrade: quote polling (see data.hpp).
#include "data.hpp"

#include <algorithm>

namespace tradehost::questrade {

void DataPoller::start() {
    if (sh_.cfg.symbols.empty() || thread_.joinable()) return;
    {
        std::lock_guard<std::mutex> lk(mu_);
        stopping_ = false;
    }
    thread_ = std::thread([this] { run(); });
}

void DataPoller::stop() {
    {
        std::lock_guard<std::mutex> lk(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

bool DataPoller::wait(int64_t ns) {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait_for(lk, std::chrono::nanoseconds(ns), [this] { return stopping_; });
    return !stopping_;
}

bool DataPoller::resolve(Rest& rest) {
    const auto ids = sh_.symbols.resolve(rest, sh_.cfg.symbols);
    ids_query_.clear();
    for (const auto& name : sh_.cfg.symbols) {
        auto it = ids.find(name);
        if (it == ids.end()) {
            sh_.host.warn("questrade: unknown symbol '" + name + "': no quotes for it");
            continue;
        }
        instruments_[it->second] = sh_.host.intern(name);
        ids_query_ += (ids_query_.empty() ? "" : ",") + std::to_string(it->second);
    }
    return !ids_query_.empty();
}

bool DataPoller::poll(Rest& rest) {
    // GET v1/markets/quotes?ids=... (rest-operations/market-calls/markets-quotes-id).
    RestReply r = rest.get("v1/markets/quotes?ids=" + ids_query_, Category::kMarket);
    if (!r.ok()) {
        if (!down_) sh_.status(TH_VENUE_DISCONNECTED, "questrade quotes: " + r.describe());
        down_ = true;
        return false;
    }
    const int64_t now = wall_ns();
    for (const VenueQuote& q : parse_quotes(r.body)) {
        auto it = instruments_.find(q.symbol_id);
        if (it == instruments_.end()) continue;
        th_quote e = to_quote(q, it->second, now);
        sh_.host.try_publish(kPortQuotes, e.hdr);
        if (q.last_trade_ns > 0 && q.last_size > 0) {
            int64_t& seen = last_trade_ns_[q.symbol_id];
            if (q.last_trade_ns > seen) {
                // The first poll only sets the baseline: that print is old news.
                const bool first = seen == 0;
                seen = q.last_trade_ns;
                if (!first) {
                    th_trade t = to_trade(q, it->second);
                    sh_.host.try_publish(kPortTrades, t.hdr);
                }
            }
        }
    }
    if (down_) {
        sh_.status(TH_VENUE_GAP, "questrade quotes resumed: quotes between the failed polls were missed");
        sh_.host.metric_add("reconnects", 1);
        down_ = false;
    }
    return true;
}

void DataPoller::run() {
    Rest rest(sh_.session, sh_.limiter, sh_.http_options(), sh_.rest_hooks());
    int64_t backoff = sh_.cfg.reconnect_min_ns;
    bool resolved = false;
    for (;;) {
        int64_t next = sh_.cfg.quote_interval_ns;
        try {
            if (!resolved) {
                resolved = resolve(rest);
                if (!resolved) {
                    sh_.status(TH_VENUE_DISCONNECTED, "questrade quotes: none of the configured symbols is known");
                    return;
                }
            }
            if (poll(rest)) backoff = sh_.cfg.reconnect_min_ns;
            else next = std::max(next, backoff), backoff = std::min(backoff * 2, sh_.cfg.reconnect_max_ns);
        } catch (const AuthError& e) {
            if (e.final()) return;  // the execution side reports final auth errors once
            next = backoff;
            backoff = std::min(backoff * 2, sh_.cfg.reconnect_max_ns);
        } catch (const std::exception& e) {
            if (!down_) sh_.status(TH_VENUE_DISCONNECTED, std::string("questrade quotes: ") + e.what());
            down_ = true;
            next = backoff;
            backoff = std::min(backoff * 2, sh_.cfg.reconnect_max_ns);
        }
        if (!wait(next)) return;
    }
}

}  // namespace tradehost::questrade
