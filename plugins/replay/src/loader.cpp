// Loading and validating replay files; see loader.hpp.
#include "loader.hpp"

#include "csv.hpp"
#include "row_errors.hpp"
#include "timestamp.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <unordered_map>

namespace tradehost::replay {

namespace {

// The columns of a format: ts and symbol, then the values in Row::v order.
struct Layout {
    std::vector<std::string> values;
};

Layout layout_of(Format f) {
    if (f == Format::Bars) return {{"open", "high", "low", "close", "volume"}};
    return {{"bid", "bid_qty", "ask", "ask_qty"}};
}

// Check a parsed row's values; returns "" or what is wrong.
std::string check_row(Format f, const Row& r) {
    if (f == Format::Bars) {
        if (r.v[kHigh] < r.v[kLow]) return "high " + format_fixed(r.v[kHigh]) + " is below low " + format_fixed(r.v[kLow]);
        if (r.v[kOpen] < r.v[kLow] || r.v[kOpen] > r.v[kHigh]) return "open is outside [low, high]";
        if (r.v[kClose] < r.v[kLow] || r.v[kClose] > r.v[kHigh]) return "close is outside [low, high]";
        if (r.v[kVolume] < 0) return "volume is negative";
    } else {
        if (r.v[kBidQty] < 0) return "bid_qty is negative";
        if (r.v[kAskQty] < 0) return "ask_qty is negative";
    }
    return "";
}

}  // namespace

std::vector<Row> load_file(const std::string& path, Format format,
                           const std::function<th_instrument(const std::string&)>& intern) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError("file: cannot open '" + path + "': " + std::strerror(errno));

    const Layout layout = layout_of(format);
    std::string line;
    size_t lineno = 0;
    std::vector<std::string> fields;

    // Header: the first line that is not blank or a comment.
    bool have_header = false;
    while (std::getline(in, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (lineno == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);  // UTF-8 BOM
        if (blank_or_comment(line)) continue;
        have_header = true;
        break;
    }
    if (!have_header) throw ConfigError(path + ": empty file, expected a header row");
    if (!split_csv_line(line, fields)) throw ConfigError(path + ":" + std::to_string(lineno) + ": unclosed quote in header");
    const size_t header_fields = fields.size();

    // Map the columns we need to their positions; others are ignored.
    std::vector<std::string> wanted = {"ts", "symbol"};
    wanted.insert(wanted.end(), layout.values.begin(), layout.values.end());
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
        throw ConfigError(path + ":" + std::to_string(lineno) + ": missing column " + missing + " for format '" +
                          (format == Format::Bars ? "bars" : "quotes") + "' (header: " + line + ")");

    RowErrors errors(path);
    std::vector<Row> rows;
    std::unordered_map<std::string, th_instrument> ids;
    th_time_ns prev_ts = 0;
    size_t prev_line = 0;
    std::string why;
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
        Row r;
        const std::string& ts_text = fields[col[0]];
        if (!parse_timestamp(ts_text, r.ts, why)) {
            errors.add(lineno, "bad ts '" + ts_text + "': " + why);
            continue;
        }
        const std::string& sym = fields[col[1]];
        if (sym.empty()) {
            errors.add(lineno, "empty symbol");
            continue;
        }
        bool ok = true;
        for (size_t k = 0; k < layout.values.size() && ok; ++k) {
            const std::string& text = fields[col[2 + k]];
            if (!parse_fixed(text, r.v[k])) {
                errors.add(lineno, "bad " + layout.values[k] + " '" + text + "': expected a decimal with at most 8 places");
                ok = false;
            }
        }
        if (!ok) continue;
        const std::string bad = check_row(format, r);
        if (!bad.empty()) {
            errors.add(lineno, bad);
            continue;
        }
        if (prev_line != 0 && r.ts < prev_ts) {
            errors.add(lineno, "ts '" + ts_text + "' is earlier than the row at line " + std::to_string(prev_line) +
                                   "; rows must be in time order");
            continue;
        }
        prev_ts = r.ts;
        prev_line = lineno;
        auto it = ids.find(sym);
        if (it == ids.end()) it = ids.emplace(sym, intern(sym)).first;
        r.instrument = it->second;
        rows.push_back(r);
    }
    if (in.bad()) throw ConfigError(path + ": read error: " + std::strerror(errno));
    errors.throw_if_any();
    return rows;
}

}  // namespace tradehost::replay
