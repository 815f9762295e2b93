#include "orders/contracts.hpp"

namespace tradehost::polymarket {
namespace {

struct ChainContracts {
    uint64_t chain_id;
    const char* exchange_v2;
    const char* neg_risk_exchange_v2;
    const char* exchange_v3;
};

constexpr ChainContracts kChains[] = {
    {kPolygon, "0xE111180000d2663C0091e4f400237545B87B996B", "0xe2222d279d744050d28e00520010520000310F59",
     "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa"},
    {kAmoy, "0xE111180000d2663C0091e4f400237545B87B996B", "0xe2222d279d744050d28e00520010520000310F59",
     "0x9fE6e61422AdB6F610d8597F9684b16912D50C3D"},
};

}  // namespace

bool order_version_supported(int version) { return version == 2 || version == 3; }

std::optional<std::string> exchange_contract(uint64_t chain_id, bool neg_risk, int version) {
    if (!order_version_supported(version)) return std::nullopt;
    for (const auto& c : kChains) {
        if (c.chain_id != chain_id) continue;
        if (version == 3) return std::string(c.exchange_v3);
        return std::string(neg_risk ? c.neg_risk_exchange_v2 : c.exchange_v2);
    }
    return std::nullopt;
}

}  // namespace tradehost::polymarket
