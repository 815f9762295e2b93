#include "algo.hpp"

namespace tradehost::exec_algos {

const char* algo_name(Algo a) noexcept {
    switch (a) {
    case Algo::Twap: return "twap";
    case Algo::Vwap: return "vwap";
    case Algo::Pov: return "pov";
    case Algo::Is: return "is";
    case Algo::Iceberg: return "iceberg";
    case Algo::Sniper: return "sniper";
    }
    return "?";
}

std::optional<Algo> parse_algo(std::string_view name) noexcept {
    for (Algo a : {Algo::Twap, Algo::Vwap, Algo::Pov, Algo::Is, Algo::Iceberg, Algo::Sniper})
        if (name == algo_name(a)) return a;
    return std::nullopt;
}

std::optional<Algo> algo_tag(std::string_view text) noexcept {
    const size_t at = text.rfind('@');
    if (at == std::string_view::npos) return std::nullopt;
    return parse_algo(text.substr(at + 1));
}

}  // namespace tradehost::exec_algos
