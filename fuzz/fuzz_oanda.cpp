// libFuzzer target: the OANDA adapter's decoders (REST bodies and stream lines). The first
// byte picks the decoder. Throwing is a refusal; crashing is a finding.
#include "oanda/src/parse.hpp"

#include <cstdint>
#include <exception>
#include <string_view>

namespace o = tradehost::oanda;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
    tradehost::venue::json::Decoder dec;
    try {
        switch (data[0] % 9) {
        case 0: {
            o::StreamLine line;
            o::parse_stream_line(dec, body, line);
            break;
        }
        case 1: (void)o::parse_order_response(dec, body); break;
        case 2: (void)o::parse_error(dec, body); break;
        case 3: (void)o::parse_orders(dec, body); break;
        case 4: (void)o::parse_order(dec, body); break;
        case 5: (void)o::parse_positions(dec, body); break;
        case 6: (void)o::parse_account_summary(dec, body); break;
        case 7: (void)o::parse_transactions(dec, body); break;
        default: (void)o::parse_account_ids(dec, body); break;
        }
    } catch (const std::exception&) {
    }
    return 0;
}
