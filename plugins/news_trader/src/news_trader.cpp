// The news_trader strategy; see news_trader.hpp.
#include "news_trader.hpp"

#include "utf8.hpp"  // plugins/news_common

#include <cmath>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace tradehost::news_trader {

namespace {

constexpr const char* kStateKey = "signals";
constexpr size_t kSourcesRemembered = 4096;  // stories whose source is kept for their scores

template <size_t N> std::string field(const char (&f)[N]) { return std::string(news::field_text(f)); }

}  // namespace

Settings read_settings(const Config& cfg) {
    Settings s;
    s.order_qty = cfg.get_fixed("order_qty");
    s.min_score = cfg.get_float("min_score");
    s.min_mentions = cfg.get_int("min_mentions");
    s.mention_window_ns = cfg.get_duration_ns("mention_window");
    s.half_life_ns = cfg.get_duration_ns("half_life");
    s.cooldown_ns = cfg.get_duration_ns("cooldown");
    s.allow_short = cfg.get_bool("allow_short");
    s.min_confidence = cfg.get_float("min_confidence");
    s.default_weight = cfg.get_float("default_weight");
    if (s.order_qty <= 0) throw ConfigError("order_qty: must be > 0");
    if (s.half_life_ns <= 0) throw ConfigError("half_life: must be longer than 0");
    if (cfg.has("source_weights")) {
        const auto list = cfg.get_list("source_weights");
        for (size_t i = 0; i < list.size(); ++i) {
            const std::string& item = list[i];
            const size_t eq = item.find('=');
            char* end = nullptr;
            const double w = eq == std::string::npos ? 0 : std::strtod(item.c_str() + eq + 1, &end);
            if (eq == std::string::npos || eq == 0 || end == item.c_str() + eq + 1 || *end != '\0' || !std::isfinite(w))
                throw ConfigError("source_weights[" + std::to_string(i) + "] '" + item + "': expected source=weight");
            s.source_weights[item.substr(0, eq)] = w;
        }
    }
    if (cfg.has("instruments"))
        for (const std::string& sym : cfg.get_list("instruments")) s.instruments.insert(sym);
    return s;
}

NewsTrader::NewsTrader(Host host, const Config& cfg)
    : host_(host),
      s_(read_settings(cfg)),
      signals_(s_.half_life_ns, s_.mention_window_ns),
      prefix_(host_.instance_name() + "-" + std::to_string(host_.session_id()) + "-") {
    if (prefix_.size() + 10 > TH_ID_LEN - 1)
        throw ConfigError("instance name '" + host_.instance_name() + "' is too long for client order ids");
}

void NewsTrader::start() {
    if (loaded_) return;
    loaded_ = true;
    std::string blob;
    if (host_.state_get(kStateKey, blob)) {
        try {
            signals_.restore(blob);
        } catch (const std::exception& e) {
            host_.warn(std::string("ignoring saved signals: ") + e.what());
        }
    }
}

void NewsTrader::on_event(uint32_t port, const th_event_header& ev) {
    switch (port) {
    case kSentimentIn: {
        th_sentiment scratch;
        if (const auto* s = event_as<th_sentiment>(ev, scratch)) return on_sentiment(*s);
        break;
    }
    case kNewsIn: {
        th_news scratch;
        if (const auto* n = event_as<th_news>(ev, scratch)) return on_news(*n);
        break;
    }
    case kFillsIn: {
        th_fill scratch;
        if (const auto* f = event_as<th_fill>(ev, scratch)) return on_fill(*f);
        break;
    }
    case kExecReportsIn: {
        th_execution_report scratch;
        if (const auto* r = event_as<th_execution_report>(ev, scratch)) return on_report(*r);
        break;
    }
    case kPositionsIn: {
        th_position scratch;
        if (const auto* p = event_as<th_position>(ev, scratch)) {
            books_[p->instrument].position = p->qty;  // the venue is the truth
            return;
        }
        break;
    }
    default: break;
    }
    throw InvalidArgument("news_trader: unexpected event type " + std::to_string(ev.type) + " on port " +
                          std::to_string(port));
}

void NewsTrader::on_news(const th_news& n) {
    const std::string id = field(n.id);
    if (source_of_.emplace(id, field(n.source)).second) {
        source_order_.push_back(id);
        if (source_order_.size() > kSourcesRemembered) {
            source_of_.erase(source_order_.front());
            source_order_.pop_front();
        }
    }
}

void NewsTrader::on_sentiment(const th_sentiment& in) {
    if (in.instrument == 0) return;  // a whole-story score names no instrument to trade
    const std::string sym = host_.symbol(in.instrument);
    if (!s_.instruments.empty() && s_.instruments.count(sym) == 0) return;
    if (!(in.confidence >= s_.min_confidence) || !std::isfinite(in.score)) {
        host_.metric_add("ignored_low_confidence", 1);
        return;
    }
    double weight = s_.default_weight;
    if (const auto src = source_of_.find(field(in.news_id)); src != source_of_.end()) {
        if (const auto w = s_.source_weights.find(src->second); w != s_.source_weights.end()) weight = w->second;
    }
    const InstrumentSignal& sig = signals_.add(sym, in.hdr.ts, weight * in.score);
    host_.metric_add("scores", 1);
    save();  // the signal is state: saved before any order it causes

    if (static_cast<int64_t>(sig.mentions.size()) < s_.min_mentions || std::fabs(sig.value) < s_.min_score) return;
    const th_fixed target = sig.value > 0 ? s_.order_qty : (s_.allow_short ? -s_.order_qty : 0);
    Book& b = books_[in.instrument];
    if (b.open) {
        host_.metric_add("skipped_pending", 1);
        return;
    }
    const th_fixed qty = target - b.position;
    if (qty == 0) return;
    if (sig.last_order != 0 && in.hdr.ts < sig.last_order + s_.cooldown_ns) {
        host_.metric_add("skipped_cooldown", 1);
        return;
    }
    if (host_.kill_switch_engaged()) {
        host_.metric_add("skipped_kill_switch", 1);
        return;
    }
    signals_.at(sym).last_order = in.hdr.ts;
    save();
    send(in.instrument, sym, qty, in.hdr.ts);
}

void NewsTrader::send(th_instrument id, const std::string& sym, th_fixed qty, th_time_ns ts) {
    auto o = make_event<th_order_request>(ts);
    o.instrument = id;
    o.action = TH_ORDER_NEW;
    o.side = qty > 0 ? TH_SIDE_BUY : TH_SIDE_SELL;
    o.order_type = TH_ORDER_MARKET;
    o.tif = TH_TIF_DAY;
    o.qty = qty > 0 ? qty : -qty;
    std::snprintf(o.client_order_id, TH_ID_LEN, "%s%llu", prefix_.c_str(), static_cast<unsigned long long>(next_id_++));
    books_[id].open = true;
    host_.info(std::string(o.side == TH_SIDE_BUY ? "buy " : "sell ") + format_fixed(o.qty) + " " + sym + " (" +
               o.client_order_id + ")");
    if (host_.publish(kOrdersOut, o)) host_.metric_add("orders", 1);
}

bool NewsTrader::own(const char* id) const {
    const std::string inst = host_.instance_name() + "-";
    return std::strncmp(id, inst.c_str(), inst.size()) == 0;
}

void NewsTrader::on_fill(const th_fill& f) {
    if (!own(f.client_order_id)) return;
    books_[f.instrument].position += f.side == TH_SIDE_BUY ? f.qty : -f.qty;
    host_.metric_add("fills", 1);
}

void NewsTrader::on_report(const th_execution_report& r) {
    if (!own(r.client_order_id)) return;
    switch (r.exec_type) {
    case TH_EXEC_FILL:
    case TH_EXEC_CANCELED:
    case TH_EXEC_REJECTED:
    case TH_EXEC_EXPIRED:
        books_[r.instrument].open = false;
        if (r.exec_type == TH_EXEC_REJECTED) {
            host_.warn(std::string("order ") + r.client_order_id + " rejected: " + r.reason);
            host_.metric_add("rejects", 1);
        }
        break;
    default: break;
    }
}

// Hot reload carries the signals and, unlike a restart (where the venue republishes its
// positions), what this instance holds and whether an order is open, per symbol:
//   <signals text>books\n<symbol-length>:<symbol> <position raw> <open 0|1>\n...
std::string NewsTrader::snapshot() {
    std::string out = signals_.save() + "books\n";
    for (const auto& [id, b] : books_) {
        const std::string sym = host_.symbol(id);
        out += std::to_string(sym.size()) + ":" + sym + " " + std::to_string(b.position) + " " + (b.open ? "1" : "0") + "\n";
    }
    return out;
}

void NewsTrader::restore(std::string_view blob) {
    const size_t mark = blob.find("books\n");
    if (mark == std::string_view::npos) throw std::runtime_error("news_trader snapshot: no books section");
    signals_.restore(blob.substr(0, mark));
    loaded_ = true;
    std::istringstream in{std::string(blob.substr(mark + 6))};
    std::map<th_instrument, Book> books;
    size_t len = 0;
    char colon = 0;
    while (in >> len >> colon) {
        if (colon != ':' || len == 0 || len > 64) throw std::runtime_error("news_trader snapshot: bad symbol");
        std::string sym(len, '\0');
        in.read(&sym[0], static_cast<std::streamsize>(len));
        long long position = 0;
        int open = 0;
        if (!(in >> position >> open)) throw std::runtime_error("news_trader snapshot: bad book of " + sym);
        books[host_.intern(sym)] = Book{position, open != 0};
    }
    books_ = std::move(books);
}

void NewsTrader::save() { host_.state_put(kStateKey, signals_.save()); }

}  // namespace tradehost::news_trader
