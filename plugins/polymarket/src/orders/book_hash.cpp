#include "orders/book_hash.hpp"

#include <nettle/sha1.h>

namespace tradehost::polymarket {
namespace {

// A JSON string as Python's json.dumps(ensure_ascii=False) writes it.
void put(std::string& out, const std::string& s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 15];
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

void levels(std::string& out, const std::vector<SummaryLevel>& ls) {
    out += '[';
    for (std::size_t i = 0; i < ls.size(); ++i) {
        if (i) out += ',';
        out += "{\"price\":";
        put(out, ls[i].price);
        out += ",\"size\":";
        put(out, ls[i].size);
        out += '}';
    }
    out += ']';
}

}  // namespace

std::string book_summary_hash(const BookSummary& b) {
    std::string j = "{\"market\":";
    put(j, b.market);
    j += ",\"asset_id\":";
    put(j, b.asset_id);
    j += ",\"timestamp\":";
    put(j, b.timestamp);
    j += ",\"hash\":\"\",\"bids\":";
    levels(j, b.bids);
    j += ",\"asks\":";
    levels(j, b.asks);
    j += ",\"min_order_size\":";
    put(j, b.min_order_size);
    j += ",\"tick_size\":";
    put(j, b.tick_size);
    j += ",\"neg_risk\":";
    j += b.neg_risk ? "true" : "false";
    j += ",\"last_trade_price\":";
    put(j, b.last_trade_price);
    j += '}';
    sha1_ctx ctx;
    nettle_sha1_init(&ctx);
    nettle_sha1_update(&ctx, j.size(), reinterpret_cast<const uint8_t*>(j.data()));
    uint8_t digest[SHA1_DIGEST_SIZE];
    nettle_sha1_digest(&ctx, sizeof digest, digest);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (uint8_t d : digest) {
        hex += kHex[d >> 4];
        hex += kHex[d & 15];
    }
    return hex;
}

}  // namespace tradehost::polymarket
