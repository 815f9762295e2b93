// betfair: the discovery schedule (see discoverer.hpp).
#include "discoverer.hpp"

#include "errors.hpp"

#include <tradehost/venue/json.hpp>
#include <tradehost/venue/ports.hpp>

namespace tradehost::betfair {

Discoverer::Discoverer(Host host, const BetfairConfig& cfg, Call call, Found on_found)
    : host_(host), filter_(nlohmann::json::parse(cfg.market_filter)), max_results_(cfg.discover_max_results),
      window_(cfg.discover_window), interval_(cfg.discover_interval), call_(std::move(call)),
      on_found_(std::move(on_found)) {}

void Discoverer::start() {
    stop_ = false;
    thread_ = std::thread([this] { loop(); });
}

void Discoverer::stop() {
    {
        std::lock_guard lk(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Discoverer::loop() {
    for (;;) {
        run_once();
        std::unique_lock lk(mu_);
        if (interval_.count() == 0) {
            cv_.wait(lk, [&] { return stop_; });
            return;
        }
        if (cv_.wait_for(lk, interval_, [&] { return stop_; })) return;
    }
}

void Discoverer::run_once() {
    nlohmann::json filter = filter_;
    if (window_.count() > 0) {
        // A rolling window: markets starting from now to now + window, at each run.
        const th_time_ns now = host_.now();
        filter["marketStartTime"] = {{"from", venue::json::format_rfc3339_ns(now)},
                                     {"to", venue::json::format_rfc3339_ns(now + window_.count() * 1000000)}};
    }
    std::string failure;
    std::vector<std::string> errors;
    auto found = discover(filter, max_results_,
                          [&](const nlohmann::json& params) -> std::optional<nlohmann::json> {
                              {
                                  std::lock_guard lk(mu_);
                                  if (stop_) {
                                      failure = "stopping";
                                      return std::nullopt;
                                  }
                              }
                              RpcResult r = call_("listMarketCatalogue", params);
                              if (!r.ok()) {
                                  failure = r.error.code + ": " + r.error.message;
                                  return std::nullopt;
                              }
                              return std::move(r.result);
                          },
                          errors);
    for (const auto& e : errors) host_.warn("betfair listMarketCatalogue " + e);
    if (!found) {
        if (failure == "stopping") return;
        host_.metric_add("discover_failed", 1);
        host_.warn("betfair market discovery failed: " + failure);
        th_venue_status s = make_event<th_venue_status>(host_.now());
        s.state = TH_VENUE_GAP;  // markets may go unseen; those streamed stay up
        copy_str(s.venue, "betfair");
        copy_str(s.text, "market discovery failed: " + failure);
        host_.try_publish(venue::ports::kPortStatus, s.hdr);
        return;
    }
    host_.metric_add("discover_runs", 1);
    on_found_(*found);
}

}  // namespace tradehost::betfair
