#include "fantasy_scoring.hpp"

#include <charconv>
#include <cstdio>

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
    for (; cursor_ < lines_.size(); ++cursor_) {
        th_signal s = make_event<th_signal>(now);
        s.instrument = instruments_[cursor_];
        s.value = static_cast<double>(lines_[cursor_].points) / 100.0;  // signals are analytics: a double
        s.strength = 1;
        std::snprintf(s.name, sizeof s.name, "%s", signal_name_.c_str());
        const th_status st = host_.try_publish(0, s.hdr);
        if (st == TH_ERR_AGAIN) {  // the session is ending; this line stays next
            stop();
            return;
        }
        if (st != TH_OK) throw_status(st, "publish");
        host_.metric_add("scored", 1);
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
        std::from_chars(blob.data() + head.size(), blob.data() + blob.size(), n).ec != std::errc() || n > lines_.size())
        throw Error(TH_ERR_INVALID_ARGUMENT, "fantasy_scoring: unreadable snapshot");
    cursor_ = n;
}

}  // namespace tradehost::fantasy_scoring
