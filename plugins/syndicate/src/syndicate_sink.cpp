#include "syndicate_sink.hpp"

#include <cstdio>
#include <ctime>

namespace tradehost::syndicate_plugin {

namespace sy = ::syndicate;

namespace {
constexpr uint32_t kPortFills = 0;
constexpr uint32_t kPortSettlements = 1;
constexpr uint32_t kPortQuotes = 2;
constexpr uint32_t kPortBankroll = 3;
constexpr int64_t kCentToFixed = TH_FIXED_SCALE / 100;
const char* const kResidualKey = "residual";  // the pool's P&L below a cent, not booked yet

std::string text_of(const char* field, size_t max) { return std::string(field, strnlen(field, max)); }
}  // namespace

SyndicateSink::SyndicateSink(Host host, const Config& cfg) : host_(host) {
    const std::string db = cfg.get_string("db");
    if (db.empty()) throw ConfigError("db: must name the syndicate's ledger file");
    source_ = cfg.get_string("source");
    if (source_.empty()) source_ = host_.instance_name();
    currency_ = cfg.get_string("currency");
    if (currency_.empty() || currency_.size() >= sizeof(th_balance{}.currency))
        throw ConfigError("currency: 1 to 15 characters, e.g. USD");
    interval_ns_ = cfg.get_duration_ns("interval");
    if (interval_ns_ <= 0) throw ConfigError("interval: must be positive, e.g. 1s");
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
        // positions still open from an earlier session keep taking marks
        for (const std::string& key : ledger_->position_keys()) {
            sy::Position pos;
            if (sy::decode(ledger_->position_row(key), pos) && pos.qty != 0) open_.insert(key.substr(4));
        }
    } catch (const sy::LedgerError& e) {
        throw ConfigError(std::string("db: ") + db + ": " + e.what());
    }
}

void SyndicateSink::start() {
    publish_balance(true);
    if (!timer_active_) timer_ = host_.timer_start(interval_ns_, interval_ns_);
    timer_active_ = true;
}

void SyndicateSink::stop() {
    if (timer_active_) host_.timer_cancel(timer_);
    timer_active_ = false;
    try {
        flush_marks();
    } catch (const sy::LedgerError& e) {
        host_.warn(std::string("syndicate: marks not written at stop: ") + e.what());
    }
}

// Each interval: the marks seen since the last one go to the ledger (one write per open
// instrument at most, however fast quotes come), entries another process made (the tool's
// contributions) are read, and the bankroll is published if it moved.
void SyndicateSink::on_timer(uint64_t id, th_time_ns) {
    if (!timer_active_ || id != timer_) return;
    try {
        flush_marks();
        ledger_->refresh();
        publish_balance(false);
    } catch (const sy::LedgerError& e) {
        throw Error(TH_ERR_IO, std::string("syndicate ledger: ") + e.what());
    }
}

void SyndicateSink::on_quote(const th_quote& q) {
    const std::string symbol = host_.symbol(q.instrument);
    if (!open_.count(symbol) || betting(q.instrument)) return;  // bets stay at cost: see README
    int64_t mark = 0;
    if (q.bid_px > 0 && q.ask_px > 0) mark = q.bid_px + (q.ask_px - q.bid_px) / 2;
    else mark = q.bid_px > 0 ? q.bid_px : q.ask_px;
    if (mark > 0) marks_[symbol] = mark;
}

void SyndicateSink::flush_marks() {
    for (const auto& [symbol, mark] : marks_) {
        auto it = written_.find(symbol);
        if (it != written_.end() && it->second == mark) continue;
        ledger_->set_mark(symbol, mark);
        written_[symbol] = mark;
        host_.metric_add("marks", 1);
    }
    marks_.clear();
}

void SyndicateSink::publish_balance(bool force) {
    const sy::Cents total = ledger_->marked_nav();
    const sy::Cents available = ledger_->pool().nav - ledger_->open_cost();
    if (!force && published_ && total == last_total_ && available == last_available_) return;
    th_balance b = make_event<th_balance>(host_.now());
    std::snprintf(b.currency, sizeof b.currency, "%s", currency_.c_str());
    b.total = total * kCentToFixed;
    b.available = available * kCentToFixed;
    const th_status st = host_.try_publish(kPortBankroll, b.hdr);
    if (st == TH_ERR_AGAIN) return;  // the session is ending; the next one publishes at start
    if (st != TH_OK) throw_status(st, "publish");
    published_ = true;
    last_total_ = total;
    last_available_ = available;
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
    if (!booked) return;
    if (pos.qty != 0) open_.insert(symbol);
    else open_.erase(symbol);
    publish_balance(false);
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
        th_quote scratch;
        if (port == kPortQuotes)
            if (const th_quote* q = event_as(ev, scratch)) on_quote(*q);
    } catch (const sy::LedgerError& e) {
        throw Error(TH_ERR_IO, std::string("syndicate ledger: ") + e.what());
    }
}

}  // namespace tradehost::syndicate_plugin
