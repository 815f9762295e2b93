// exchange: plugin instance (see exchange.hpp).
#include "exchange.hpp"

#include "parse.hpp"
#include "ports.hpp"
#include "registry.hpp"


namespace tradehost::exchange {
namespace {

std::unique_ptr<Dialect> dialect_for(const Config& cfg) {
    const std::string name = cfg.get_string("exchange");
    auto d = make_dialect(name);
    if (!d) {
        std::string known;
        for (const auto& n : dialect_names()) known += (known.empty() ? "" : ", ") + n;
        throw ConfigError("exchange: no dialect named '" + name + "' (available: " + known + ")");
    }
    return d;
}

}  // namespace

ExchangeVenue::ExchangeVenue(Host host, const Config& cfg)
    : host_(host), config_(cfg), dialect_(dialect_for(cfg)), cfg_(ExchangeConfig::load(cfg, *dialect_)) {}

ExchangeVenue::~ExchangeVenue() { stop(); }

void ExchangeVenue::start() {
    data_ = std::make_unique<MarketData>(host_, *dialect_, cfg_);
    data_->start();
    if (!cfg_.key_env.empty()) {
        Credentials creds{host_.secret(cfg_.key_env), host_.secret(cfg_.secret_env)};
        exec_ = std::make_unique<Execution>(host_, *dialect_, cfg_, std::move(creds));
        exec_->start();
        const auto every = dialect_->user_stream_keepalive_interval().count();
        if (every > 0) keepalive_timer_ = host_.timer_start(every, every);
    }
}

void ExchangeVenue::stop() {
    if (data_) data_->stop();
    if (exec_) exec_->stop();
}

void ExchangeVenue::on_event(uint32_t port, const th_event_header& ev) {
    if (port != kPortOrders) return;
    th_order_request scratch;
    const th_order_request* req = event_as(ev, scratch);
    if (!req) return;
    if (exec_) {
        exec_->submit(*req);
        return;
    }
    host_.metric_add("orders_rejected", 1);
    auto r = rejection_of(*req, req->client_order_id, "no API credentials configured (key_env/secret_env)", host_.now());
    host_.try_publish(kPortExecReports, r.hdr);
}

void ExchangeVenue::on_timer(uint64_t id, th_time_ns) {
    if (id == keepalive_timer_ && exec_) exec_->keepalive_due();
}

}  // namespace tradehost::exchange
