// Loading book files; see book_loader.hpp.
#include "book_loader.hpp"

#include "csv.hpp"
#include "row_errors.hpp"
#include "timestamp.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <unordered_map>

namespace tradehost::replay {

namespace {

// Finishes an event: levels sorted best first, one level per price, within the ABI's limit.
std::string close_event(BookUpdate& u) {
    std::sort(u.bids.begin(), u.bids.end(), [](const th_book_level& a, const th_book_level& b) { return a.px > b.px; });
    std::sort(u.asks.begin(), u.asks.end(), [](const th_book_level& a, const th_book_level& b) { return a.px < b.px; });
    auto same = [](const th_book_level& a, const th_book_level& b) { return a.px == b.px; };
    if (std::adjacent_find(u.bids.begin(), u.bids.end(), same) != u.bids.end() ||
        std::adjacent_find(u.asks.begin(), u.asks.end(), same) != u.asks.end())
        return "a price appears twice on one side of one update";
    if (u.bids.size() + u.asks.size() > TH_BOOK_MAX_LEVELS)
        return "an update has more than " + std::to_string(TH_BOOK_MAX_LEVELS) + " levels";
    return "";
}

}  // namespace

std::vector<BookUpdate> load_books(const std::string& path,
                                   const std::function<th_instrument(const std::string&)>& intern) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError("file: cannot open '" + path + "': " + std::strerror(errno));
    std::string line;
    size_t lineno = 0;
    std::vector<std::string> fields;
    bool have_header = false;
    while (std::getline(in, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (lineno == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
        if (blank_or_comment(line)) continue;
        have_header = true;
        break;
    }
    if (!have_header) throw ConfigError(path + ": empty file, expected a header row");
    if (!split_csv_line(line, fields)) throw ConfigError(path + ":" + std::to_string(lineno) + ": unclosed quote in header");
    const size_t header_fields = fields.size();
    const std::vector<std::string> wanted = {"ts", "symbol", "type", "side", "price", "qty"};
    std::vector<size_t> col(wanted.size(), SIZE_MAX);
    for (size_t i = 0; i < fields.size(); ++i) {
        const std::string name = lower(fields[i]);
        for (size_t k = 0; k < wanted.size(); ++k) {
            if (name != wanted[k]) continue;
            if (col[k] != SIZE_MAX)
                throw ConfigError(path + ":" + std::to_string(lineno) + ": column '" + name + "' appears twice");
            col[k] = i;
        }
    }
    std::string missing;
    for (size_t k = 0; k < wanted.size(); ++k)
        if (col[k] == SIZE_MAX) missing += (missing.empty() ? "'" : ", '") + wanted[k] + "'";
    if (!missing.empty())
        throw ConfigError(path + ":" + std::to_string(lineno) + ": missing column " + missing +
                          " for format 'books' (header: " + line + ")");

    RowErrors errors(path);
    std::vector<BookUpdate> out;
    std::unordered_map<std::string, th_instrument> ids;
    std::string cur_sym, cur_type, why;
    size_t event_line = 0;
    th_time_ns prev_ts = 0;
    auto close = [&] {
        if (out.empty() || event_line == 0) return;
        const std::string bad = close_event(out.back());
        if (!bad.empty()) {
            errors.add(event_line, bad);
            out.pop_back();
        }
    };
    while (std::getline(in, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (blank_or_comment(line)) continue;
        if (!split_csv_line(line, fields)) {
            errors.add(lineno, "unclosed quote");
            continue;
        }
        if (fields.size() != header_fields) {
            errors.add(lineno, "expected " + std::to_string(header_fields) + " fields as in the header, got " +
                                   std::to_string(fields.size()));
            continue;
        }
        th_time_ns ts = 0;
        if (!parse_timestamp(fields[col[0]], ts, why)) {
            errors.add(lineno, "bad ts '" + fields[col[0]] + "': " + why);
            continue;
        }
        const std::string& sym = fields[col[1]];
        const std::string type = lower(fields[col[2]]);
        const std::string side = lower(fields[col[3]]);
        th_book_level lv{0, 0};
        if (sym.empty()) {
            errors.add(lineno, "empty symbol");
            continue;
        }
        if (type != "snapshot" && type != "delta") {
            errors.add(lineno, "bad type '" + fields[col[2]] + "': expected 'snapshot' or 'delta'");
            continue;
        }
        const bool bid = side == "bid" || side == "buy";
        if (!bid && side != "ask" && side != "sell") {
            errors.add(lineno, "bad side '" + fields[col[3]] + "': expected 'bid' or 'ask'");
            continue;
        }
        if (!parse_fixed(fields[col[4]], lv.px) || lv.px <= 0) {
            errors.add(lineno, "bad price '" + fields[col[4]] + "': expected a decimal > 0 with at most 8 places");
            continue;
        }
        if (!parse_fixed(fields[col[5]], lv.qty) || lv.qty < 0) {
            errors.add(lineno, "bad qty '" + fields[col[5]] + "': expected a decimal >= 0 with at most 8 places");
            continue;
        }
        if (type == "snapshot" && lv.qty == 0) {
            errors.add(lineno, "a snapshot level needs qty > 0 (qty 0 removes a level in a delta)");
            continue;
        }
        if (event_line != 0 && ts < prev_ts) {
            errors.add(lineno, "ts '" + fields[col[0]] + "' is earlier than the row before; rows must be in time order");
            continue;
        }
        if (event_line == 0 || ts != prev_ts || sym != cur_sym || type != cur_type) {
            close();
            auto it = ids.find(sym);
            if (it == ids.end()) it = ids.emplace(sym, intern(sym)).first;
            BookUpdate u;
            u.ts = ts;
            u.instrument = it->second;
            u.snapshot = type == "snapshot";
            out.push_back(std::move(u));
            cur_sym = sym;
            cur_type = type;
            event_line = lineno;
        }
        prev_ts = ts;
        (bid ? out.back().bids : out.back().asks).push_back(lv);
    }
    close();
    if (in.bad()) throw ConfigError(path + ": read error: " + std::strerror(errno));
    errors.throw_if_any();
    return out;
}

}  // namespace tradehost::replay
