#include "fantasy_scoring.hpp"

#include <charconv>
#include <cstdio>
#include <map>

namespace tradehost::fantasy_scoring {

FantasyScoring::FantasyScoring(Host host, const Config& cfg) : host_(host) {
    const auto site = dfs::parse_site(cfg.get_string("site"));
    if (!site) throw ConfigError("site: expected draftkings or fanduel, got '" + cfg.get_string("site") + "'");
    const auto sport = dfs::parse_sport(cfg.get_string("sport"));
    if (!sport) throw ConfigError("sport: expected nfl or nba, got '" + cfg.get_string("sport") + "'");
    const std::string file = cfg.get_string("file");
    if (file.empty()) throw ConfigError("file: must name a CSV file of stat lines");
    try {
        lines_ = score_file(file, *site, *sport);
    } catch (const std::runtime_error& e) {
        throw ConfigError(std::string("file: ") + e.what());
    }
    const std::string prefix = cfg.get_string("symbol_prefix");
    for (const ScoredLine& l : lines_) instruments_.push_back(host_.intern(prefix + l.player_id));
    signal_name_ = std::string("fpts_") + dfs::site_name(*site) + "_" + dfs::sport_name(*sport);
    host_.info("fantasy_scoring: " + std::to_string(lines_.size()) + " stat lines from " + file);
    load_contest(cfg);
    for (const ContestEntry& e : entries_) entry_instruments_.push_back(host_.intern(prefix + "entry:" + e.entry_id));
}

void FantasyScoring::load_contest(const Config& cfg) {
    const std::string entries = cfg.get_string("entries"), payouts = cfg.get_string("payouts"),
                      field = cfg.get_string("field_points");
    if (entries.empty()) {
        if (!payouts.empty() || !field.empty()) throw ConfigError("payouts, field_points: only with entries");
        return;
    }
    if (payouts.empty()) throw ConfigError("payouts: entries need the contest's payout table (e.g. \"1=100,2-3=25\")");
    PayoutTable table;
    try {
        table = parse_payouts(payouts);
    } catch (const std::runtime_error& e) {
        throw ConfigError(std::string("payouts: ") + e.what());
    }
    try {
        entries_ = read_entries(entries);
    } catch (const std::runtime_error& e) {
        throw ConfigError(std::string("entries: ") + e.what());
    }
    std::vector<dfs::CentiPoints> field_points;
    if (!field.empty()) {
        try {
            field_points = read_field_points(field, entries_);
        } catch (const std::runtime_error& e) {
            throw ConfigError(std::string("field_points: ") + e.what());
        }
    }
    std::map<std::string, dfs::CentiPoints> points;
    for (const ScoredLine& l : lines_) points[l.player_id] = l.points;
    for (const std::string& id : settle(entries_, points, field_points, table))
        host_.warn("fantasy_scoring: player " + id + " of an entry has no stat line: scored 0");
    host_.info("fantasy_scoring: " + std::to_string(entries_.size()) + " contest entries from " + entries + " against " +
               std::to_string(field_points.size()) + " other entries");
}

// Item i of the sequence: entry fills, then point signals, then settlements.
th_status FantasyScoring::publish_item(size_t i, th_time_ns now) {
    const size_t n = entries_.size();
    if (i < n) {  // the entry bought: one unit at the entry fee
        const ContestEntry& e = entries_[i];
        th_fill f = make_event<th_fill>(now);
        f.instrument = entry_instruments_[i];
        f.side = TH_SIDE_BUY;
        f.px = e.fee * (TH_FIXED_SCALE / 100);
        f.qty = TH_FIXED_SCALE;
        std::snprintf(f.fill_id, sizeof f.fill_id, "entry-%s", e.entry_id.c_str());
        std::snprintf(f.venue_order_id, sizeof f.venue_order_id, "%s", e.contest_id.c_str());
        return host_.try_publish(1, f.hdr);
    }
    if (i < n + lines_.size()) {
        const size_t k = i - n;
        th_signal s = make_event<th_signal>(now);
        s.instrument = instruments_[k];
        s.value = static_cast<double>(lines_[k].points) / 100.0;  // signals are analytics: a double
        s.strength = 1;
        std::snprintf(s.name, sizeof s.name, "%s", signal_name_.c_str());
        return host_.try_publish(0, s.hdr);
    }
    const size_t k = i - n - lines_.size();
    const ContestEntry& e = entries_[k];
    th_settlement st = make_event<th_settlement>(now);
    st.instrument = entry_instruments_[k];
    st.kind = TH_SETTLE_BET_RESULT;
    st.price = e.payout * (TH_FIXED_SCALE / 100);  // per unit: the entry is one unit
    std::snprintf(st.event_id, sizeof st.event_id, "%s", e.contest_id.c_str());
    std::snprintf(st.text, sizeof st.text, "rank %d%s of %d, %lld.%02lld points", e.rank, e.tied > 1 ? " (tied)" : "",
                  e.field_size, static_cast<long long>(e.points / 100), static_cast<long long>(e.points % 100));
    return host_.try_publish(2, st.hdr);
}

void FantasyScoring::start() {
    if (finished_ || timer_active_) return;
    timer_ = host_.timer_start(0, 1000000);
    timer_active_ = true;
}

void FantasyScoring::stop() {
    if (timer_active_) host_.timer_cancel(timer_);
    timer_active_ = false;
}

void FantasyScoring::on_timer(uint64_t id, th_time_ns now) {
    if (!timer_active_ || id != timer_) return;
    for (; cursor_ < total(); ++cursor_) {
        const th_status st = publish_item(cursor_, now);
        if (st == TH_ERR_AGAIN) {  // the session is ending; this item stays next
            stop();
            return;
        }
        if (st != TH_OK) throw_status(st, "publish");
        const size_t n = entries_.size();
        host_.metric_add(cursor_ < n ? "entries" : cursor_ < n + lines_.size() ? "scored" : "settled", 1);
    }
    stop();
    finished_ = true;
    host_.source_finished();
}

std::string FantasyScoring::snapshot() { return "fantasy_scoring 1 " + std::to_string(cursor_); }

void FantasyScoring::restore(std::string_view blob) {
    constexpr std::string_view head = "fantasy_scoring 1 ";
    size_t n = 0;
    if (blob.substr(0, head.size()) != head ||
        std::from_chars(blob.data() + head.size(), blob.data() + blob.size(), n).ec != std::errc() || n > total())
        throw Error(TH_ERR_INVALID_ARGUMENT, "fantasy_scoring: unreadable snapshot");
    cursor_ = n;
}

}  // namespace tradehost::fantasy_scoring
