// Symbol finding; see symbol_finder.hpp.
#include "symbol_finder.hpp"

#include <algorithm>
#include <map>

namespace tradehost::news_mapper {

namespace {

bool is_alnum(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || is_upper(c); }
char up(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

// A word boundary before position i / after position i (exclusive end).
bool boundary_before(std::string_view t, size_t i) { return i == 0 || !is_alnum(t[i - 1]); }
bool boundary_after(std::string_view t, size_t i) { return i >= t.size() || !is_alnum(t[i]); }

// Lower-case words of the text, for context checks.
std::vector<std::string> lower_words(std::string_view t) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : t) {
        if (is_alnum(c)) cur.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
        else if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

struct Mention {
    size_t pos;
    std::string symbol;
};

// $TICKER: one to six letters, an optional class suffix (.B, -A), not a dollar amount.
void cashtags(std::string_view t, std::vector<Mention>& out) {
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] != '$' || !boundary_before(t, i)) continue;
        size_t j = i + 1;
        while (j < t.size() && is_alpha(t[j]) && j - i - 1 < 6) ++j;
        const size_t letters = j - i - 1;
        if (letters == 0) continue;
        if (j + 1 < t.size() && (t[j] == '.' || t[j] == '-') && is_alpha(t[j + 1]) && boundary_after(t, j + 2)) j += 2;
        if (!boundary_after(t, j)) continue;  // "$AAPLX7" or more than six letters
        std::string sym;
        for (size_t k = i + 1; k < j; ++k) sym.push_back(up(t[k]) == '-' ? '.' : up(t[k]));
        out.push_back({i, sym});
    }
}

// EXCHANGE:TICKER, with optional spaces after the colon ("NYSE: XYZ"); the ticker is upper
// case letters and digits with an optional class suffix.
void exchange_tickers(std::string_view t, const std::vector<std::string>& exchanges, std::vector<Mention>& out) {
    for (const std::string& ex : exchanges) {
        for (size_t i = 0; (i = t.find(':', i)) != std::string_view::npos; ++i) {
            if (i < ex.size()) continue;
            const size_t b = i - ex.size();
            bool same = boundary_before(t, b);
            for (size_t k = 0; same && k < ex.size(); ++k) same = up(t[b + k]) == ex[k];
            if (!same) continue;
            size_t j = i + 1;
            while (j < t.size() && t[j] == ' ') ++j;
            const size_t start = j;
            while (j < t.size() && (is_upper(t[j]) || (j > start && t[j] >= '0' && t[j] <= '9')) && j - start < 10) ++j;
            if (j == start) continue;
            if (j + 1 < t.size() && t[j] == '.' && is_upper(t[j + 1]) && boundary_after(t, j + 2)) j += 2;
            if (!boundary_after(t, j)) continue;
            out.push_back({b, std::string(t.substr(start, j - start))});
        }
    }
}

}  // namespace

SymbolFinder::SymbolFinder(FinderSettings s) : s_(std::move(s)) {
    for (std::string& e : s_.exchanges)
        for (char& c : e) c = up(c);
}

void SymbolFinder::add(std::vector<std::string>& out, const std::string& symbol) const {
    if (!s_.universe.empty() && s_.universe.count(symbol) == 0) return;
    if (std::find(out.begin(), out.end(), symbol) == out.end()) out.push_back(symbol);
}

std::vector<std::string> SymbolFinder::find(std::string_view t) const {
    std::vector<Mention> m;
    cashtags(t, m);
    exchange_tickers(t, s_.exchanges, m);
    std::vector<std::string> words;  // built on first need
    bool have_words = false;
    for (const Alias& a : s_.aliases) {
        for (size_t i = 0; (i = t.find(a.name, i)) != std::string_view::npos; ++i) {
            if (!boundary_before(t, i) || !boundary_after(t, i + a.name.size())) continue;
            if (!a.context.empty()) {
                if (!have_words) words = lower_words(t), have_words = true;
                const bool ok = std::any_of(a.context.begin(), a.context.end(), [&](const std::string& c) {
                    return std::find(words.begin(), words.end(), c) != words.end();
                });
                if (!ok) break;  // the whole text lacks context: no mention of this alias counts
            }
            m.push_back({i, a.symbol});
            break;  // first mention is enough
        }
    }
    std::stable_sort(m.begin(), m.end(), [](const Mention& a, const Mention& b) { return a.pos < b.pos; });
    std::vector<std::string> out;
    for (const Mention& x : m) add(out, x.symbol);
    return out;
}

}  // namespace tradehost::news_mapper
