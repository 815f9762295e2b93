// questrade: what the data and execution threads share: host handle, config, the OAuth
// session, the rate limiter, the symbol-id cache, and the port numbers they publish on.
#ifndef TRADEHOST_PLUGINS_QUESTRADE_SHARED_HPP
#define TRADEHOST_PLUGINS_QUESTRADE_SHARED_HPP

#include "auth.hpp"
#include "config.hpp"
#include "http.hpp"
#include "parse.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/ports.hpp>
#include <tradehost/venue/rate_limiter.hpp>

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tradehost::questrade {

using namespace venue::ports;  // port indexes, the same for every venue adapter

/// Our symbols are Questrade's; orders and quotes need Questrade's numeric symbolId.
/// Thread-safe; lookups that miss ask v1/symbols?names= once per batch.
class SymbolCache {
public:
    /// Ids of `names` (missing ones fetched with `rest`); names Questrade does not know are absent.
    std::unordered_map<std::string, int64_t> resolve(Rest& rest, const std::vector<std::string>& names);
    std::optional<int64_t> id_of(const std::string& name) const;
    std::optional<std::string> name_of(int64_t id) const;

private:
    mutable std::mutex mu_;
    std::unordered_map<std::string, int64_t> ids_;
    std::unordered_map<int64_t, std::string> names_;
};

struct Shared {
    Shared(tradehost::Host h, QuestradeConfig c, SessionOptions s) : host(h), cfg(std::move(c)), session(std::move(s)) {
        configure_rate_limits(limiter);
    }
    tradehost::Host host;
    QuestradeConfig cfg;
    Session session;
    tradehost::venue::RateLimiter limiter;
    SymbolCache symbols;

    tradehost::venue::HttpOptions http_options() const;
    Rest::Hooks rest_hooks();
    /// Publishes a th_venue_status (venue "questrade") and logs it.
    void status(th_venue_state state, const std::string& text);
};

/// HTTP settings from the config (timeouts, TLS, retry backoff of idempotent requests).
tradehost::venue::HttpOptions make_http_options(const QuestradeConfig& cfg);

/// Wall-clock ns since the epoch: venue events carry real time even when the host simulates.
int64_t wall_ns();

}  // namespace tradehost::questrade

#endif
