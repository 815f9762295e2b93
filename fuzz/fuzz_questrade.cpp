// libFuzzer target: the Questrade adapter's decoders. The first byte picks the decoder.
// Throwing is a refusal; crashing is a finding.
#include "questrade/src/parse.hpp"

#include <cstdint>
#include <exception>
#include <string_view>

namespace q = tradehost::questrade;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        switch (data[0] % 10) {
        case 0: (void)q::parse_token(body); break;
        case 1: (void)q::parse_error(body); break;
        case 2: (void)q::parse_accounts(body); break;
        case 3: (void)q::parse_symbols(body); break;
        case 4: (void)q::parse_quotes(body); break;
        case 5: (void)q::parse_orders(body); break;
        case 6: (void)q::parse_order_response(body); break;
        case 7: (void)q::parse_executions(body); break;
        case 8: (void)q::parse_positions(body); break;
        default: (void)q::parse_balances(body); break;
        }
    } catch (const std::exception&) {
    }
    return 0;
}
