// Loading a recorded session; see recording.hpp.
#include "recording.hpp"

#include "feed_dates.hpp"  // plugins/news_common
#include "utf8.hpp"        // plugins/news_common

#include <tradehost/plugin.hpp>

#include <nlohmann/json.hpp>

#include <fstream>

namespace tradehost::news_replay {

using news::copy_utf8;

namespace {

class LineError {
public:
    LineError(const std::string& file, size_t line) : where_(file + ":" + std::to_string(line) + ":") {}
    [[noreturn]] void fail(size_t col, const std::string& what) const {
        throw ConfigError(where_ + std::to_string(col) + ": " + what);
    }

private:
    std::string where_;
};

std::string text(const nlohmann::json& rec, const char* key, const LineError& err, bool required) {
    const auto it = rec.find(key);
    if (it == rec.end()) {
        if (required) err.fail(1, std::string("missing \"") + key + "\"");
        return "";
    }
    if (!it->is_string()) err.fail(1, std::string("\"") + key + "\" must be a string");
    return it->get<std::string>();
}

th_fixed decimal(const nlohmann::json& rec, const char* key, const LineError& err, bool required) {
    const std::string s = text(rec, key, err, required);
    if (s.empty() && !required) return 0;
    th_fixed v = 0;
    if (!parse_fixed(s, v)) err.fail(1, std::string("\"") + key + "\": '" + s + "' is not a decimal");
    return v;
}

}  // namespace

std::vector<Record> load_recording(const std::string& path, const std::function<th_instrument(const std::string&)>& intern) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path + ": cannot open the recording");
    std::vector<Record> out;
    th_time_ns last = INT64_MIN;
    size_t line_no = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_no;
        if (line.empty() || line[0] == '#') continue;
        const LineError err(path, line_no);
        nlohmann::json rec;
        try {
            rec = nlohmann::json::parse(line);
        } catch (const nlohmann::json::parse_error& e) {
            err.fail(e.byte, "invalid JSON");
        }
        if (!rec.is_object()) err.fail(1, "expected a JSON object");
        const std::string type = text(rec, "type", err, true);
        const std::string ts_text = text(rec, "ts", err, true);
        const auto ts = news::parse_feed_date(ts_text);
        if (!ts) err.fail(1, "\"ts\": '" + ts_text + "' is not an RFC 3339 or RFC 822 time");
        if (*ts < last) err.fail(1, "\"ts\" " + ts_text + " is earlier than the record before: a recording is in time order");
        last = *ts;
        Record r;
        if (type == "quote") {
            r.quote = make_event<th_quote>(*ts);
            r.quote.instrument = intern(text(rec, "symbol", err, true));
            r.quote.bid_px = decimal(rec, "bid", err, true);
            r.quote.ask_px = decimal(rec, "ask", err, true);
            r.quote.bid_qty = decimal(rec, "bid_qty", err, false);
            r.quote.ask_qty = decimal(rec, "ask_qty", err, false);
        } else if (type == "news") {
            r.is_news = true;
            r.news = make_event<th_news>(*ts);
            copy_utf8(r.news.id, text(rec, "id", err, true));
            copy_utf8(r.news.source, text(rec, "source", err, true));
            copy_utf8(r.news.headline, text(rec, "headline", err, true));
            copy_utf8(r.news.summary, text(rec, "summary", err, false));
            copy_utf8(r.news.url, text(rec, "url", err, false));
            copy_utf8(r.news.language, text(rec, "language", err, false));
            if (const auto syms = rec.find("symbols"); syms != rec.end()) {
                if (!syms->is_array()) err.fail(1, "\"symbols\" must be an array of strings");
                for (const auto& s : *syms) {
                    if (!s.is_string()) err.fail(1, "\"symbols\" must be an array of strings");
                    if (r.news.instrument_count < TH_NEWS_MAX_INSTRUMENTS)
                        r.news.instruments[r.news.instrument_count++] = intern(s.get<std::string>());
                }
            }
        } else {
            err.fail(1, "\"type\": expected \"quote\" or \"news\", got '" + type + "'");
        }
        out.push_back(r);
    }
    return out;
}

}  // namespace tradehost::news_replay
