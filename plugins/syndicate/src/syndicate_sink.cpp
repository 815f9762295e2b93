#include "syndicate_sink.hpp"

#include <ctime>

namespace tradehost::syndicate_plugin {

namespace sy = ::syndicate;

namespace {
constexpr uint32_t kPortFills = 0;
constexpr uint32_t kPortSettlements = 1;
const char* const kResidualKey = "residual";  // the pool's P&L below a cent, not booked yet

std::string text_of(const char* field, size_t max) { return std::string(field, strnlen(field, max)); }
}  // namespace

SyndicateSink::SyndicateSink(Host host, const Config& cfg) : host_(host) {
    const std::string db = cfg.get_string("db");
    if (db.empty()) throw ConfigError("db: must name the syndicate's ledger file");
    source_ = cfg.get_string("source");
    if (source_.empty()) source_ = host_.instance_name();
    try {
        ledger_ = std::make_unique<sy::Ledger>(db);
        const std::string first = cfg.get_string("bootstrap_member");
        if (!first.empty() && ledger_->members().empty()) {
            const auto amount = sy::parse_cents(cfg.get_string("bootstrap_amount"));
            if (!amount || *amount <= 0) throw ConfigError("bootstrap_amount: a positive amount, up to 2 decimals");
            ledger_->add_member(first, "manager", 0, "bootstrap");
            ledger_->contribute(first, *amount, "bootstrap");
            host_.info("syndicate: new ledger " + db + ": " + first + " contributed " + sy::format_cents(*amount));
        }
    } catch (const sy::LedgerError& e) {
        throw ConfigError(std::string("db: ") + db + ": " + e.what());
    }
}

std::string SyndicateSink::date(th_time_ns ts) const {
    const std::time_t secs = static_cast<std::time_t>(ts / 1000000000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[24];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

bool SyndicateSink::betting(th_instrument id) const {
    const auto info = host_.instrument_info(id);
    return info && info->asset_class == TH_ASSET_BETTING_SELECTION;
}

template <class Change>
void SyndicateSink::book(const std::string& ref, const std::string& symbol, Change change) {
    sy::Position pos, residual;
    const std::string key = "pos:" + symbol;
    if (const std::string row = ledger_->position_row(key); !row.empty() && !sy::decode(row, pos))
        throw Error(TH_ERR_INTERNAL, "syndicate: unreadable position row of " + symbol);
    if (const std::string row = ledger_->position_row(kResidualKey); !row.empty() && !sy::decode(row, residual))
        throw Error(TH_ERR_INTERNAL, "syndicate: unreadable residual row");
    residual.cost += change(pos);  // the residual travels in a Position's cost field
    const sy::Wide cents = residual.cost / sy::kWideCent;  // toward zero; the rest waits
    residual.cost -= cents * sy::kWideCent;
    const bool booked = ledger_->book_event(ref, {{key, sy::encode(pos)}, {kResidualKey, sy::encode(residual)}},
                                            static_cast<sy::Cents>(cents), source_, date(host_.now()));
    host_.metric_add(booked ? "booked" : "duplicates", 1);
}

void SyndicateSink::on_fill(const th_fill& f) {
    const std::string id = text_of(f.fill_id, sizeof f.fill_id);
    if (id.empty()) {
        host_.metric_add("fills_without_id", 1);  // cannot be booked once-only
        host_.warn("syndicate: a fill without fill_id is not booked");
        return;
    }
    const std::string symbol = host_.symbol(f.instrument);
    const bool bet = betting(f.instrument);
    book("fill:" + id, symbol, [&](sy::Position& pos) {
        return sy::apply_fill(pos, bet, f.side == TH_SIDE_BUY, f.px, f.qty, f.fee);
    });
}

void SyndicateSink::on_settlement(const th_settlement& s) {
    const std::string symbol = host_.symbol(s.instrument);
    const std::string ref = "settle:" + symbol + ":" + text_of(s.event_id, sizeof s.event_id);
    book(ref, symbol, [&](sy::Position& pos) { return sy::apply_settlement(pos, s.price, s.kind == TH_SETTLE_VOID); });
}

void SyndicateSink::on_event(uint32_t port, const th_event_header& ev) {
    try {
        if (port == kPortFills) on_fill(reinterpret_cast<const th_fill&>(ev));
        if (port == kPortSettlements) on_settlement(reinterpret_cast<const th_settlement&>(ev));
    } catch (const sy::LedgerError& e) {
        throw Error(TH_ERR_IO, std::string("syndicate ledger: ") + e.what());
    }
}

}  // namespace tradehost::syndicate_plugin
