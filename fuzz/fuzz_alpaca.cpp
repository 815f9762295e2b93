// libFuzzer target: the Alpaca adapter's decoders (REST bodies and both streams). The first
// byte picks the decoder. Throwing is a refusal; crashing is a finding.
#include "alpaca/src/parse.hpp"

#include <cstdint>
#include <exception>
#include <string_view>
#include <vector>

namespace a = tradehost::alpaca;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
    tradehost::venue::json::Decoder dec;
    try {
        switch (data[0] % 8) {
        case 0: (void)a::parse_error(dec, body); break;
        case 1: (void)a::parse_order(dec, body); break;
        case 2: (void)a::parse_orders(dec, body); break;
        case 3: (void)a::parse_trade_stream(dec, body); break;
        case 4: (void)a::parse_fill_activities(dec, body); break;
        case 5: (void)a::parse_account(dec, body); break;
        case 6: (void)a::parse_positions(dec, body); break;
        default: {
            std::vector<a::DataMessage> out;
            a::parse_data_messages(dec, body, out);
            break;
        }
        }
    } catch (const std::exception&) {
    }
    return 0;
}
