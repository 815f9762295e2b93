// Strategy state as versioned text, for hot reload. Strings are length-prefixed
// ("4:AAPL") so symbols and ids may hold any character.
//
//   sma_cross 1
//   orders <n>
//   inst <symbol> <updates> <last_sign> <position> <open 0|1> <side> <leaves> <id> <k> <price>*k
//   end
#include "strategy.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace tradehost::sma_cross {

namespace {

constexpr int kVersion = 1;

void put_str(std::string& out, std::string_view s) {
    out += std::to_string(s.size());
    out += ':';
    out += s;
}

// Reads the space-separated tokens written above.
class Reader {
public:
    explicit Reader(std::string_view s) : s_(s) {}

    bool at_end() {
        skip();
        return p_ >= s_.size();
    }
    std::string_view word() {
        skip();
        const size_t b = p_;
        while (p_ < s_.size() && !std::isspace(static_cast<unsigned char>(s_[p_]))) ++p_;
        if (b == p_) fail("unexpected end");
        return s_.substr(b, p_ - b);
    }
    void expect(std::string_view w) {
        if (word() != w) fail("expected '" + std::string(w) + "'");
    }
    int64_t integer() {
        const std::string w(word());
        char* end = nullptr;
        errno = 0;
        const long long v = std::strtoll(w.c_str(), &end, 10);
        if (*end != '\0' || errno == ERANGE) fail("bad number '" + w + "'");
        return v;
    }
    uint64_t unsigned_integer() {
        const std::string w(word());
        char* end = nullptr;
        errno = 0;
        const unsigned long long v = std::strtoull(w.c_str(), &end, 10);
        if (w[0] == '-' || *end != '\0' || errno == ERANGE) fail("bad number '" + w + "'");
        return v;
    }
    std::string str() {
        skip();
        const size_t colon = s_.find(':', p_);
        if (colon == std::string_view::npos) fail("bad string");
        const std::string len_text(s_.substr(p_, colon - p_));
        char* end = nullptr;
        const unsigned long long len = std::strtoull(len_text.c_str(), &end, 10);
        if (len_text.empty() || *end != '\0' || colon + 1 + len > s_.size()) fail("bad string length");
        p_ = colon + 1 + len;
        return std::string(s_.substr(colon + 1, len));
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw InvalidArgument("sma_cross snapshot: " + what + " at offset " + std::to_string(p_));
    }

private:
    void skip() {
        while (p_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[p_]))) ++p_;
    }
    std::string_view s_;
    size_t p_ = 0;
};

}  // namespace

std::string Strategy::snapshot(const std::function<std::string(th_instrument)>& symbol_of) const {
    std::string out = "sma_cross " + std::to_string(kVersion) + "\norders " + std::to_string(orders_) + "\n";
    for (const auto& [id, st] : instruments_) {
        out += "inst ";
        put_str(out, symbol_of(id));
        out += ' ' + std::to_string(st.updates) + ' ' + std::to_string(st.last_sign) + ' ' +
               std::to_string(st.position) + ' ' + (st.open.active ? "1 " : "0 ") +
               std::to_string(static_cast<int>(st.open.side)) + ' ' + std::to_string(st.open.leaves) + ' ';
        put_str(out, st.open.id);
        out += ' ' + std::to_string(st.window.size());
        for (size_t i = 0; i < st.window.size(); ++i) out += ' ' + std::to_string(st.window.at(i));
        out += '\n';
    }
    out += "end\n";
    return out;
}

void Strategy::restore(std::string_view blob, const std::function<th_instrument(const std::string&)>& intern) {
    Reader in(blob);
    in.expect("sma_cross");
    const int64_t version = in.integer();
    if (version != kVersion) in.fail("version " + std::to_string(version) + " is not supported");
    in.expect("orders");
    const uint64_t orders = in.unsigned_integer();

    std::unordered_map<th_instrument, Instrument> restored;
    for (;;) {
        const std::string_view tag = in.word();
        if (tag == "end") break;
        if (tag != "inst") in.fail("expected 'inst' or 'end'");
        const std::string symbol = in.str();
        if (symbol.empty()) in.fail("empty symbol");
        Instrument st(settings_);
        st.updates = in.unsigned_integer();
        const int64_t last_sign = in.integer();
        st.position = in.integer();
        st.open.active = in.integer() != 0;
        const int64_t side = in.integer();
        st.open.side = side == TH_SIDE_BUY ? TH_SIDE_BUY : (side == TH_SIDE_SELL ? TH_SIDE_SELL : TH_SIDE_NONE);
        st.open.leaves = in.integer();
        const std::string id = in.str();
        if (id.size() >= TH_ID_LEN) in.fail("client order id too long");
        copy_str(st.open.id, id);
        const uint64_t n = in.unsigned_integer();
        if (n > blob.size()) in.fail("bad price count");
        // Rebuild the windows from the stored prices (the newest `slow` if there are more).
        const uint64_t skip = n > static_cast<uint64_t>(settings_.slow) ? n - static_cast<uint64_t>(settings_.slow) : 0;
        for (uint64_t i = 0; i < n; ++i) {
            const th_fixed px = in.integer();
            if (i >= skip) st.window.push(px);
        }
        // The last direction stays meaningful only if the windows are full again.
        st.last_sign = st.window.full() && (last_sign == 1 || last_sign == -1) ? static_cast<int>(last_sign) : 0;
        if (!restored.emplace(intern(symbol), std::move(st)).second) in.fail("instrument '" + symbol + "' twice");
    }
    if (!in.at_end()) in.fail("data after 'end'");
    instruments_ = std::move(restored);
    orders_ = orders;
}

}  // namespace tradehost::sma_cross
