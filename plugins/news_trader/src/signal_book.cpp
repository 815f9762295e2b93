// The decaying news signal; see signal_book.hpp.
#include "signal_book.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace tradehost::news_trader {

const InstrumentSignal& SignalBook::add(const std::string& symbol, th_time_ns ts, double weighted_score) {
    InstrumentSignal& s = book_[symbol];
    if (s.at != 0 && ts > s.at)
        s.value *= std::exp2(-static_cast<double>(ts - s.at) / static_cast<double>(half_life_ns_));
    s.value += weighted_score;
    if (ts > s.at) s.at = ts;
    s.mentions.push_back(ts);
    while (!s.mentions.empty() && s.mentions.front() < s.at - mention_window_ns_) s.mentions.pop_front();
    return s;
}

std::string SignalBook::save() const {
    std::string out = "news_trader_signals 1\n";
    char buf[96];
    for (const auto& [sym, s] : book_) {
        // %a writes the double exactly, so a restore continues with the same bits.
        std::snprintf(buf, sizeof buf, " %a %lld %lld %zu", s.value, static_cast<long long>(s.at),
                      static_cast<long long>(s.last_order), s.mentions.size());
        out += "i " + std::to_string(sym.size()) + ":" + sym + buf;
        for (th_time_ns m : s.mentions) out += " " + std::to_string(m);
        out.push_back('\n');
    }
    return out;
}

void SignalBook::restore(std::string_view blob) {
    std::istringstream in{std::string(blob)};
    std::string magic, version;
    in >> magic >> version;
    if (magic != "news_trader_signals" || version != "1") throw std::runtime_error("news_trader state: unknown format");
    std::map<std::string, InstrumentSignal> book;
    std::string tag;
    while (in >> tag) {
        if (tag != "i") throw std::runtime_error("news_trader state: unexpected '" + tag + "'");
        size_t len = 0;
        char colon = 0;
        if (!(in >> len >> colon) || colon != ':' || len > 64) throw std::runtime_error("news_trader state: bad symbol");
        std::string sym(len, '\0');
        in.read(&sym[0], static_cast<std::streamsize>(len));
        std::string value_text;
        long long at = 0, last = 0;
        size_t n = 0;
        if (!(in >> value_text >> at >> last >> n) || n > 1000000) throw std::runtime_error("news_trader state: bad entry for " + sym);
        InstrumentSignal s;
        s.value = std::strtod(value_text.c_str(), nullptr);
        s.at = at;
        s.last_order = last;
        for (size_t k = 0; k < n; ++k) {
            long long m = 0;
            if (!(in >> m)) throw std::runtime_error("news_trader state: bad mentions for " + sym);
            s.mentions.push_back(m);
        }
        book[sym] = std::move(s);
    }
    book_ = std::move(book);
}

}  // namespace tradehost::news_trader
