// The saved state's text form; see state.hpp.
#include "state.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace tradehost::market_maker {

namespace {

constexpr int kVersion = 1;

void put_str(std::string& out, std::string_view s) {
    out += std::to_string(s.size());
    out += ':';
    out += s;
}

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
    int64_t integer() {
        const std::string w(word());
        char* end = nullptr;
        errno = 0;
        const long long v = std::strtoll(w.c_str(), &end, 10);
        if (*end != '\0' || errno == ERANGE) fail("bad number '" + w + "'");
        return v;
    }
    std::string str() {
        skip();
        const size_t colon = s_.find(':', p_);
        if (colon == std::string_view::npos) fail("bad string");
        const std::string len_text(s_.substr(p_, colon - p_));
        char* end = nullptr;
        const unsigned long long len = std::strtoull(len_text.c_str(), &end, 10);
        if (len_text.empty() || *end != '\0' || len > s_.size() || colon + 1 + len > s_.size()) fail("bad string length");
        p_ = colon + 1 + len;
        return std::string(s_.substr(colon + 1, len));
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw InvalidArgument("market_maker state: " + what + " at offset " + std::to_string(p_));
    }

private:
    void skip() {
        while (p_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[p_]))) ++p_;
    }
    std::string_view s_;
    size_t p_ = 0;
};

}  // namespace

std::string encode_state(const SavedState& s) {
    std::string out = "market_maker " + std::to_string(kVersion) + "\n";
    for (const auto& [sym, qty] : s.positions) {
        if (qty == 0) continue;
        out += "pos ";
        put_str(out, sym);
        out += ' ' + std::to_string(qty) + '\n';
    }
    for (const auto& [id, o] : s.orders) {
        out += "order ";
        put_str(out, id);
        out += ' ';
        put_str(out, o.symbol);
        out += ' ' + std::to_string(static_cast<int>(o.side)) + ' ' + std::to_string(o.px) + ' ' +
               std::to_string(o.leaves) + (o.acked ? " 1" : " 0") + (o.canceling ? " 1\n" : " 0\n");
    }
    out += "end\n";
    return out;
}

SavedState decode_state(std::string_view blob) {
    Reader in(blob);
    if (in.word() != "market_maker") in.fail("expected 'market_maker'");
    const int64_t version = in.integer();
    if (version != kVersion) in.fail("version " + std::to_string(version) + " is not supported");
    SavedState s;
    for (;;) {
        const std::string_view tag = in.word();
        if (tag == "end") break;
        if (tag == "pos") {
            const std::string sym = in.str();
            if (sym.empty()) in.fail("empty symbol");
            s.positions[sym] = in.integer();
        } else if (tag == "order") {
            const std::string id = in.str();
            if (id.empty() || id.size() >= TH_ID_LEN) in.fail("bad client order id");
            OpenOrder o;
            o.symbol = in.str();
            if (o.symbol.empty()) in.fail("empty symbol");
            const int64_t side = in.integer();
            if (side != TH_SIDE_BUY && side != TH_SIDE_SELL) in.fail("bad side");
            o.side = static_cast<th_side>(side);
            o.px = in.integer();
            o.leaves = in.integer();
            o.acked = in.integer() != 0;
            o.canceling = in.integer() != 0;
            s.orders[id] = o;
        } else {
            in.fail("expected 'pos', 'order' or 'end'");
        }
    }
    if (!in.at_end()) in.fail("data after 'end'");
    return s;
}

}  // namespace tradehost::market_maker
