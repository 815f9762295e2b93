// libFuzzer target: every decoder of every exchange dialect on arbitrary bytes. Malformed
// input may throw (the adapters catch and report it); it must never crash or read out of
// bounds. The first byte picks the decoder, the rest is the payload.
#include "exchange/src/dialect.hpp"
#include "exchange/src/registry.hpp"

#include <tradehost/venue/json.hpp>

#include <cstdint>
#include <exception>
#include <memory>
#include <string_view>
#include <vector>

namespace ex = tradehost::exchange;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::vector<std::unique_ptr<ex::Dialect>> dialects = [] {
        std::vector<std::unique_ptr<ex::Dialect>> v;
        for (const auto& n : ex::dialect_names()) v.push_back(ex::make_dialect(n));
        return v;
    }();
    if (size < 1) return 0;
    const uint8_t pick = data[0];
    const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
    const ex::Dialect& d = *dialects[pick % dialects.size()];
    tradehost::venue::json::Decoder dec;
    try {
        switch ((pick / dialects.size()) % 10) {
        case 0: (void)d.parse_markets(dec, body); break;
        case 1: (void)d.parse_ticker(dec, body); break;
        case 2: (void)d.parse_order_book(dec, "BTCUSDT", body); break;
        case 3: (void)d.parse_trades(dec, "BTCUSDT", body); break;
        case 4: (void)d.parse_balances(dec, body); break;
        case 5: (void)d.parse_order(dec, body); break;
        case 6: (void)d.parse_open_orders(dec, body); break;
        case 7: (void)d.parse_my_trades(dec, body); break;
        case 8: {
            ex::MarketMessage m;
            d.read_market_message(dec, body, m);
            break;
        }
        default: (void)d.parse_user_message(dec, body); break;
        }
    } catch (const std::exception&) {
        // A refused payload: what the adapter reports as a decode error.
    }
    return 0;
}
