// smart_router: the routes it must remember across a restart (parents, their parts at each
// venue, cancels in flight) and each venue's fill quality, as a blob.
#ifndef TRADEHOST_PLUGINS_SMART_ROUTER_STATE_HPP
#define TRADEHOST_PLUGINS_SMART_ROUTER_STATE_HPP

#include "smart_router.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace tradehost::smart_router {

struct Saved {
    std::map<std::string, SmartRouter::Leg> legs;
    std::map<std::string, SmartRouter::Parent> parents;
    std::map<std::string, std::string> cancel_legs;
    std::vector<FillQuality> quality;
};

using SymbolOf = std::function<std::string(th_instrument)>;
using InternFn = std::function<th_instrument(const std::string&)>;

/// Instruments are written as symbols, since interned ids are per host session.
std::string encode_state(const Saved& s, const SymbolOf& symbol_of);
/// Throws tradehost::Error when the blob is malformed.
Saved decode_state(std::string_view blob, const InternFn& intern);

}  // namespace tradehost::smart_router

#endif
